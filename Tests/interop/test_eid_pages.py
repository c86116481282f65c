"""The eID pages in a real browser (headless Chromium via Selenium, checked by axe-core like
every account page, see account_browser.py): the login page with its Online-Ausweis button, the
page for a card no account is linked to, and the account's eID page with "Upgrade starten".

The browser presses the button; the local eID-Client address it is sent to does not answer here,
so the AusweisApp's part is played by ausweisapp.py and the browser then opens where the
AusweisApp would send it.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from account_browser import Walk
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
