"""The citizen's security view (issue #18) in a real browser (headless Chromium via Selenium),
against the real server on both stores: the sessions of the account with the browser family each
started in, ending another session (which logs that browser out), and the latest logins with the
failed ones. Every page reached is checked as the account pages are (`Walk.check`: axe-core with
no serious or critical violation, language, CSRF tokens on every form, frame-ancestors).
"""

from __future__ import annotations

from selenium.webdriver.common.by import By

from account_browser import Walk
from account_support import PASSWORD, Outbox, log_in, new_session, register_and_activate, unique_address


def logged_in(session, base_url: str) -> bool:
    response = session.get(base_url + "/account", allow_redirects=False, timeout=30)
    return response.status_code == 200


def test_the_security_view_ends_another_session(pforte_server, chromium):
    server = pforte_server()
    base = server.base_url
    address = unique_address("erika")
    register_and_activate(base, Outbox(server.workdir), address)

    # A failed attempt, then two sessions elsewhere (python-requests: "another browser").
    assert not log_in(base, address, "Falsch-2025!")
    elsewhere, further = new_session(), new_session()
    assert log_in(base, address, PASSWORD, session=elsewhere)
    assert log_in(base, address, PASSWORD, session=further)

    walk = Walk(chromium, server)
    walk.open("/login", "login")
    walk.log_in(address, PASSWORD)
    walk.follow("/account/security", "security")
    walk.expect_text("diese Sitzung", "Chrome (Linux)", "Anderer Browser", "fehlgeschlagen (falsches Passwort)")
    sessions = walk.main().find_element(By.ID, "sessions")
    assert sessions.find_element(By.TAG_NAME, "caption").text.strip() == "Ihre aktiven Sitzungen"
    buttons = sessions.find_elements(By.CSS_SELECTOR, "button.end-session")
    assert len(buttons) == 2
    # The accessible name says which session the button ends (WCAG 2.4.6, 4.1.2).
    names = [button.accessible_name for button in buttons]
    assert all(name.startswith("Sitzung beenden Anderer Browser, angemeldet seit") for name in names), names

    walk.navigate(buttons[0].click, "security")
    walk.expect_text("Die Sitzung ist beendet.")
    assert [logged_in(elsewhere, base), logged_in(further, base)].count(True) == 1
    assert len(walk.main().find_elements(By.CSS_SELECTOR, "button.end-session")) == 1

    walk.navigate(walk.main().find_element(By.ID, "end-others").click, "security")
    assert not logged_in(elsewhere, base) and not logged_in(further, base)
    assert not walk.main().find_elements(By.CSS_SELECTOR, "button.end-session")
    assert walk.path() == "/account/security"

    walk.switch_language("en")
    walk.expect_text("this session", "Latest logins", "failed (wrong password)")
