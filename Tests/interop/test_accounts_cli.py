"""`pforte accounts create|list|show|delete|purge` on the store a server then uses."""

from __future__ import annotations

import re

import pytest

from account_support import PASSWORD, log_in


@pytest.mark.postgres
def test_a_created_account_logs_in_at_once_and_is_gone_after_delete(pforte, pforte_server, backend, tmp_path):
    store = backend.config or None  # the commands must use the server's store
    created = pforte("accounts", "create", "--email", "Dev.Portal@Example.de", "--given-name", "Portal",
                     "--family-name", "Entwicklerin", "--secret-question", "Lieblingsfarbe?",
                     config=store, cwd=tmp_path, stdin=f"{PASSWORD}\nGrün\n")
    assert created.returncode == 0, created.stderr
    assert "login:          dev.portal@example.de" in created.stdout
    assert "status:         active" in created.stdout
    assert "secret answer:  yes" in created.stdout
    assert "Entwicklerin" not in created.stdout, "the operator sees no sealed data"

    listed = pforte("accounts", "list", config=store, cwd=tmp_path)
    assert listed.returncode == 0 and "dev.portal@example.de\tactive" in listed.stdout

    server = pforte_server(workdir=tmp_path)
    assert log_in(server.base_url, "dev.portal@example.de", PASSWORD)
    server.stop()

    deleted = pforte("accounts", "delete", "dev.portal@example.de", config=store, cwd=tmp_path)
    assert deleted.returncode == 0, deleted.stderr
    shown = pforte("accounts", "show", "dev.portal@example.de", config=store, cwd=tmp_path)
    assert shown.returncode == 1 and "no account" in shown.stderr

    server = pforte_server(workdir=tmp_path)
    assert not log_in(server.base_url, "dev.portal@example.de", PASSWORD)


def test_create_refuses_bad_input_and_names_the_fields(pforte, tmp_path):
    result = pforte("accounts", "create", "--email", "kein-at.example.de", "--given-name", "A",
                    "--family-name", "B", cwd=tmp_path, stdin="kurz\n")
    assert result.returncode == 1
    assert "email: missingAtSign" in result.stderr
    assert "password: tooShort" in result.stderr
    assert pforte("accounts", "list", cwd=tmp_path).stdout == ""


def test_create_needs_a_password_on_stdin(pforte, tmp_path):
    result = pforte("accounts", "create", "--email", "a@example.de", "--given-name", "A",
                    "--family-name", "B", cwd=tmp_path)
    assert result.returncode == 1
    assert "no password on standard input" in result.stderr


def test_purge_runs_the_retention_jobs(pforte, tmp_path):
    result = pforte("accounts", "purge", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"unactivated accounts: +0", result.stdout)
