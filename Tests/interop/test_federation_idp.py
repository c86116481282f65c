"""Pforte toward the other Länder (issue #7): as IdP for a Land's SP (pysaml2) with our level in
AuthnContextClassRef and in the trust-level attribute; the Länder's metadata as a federation's
signed aggregate, refused with a clear message when its signature does not verify; our SP
metadata exported for the Länder; and a second Pforte instance acting as "another Land" that
logs its user into the first one end to end."""

from __future__ import annotations

import re

import pytest
import requests
import yaml
from saml2.metadata import entities_descriptor, entity_descriptor
from saml2.sigver import security_context
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from account_support import PASSWORD, Outbox, new_session, page_name, register_and_activate, unique_address
from federation_support import Land, back_to_portal, choose_land, post_to_acs
from oidc_support import ClientSpec, authorize, start_provider
from saml_support import SP, Login, load_config, make_keypair, saml_post, sign_in_and_continue, sso
from saml2.config import Config
from support import free_ports

TRUST_LEVEL = "urn:oid:1.2.40.0.10.2.1.1.261.94"


def test_a_lands_sp_gets_our_level_and_the_trust_level_attribute(pforte_server, tmp_path):
    sp = SP(tmp_path, "land-portal", attributes=["mail", "givenName", "sn"])
    sp.install(tmp_path, folder="federation")
    server = pforte_server(workdir=tmp_path)
    sp.connect(server.base_url)
    address = unique_address("landsp")
    register_and_activate(server.base_url, Outbox(server.workdir), address, given_names="Anna", family_name="Weiß")
    result, _, _ = sso(server, sp, Login(address, PASSWORD))
    assert result.assertion.authn_statement[0].authn_context.authn_context_class_ref.text == "http://eidas.europa.eu/LoA/low"
    statement = result.assertion.attribute_statement[0]
    levels = [a.attribute_value[0].text for a in statement.attribute if a.name == TRUST_LEVEL]
    assert levels == ["STORK-QAA-Level-1"]
    assert result.ava["givenName"] == ["Anna"]


def signed_aggregate(tmp_path, lands: list[Land], operator) -> str:
    """The Länder's metadata as one EntitiesDescriptor signed by the federation operator."""
    config = load_config(Config, {"entityid": "https://federation.example", "xmlsec_binary": "/usr/bin/xmlsec1",
                                  "key_file": str(operator.key_file), "cert_file": str(operator.cert_file)}, None)
    descriptors = [entity_descriptor(land.config()) for land in lands]
    _, xml = entities_descriptor(descriptors, 24, None, "_aggregate", True, security_context(config),
                                 sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
    return xml


def test_signed_aggregate_is_read_and_a_bad_signature_refused_with_a_clear_message(pforte, tmp_path):
    lands = [Land(tmp_path, "agg-a"), Land(tmp_path, "agg-b")]
    operator, stranger = make_keypair(tmp_path, "federation"), make_keypair(tmp_path, "stranger")
    source = tmp_path / "aggregate.xml"
    source.write_text(signed_aggregate(tmp_path, lands, operator))
    workdir = tmp_path / "work"
    workdir.mkdir()

    refused = pforte("metadata", "import", "--land", str(source), cwd=workdir,
                     config={"saml": {"federation_certificate": str(stranger.cert_file)}})
    assert refused.returncode != 0
    assert "does not verify with the federation certificate" in refused.stderr, refused.stderr
    unsigned = pforte("metadata", "import", "--land", str(source), cwd=workdir)
    assert unsigned.returncode != 0 and "(saml.federation_certificate)" in unsigned.stderr, unsigned.stderr

    good = {"saml": {"federation_certificate": str(operator.cert_file)}}
    imported = pforte("metadata", "import", "--land", str(source), cwd=workdir, config=good)
    assert imported.returncode == 0, imported.stderr
    listed = pforte("metadata", "lands", cwd=workdir, config=good)
    assert listed.returncode == 0, listed.stderr
    assert lands[0].entity_id in listed.stdout and lands[1].entity_id in listed.stdout

    # A copy changed after signing (a Land added) is refused at load, naming the file.
    (workdir / "metadata" / "federation").mkdir(parents=True)
    (workdir / "metadata" / "federation" / "aggregate.xml").write_text(
        source.read_text().replace("agg-b.example", "evil.example"))
    broken = pforte("metadata", "lands", cwd=workdir, config=good)
    assert broken.returncode != 0 and "does not verify with the federation certificate" in broken.stderr, broken.stderr


def test_our_sp_metadata_is_exported_for_the_lands(pforte, tmp_path):
    # An https installation does not run the eID simulator, which would log anyone in at `hoch`.
    config = {"server": {"public_url": "https://pforte.example"}, "eid": {"enabled": False}}
    assert pforte("keys", "generate", cwd=tmp_path, config=config).returncode == 0
    exported = pforte("metadata", "export", "--role", "federation", cwd=tmp_path, config=config)
    assert exported.returncode == 0, exported.stderr
    assert 'entityID="https://pforte.example/federation/metadata"' in exported.stdout
    assert "SPSSODescriptor" in exported.stdout and "https://pforte.example/federation/acs" in exported.stdout


@pytest.mark.postgres
def test_a_second_pforte_as_another_land_logs_its_user_into_the_first(pforte, pforte_server, backend, tmp_path):
    """Pforte B (its own workdir, keys and SQLite store, at `localhost` so the browser keeps the
    two instances' cookies apart) is Land B's account IdP; Pforte A trusts it through
    metadata/federation/ and B trusts A's SP role the same way."""
    port_b, = free_ports(1)
    work_a, work_b = tmp_path / "a", tmp_path / "b"
    work_a.mkdir()
    work_b.mkdir()
    config_b = {"store": {"driver": "sqlite"}, "server": {"public_url": f"http://localhost:{port_b}"}}
    pforte_b = pforte_server(config=config_b, workdir=work_b, port=port_b)
    federation_a = work_a / "metadata" / "federation"
    federation_a.mkdir(parents=True)
    (federation_a / "pforte-b.xml").write_text(requests.get(pforte_b.base_url + "/saml/metadata", timeout=10).text)
    (federation_a / "pforte-b.yaml").write_text(yaml.safe_dump({"display_name": "Land Pforte B", "label": "Servicekonto B"}))
    provider = start_provider(pforte, pforte_server, backend, work_a, [ClientSpec("portal")])

    federation_b = work_b / "metadata" / "federation"
    federation_b.mkdir(parents=True)
    (federation_b / "pforte-a.xml").write_text(provider.server.get("/federation/metadata").text)
    (federation_b / "pforte-a.yaml").write_text(yaml.safe_dump({"attributes": ["mail", "givenName", "sn"]}))
    pforte_b.stop()
    pforte_b = pforte_server(config=config_b, workdir=work_b, port=port_b)
    address = unique_address("landb")
    register_and_activate(f"http://localhost:{port_b}", Outbox(work_b), address, given_names="Berta", family_name="Beispiel")

    flow = authorize(provider, "portal", scope="openid profile email", log_in=False, consent=None)
    land_b = Land(tmp_path, "unused", entity_id=f"http://localhost:{port_b}/saml/metadata")
    redirect = choose_land(flow.session, provider.server.base_url, flow.response, land_b)
    assert redirect.headers["Location"].startswith(f"http://localhost:{port_b}/saml/sso?SAMLRequest=")
    at_b = flow.session.get(redirect.headers["Location"], timeout=30)
    at_b = sign_in_and_continue(flow.session, at_b, Login(address, PASSWORD))
    action, fields = saml_post(at_b)
    assert action == provider.server.base_url + "/federation/acs"
    flow, pages = back_to_portal(provider, flow, post_to_acs(provider, flow.session, fields))
    assert pages == ["federation-consent"] and flow.code, (pages, flow.params)
    tokens = provider.oauth("portal").fetch_token(code=flow.code, code_verifier=flow.code_verifier)
    claims = provider.validate_id_token("portal", tokens["id_token"])
    assert claims["amr"] == ["fed"] and claims["acr"] == "http://eidas.europa.eu/LoA/low"
    userinfo = requests.get(provider.metadata["userinfo_endpoint"],
                            headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10).json()
    assert userinfo["given_name"] == "Berta" and userinfo["email"] == address
