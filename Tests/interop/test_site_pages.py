"""What every page carries, in a real browser (headless Chromium, checked by `Walk.check` like the
account pages: axe-core at WCAG 2.1 AA, language, forms, headers, and no page wider than the
window), at 1280 px and at a phone's 390 px, in German and English: the legal pages in the footer
(the operator's text with its markup escaped, the placeholders), the help at /hilfe, the operator's
branding, "Anmelden" at the top right, the account menu and "Abmelden" on every logged-in page,
the organisation tables at 390 px, and the page a browser that blocks cookies gets (issue #19)."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from account_browser import PAGE_TIMEOUT, WIDTHS, Walk, sized
from account_support import PASSWORD, register_and_activate, unique_address
from conftest import CHROMEDRIVER, CHROMIUM
from test_account_pages import driver  # noqa: F401 - the Chromium fixture
from test_organisation_pages import ORGANISATION, click, log_in, log_out

LEGAL = {"/impressum": "legal-impressum", "/datenschutz": "legal-datenschutz",
         "/nutzungsbedingungen": "legal-nutzungsbedingungen", "/barrierefreiheit": "legal-barrierefreiheit"}
MENU = {"/account": "account", "/account/profile": "profile", "/account/security": "security",
        "/organisations": "organisations"}
OPERATOR_IMPRESSUM = """# Impressum des Amt24

Herausgeber: **Landesamt für Digitales**, <script>document.title='pwned'</script>
<img src=x onerror="document.title='pwned'"> [Kontakt](javascript:document.title='pwned')
und [E-Mail](mailto:kontakt@amt24.example).
"""


def footer_link(walk: Walk, href: str):
    return walk.driver.find_element(By.CSS_SELECTOR, f'footer nav[aria-label] a[href="{href}"]')


@pytest.mark.parametrize("width", WIDTHS)
def test_legal_pages_help_branding_and_navigation(pforte_server, driver, tmp_path, width):  # noqa: F811
    legal = tmp_path / "legal"
    legal.mkdir()
    (legal / "impressum.de.md").write_text(OPERATOR_IMPRESSUM, encoding="utf-8")
    server = pforte_server(config={"paths": {"legal": str(legal)},
                                   "branding": {"name": "Amt24 Servicekonto", "colour": "#1d4e89"}})
    walk = Walk(sized(driver, width), server)
    address = unique_address("fusszeile")
    register_and_activate(server.base_url, walk.outbox, address)

    walk.open("/", "home")
    assert walk.driver.find_element(By.CSS_SELECTOR, ".site-name").text == "Amt24 Servicekonto"
    assert walk.driver.title.endswith("Amt24 Servicekonto")
    # "Anmelden" at the top right (seed 003).
    login = walk.driver.find_element(By.ID, "header-login")
    box = login.rect
    assert login.text == "Anmelden"
    assert box["y"] < 150 and box["x"] + box["width"] > width * 0.6, box

    for language, placeholder in (("de", "Platzhalter"), ("en", "Placeholder")):
        if language == "en":
            walk.switch_language("en")
        for href, page in LEGAL.items():
            walk.navigate(footer_link(walk, href).click, page)
            text = walk.main().text
            if href == "/impressum":
                assert "Impressum des Amt24" in text and "<script>" in text and "onerror" in text
                assert walk.driver.title != "pwned"
                assert not walk.main().find_elements(By.CSS_SELECTOR, "script, img, a[href^='javascript']")
                assert walk.main().find_elements(By.CSS_SELECTOR, "a[href='mailto:kontakt@amt24.example']")
            else:
                assert placeholder in text, text
        walk.expect_text("Feedback")  # the accessibility statement's feedback contact
        walk.navigate(footer_link(walk, "/hilfe").click, "help")
        walk.expect_text("AusweisApp", "PIN", "Meldebehörde")
    walk.switch_language("de")

    # Logged in: the menu and "Abmelden" on every page, the current item marked.
    walk.navigate(walk.driver.find_element(By.ID, "header-login").click, "login")
    walk.log_in(address, PASSWORD)
    for href, page in MENU.items():
        link = walk.driver.find_element(By.CSS_SELECTOR, f'nav.account-menu a[href="{href}"]')
        walk.navigate(link.click, page)
        current = walk.driver.find_element(By.CSS_SELECTOR, 'nav.account-menu a[aria-current="page"]')
        assert current.get_dom_attribute("href") == href
        assert walk.driver.find_element(By.ID, "logout").text == "Abmelden"
        assert not walk.driver.find_elements(By.ID, "header-login")
    walk.navigate(footer_link(walk, "/hilfe").click, "help")
    walk.navigate(walk.driver.find_element(By.ID, "logout").click, "logged-out")
    assert walk.driver.find_elements(By.ID, "header-login")
    walk.open("/account", "login")


@pytest.mark.parametrize("width", WIDTHS)
def test_organisation_tables_fit_the_window(pforte_server, driver, width):  # noqa: F811
    """The member tables with their buttons ("Zugriff freigeben", "Ablehnen", "Zugriff entziehen")
    stay inside the window; `Walk.check` measures every page."""
    server = pforte_server()
    walk = Walk(sized(driver, width), server)
    admin, member = unique_address("admin.mit.langer.adresse"), unique_address("mitglied.mit.langer.adresse")
    for address in (admin, member):
        register_and_activate(server.base_url, walk.outbox, address)
    log_in(walk, admin)
    walk.open("/organisations/new", "organisation-new")
    walk.fill(**ORGANISATION, email="info@muster-bau.example")
    walk.driver.find_element(By.CSS_SELECTOR, '#legalForm option[value="gmbh"]').click()
    for checkbox in ("adult", "consent"):
        walk.driver.find_element(By.ID, checkbox).click()
    walk.submit("organisation")
    organisation_path = walk.path()
    walk.fill(email=member)
    walk.submit("organisation")
    invitation = walk.outbox.expect(member, "/organisations/invitation", server.base_url).link(
        server.base_url, "/organisations/invitation")
    log_out(walk)
    log_in(walk, member)
    walk.open(invitation, "invitation")
    walk.submit("invitation-accepted")
    walk.open("/organisations", "organisations")  # waiting, not "noch keinem Organisationskonto"
    walk.expect_text("Warten auf Bestätigung", "Muster Bau GmbH")
    assert "noch keinem" not in walk.main().text
    log_out(walk)
    log_in(walk, admin)
    walk.open(organisation_path, "organisation")  # the pending table: confirm and decline
    walk.switch_language("en")
    walk.switch_language("de")
    click(walk, f'tr[data-login="{member}"] button.confirm', "organisation")  # the member table
    walk.switch_language("en")


def test_a_browser_that_blocks_cookies_is_told_to_allow_them(pforte_server, tmp_path):
    """Chromium set to block every site's cookies: the login form comes back saying that the
    Servicekonto needs cookies, not that the form expired."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not __import__("shutil").which(path)]
    if missing:
        pytest.skip(f"no browser for the page tests: {', '.join(missing)}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,900", "--lang=de-DE"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.default_content_setting_values.cookies": 2,
                                              "intl.accept_languages": "de-DE,de"})
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    browser.set_page_load_timeout(PAGE_TIMEOUT)
    try:
        server = pforte_server()
        walk = Walk(browser, server)
        walk.open("/login", "login", check=False)  # with no cookie a form cannot pass check_forms
        walk.fill(email="erika@example.de", password=PASSWORD)
        walk.navigate(walk.main().find_element(By.CSS_SELECTOR, 'button[type="submit"]').click, "cookies-needed")
        walk.expect_text("Cookies")
        assert "abgelaufen" not in walk.main().text
    finally:
        browser.quit()
