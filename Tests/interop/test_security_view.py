"""The citizen's security view (issue #18) in a real browser (headless Chromium via Selenium),
against the real server on both stores: the sessions of the account with the browser family each
started in, ending another session (which logs that browser out), and the latest logins with the
failed ones. Every page reached is checked as the account pages are (`Walk.check`: axe-core with
no serious or critical violation, language, CSRF tokens on every form, frame-ancestors).
"""

from __future__ import annotations

from selenium.webdriver.common.by import By

from account_browser import Walk
from account_support import (PASSWORD, Outbox, log_in, new_session, page_name, register_and_activate, submit,
                             unique_address)


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


def test_changes_of_password_and_address_are_announced_by_mail(pforte_server):
    """The notices go out through the server's real mail path (the store's outbox, the sender):
    after a reset with the secret answer to the account's address, after a confirmed address
    change to both the old and the new address; none carries a link."""
    server = pforte_server()
    base = server.base_url
    outbox = Outbox(server.workdir)
    address, new_address = unique_address("erika"), unique_address("erika.neu")
    register_and_activate(base, outbox, address, answer="Bello")

    session = new_session()
    submit(session, base, "/forgot-password", {"email": address})
    reset = outbox.expect(address, "/password-reset", base).link(base, "/password-reset")
    token = reset.split("token=")[1]
    changed = submit(session, base, "/password-reset", {"token": token, "secretAnswer": "Bello", "password": "Herbst2025?",
                                                      "passwordRepeated": "Herbst2025?"}, form_page=reset)
    assert page_name(changed.text) == "password-changed", changed.text
    notice = outbox.expect(address)
    assert notice.subject == "Ihr Passwort wurde geändert" and "token=" not in notice.text

    assert log_in(base, address, "Herbst2025?", session=session)
    submit(session, base, "/account/email", {"email": new_address, "emailRepeated": new_address})
    outbox.expect(address)  # the notice of the request
    confirm = outbox.expect(new_address, "/email-change", base).link(base, "/email-change")
    submit(session, base, "/email-change", {"token": confirm.split("token=")[1], "email": address, "password": "Herbst2025?"},
           form_page=confirm)
    to_old, to_new = outbox.expect(address), outbox.expect(new_address)
    assert to_old.subject == "Ihre E-Mail-Adresse wurde geändert" and new_address in to_old.text
    assert to_new.subject == "Ihre neue E-Mail-Adresse ist bestätigt"
