"""The eID pages in a real browser (headless Chromium via Selenium, checked by axe-core like
every account page, see account_browser.py): the login page with its Online-Ausweis button, the
page for a card no account is linked to, and the account's eID page with "Upgrade starten".

The browser presses the button; the local eID-Client address it is sent to does not answer here,
so the AusweisApp's part is played by ausweisapp.py and the browser then opens where the
AusweisApp would send it.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from account_browser import WIDTHS, Walk, sized
from account_support import PASSWORD, register_and_activate, unique_address
from ausweisapp import AusweisApp, Card
from test_account_pages import driver  # noqa: F401 (the browser fixture)


def test_eid_login_unknown_card_and_upgrade_pages_are_accessible(driver, pforte_server):  # noqa: F811
    server = pforte_server()
    walk = Walk(driver, server)
    address = unique_address("eidpages")
    register_and_activate(server.base_url, walk.outbox, address)

    walk.open("/login", "login")
    walk.expect_text("Mit Online-Ausweis anmelden")
    driver.find_element(By.ID, "eid-login").click()
    # Nothing listens at the eID-Client's address here; the browser stays on its URL.
    WebDriverWait(driver, 30).until(lambda d: d.current_url.startswith("http://127.0.0.1:24727/"))
    client_url = driver.current_url
    final = AusweisApp().card_session(client_url, Card(identity="erika"))
    driver.get(final)
    walk.arrive("eid-unknown")
    walk.expect_text("ERIKA MUSTERMANN")

    walk.open("/login", "login")
    walk.fill(email=address, password=PASSWORD)
    walk.submit("account")
    walk.follow("/account/eid", "eid-account")
    walk.expect_text("Upgrade starten")


def card_step(walk: Walk, button: str) -> None:
    """Presses the eID button `button`, plays the AusweisApp with Erika's card and arrives at the
    page for an unknown card."""
    walk.driver.find_element(By.ID, button).click()
    WebDriverWait(walk.driver, 30).until(lambda d: d.current_url.startswith("http://127.0.0.1:24727/"))
    walk.driver.get(AusweisApp().card_session(walk.driver.current_url, Card(identity="erika")))
    walk.arrive("eid-unknown")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["de", "en"])
def test_register_offers_both_kinds_and_the_pseudonym_choice(driver, pforte_server, language, width):  # noqa: F811
    """Issue #19 item 5: /register offers the Servicekonto and the Servicekonto Plus; the Plus
    registration with the pseudonym declined leaves a card that does not log in."""
    server = pforte_server()
    walk = Walk(sized(driver, width), server)
    walk.open("/register", "register")
    if language == "en":
        walk.switch_language("en")
    walk.expect_links("#servicekonto", "#servicekonto-plus")
    walk.expect_text("Servicekonto Plus", "Mit Online-Ausweis registrieren" if language == "de" else "Register with online ID")
    card_step(walk, "eid-register")
    walk.expect_text("ERIKA MUSTERMANN")
    checkbox = driver.find_element(By.ID, "cardLogin")
    assert checkbox.is_selected(), "the login by card is not offered as the default"
    checkbox.click()
    walk.fill(email=unique_address("pseudonym"), password=PASSWORD, passwordRepeated=PASSWORD,
              secretQuestion="Wo bin ich geboren?", secretAnswer="In Berlin")
    driver.find_element(By.ID, "acceptTerms").click()
    walk.submit("registration-sent")

    walk.open("/login" + ("?lang=en" if language == "en" else ""), "login")
    card_step(walk, "eid-login")
    assert driver.find_elements(By.ID, "eid-deactivated"), "the declined card is offered a new account"
    assert not driver.find_elements(By.ID, "eid-register-submit")
