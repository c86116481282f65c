"""Metadata sources by URL (issue #21): a federation's aggregate of three SPs and two Länder,
signed by the federation operator and served by a local HTTP server made here, followed live by
every node; a bad copy (tampered, expired, without validUntil, unsigned, signed by someone else,
empty) or a source that is down leaves the last good set in place, and the server goes on
serving.

The nodes poll every second and may fetch every second (metadata.minimum_refresh_seconds), so
the waits below are short polls."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import yaml
from saml2 import md
from saml2.config import Config
from saml2.metadata import entity_descriptor
from saml2.sigver import pre_signature_part, security_context
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from federation_support import Land
from saml_support import SP, load_config, make_keypair
from test_metadata_registry import LIVE_WITHIN, refuses, trusts
from support import parse_prometheus, wait_until

CONFIG = {"metadata": {"poll_interval_seconds": 1, "minimum_refresh_seconds": 1}, "eid": {"enabled": False}}


class MetadataServer:
    """Serves one document at /aggregate.xml; `down` answers 503 instead."""

    def __init__(self) -> None:
        self.body = b""
        self.down = False
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                status, body = (503, b"down") if owner.down else (200, owner.body)
                self.send_response(status)
                self.send_header("Content-Type", "application/samlmetadata+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/aggregate.xml"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def metadata_server():
    server = MetadataServer()
    yield server
    server.close()


def xml_time(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def aggregate(configs, signer=None, *, valid_until: str | None = "in a day", cache_duration: str | None = None) -> bytes:
    """An EntitiesDescriptor of `configs`, enveloped-signed by `signer` (pysaml2 with xmlsec1:
    exclusive C14N, RSA-SHA256) unless None."""
    entities = md.EntitiesDescriptor(entity_descriptor=[entity_descriptor(config) for config in configs])
    if valid_until:
        entities.valid_until = xml_time(timedelta(days=1)) if valid_until == "in a day" else valid_until
    if cache_duration:
        entities.cache_duration = cache_duration
    entities.id = "_aggregate"
    if signer is None:
        return str(entities).encode()
    context = security_context(load_config(Config, {
        "entityid": "https://federation.example", "xmlsec_binary": "/usr/bin/xmlsec1",
        "key_file": str(signer.key_file), "cert_file": str(signer.cert_file)}, None))
    entities.signature = pre_signature_part("_aggregate", context.my_cert, 1, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
    return context.sign_statement(str(entities), "urn:oasis:names:tc:SAML:2.0:metadata:EntitiesDescriptor").encode()


def nodes_for(pforte_server, backend):
    """Two nodes on one PostgreSQL store; one on SQLite (which one process holds)."""
    return [pforte_server(CONFIG) for _ in range(2 if backend.name == "postgres" else 1)]


def lands_of(node) -> list[str]:
    loaded = [r for r in node.log_records() if r.get("message") == "relying parties loaded"]
    return loaded[-1]["lands"] if loaded else []


@pytest.mark.postgres
def test_a_signed_aggregate_is_followed_live_and_bad_copies_change_nothing(pforte, pforte_server, backend, metadata_server, tmp_path):
    operator, stranger = make_keypair(tmp_path, "operator"), make_keypair(tmp_path, "stranger")
    tag = tmp_path.name[-12:].replace("_", "-")
    sps = [SP(tmp_path, name=f"agg-{tag}-{letter}") for letter in "abcde"]
    lands = [Land(tmp_path, f"agg-{tag}-land-{letter}") for letter in "xy"]
    first = [sp.config() for sp in sps[:3]] + [land.config() for land in lands]
    metadata_server.body = aggregate(first, operator)
    nodes = nodes_for(pforte_server, backend)
    settings = tmp_path / "settings.yaml"
    settings.write_text(yaml.safe_dump({lands[0].entity_id: {"display_name": "Land X", "label": "Servicekonto X"},
                                        sps[0].entity_id: {"attributes": ["mail"]}}))

    added = pforte("metadata", "source", "add", "--url", metadata_server.url, "--certificate", str(operator.cert_file),
                   "--role", "federation", "--refresh", "1s", "--settings", str(settings),
                   config=backend.config, cwd=nodes[0].workdir)
    assert added.returncode == 0, added.stderr

    def serves(present: list[SP], absent: list[SP]) -> bool:
        return all(trusts(node, sp) for node in nodes for sp in present) and all(refuses(node, sp) for node in nodes for sp in absent)

    wait_until(lambda: serves(sps[:3], sps[3:]), lambda: f"the aggregate's SPs on every node\n{nodes[0].log()}", LIVE_WITHIN)
    assert all(set(lands_of(node)) >= {land.entity_id for land in lands} for node in nodes)
    listed = pforte("metadata", "list", config=backend.config, cwd=nodes[0].workdir)
    assert "display_name: Land X" in listed.stdout and "attributes: mail" in listed.stdout, listed.stdout

    # A change of the aggregate: c leaves, d arrives, on every node, without a restart.
    second = [sp.config() for sp in (sps[0], sps[1], sps[3])] + [land.config() for land in lands]
    metadata_server.body = aggregate(second, operator)
    wait_until(lambda: serves([sps[0], sps[1], sps[3]], [sps[2], sps[4]]), "the changed aggregate on every node", LIVE_WITHIN)
    listed = pforte("metadata", "list", config=backend.config, cwd=nodes[0].workdir)
    assert "display_name: Land X" in listed.stdout, "the settings are kept across refreshes"

    good = metadata_server.body
    tampered = good.replace(sps[3].entity_id.encode(), sps[4].entity_id.encode())
    bad_copies = {
        "tampered": tampered,
        "expired": aggregate(second, operator, valid_until=xml_time(timedelta(minutes=-5))),
        "without validUntil": aggregate(second, operator, valid_until=None),
        "unsigned": aggregate(second),
        "wrongly signed": aggregate(second, stranger),
        "empty": aggregate([], operator),
        "not XML": b"<html>maintenance</html>",
    }
    for what, body in bad_copies.items():
        failures = sum(node.log().count("metadata source refresh failed") for node in nodes)
        metadata_server.body = body
        wait_until(lambda: sum(node.log().count("metadata source refresh failed") for node in nodes) > failures,
                   f"the {what} copy refused", LIVE_WITHIN)
        assert serves([sps[0], sps[1], sps[3]], [sps[2], sps[4]]), what
        assert all(node.get("/healthz").status_code == 200 for node in nodes), what

    # Down for a while, then back with a new copy.
    failures = sum(node.log().count("metadata source refresh failed") for node in nodes)
    metadata_server.down = True
    wait_until(lambda: sum(node.log().count("HTTP 503") for node in nodes) > 0, "the outage noticed", LIVE_WITHIN)
    assert sum(node.log().count("metadata source refresh failed") for node in nodes) > failures
    assert serves([sps[0], sps[1], sps[3]], [sps[2], sps[4]])
    metadata_server.body = aggregate([sp.config() for sp in sps] + [land.config() for land in lands], operator, cache_duration="PT1S")
    metadata_server.down = False
    wait_until(lambda: serves(sps, []), "the source back", LIVE_WITHIN)

    samples = parse_prometheus(nodes[-1].get("/metrics").text)
    entities = [s for s in samples if s.name == "pforte_metadata_source_entities_count" and s.labels.get("url") == metadata_server.url]
    assert entities and entities[0].value == 7, entities
    sources = pforte("metadata", "source", "list", config=backend.config, cwd=nodes[0].workdir)
    assert f"url: {metadata_server.url}" in sources.stdout and "entities: 7" in sources.stdout, sources.stdout

    removed = pforte("metadata", "source", "remove", metadata_server.url, config=backend.config, cwd=nodes[0].workdir)
    assert removed.returncode == 0, removed.stderr
    wait_until(lambda: serves([], sps), "the source's SPs gone with it", LIVE_WITHIN)


def test_a_source_url_must_be_https_or_local(pforte, tmp_path):
    operator = make_keypair(tmp_path, "operator")
    refused = pforte("metadata", "source", "add", "--url", "http://federation.example/md.xml", "--certificate", str(operator.cert_file))
    assert refused.returncode == 1 and "https" in refused.stderr
    bad_refresh = pforte("metadata", "source", "add", "--url", "https://federation.example/md.xml",
                         "--certificate", str(operator.cert_file), "--refresh", "soon")
    assert bad_refresh.returncode == 1 and "--refresh" in bad_refresh.stderr
