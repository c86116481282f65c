"""Recovery without any secret (design §4, §6): the page says the stored data will be wiped and
asks for confirmation; only then is the account started afresh under a new password."""

from __future__ import annotations

import re

from test_accounts_cli import PASSWORD, login
from test_personal_data_at_rest import csrf, newest_link


def test_recovery_wipes_the_data_only_after_confirmation(pforte, pforte_server, backend, tmp_path):
    # Created without a secret question: a reset can only be a recovery.
    created = pforte("accounts", "create", "--email", "vergessen@example.de", "--given-name", "Vera",
                     "--family-name", "Vergesslich", config=backend.config or None, cwd=tmp_path,
                     stdin=f"{PASSWORD}\n")
    assert created.returncode == 0, created.stderr
    server = pforte_server(workdir=tmp_path)
    page = server.get("/forgot-password")
    assert 'data-page="reset-requested"' in server.post(
        "/forgot-password", data={"csrf_token": csrf(page.text), "email": "vergessen@example.de"}).text
    token = newest_link(tmp_path / "data" / "outbox", "/password-reset")

    page = server.get(f"/password-reset?token={token}")
    assert 'data-page="recovery"' in page.text, "an account without answer goes straight to recovery"
    assert 'class="warning"' in page.text
    new_password = "Neuanfang2026?"
    form = {"csrf_token": csrf(page.text), "token": token, "givenNames": "Vera", "familyName": "Neubeginn",
            "password": new_password, "passwordRepeated": new_password}

    refused = server.post("/password-reset/recovery", data=form)
    assert refused.status_code == 400 and 'href="#confirmWipe"' in refused.text
    assert login(server, "vergessen@example.de", PASSWORD), "nothing changed without confirmation"
    server.post("/logout", data={"csrf_token": csrf(server.get("/account").text)})

    done = server.post("/password-reset/recovery", data=form | {"confirmWipe": "yes"})
    assert 'data-page="recovered"' in done.text, done.text
    assert not login(server, "vergessen@example.de", PASSWORD)
    assert login(server, "vergessen@example.de", new_password)
    assert "Neubeginn" in server.get("/account").text
    again = server.get(f"/password-reset?token={token}")
    assert again.status_code == 404 and 'data-page="invalid-link"' in again.text, "the link is spent"


def test_a_wrong_answer_keeps_the_link_and_the_password(pforte_server):
    server = pforte_server()
    page = server.get("/register")
    server.post("/register", data={
        "csrf_token": csrf(page.text), "givenNames": "Anna", "familyName": "Antwort", "email": "anna@example.de",
        "password": PASSWORD, "passwordRepeated": PASSWORD, "secretQuestion": "Erstes Auto?", "secretAnswer": "Käfer",
    })
    token = newest_link(server.workdir / "data" / "outbox", "/activate")
    server.post("/activate", data={"csrf_token": csrf(server.get(f"/activate?token={token}").text), "token": token})
    page = server.get("/forgot-password")
    server.post("/forgot-password", data={"csrf_token": csrf(page.text), "email": "anna@example.de"})
    token = newest_link(server.workdir / "data" / "outbox", "/password-reset")
    page = server.get(f"/password-reset?token={token}")
    assert "Erstes Auto?" in page.text
    wrong = server.post("/password-reset", data={"csrf_token": csrf(page.text), "token": token,
                                                 "secretAnswer": "Golf", "password": "Anders2026!",
                                                 "passwordRepeated": "Anders2026!"})
    assert wrong.status_code == 400 and re.search(r'id="secretAnswer-error"', wrong.text)
    assert login(server, "anna@example.de", PASSWORD)
    right = server.post("/password-reset", data={"csrf_token": csrf(page.text), "token": token,
                                                 "secretAnswer": "käfer", "password": "Anders2026!",
                                                 "passwordRepeated": "Anders2026!"})
    assert 'data-page="password-changed"' in right.text, right.text
    assert login(server, "anna@example.de", "Anders2026!")
