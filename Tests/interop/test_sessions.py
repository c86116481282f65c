"""Sessions live in the store: a restarted node (or another one on the same store) keeps the
user logged in; the idle timeout is enforced there too."""

from __future__ import annotations

import time

from account_support import PASSWORD, log_in


def test_a_session_survives_a_restart(pforte, pforte_server, backend, tmp_path):
    created = pforte("accounts", "create", "--email", "neustart@example.de", "--given-name", "Neu",
                     "--family-name", "Start", config=backend.config or None, cwd=tmp_path, stdin=f"{PASSWORD}\n")
    assert created.returncode == 0, created.stderr
    first = pforte_server(workdir=tmp_path)
    assert log_in(first.base_url, "neustart@example.de", PASSWORD, first.session)
    cookies = first.session.cookies.copy()
    first.stop()

    second = pforte_server(workdir=tmp_path)
    second.session.cookies.update(cookies)
    response = second.get("/account", allow_redirects=False)
    assert response.status_code == 200 and 'data-page="account"' in response.text


def test_an_idle_session_ends_and_the_user_is_told(pforte, pforte_server, backend, tmp_path):
    config = {"sessions": {"idle_timeout_seconds": 2}}
    created = pforte("accounts", "create", "--email", "leerlauf@example.de", "--given-name", "Leer",
                     "--family-name", "Lauf", config=(backend.config or {}) | config, cwd=tmp_path, stdin=f"{PASSWORD}\n")
    assert created.returncode == 0, created.stderr
    server = pforte_server(config=config, workdir=tmp_path)
    assert log_in(server.base_url, "leerlauf@example.de", PASSWORD, server.session)
    assert server.get("/account", allow_redirects=False).status_code == 200
    time.sleep(3.2)
    response = server.get("/account")
    assert 'data-page="login"' in response.text
    assert 'id="session-expired"' in response.text
    assert "pforte_session" not in server.session.cookies, "the ended session's cookie is removed"
