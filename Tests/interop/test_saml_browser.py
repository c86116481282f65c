"""SAML SSO in a real browser (headless Chromium): the login and consent pages pass the page
checks of the account pages (axe-core, language, forms), and the page that carries the Response
to the SP posts itself under its Content Security Policy (the inline script is allowed by its
hash) — and, with JavaScript off, by its visible button.

The SP is pysaml2 (saml_support.py); its ACS at localhost:9 does not answer, so the test looks
at where the browser went, not at what came back.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from account_browser import PAGE_TIMEOUT, Walk
from account_support import PASSWORD, Outbox, register_and_activate, unique_address
from saml_support import SP, location
from test_account_pages import driver  # noqa: F401 (the fixture)


@pytest.fixture
def saml_server(pforte_server, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("work")
    sp = SP(tmp_path_factory.mktemp("sp"), attributes=["mail", "sn"])
    sp.install(workdir)
    server = pforte_server(workdir=workdir)
    sp.connect(server.base_url)
    address = unique_address("browser.saml")
    register_and_activate(server.base_url, Outbox(server.workdir), address)
    return server, sp, address


def reached_acs(sp):
    return lambda driver: driver.current_url.startswith(sp.acs)


def test_sso_pages_in_a_browser_post_the_response_by_script(saml_server, driver):  # noqa: F811
    server, sp, address = saml_server
    walk = Walk(driver, server)
    _, info = sp.authn_request()
    driver.get(location(info))
    walk.arrive("login")
    walk.fill(email=address, password=PASSWORD)
    walk.submit("saml-consent")
    walk.expect_text("Testportal sp", sp.entity_id, "E-Mail-Adresse", "Familienname")
    driver.find_element(By.CSS_SELECTOR, 'button[value="allow"]').click()
    WebDriverWait(driver, PAGE_TIMEOUT).until(reached_acs(sp))
    # The consent is on the account page, which passes the same checks with it.
    walk.open("/account", "account")
    walk.expect_text("Testportal sp", "E-Mail-Adresse")


def test_the_response_page_works_without_javascript(saml_server, driver):  # noqa: F811
    server, sp, address = saml_server
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    walk = Walk(driver, server)
    _, info = sp.authn_request()
    driver.get(location(info))
    walk.arrive("login", check=False)
    walk.fill(email=address, password=PASSWORD)
    driver.find_element(By.CSS_SELECTOR, 'main button[type="submit"]').click()
    WebDriverWait(driver, PAGE_TIMEOUT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, 'main[data-page="saml-consent"]'))
    driver.find_element(By.CSS_SELECTOR, 'button[value="allow"]').click()
    WebDriverWait(driver, PAGE_TIMEOUT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, 'main[data-page="saml-post"]'))
    button = driver.find_element(By.CSS_SELECTOR, '#saml-post button[type="submit"]')
    assert button.is_displayed() and button.text == "Weiter"
    button.click()
    WebDriverWait(driver, PAGE_TIMEOUT).until(reached_acs(sp))
