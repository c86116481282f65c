"""The relying-party registry in the store (issue #21): SPs and Länder imported on one node are
served by every node within seconds, without a restart; OIDC clients likewise; SIGHUP re-reads
the files under metadata/.

Nodes poll the registry every second here (metadata.poll_interval_seconds), so every wait below
is a short poll, never a sleep for time to pass."""

from __future__ import annotations

import base64
import hashlib
import secrets
import signal
import uuid

import pytest
import requests
import yaml
from saml2 import BINDING_HTTP_REDIRECT
from saml2.metadata import create_metadata_string

from saml_support import SP, location
from support import wait_until

POLL = {"metadata": {"poll_interval_seconds": 1}, "eid": {"enabled": False}}
LIVE_WITHIN = 10.0


def unique_sp(directory, prefix: str) -> SP:
    return SP(directory, name=f"{prefix}-{uuid.uuid4().hex[:8]}")


def sso_answer(server, sp: SP) -> requests.Response:
    """Pforte's first answer to a signed AuthnRequest of `sp` (no browser session)."""
    sp.connect(server.base_url)
    _, info = sp.authn_request(BINDING_HTTP_REDIRECT)
    return requests.get(location(info), allow_redirects=False, timeout=10)


def trusts(server, sp: SP) -> bool:
    answer = sso_answer(server, sp)
    return answer.status_code == 303 and "/login" in answer.headers.get("Location", "")


def refuses(server, sp: SP) -> bool:
    answer = sso_answer(server, sp)
    return answer.status_code == 400 and "nicht bekannt" in answer.text


def two_nodes(pforte_server, backend, tmp_path):
    if backend.name != "postgres":
        pytest.skip("two nodes need one PostgreSQL store")
    return pforte_server(POLL), pforte_server(POLL)


@pytest.mark.postgres
def test_an_imported_sp_is_served_by_every_node_and_its_removal_too(pforte, pforte_server, backend, tmp_path):
    node_a, node_b = two_nodes(pforte_server, backend, tmp_path)
    sp = unique_sp(tmp_path, "imported")
    metadata = tmp_path / "sp.xml"
    metadata.write_text(create_metadata_string(None, config=sp.config(), sign=False).decode())
    settings = tmp_path / "sp.yaml"
    settings.write_text(yaml.safe_dump({"attributes": ["mail"], "minimum_level": "normal"}))
    assert refuses(node_b, sp)

    imported = pforte("metadata", "import", str(metadata), "--settings", str(settings), config=backend.config, cwd=node_a.workdir)
    assert imported.returncode == 0, imported.stderr
    name = imported.stdout.split(" as ")[1].split(";")[0]
    wait_until(lambda: trusts(node_b, sp) and trusts(node_a, sp), f"both nodes serve {sp.entity_id}\n{node_b.log()}", LIVE_WITHIN)
    listed = pforte("metadata", "list", config=backend.config, cwd=node_a.workdir)
    assert f"entity_id: {sp.entity_id}" in listed.stdout and "attributes: mail" in listed.stdout, listed.stdout

    again = pforte("metadata", "import", str(metadata), config=backend.config, cwd=node_a.workdir)
    assert again.returncode == 0, again.stderr  # the same name: an update

    removed = pforte("metadata", "remove", name, config=backend.config, cwd=node_a.workdir)
    assert removed.returncode == 0, removed.stderr
    wait_until(lambda: refuses(node_b, sp) and refuses(node_a, sp), f"both nodes forgot {sp.entity_id}", LIVE_WITHIN)
    assert pforte("metadata", "remove", name, config=backend.config, cwd=node_a.workdir).returncode == 1


@pytest.mark.postgres
def test_a_client_added_for_node_a_works_at_node_b(pforte, pforte_server, backend, tmp_path):
    node_a, node_b = two_nodes(pforte_server, backend, tmp_path)
    client_id = f"live-{uuid.uuid4().hex[:8]}"
    redirect_uri = "http://localhost:9/callback"
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": "code", "scope": "openid",
             "state": "s", "nonce": "n", "code_challenge": challenge, "code_challenge_method": "S256"}

    def authorize(node) -> requests.Response:
        return requests.get(node.base_url + "/authorize", params=query, allow_redirects=False, timeout=10)

    assert authorize(node_b).status_code == 400
    added = pforte("clients", "add", "--id", client_id, "--name", "Live", "--redirect-uri", redirect_uri, "--public",
                   config=backend.config, cwd=node_a.workdir)
    assert added.returncode == 0, added.stderr
    wait_until(lambda: authorize(node_b).status_code == 303, "node B knows the client", LIVE_WITHIN)
    assert "/login" in authorize(node_b).headers["Location"]


def test_sighup_rereads_the_metadata_files(pforte_server, tmp_path):
    server = pforte_server(POLL)
    sp = unique_sp(tmp_path, "hup")
    assert refuses(server, sp)
    sp.install(server.workdir)
    server.process.send_signal(signal.SIGHUP)
    wait_until(lambda: trusts(server, sp), f"{sp.entity_id} served after SIGHUP\n{server.log()}", LIVE_WITHIN)

    # A bad file keeps the files read before; the server goes on serving.
    (server.workdir / "metadata" / "sp" / f"{sp.name}.yaml").write_text("minimum_level: maximal\n")
    server.process.send_signal(signal.SIGHUP)
    wait_until(lambda: "metadata files not re-read" in server.log(), "the refusal is logged", LIVE_WITHIN)
    assert server.running() and trusts(server, sp)

    (server.workdir / "metadata" / "sp" / f"{sp.name}.xml").unlink()
    (server.workdir / "metadata" / "sp" / f"{sp.name}.yaml").unlink()
    server.process.send_signal(signal.SIGHUP)
    wait_until(lambda: refuses(server, sp), f"{sp.entity_id} no longer served", LIVE_WITHIN)


def test_export_names_the_urls_of_the_flags(pforte, tmp_path):
    assert pforte("keys", "generate", cwd=tmp_path).returncode == 0
    exported = pforte("metadata", "export", "--port", "9101", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert 'entityID="http://127.0.0.1:9101/saml/metadata"' in exported.stdout, exported.stdout[:400]
    public = pforte("metadata", "export", "--public-url", "https://pforte.example", "--role", "federation", cwd=tmp_path,
                    config={"eid": {"enabled": False}})
    assert public.returncode == 0, public.stderr
    assert 'entityID="https://pforte.example/federation/metadata"' in public.stdout
