"""The account pages in a real browser (headless Chromium via Selenium), against the real server
on SQLite: registration, activation, login, profile, e-mail change, logout, the idle-timeout notice,
password reset and deletion, as a citizen clicks through them, at 1280 px and at a phone's 390 px;
the e-mail change pages also in English.

Every page reached is checked the same way (`Walk.check`, account_browser.py): axe-core finds
no serious or critical accessibility violation, `<html lang>` is the expected language, there is
a labelled language switch, every form carries its CSRF token and a submit button and its inputs
have id == name, and a GET of the page's URL answers with `frame-ancestors 'none'` (Selenium
cannot read headers, so `requests` fetches it again with the browser's cookies).

One Chromium serves the whole session (`chromium` in conftest.py); `driver` hands it to each test
with its cookies cleared.
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By

from account_browser import WIDTHS, Walk, sized
from account_support import PASSWORD, log_in, unique_address

QUESTION = "Wie hieß Ihr erstes Haustier?"
ANSWER = "Struppi"
NEW_PASSWORD = "Herbst2025?"
THIRD_PASSWORD = "Winter2026#"


@pytest.fixture
def driver(chromium):
    """The session's Chromium (conftest.py), as a fresh visitor: no cookies, one blank tab."""
    for handle in chromium.window_handles[1:]:
        chromium.switch_to.window(handle)
        chromium.close()
    chromium.switch_to.window(chromium.window_handles[0])
    chromium.get("about:blank")
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    chromium.execute_cdp_cmd("Network.clearBrowserCache", {})
    yield chromium


def register_form(address: str, password: str, repeated: str | None = None) -> dict[str, str]:
    return {"givenNames": "Erika", "familyName": "Mustermann", "email": address, "password": password,
            "passwordRepeated": password if repeated is None else repeated,
            "secretQuestion": QUESTION, "secretAnswer": ANSWER}


@pytest.mark.parametrize("width", WIDTHS)
def test_an_account_from_registration_to_deletion(pforte_server, driver, width):
    server = pforte_server()
    walk = Walk(sized(driver, width), server)
    base = server.base_url
    address, new_address = unique_address("erika"), unique_address("erika.neu")

    # --- registration; the language switch on the way ---
    walk.open("/register", "register")
    german_heading = walk.heading()
    walk.switch_language("en")
    assert re.search(r"regist|sign up|create", walk.heading(), re.I), f"not an English heading: {walk.heading()!r}"
    assert walk.heading() != german_heading
    walk.switch_language("de")
    assert walk.heading() == german_heading

    # A password too short and a repeat that differs: an error summary linking to the fields,
    # which are marked invalid and described by their message (WCAG 3.3.1, 3.3.3, 4.1.2).
    before = {field: walk.described_by(field) for field in ("password", "passwordRepeated")}
    walk.fill(**register_form(address, "kurz", repeated="anders"))
    walk.submit("register")
    summary = walk.driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.is_displayed()
    for field in ("password", "passwordRepeated"):
        assert summary.find_elements(By.CSS_SELECTOR, f'a[href="#{field}"]'), f"no summary link to #{field}"
    for link in summary.find_elements(By.TAG_NAME, "a"):
        target = (link.get_dom_attribute("href") or "").removeprefix("#")
        assert target and walk.driver.find_elements(By.ID, target), f"summary link {link.get_dom_attribute('href')!r} leads nowhere"
    for field in ("password", "passwordRepeated"):
        element = walk.driver.find_element(By.ID, field)
        assert element.get_dom_attribute("aria-invalid") == "true", f"#{field} not aria-invalid"
        described = walk.described_by(field)
        for reference in described:
            assert walk.driver.find_elements(By.ID, reference), f"#{field} aria-describedby names a missing #{reference}"
        messages = described - before[field]
        assert messages, f"#{field} is not described by its error message (aria-describedby {sorted(described)})"
        for reference in messages:
            assert walk.driver.find_element(By.ID, reference).text.strip(), f"#{reference} is empty"
    for field in ("givenNames", "familyName", "email", "secretQuestion", "secretAnswer"):
        assert walk.driver.find_element(By.ID, field).get_dom_attribute("aria-invalid") != "true", f"#{field} marked invalid"
    # Registration without accepting the terms is refused (seed 000); the page links the version in force.
    assert summary.find_elements(By.CSS_SELECTOR, 'a[href="#acceptTerms"]'), "no summary link to the terms acceptance"
    assert walk.driver.find_element(By.ID, "terms-link").get_dom_attribute("href").startswith("/terms/citizen/")

    # Under 16 without the guardians' agreement is refused (Art. 8 GDPR), with the terms accepted.
    walk.fill(**register_form(address, PASSWORD))
    walk.driver.find_element(By.ID, "acceptTerms").click()
    walk.driver.find_element(By.ID, "under16").click()
    walk.submit("register")
    summary = walk.driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.find_elements(By.CSS_SELECTOR, 'a[href="#guardianConsent"]'), "no summary link to the guardians' agreement"
    assert not summary.find_elements(By.CSS_SELECTOR, 'a[href="#acceptTerms"]')
    assert walk.driver.find_element(By.ID, "acceptTerms").is_selected(), "the acceptance was not kept"

    walk.fill(password=PASSWORD, passwordRepeated=PASSWORD)
    walk.driver.find_element(By.ID, "guardianConsent").click()
    walk.submit("registration-sent")

    # --- activation by the mailed link: the link shows a button, the button activates ---
    activation = walk.outbox.expect(address, "/activate", base)
    walk.open(activation.link(base, "/activate"), "activate")
    walk.submit("activated")
    walk.follow("/login", "login")

    # --- login ---
    walk.expect_links("/register", "/forgot-password")
    walk.log_in(address, PASSWORD)
    walk.expect_text(address, "Erika", "Mustermann")
    walk.expect_links("/account/profile", "/account/email", "/account/delete")
    logout = walk.driver.find_element(By.ID, "logout")
    assert logout.get_dom_attribute("type") == "submit"
    logout_form = logout.find_element(By.XPATH, "./ancestor::form")
    assert (logout_form.get_dom_attribute("action") or "").endswith("/logout")
    assert (logout_form.get_dom_attribute("method") or "").lower() == "post"

    # --- profile ---
    walk.follow("/account/profile", "profile")
    assert walk.driver.find_element(By.ID, "countryCode").get_attribute("value") == "DE"
    walk.fill(familyName="Müller-Lüdenscheidt", birthDay="7", birthMonth="5", birthYear="1980",
              street="Lindenstraße", houseNumber="12a", postalCode="39104", city="Magdeburg", countryCode="DE")
    walk.submit("account")
    assert walk.path() == "/account"
    walk.expect_text("Müller-Lüdenscheidt", "Magdeburg")
    notices = walk.main().find_elements(By.CSS_SELECTOR, '.notice, [role="status"]')
    assert any(notice.text.strip() for notice in notices), "no notice that the profile was saved"

    # --- e-mail change: the new mailbox's link, then a login with the old address and password
    # (seed 003); the old mailbox is told ---
    walk.follow("/account/email", "email")
    walk.check_other_language()
    walk.fill(email=new_address, emailRepeated=new_address)
    walk.submit("email-change-sent")
    confirmation = walk.outbox.expect(new_address, "/email-change", base)
    notice = walk.outbox.expect(address)
    assert notice.token(base, "/email-change") is None, "the confirmation link must go to the new address only"
    assert log_in(base, address, PASSWORD), "until confirmed, the old address is the login"
    assert not log_in(base, new_address, PASSWORD)
    walk.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    walk.open(confirmation.link(base, "/email-change"), "email-change")
    walk.check_other_language()
    walk.fill(email=address, password="Falsch-geraten-1")
    walk.submit("email-change")  # refused: the link alone does not change the login
    walk.fill(email=address, password=PASSWORD)
    walk.submit("email-changed")
    assert log_in(base, new_address, PASSWORD), "once confirmed, the new address is the login"
    assert not log_in(base, address, PASSWORD)
    walk.open("/account", "account")
    walk.expect_text(new_address)

    # --- logout ---
    walk.navigate(walk.driver.find_element(By.ID, "logout").click, "logged-out")
    assert walk.path() == "/logged-out"
    walk.open("/account", "login")
    assert not walk.driver.find_elements(By.ID, "session-expired"), "a logout is no expiry"

    # --- forgot password: the mailed link and the secret answer ---
    walk.follow("/forgot-password", "forgot-password")
    walk.fill(email=new_address)
    walk.submit("reset-requested")
    reset = walk.outbox.expect(new_address, "/password-reset", base)
    walk.open(reset.link(base, "/password-reset"), "password-reset")
    walk.expect_text(QUESTION)
    walk.fill(secretAnswer=ANSWER, password=NEW_PASSWORD, passwordRepeated=NEW_PASSWORD)
    walk.submit("password-changed")
    walk.follow("/login", "login")
    walk.log_in(new_address, NEW_PASSWORD)
    walk.expect_text("Müller-Lüdenscheidt")  # the sealed profile opens under the new password
    assert not log_in(base, new_address, PASSWORD), "the old password is gone"

    # --- deletion: password again, then gone at once ---
    walk.follow("/account/delete", "delete")
    walk.fill(password=NEW_PASSWORD)
    walk.submit("account-deleted")
    assert not log_in(base, new_address, NEW_PASSWORD)
    walk.open("/account", "login")

    # --- the address can register again at once ---
    walk.open("/register", "register")
    walk.fill(**register_form(new_address, THIRD_PASSWORD))
    walk.driver.find_element(By.ID, "acceptTerms").click()
    walk.submit("registration-sent")
    again = walk.outbox.expect(new_address, "/activate", base)
    walk.open(again.link(base, "/activate"), "activate")
    walk.submit("activated")
    assert log_in(base, new_address, THIRD_PASSWORD)


def test_the_login_page_says_when_a_session_ended_while_idle(pforte_server, driver):
    """What the browser sees after its session ended while idle: the notice on the login page
    the ended session leads to. (That the session ends after the idle timeout, the cookie goes
    and the page says so: SSOSessionTests with the test clock, on both stores; that activity
    restarts the idle timer, and the absolute lifetime: SessionStoreTests and LoginTests.)"""
    walk = Walk(driver, pforte_server())
    walk.open("/login", "login")
    assert not walk.driver.find_elements(By.ID, "session-expired")
    walk.open("/login?expired=idleTimeout", "login")
    notice = walk.driver.find_element(By.ID, "session-expired")
    assert notice.is_displayed() and "20 Minuten" in notice.text, "the login page must say the session ended"
