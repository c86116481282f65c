"""Recovery without any secret (design §4, §6): the page says the stored data will be wiped and
asks for confirmation; only then is the account started afresh under a new password."""

from __future__ import annotations

import re

import pytest

from account_support import PASSWORD, Outbox, csrf, log_in, register_and_activate


def login(server, address: str, password: str) -> bool:
    """Logs in within the server's own session, so later requests act as that user."""
    return log_in(server.base_url, address, password, server.session)


def reset_token(server, outbox: Outbox, address: str) -> str:
    page = server.get("/forgot-password")
    assert 'data-page="reset-requested"' in server.post(
        "/forgot-password", data={"csrf_token": csrf(page.text), "email": address}).text
    link = outbox.expect(address, "/password-reset", server.base_url).link(server.base_url, "/password-reset")
    return link.split("token=")[1]


@pytest.mark.postgres
def test_recovery_wipes_the_data_only_after_confirmation(pforte, pforte_server, backend, tmp_path):
    # Created without a secret question: a reset can only be a recovery.
    created = pforte("accounts", "create", "--email", "vergessen@example.de", "--given-name", "Vera",
                     "--family-name", "Vergesslich", config=backend.config or None, cwd=tmp_path,
                     stdin=f"{PASSWORD}\n")
    assert created.returncode == 0, created.stderr
    server = pforte_server(workdir=tmp_path)
    token = reset_token(server, Outbox(tmp_path), "vergessen@example.de")

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

    # A login rotates the CSRF token: the form is fetched again, as a browser would.
    fresh = csrf(server.get(f"/password-reset?token={token}").text)
    done = server.post("/password-reset/recovery", data=form | {"csrf_token": fresh, "confirmWipe": "yes"})
    assert 'data-page="recovered"' in done.text, done.text
    assert not login(server, "vergessen@example.de", PASSWORD)
    assert login(server, "vergessen@example.de", new_password)
    assert "Neubeginn" in server.get("/account").text
    again = server.get(f"/password-reset?token={token}")
    assert again.status_code == 404 and 'data-page="invalid-link"' in again.text, "the link is spent"


def test_a_wrong_answer_keeps_the_link_and_the_password(pforte_server):
    server = pforte_server()
    outbox = Outbox(server.workdir)
    register_and_activate(server.base_url, outbox, "anna@example.de", question="Erstes Auto?", answer="Käfer")
    token = reset_token(server, outbox, "anna@example.de")
    page = server.get(f"/password-reset?token={token}")
    assert "Erstes Auto?" in page.text
    # Issue #19: the recovery page shows the question its new answer is for, and says that
    # access to organisation accounts ends.
    recovery = server.get(f"/password-reset/recovery?token={token}")
    assert "Erstes Auto?" in recovery.text and "Zugriff auf Organisationskonten endet" in recovery.text
    wrong = server.post("/password-reset", data={"csrf_token": csrf(page.text), "token": token,
                                                 "secretAnswer": "Golf", "password": "Anders2026!",
                                                 "passwordRepeated": "Anders2026!"})
    assert wrong.status_code == 400 and re.search(r'id="secretAnswer-error"', wrong.text)
    assert login(server, "anna@example.de", PASSWORD)
    # A login rotates the CSRF token: the form is fetched again, as a browser would.
    page = server.get(f"/password-reset?token={token}")
    right = server.post("/password-reset", data={"csrf_token": csrf(page.text), "token": token,
                                                 "secretAnswer": "käfer", "password": "Anders2026!",
                                                 "passwordRepeated": "Anders2026!"})
    assert 'data-page="password-changed"' in right.text, right.text
    assert login(server, "anna@example.de", "Anders2026!")
