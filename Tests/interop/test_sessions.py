"""Sessions live in the store: a restarted node (or another one on the same store) keeps the
user logged in. (The idle timeout as the browser sees it: test_account_pages.py; its rules:
SessionStoreTests and LoginTests, with the test clock.)"""

from __future__ import annotations

import pytest

from account_support import PASSWORD, log_in


@pytest.mark.postgres
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
