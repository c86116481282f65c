"""`pforte clients add|list|show|remove`, and clients from files in paths.clients."""

from __future__ import annotations

import re

import pytest
import yaml

from support import free_port

PORTAL = ["clients", "add", "--id", "portal", "--name", "Bürgerportal",
          "--redirect-uri", "https://portal.example.de/callback", "--scope", "email"]


@pytest.mark.postgres
def test_a_client_is_added_with_a_secret_shown_once_listed_and_removed(pforte, backend, tmp_path):
    store = backend.config or None
    added = pforte(*PORTAL, config=store, cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    secret = re.search(r"^client_secret: ([A-Za-z0-9_-]{43})$", added.stdout, re.MULTILINE)
    assert secret, added.stdout
    assert "token_endpoint_auth_method: client_secret_basic" in added.stdout
    assert "scope: openid email" in added.stdout

    # The PostgreSQL store is shared by the run's tests: other tests' clients may be listed too.
    listed = pforte("clients", "list", config=store, cwd=tmp_path)
    assert "portal\tconfidential\tclient_secret_basic\tstore\tBürgerportal" in listed.stdout.splitlines()
    shown = pforte("clients", "show", "portal", config=store, cwd=tmp_path)
    assert shown.returncode == 0 and "redirect_uris: https://portal.example.de/callback" in shown.stdout
    assert secret.group(1) not in shown.stdout, "the secret is shown once, at creation"

    again = pforte(*PORTAL, config=store, cwd=tmp_path)
    assert again.returncode == 1 and "exists already" in again.stderr

    removed = pforte("clients", "remove", "portal", config=store, cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert not [line for line in pforte("clients", "list", config=store, cwd=tmp_path).stdout.splitlines()
                if line.startswith("portal\t")]
    assert pforte("clients", "show", "portal", config=store, cwd=tmp_path).returncode == 1


def test_a_public_client_gets_no_secret(pforte, tmp_path):
    added = pforte("clients", "add", "--id", "app", "--name", "App", "--public",
                   "--redirect-uri", "http://127.0.0.1:4000/cb", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "client_secret" not in added.stdout
    assert "token_endpoint_auth_method: none" in added.stdout


def test_add_refuses_bad_registrations_naming_the_field(pforte, tmp_path):
    insecure = pforte("clients", "add", "--id", "p", "--name", "P", "--redirect-uri", "http://portal.example.de/cb",
                      cwd=tmp_path)
    assert insecure.returncode == 1 and "redirect_uris:" in insecure.stderr
    public_with_secret = pforte("clients", "add", "--id", "p", "--name", "P", "--public",
                                "--auth-method", "client_secret_post", "--redirect-uri", "https://p.example/cb",
                                cwd=tmp_path)
    assert public_with_secret.returncode == 1 and "token_endpoint_auth_method:" in public_with_secret.stderr
    spread = pforte("clients", "add", "--id", "p", "--name", "P", "--redirect-uri", "https://a.example/cb",
                    "--redirect-uri", "https://b.example/cb", cwd=tmp_path)
    assert spread.returncode == 1 and "sector_identifier_host" in spread.stderr
    assert pforte("clients", "list", cwd=tmp_path).stdout == ""


def _write_client(directory, name, document):
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(yaml.safe_dump(document, allow_unicode=True))


def test_file_clients_are_listed_and_a_bad_file_stops_the_server(pforte, tmp_path):
    clients = tmp_path / "clients"
    _write_client(clients, "app.yaml", {"client_id": "app", "client_name": "App", "client_type": "public",
                                        "redirect_uris": ["https://app.example.de/cb"], "scope": "openid profile"})
    listed = pforte("clients", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == f"app\tpublic\tnone\t{clients / 'app.yaml'}\tApp\n"

    clash = pforte("clients", "add", "--id", "app", "--name", "App", "--redirect-uri", "https://app.example.de/cb",
                   cwd=tmp_path)
    assert clash.returncode == 1 and "app.yaml" in clash.stderr

    _write_client(clients, "bad.yaml", {"client_id": "bad", "client_name": "Bad",
                                        "redirect_uris": ["https://bad.example.de/cb#top"],
                                        "token_endpoint_auth_method": "private_key_jwt",
                                        "jwks_uri": "https://bad.example.de/jwks"})
    served = pforte("serve", "--port", str(free_port()), cwd=tmp_path, timeout=30)
    assert served.returncode == 2
    assert f"redirect_uris ({clients / 'bad.yaml'})" in served.stderr
    assert "fragment" in served.stderr


def test_a_secret_method_in_a_file_is_refused(pforte, tmp_path):
    _write_client(tmp_path / "clients", "portal.yaml", {"client_id": "portal", "client_name": "Portal",
                                                        "redirect_uris": ["https://portal.example.de/cb"]})
    listed = pforte("clients", "list", cwd=tmp_path)
    assert listed.returncode == 2
    assert "token_endpoint_auth_method" in listed.stderr and "pforte clients add" in listed.stderr


def test_a_client_id_in_a_file_and_the_store_is_refused(pforte, tmp_path):
    assert pforte(*PORTAL, cwd=tmp_path).returncode == 0
    _write_client(tmp_path / "clients", "portal.yaml", {
        "client_id": "portal", "client_name": "Portal", "redirect_uris": ["https://portal.example.de/cb"],
        "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://portal.example.de/jwks"})
    listed = pforte("clients", "list", cwd=tmp_path)
    assert listed.returncode == 2
    assert "portal is also registered in the store" in listed.stderr
