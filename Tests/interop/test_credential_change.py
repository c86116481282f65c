"""Changing the secret question and the password while logged in (issue #19, item 3) in a real
browser (headless Chromium via Selenium) against the real server: the current question is shown,
the current password is asked for, a wrong one is refused with a message at the field, the
password change ends the account's session in another browser, the page then asks whether this
browser stays logged in, and the notice goes out by mail. Every page reached is checked as the account pages are (`Walk.check`: axe-core, language,
CSRF tokens on every form, frame-ancestors, width), the form in German and English, at 1280 px
and 390 px.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from account_browser import WIDTHS, Walk, sized
from account_support import PASSWORD, Outbox, log_in, new_session, register_and_activate, unique_address
from test_account_pages import driver  # noqa: F401 (the fixture)

NEW_PASSWORD = "Neue-Lindenallee-2027!"
NEW_QUESTION = "In welcher Straße stand Ihre Grundschule?"
NEW_ANSWER = "Lindenallee"


def logged_in(session, base_url: str) -> bool:
    return session.get(base_url + "/account", allow_redirects=False, timeout=30).status_code == 200


@pytest.mark.parametrize("width", WIDTHS)
def test_a_password_change_ends_the_other_session_and_asks_about_this_one(pforte_server, driver, width):  # noqa: F811
    server = pforte_server()
    base = server.base_url
    outbox = Outbox(server.workdir)
    address = unique_address("erika")
    register_and_activate(base, outbox, address)
    elsewhere = new_session()
    assert log_in(base, address, PASSWORD, session=elsewhere)

    walk = Walk(sized(driver, width), server)
    walk.open("/login", "login")
    walk.log_in(address, PASSWORD)

    # The secret question and answer: the current one is shown, the password is asked for.
    walk.follow("/account/secret-question", "secret-question-change")
    walk.check_other_language()
    walk.expect_text("Wie hieß Ihr erstes Haustier?")
    walk.fill(currentPassword="Falsch-geraten-2026!", secretQuestion=NEW_QUESTION, secretAnswer=NEW_ANSWER)
    walk.submit("secret-question-change")
    walk.expect_text("Das bisherige Passwort ist nicht richtig.")
    walk.fill(currentPassword=PASSWORD, secretQuestion=NEW_QUESTION, secretAnswer=NEW_ANSWER)
    walk.submit("account")
    walk.expect_text("Ihre Sicherheitsfrage und die Antwort wurden geändert.")
    notice = outbox.expect(address)
    assert notice.subject == "Ihre Sicherheitsfrage wurde geändert" and "token=" not in notice.text
    walk.follow("/account/secret-question", "secret-question-change")
    walk.expect_text(NEW_QUESTION)
    walk.open("/account", "account")

    walk.follow("/account/password", "password-change")
    walk.check_other_language()
    walk.fill(currentPassword="Falsch-geraten-2026!", password=NEW_PASSWORD, passwordRepeated=NEW_PASSWORD)
    walk.submit("password-change")
    walk.expect_text("Das bisherige Passwort ist nicht richtig.")
    assert "currentPassword-error" in walk.described_by("currentPassword")
    assert logged_in(elsewhere, base)

    walk.fill(currentPassword=PASSWORD, password=NEW_PASSWORD, passwordRepeated=NEW_PASSWORD)
    walk.submit("password-changed")
    walk.expect_text("Möchten Sie in diesem Browser angemeldet bleiben?")
    assert not logged_in(elsewhere, base), "the other browser's session ended"
    notice = outbox.expect(address)
    assert notice.subject == "Ihr Passwort wurde geändert" and "token=" not in notice.text

    walk.switch_language("en")
    walk.expect_text("Do you want to stay logged in in this browser?")
    walk.navigate(walk.main().find_element(By.ID, "logout").click, "logged-out")
    assert not log_in(base, address, PASSWORD)
    assert log_in(base, address, NEW_PASSWORD)
