"""The service desk (issue #22) in a real browser (headless Chromium via Selenium) against the
real server on both stores: a member logs in with password and TOTP (enrolled at the first login;
codes computed here with hmac, RFC 6238), looks a citizen up, locks the account — the citizen's
password login, eID login and refresh token are refused and the OIDC portal gets a back-channel
logout — unlocks it, resends an activation mail, sends a reset mail; a support member cannot
delete; wrong codes are throttled; the audit trail shows each step; the citizen's security view
shows the lock. Every console page reached is checked as the account pages are (`Walk.check`:
axe-core, language, CSRF tokens, frame-ancestors).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from urllib.parse import quote

import pytest
import requests
from joserfc import jwt
from selenium.webdriver.common.by import By

from account_browser import Walk
from account_support import ACCEPTED_TERMS, PASSWORD, Outbox, new_session, page_name, submit, unique_address
from ausweisapp import Card, eid_step
from oidc_support import ClientSpec, LogoutReceiver, OIDCProvider, code_flow, create_account, register_client

STAFF_PASSWORD = "Schalter-Passwort-42"
# A card no other test links: on PostgreSQL the tests of one worker share a database, and a card
# once linked (even deactivated) is never linked to another account.
DESK_CARD = "residence-permit"


def totp(secret: str, step_offset: int = 0) -> str:
    """RFC 6238 with HMAC-SHA-1, 6 digits, 30-second steps (RFC 4226 §5.3 truncation)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(time.time()) // 30 + step_offset
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def add_staff(pforte, store, workdir, email: str, role: str) -> None:
    added = pforte("staff", "add", "--email", email, "--role", role, "--password-stdin", config=store, cwd=workdir,
                   stdin=STAFF_PASSWORD + "\n")
    assert added.returncode == 0, added.stderr


def password_login(base: str, address: str, password: str = PASSWORD) -> requests.Response:
    return submit(new_session(), base, "/login", {"email": address, "password": password})


def staff_log_in(walk: Walk, email: str) -> None:
    walk.open("/staff", "staff-login")
    walk.fill(email=email, password=STAFF_PASSWORD)
    walk.submit("staff-code")


@pytest.mark.postgres
def test_the_service_desk_walk(pforte, pforte_server, backend, tmp_path, chromium):
    receiver = LogoutReceiver()
    try:
        store = dict(backend.config) if backend.config else None
        client = register_client(pforte, store, tmp_path, ClientSpec("desk", backchannel_logout_uri=receiver.uri))
        citizen = create_account(pforte, store, tmp_path)
        support, admin = unique_address("support"), unique_address("admin")
        add_staff(pforte, store, tmp_path, support, "support")
        add_staff(pforte, store, tmp_path, admin, "admin")
        # Two wrong codes without delay, then a minute's wait: the third code, even a right one, waits.
        server = pforte_server(config={"throttle": {"free_failures_per_account": 1, "base_delay_seconds": 60}},
                               workdir=tmp_path)
        base = server.base_url
        provider = OIDCProvider(server, {"desk": client}, citizen, PASSWORD,
                                server.get("/.well-known/openid-configuration").json())
        outbox = Outbox(server.workdir)

        # The citizen: Servicekonto Plus by card, logged in at the portal with a refresh token.
        browser = new_session()
        assert submit(browser, base, "/login", {"email": citizen, "password": PASSWORD}).status_code == 200
        upgraded = eid_step(browser, base, "/account/eid", Card(identity=DESK_CARD), purpose="upgrade")
        assert page_name(upgraded.text) == "eid-upgraded", upgraded.text
        flow, tokens = code_flow(provider, "desk")
        sid = provider.validate_id_token("desk", tokens["id_token"])["sid"]
        assert tokens.get("refresh_token")

        # Enrolment at the first login: the secret in text, the otpauth URI, recovery codes.
        walk = Walk(chromium, server)
        staff_log_in(walk, support)
        secret = walk.main().find_element(By.ID, "totp-secret").text.strip()
        assert walk.main().find_element(By.ID, "totp-uri").text.startswith("otpauth://totp/")
        assert len(walk.main().find_elements(By.CSS_SELECTOR, "#recovery-codes li")) == 8
        walk.fill(code=totp(secret))
        walk.submit("staff-account")

        # Look-up: what is in clear, never the sealed profile.
        walk.fill(q=citizen)
        walk.submit("staff-account")
        walk.expect_text("aktiv", "Servicekonto Plus", "so ist es gewollt", citizen)
        assert not [name for name in ("Mustermann", "ANNA", "MUSTERFRAU") if name in walk.main().text], "the sealed profile is never shown"
        account_id = walk.main().find_element(By.ID, "account-id").text.strip()

        # Lock: every login path refused, the portal told by back channel, the refresh refused.
        walk.fill(reason="Missbrauchsverdacht, Anruf vom 7.12.")
        walk.submit("staff-account")
        walk.expect_text("Das Konto ist gesperrt", "gesperrt seit")
        logout_token = jwt.decode(receiver.next_token(), provider.key_set())
        assert logout_token.claims["sid"] == sid
        refreshed = requests.post(provider.metadata["token_endpoint"], data={
            "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
            auth=(client.client_id, client.secret), timeout=30)
        assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant", refreshed.text
        refused = password_login(base, citizen)
        assert refused.status_code == 403 and page_name(refused.text) == "account-locked", refused.text
        assert page_name(password_login(base, citizen, "Falsch-2025!").text) == "login", "a wrong password says nothing"
        card = eid_step(new_session(), base, card=Card(identity=DESK_CARD))
        assert page_name(card.text) == "account-locked", card.text

        walk.fill(reason="geklärt")
        walk.submit("staff-account")
        walk.expect_text("Das Konto ist entsperrt")
        assert page_name(password_login(base, citizen).text) == "account"

        # A reset mail through the outbox; an activation mail again for a pending registration.
        walk.navigate(walk.main().find_element(By.ID, "send-reset").click, "staff-account")
        walk.expect_text("E-Mail zum Zurücksetzen")
        outbox.expect(citizen, "/password-reset", base)
        pending = unique_address("pending")
        registered = submit(new_session(), base, "/register", {
            "givenNames": "Max", "familyName": "Muster", "email": pending, "password": PASSWORD, "passwordRepeated": PASSWORD,
            "secretQuestion": "Wie hieß Ihr erstes Haustier?", "secretAnswer": "Bello", **ACCEPTED_TERMS})
        assert page_name(registered.text) == "registration-sent"
        outbox.expect(pending, "/activate", base)
        walk.fill(q=pending)
        walk.submit("staff-account")
        walk.expect_text("nicht aktiviert")
        walk.navigate(walk.main().find_element(By.ID, "resend-activation").click, "staff-account")
        outbox.expect(pending, "/activate", base)

        # Support may not delete.
        walk.navigate(walk.main().find_element(By.ID, "delete").click, "staff-account")
        walk.expect_text("für Ihre Rolle oder für dieses Konto nicht möglich")

        # The audit trail, in English too.
        walk.open(f"/staff/audit?account={account_id}", "staff-audit")
        actions = [cell.get_dom_attribute("data-action") for cell in walk.main().find_elements(By.CSS_SELECTOR, "td[data-action]")]
        assert [action for action in actions if action != "look_up"][:3] == ["password_reset_mail", "unlock", "lock"], actions
        assert actions[-1] == "look_up", "the search is audited"
        walk.switch_language("en")
        walk.expect_text("Account locked", "Missbrauchsverdacht")
        walk.switch_language("de")

        # A second login: wrong codes are throttled (reuse of a spent code: StaffLoginTests).
        walk.navigate(walk.driver.find_element(By.ID, "staff-logout").click, "staff-login")
        staff_log_in(walk, support)
        for _ in range(2):  # the free ones
            walk.fill(code="000000")
            walk.submit("staff-code")
            walk.expect_text("Der Code ist nicht richtig")
        walk.fill(code=totp(secret, step_offset=1))
        walk.submit("staff-code")
        walk.expect_text("Bitte warten Sie")

        # The citizen's own security view shows the lock and the unlock.
        walk.open("/login", "login")
        walk.log_in(citizen, PASSWORD)
        walk.follow("/account/security", "security")
        walk.expect_text("Gesperrt durch den Servicedesk", "Entsperrt durch den Servicedesk")

        # An admin's console has the staff page.
        staff_log_in(walk, admin)
        walk.fill(code=totp(walk.main().find_element(By.ID, "totp-secret").text.strip()))
        walk.submit("staff-account")
        walk.navigate(walk.driver.find_element(By.CSS_SELECTOR, 'nav a[href="/staff/members"]').click, "staff-members")
        walk.expect_text(support, admin)
    finally:
        receiver.close()


def test_an_admin_deletes_after_a_second_confirmation_and_the_console_is_apart(pforte, pforte_server, backend, tmp_path):
    store = dict(backend.config) if backend.config else None
    citizen = create_account(pforte, store, tmp_path)
    admin = unique_address("admin")
    add_staff(pforte, store, tmp_path, admin, "admin")
    server = pforte_server(workdir=tmp_path)
    base = server.base_url
    console = new_session()
    enrol = submit(console, base, "/staff/login", {"email": admin, "password": STAFF_PASSWORD}, form_page="/staff")
    assert page_name(enrol.text) == "staff-code", enrol.text
    assert console.cookies.get("pforte_staff") and "pforte_session" not in console.cookies, "the console's cookie is its own"
    secret = enrol.text.split('id="totp-secret">')[1].split("<")[0]
    done = submit(console, base, "/staff/code", {"code": totp(secret)}, form_page="/staff")
    assert page_name(done.text) == "staff-account", done.text
    # The console's session is no citizen's session.
    assert console.get(base + "/account", allow_redirects=False, timeout=30).status_code == 303
    confirm_page = f"/staff/accounts/delete?account={quote(citizen)}"
    confirm = console.get(base + confirm_page, timeout=30)
    assert page_name(confirm.text) == "staff-delete", confirm.text
    unconfirmed = submit(console, base, "/staff/accounts/delete", {"account": citizen}, form_page=confirm_page)
    assert page_name(unconfirmed.text) == "staff-delete"
    deleted = submit(console, base, "/staff/accounts/delete", {"account": citizen, "confirm": "yes"}, form_page=confirm_page)
    assert "Das Konto ist gelöscht" in deleted.text
    assert page_name(password_login(base, citizen).text) == "login"
    # Admins manage the staff: a new member's first password is shown once.
    newcomer = unique_address("newcomer")
    added = submit(console, base, "/staff/members/add", {"email": newcomer, "role": "support"}, form_page="/staff/members")
    assert page_name(added.text) == "staff-members" and 'id="new-password"' in added.text, added.text
    first_password = added.text.split('id="new-password">')[1].split("<")[0]
    assert page_name(submit(new_session(), base, "/staff/login", {"email": newcomer, "password": first_password},
                            form_page="/staff").text) == "staff-code"
    removed = submit(console, base, "/staff/members/remove", {"email": newcomer}, form_page="/staff/members")
    assert newcomer not in removed.text.split('id="members"')[1]
    audit = console.get(base + "/staff/audit", timeout=30).text
    for action in ("delete_account", "staff_login", "staff_added", "staff_removed"):
        assert f'data-action="{action}"' in audit, action


@pytest.mark.postgres
def test_the_command_line_locks_and_the_audit_lists_it(pforte, pforte_server, backend, tmp_path):
    """`pforte accounts lock|unlock`, `staff add|list`, `audit list` (run while no server holds
    a SQLite store), and the server refusing the locked account."""
    store = dict(backend.config) if backend.config else None
    citizen = create_account(pforte, store, tmp_path)
    unlocked = create_account(pforte, store, tmp_path)
    for address in (citizen, unlocked):
        locked = pforte("accounts", "lock", "--reason", "Anruf der Polizei", address, config=store, cwd=tmp_path)
        assert locked.returncode == 0 and "locked" in locked.stdout, locked.stderr
    assert pforte("accounts", "unlock", unlocked, config=store, cwd=tmp_path).returncode == 0
    assert pforte("accounts", "lock", "--reason", "x", "nobody@example.de", config=store, cwd=tmp_path).returncode != 0
    desk = unique_address("desk")
    added = pforte("staff", "add", "--email", desk, "--role", "support", config=store, cwd=tmp_path)
    assert added.returncode == 0 and "password: " in added.stdout, added.stderr
    assert f"{desk}\tsupport\tnot enrolled" in pforte("staff", "list", config=store, cwd=tmp_path).stdout

    def trail(account: str) -> list[list[str]]:
        listed = pforte("audit", "list", "--account", account, config=store, cwd=tmp_path)
        return [line.split("\t") for line in listed.stdout.splitlines()]

    assert [entry[2] for entry in trail(citizen)] == ["lock"]
    assert [entry[2] for entry in trail(unlocked)] == ["unlock", "lock"]
    assert all(entry[1].startswith("cli:") for entry in trail(unlocked))
    assert trail(citizen)[0][4] == "Anruf der Polizei"
    assert desk in pforte("audit", "list", config=store, cwd=tmp_path).stdout
    server = pforte_server(workdir=tmp_path)
    refused = password_login(server.base_url, citizen)
    assert refused.status_code == 403 and page_name(refused.text) == "account-locked", refused.text
    assert page_name(password_login(server.base_url, unlocked).text) == "account"
