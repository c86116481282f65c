"""The account forms without a browser: CSRF and origin checks, no account enumeration through
login, registration or "forgot password", the session cookie's attributes, a new session id at
every login, and the throttled login's message. (The delay that ends, never a lockout, and the
absolute session lifetime are rules of PforteAccounts, tested with the test clock in LoginTests
and SessionStoreTests.)

Each test registers its own accounts through the pages (addresses are unique per run: on
PostgreSQL all tests share one database).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import requests

from account_support import (ACCEPTED_TERMS, PASSWORD, SESSION_COOKIE, Outbox, csrf, log_in, new_session, page_name,
                             register_and_activate, same_page, set_cookies, submit, text_of_class, unique_address)


def ready_server(pforte_server, *addresses: str, config: dict | None = None):
    """A running server on which each of `addresses` has an activated account (PASSWORD)."""
    server = pforte_server(config=config)
    outbox = Outbox(server.workdir)
    for address in addresses:
        register_and_activate(server.base_url, outbox, address)
    return server, outbox


def assert_readable_refusal(response: requests.Response) -> None:
    """A 403 that a person can read: a whole HTML page in our layout, not a bare status."""
    assert response.status_code == 403, (response.status_code, response.text)
    assert response.headers.get("Content-Type", "").startswith("text/html"), response.headers
    assert re.search(r'<html\b[^>]*\blang="de"', response.text), response.text
    assert page_name(response.text), "the refusal is a page with <main data-page=…>"
    heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", response.text, re.S)
    assert heading and re.sub(r"<[^>]+>", "", heading.group(1)).strip(), "the refusal says what happened"


def signed_in(session: requests.Session, base_url: str) -> bool:
    response = session.get(base_url + "/account", allow_redirects=False, timeout=30)
    return response.status_code == 200 and page_name(response.text) == "account"


# --- forged posts --------------------------------------------------------------------------------

def test_a_login_without_csrf_token_is_refused_and_changes_nothing(pforte_server):
    address = unique_address("ohne.token")
    server, _ = ready_server(pforte_server, address)
    base = server.base_url
    session = new_session()
    session.get(base + "/login", timeout=30)  # the CSRF cookie is there; only the field is missing

    refused = session.post(base + "/login", data={"email": address, "password": PASSWORD},
                           allow_redirects=False, timeout=30)
    assert_readable_refusal(refused)
    issued = set_cookies(refused).get(SESSION_COOKIE)
    assert issued is None or not issued.value, "no session for a refused form"
    assert not signed_in(session, base), "a refused form must not log anyone in"

    assert log_in(base, address, PASSWORD, session), "the same credentials with the token do work"


def test_a_form_posted_from_another_site_is_refused(pforte_server):
    address = unique_address("fremde.seite")
    server, _ = ready_server(pforte_server, address)
    base = server.base_url
    session = new_session()
    token = csrf(session.get(base + "/login", timeout=30).text)
    form = {"csrf_token": token, "email": address, "password": PASSWORD}

    refused = session.post(base + "/login", data=form, headers={"Origin": "https://angreifer.example"},
                           allow_redirects=False, timeout=30)
    assert_readable_refusal(refused)
    assert not signed_in(session, base)

    # The same post from our own origin (as a browser sends it) goes through.
    accepted = session.post(base + "/login", data=form, headers={"Origin": base}, allow_redirects=False, timeout=60)
    assert accepted.status_code == 303, (accepted.status_code, accepted.text)
    assert urlsplit(urljoin(base + "/login", accepted.headers["Location"])).path == "/account"


# --- no enumeration ------------------------------------------------------------------------------

def test_wrong_password_and_unknown_address_get_the_same_answer(pforte_server):
    known, unknown = unique_address("bekannt"), unique_address("unbekannt")
    server, _ = ready_server(pforte_server, known)
    session = new_session()

    wrong_password = submit(session, server.base_url, "/login", {"email": known, "password": "Falsch2024!"})
    no_account = submit(session, server.base_url, "/login", {"email": unknown, "password": "Falsch2024!"})

    assert page_name(wrong_password.text) == page_name(no_account.text) == "login"
    assert wrong_password.status_code == no_account.status_code
    summary = text_of_class(wrong_password.text, "error-summary")
    assert summary, "a failed login shows an error summary"
    assert summary == text_of_class(no_account.text, "error-summary")
    assert same_page(wrong_password.text, no_account.text, (known, "ADDRESS"), (unknown, "ADDRESS")), \
        "apart from the address typed in, the two answers must not differ at all"


def test_forgot_password_for_an_unknown_address_looks_the_same_and_sends_no_link(pforte_server):
    known, unknown = unique_address("vergesslich"), unique_address("niemand")
    server, outbox = ready_server(pforte_server, known)
    session = new_session()

    for_nobody = submit(session, server.base_url, "/forgot-password", {"email": unknown})
    for_known = submit(session, server.base_url, "/forgot-password", {"email": known})

    assert page_name(for_nobody.text) == page_name(for_known.text) == "reset-requested"
    assert for_nobody.status_code == for_known.status_code
    assert same_page(for_nobody.text, for_known.text, (known, "ADDRESS"), (unknown, "ADDRESS"))
    outbox.expect(known, "/password-reset", server.base_url)
    notice = outbox.expect(unknown)
    assert "kein Servicekonto" in notice.subject
    assert "token=" not in notice.text, "no link for an address without account"


def test_registering_a_taken_address_looks_like_any_registration(pforte_server):
    taken, fresh = unique_address("vergeben"), unique_address("frisch")
    server, outbox = ready_server(pforte_server, taken)
    session = new_session()
    form = {"givenNames": "Max", "familyName": "Muster", "password": "Anders2024?",
            "passwordRepeated": "Anders2024?", "secretQuestion": "Lieblingsfarbe?", "secretAnswer": "Blau",
            **ACCEPTED_TERMS}

    again = submit(session, server.base_url, "/register", form | {"email": taken})
    new = submit(session, server.base_url, "/register", form | {"email": fresh})

    assert page_name(again.text) == page_name(new.text) == "registration-sent"
    assert again.status_code == new.status_code
    assert same_page(again.text, new.text, (taken, "ADDRESS"), (fresh, "ADDRESS"))
    outbox.expect(fresh, "/activate", server.base_url)
    assert log_in(server.base_url, taken, PASSWORD), "the existing account is untouched"
    assert not log_in(server.base_url, taken, "Anders2024?")


# --- the session cookie --------------------------------------------------------------------------

def test_login_sets_a_fresh_session_cookie_with_safe_attributes(pforte_server):
    victim_address, attacker_address = unique_address("opfer"), unique_address("angreifer")
    server, _ = ready_server(pforte_server, victim_address, attacker_address)
    base = server.base_url

    anonymous = new_session().get(base + "/account", allow_redirects=False, timeout=30)
    assert anonymous.status_code == 303, anonymous.status_code
    assert urlsplit(urljoin(base + "/account", anonymous.headers["Location"])).path == "/login"

    # Session fixation: the attacker logs in and plants their own session cookie in the
    # victim's browser (e.g. via a sibling subdomain); the victim then logs in.
    attacker = new_session()
    assert log_in(base, attacker_address, PASSWORD, attacker)
    planted = attacker.cookies.get(SESSION_COOKIE)
    assert planted
    victim = new_session()
    victim.cookies.set(SESSION_COOKIE, planted, domain="127.0.0.1", path="/")

    response = submit(victim, base, "/login", {"email": victim_address, "password": PASSWORD},
                      allow_redirects=False)
    assert response.status_code == 303, (response.status_code, response.text)
    # The browser brings a live session of another account: Pforte asks before it switches
    # (issue #15); ending that session continues as the account that just logged in.
    assert urlsplit(response.headers["Location"]).path == "/login/switch", response.headers["Location"]
    response = submit(victim, base, "/login/switch", {"decision": "end"}, allow_redirects=False)
    cookie = None
    for _ in range(5):
        assert response.status_code in (200, 303), (response.status_code, response.text[:2000])
        cookie = set_cookies(response).get(SESSION_COOKIE) or cookie
        if response.status_code != 303 or (cookie and cookie.value):
            break
        response = victim.get(urljoin(response.url, response.headers["Location"]), allow_redirects=False, timeout=30)
    assert cookie and cookie.value, "login sets the session cookie"
    assert cookie.value != planted, "login must issue a new session id, never adopt the one sent"
    assert cookie.has("HttpOnly")
    assert cookie.attributes.get("samesite", "").lower() == "lax"
    assert cookie.attributes.get("path") == "/"
    # The dev instance runs on plain http (public URL http://127.0.0.1:<port>), so the cookie is
    # not Secure and has no __Host- prefix; over https both are required (not testable here).
    assert not cookie.has("Secure")

    assert victim_address in victim.get(base + "/account", timeout=30).text
    assert victim_address not in attacker.get(base + "/account", timeout=30).text, \
        "the planted session must not become the victim's"


# --- throttling and session lifetime -------------------------------------------------------------

def test_a_throttled_login_is_refused_with_its_own_message(pforte_server):
    address = unique_address("gedrosselt")
    # No free failures: the first wrong password already costs a delay, long enough that the
    # second attempt falls within it however slow the machine.
    server, _ = ready_server(pforte_server, address,
                             config={"throttle": {"free_failures_per_account": 0, "base_delay_seconds": 60}})
    session = new_session()
    token = csrf(session.get(server.base_url + "/login", timeout=30).text)

    def attempt(password: str) -> requests.Response:
        return session.post(server.base_url + "/login", timeout=60,
                            data={"csrf_token": token, "email": address, "password": password})

    wrong = attempt("Falsch2024!")
    throttled = attempt(PASSWORD)  # at once: within the delay, even the right password is refused
    assert page_name(wrong.text) == page_name(throttled.text) == "login"
    assert not signed_in(session, server.base_url)
    message = text_of_class(throttled.text, "error-summary")
    assert message, "the throttled attempt says why it was refused"
    assert message != text_of_class(wrong.text, "error-summary"), "…and not as a wrong password"
    # After the delay the right password logs in (a delay, never a lockout):
    # LoginTests.failuresPerAccountAreThrottledAfterTheFreeOnes, with the test clock.
