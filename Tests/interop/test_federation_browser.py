"""The federation pages in a real browser (headless Chromium): the login page's "Mit anderem
Servicekonto anmelden", the list of Länder filtered by its GET form, and the consent page with
the Land's values pass the page checks of the account pages (axe-core, language, forms), and
the whole way works by keyboard-reachable buttons and links. The portal is a pysaml2 SP, the
Land pysaml2's IdP; neither answers HTTP, so the test carries the Land's Response by a form."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from account_browser import PAGE_TIMEOUT, WIDTHS, Walk, sized
from federation_support import Land
from saml_support import SP, location
from test_account_pages import driver  # noqa: F401 (the fixture)


def test_federated_login_pages_in_a_browser(pforte_server, tmp_path, driver):  # noqa: F811
    log_in_through_a_land(pforte_server, tmp_path, driver)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_federated_users_account_menu_offers_only_what_the_account_may_do(pforte_server, tmp_path, driver,  # noqa: F811
                                                                            width):
    """Issue #19: the Land owns the data, so the menu has no profile, address, password, secret
    question, online ID or organisation entries; the pages behind them say so instead of
    failing, and deleting what Pforte holds needs no password. At 1280 px and 390 px, the
    refusal in German and English."""
    walk, server = log_in_through_a_land(pforte_server, tmp_path, sized(driver, width))
    walk.open("/account", "account")
    links = {link.get_attribute("href").removeprefix(server.base_url) for link in walk.main().find_elements(By.TAG_NAME, "a")}
    for local_only in ["/account/profile", "/account/email", "/account/password", "/account/secret-question", "/account/eid",
                       "/organisations"]:
        assert local_only not in links, links
    walk.expect_links("/account/security", "/account/delete")
    walk.expect_text("Hier gespeicherte Daten löschen", "Servicekonto eines anderen Landes")
    for path in ["/account/password", "/account/email", "/account/profile", "/organisations/new"]:
        walk.open(path, "federated-refused")
        walk.expect_text("Das ändern Sie bei Ihrem Land")
    walk.check_other_language()
    walk.open("/account/delete", "delete")
    assert not walk.main().find_elements(By.CSS_SELECTOR, "input[type=password]")
    walk.switch_language("en")
    walk.expect_text("Delete the data kept here")
    walk.navigate(walk.main().find_element(By.CSS_SELECTOR, "form[action='/account/delete'] button").click, "account-deleted")
    walk.open("/account", "login", check=False)


def log_in_through_a_land(pforte_server, tmp_path, driver):  # noqa: F811
    """A SAML portal's login through the second of two Länder, checking each page on the way;
    returns the walk and the server with the browser's federated session."""
    sp = SP(tmp_path, "portal", attributes=["mail", "givenName", "sn"])
    sp.install(tmp_path)
    lands = [Land(tmp_path, "land-a", display_name="Freistaat Beispiel"), Land(tmp_path, "land-b", display_name="Land Muster")]
    for land in lands:
        land.install(tmp_path)
    server = pforte_server(workdir=tmp_path)
    sp.connect(server.base_url)
    for land in lands:
        land.connect(server.base_url)
    walk = Walk(driver, server)
    _, info = sp.authn_request()
    driver.get(location(info))
    walk.arrive("login")
    walk.navigate(driver.find_element(By.ID, "federation-login").click, "federation-lands")
    walk.expect_text("Freistaat Beispiel", "Land Muster")
    walk.fill(q="muster")
    walk.submit("federation-lands")
    walk.expect_text("Land Muster")
    assert "Freistaat Beispiel" not in walk.main().text
    driver.find_element(By.CSS_SELECTOR, "#lands button[type=submit]").click()
    WebDriverWait(driver, PAGE_TIMEOUT).until(lambda d: d.current_url.startswith(lands[1].sso))
    request = lands[1].receive(driver.current_url)
    fields = lands[1].answer(request)
    # The Land's page would post this form; the browser posts it from a blank page here.
    driver.get("about:blank")
    driver.execute_script(
        "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
        "for (const [k, v] of Object.entries(JSON.parse(arguments[1]))) {"
        " const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }"
        "document.body.appendChild(f); f.submit();", server.base_url + "/federation/acs", json.dumps(fields))
    walk.arrive("federation-consent")
    walk.expect_text("Testportal portal", "Max", "Mustermann", "max@land.example")
    driver.find_element(By.ID, "consent-allow").click()
    WebDriverWait(driver, PAGE_TIMEOUT).until(lambda d: d.find_elements(By.CSS_SELECTOR, 'main[data-page="saml-consent"], main[data-page="saml-post"]') or d.current_url.startswith(sp.acs))
    return walk, server
