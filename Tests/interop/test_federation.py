"""Login with another Land's account (issue #7): pysaml2's IdP server plays two foreign Länder
(Land A signs its assertions and asserts STORK-QAA-Level-1; Land B encrypts them for Pforte
and asserts STORK-QAA-Level-4); the portals are an Authlib OIDC client and a pysaml2 SP.
Pforte is the SP toward the Land and the IdP toward the portal, with consent in between."""

from __future__ import annotations

import base64
import html
from dataclasses import replace

import pytest
import requests

from account_support import csrf, page_name
from federation_support import Land, back_to_portal, choose_land, post_to_acs, to_land
from oidc_support import ClientSpec, authorize, start_provider
from saml_support import BINDING_HTTP_REDIRECT, SIG_RSA_SHA256, location, query_of

LOW = "http://eidas.europa.eu/LoA/low"
HIGH = "http://eidas.europa.eu/LoA/high"


@pytest.fixture(scope="module")
def federation_installation(module_pforte, module_pforte_server, module_backend, tmp_path_factory):
    """One Pforte for the module, with Land A (signing, Level-1) and Land B (encrypting,
    Level-4) and two OIDC clients, one of which needs level hoch. Tests that log in use a Land
    account (subject) of their own."""
    tmp_path = tmp_path_factory.mktemp("federation")
    land_a = Land(tmp_path, "land-a", level="STORK-QAA-Level-1", display_name="Freistaat Beispiel")
    land_b = Land(tmp_path, "land-b", level="STORK-QAA-Level-4", encrypt=True, display_name="Land Musterstadt")
    land_a.install(tmp_path)
    land_b.install(tmp_path)
    provider = start_provider(module_pforte, module_pforte_server, module_backend, tmp_path,
                              [ClientSpec("portal"), ClientSpec("strict", minimum_level="hoch")])
    land_a.connect(provider.server.base_url)
    land_b.connect(provider.server.base_url)
    return provider, land_a, land_b


@pytest.fixture
def federation(federation_installation):
    """The module's Pforte, whose server log starts with this test, and its Länder."""
    provider, land_a, land_b = federation_installation
    return replace(provider, server=provider.server.from_now()), land_a, land_b


@pytest.mark.postgres
def test_federated_login_with_consent_reaches_the_oidc_portal(federation):
    provider, land_a, _ = federation
    flow, request = to_land(provider, land_a)
    assert request.class_refs == [LOW, "STORK-QAA-Level-1"]
    response = post_to_acs(provider, flow.session, land_a.answer(request, subject="consenter"))
    flow, pages = back_to_portal(provider, flow, response)
    assert pages == ["federation-consent"]
    items = {html.unescape(k): html.unescape(v) for k, v in flow.consent_items.items()}
    assert "Max" in items.values() and "Mustermann" in items.values() and "max@land.example" in items.values()
    assert flow.code, flow.params
    tokens = provider.oauth("portal").fetch_token(code=flow.code, code_verifier=flow.code_verifier)
    claims = provider.validate_id_token("portal", tokens["id_token"], nonce=flow.nonce)
    assert claims["acr"] == LOW and claims["amr"] == ["fed"]
    userinfo = requests.get(provider.metadata["userinfo_endpoint"],
                            headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10).json()
    assert userinfo["given_name"] == "Max" and userinfo["family_name"] == "Mustermann"
    assert userinfo["email"] == "max@land.example" and userinfo["email_verified"] is False
    assert userinfo["sub"] == claims["sub"] and "consenter" not in claims["sub"]

    # Remembered: the same Land account and portal again in a new browser, no consent page.
    again, request = to_land(provider, land_a)
    again, pages = back_to_portal(provider, again, post_to_acs(provider, again.session,
                                                               land_a.answer(request, subject="consenter")))
    assert pages == [] and again.code
    tokens = provider.oauth("portal").fetch_token(code=again.code, code_verifier=again.code_verifier)
    assert provider.validate_id_token("portal", tokens["id_token"])["sub"] == claims["sub"]


def test_refused_consent_answers_access_denied(federation):
    provider, land_a, _ = federation
    flow, request = to_land(provider, land_a)
    flow, pages = back_to_portal(provider, flow, post_to_acs(provider, flow.session, land_a.answer(request, subject="refuser")),
                                 consent="deny")
    assert pages == ["federation-consent"]
    assert flow.error == "access_denied" and not flow.code


def test_encrypted_level_4_assertion_meets_a_portal_that_needs_hoch(federation):
    provider, _, land_b = federation
    flow, request = to_land(provider, land_b, name="strict")
    assert request.class_refs == [HIGH, "STORK-QAA-Level-4"]
    fields = land_b.answer(request)
    assert "EncryptedAssertion" in base64.b64decode(fields["SAMLResponse"]).decode()
    flow, _ = back_to_portal(provider, flow, post_to_acs(provider, flow.session, fields))
    assert flow.code, flow.params
    tokens = provider.oauth("strict").fetch_token(code=flow.code, code_verifier=flow.code_verifier)
    assert provider.validate_id_token("strict", tokens["id_token"])["acr"] == HIGH


def test_level_too_low_asks_the_land_once_more_then_unmet_authentication_requirements(federation):
    provider, land_a, _ = federation
    flow, request = to_land(provider, land_a, name="strict")
    assert request.class_refs == [HIGH, "STORK-QAA-Level-4"]
    step_up = post_to_acs(provider, flow.session, land_a.answer(request))
    assert step_up.status_code == 303
    second = land_a.receive(step_up.headers["Location"])
    assert second.class_refs == [HIGH, "STORK-QAA-Level-4"] and second.id != request.id
    flow, pages = back_to_portal(provider, flow, post_to_acs(provider, flow.session, land_a.answer(second)))
    assert pages == [] and flow.error == "unmet_authentication_requirements"
    assert '"federation level too low"' in provider.server.log() or "federation level too low" in provider.server.log()


def test_land_list_is_filtered_without_javascript(federation):
    provider, land_a, land_b = federation
    flow = authorize(provider, "portal", log_in=False, consent=None)
    with pytest.raises(AssertionError, match="not in the list"):
        choose_land(flow.session, provider.server.base_url, flow.response, land_b, query="Beispiel")
    redirect = choose_land(flow.session, provider.server.base_url, flow.response, land_a, query="beispiel")
    assert redirect.headers["Location"].startswith(land_a.sso + "?")


def test_unknown_attributes_are_dropped_and_logged(federation):
    provider, land_a, _ = federation
    flow, request = to_land(provider, land_a)
    identity = {"givenName": ["Max"], "sn": ["Mustermann"], "eduPersonAffiliation": ["member"]}
    flow, pages = back_to_portal(provider, flow, post_to_acs(provider, flow.session,
                                                             land_a.answer(request, identity=identity, subject="dropper")))
    assert flow.code
    log = provider.server.log()
    assert "federation attributes dropped" in log and "urn:oid:1.3.6.1.4.1.5923.1.1.1.1" in log


def test_federation_metadata_is_signed_sp_metadata(federation):
    provider, _, _ = federation
    response = provider.server.get("/federation/metadata")
    assert response.status_code == 200
    assert "SPSSODescriptor" in response.text and "/federation/acs" in response.text and "Signature" in response.text


@pytest.mark.postgres
def test_logout_of_a_federated_session_reaches_the_land(federation):
    provider, land_a, _ = federation
    flow, request = to_land(provider, land_a)
    flow, _ = back_to_portal(provider, flow, post_to_acs(provider, flow.session, land_a.answer(request, subject="leaver")))
    assert flow.code
    base = provider.server.base_url
    page = flow.session.get(base + "/account", timeout=30)
    assert page.status_code == 200 and page_name(page.text) == "account", page.text[:1000]
    response = flow.session.post(base + "/logout", data={"csrf_token": csrf(page.text)}, allow_redirects=False, timeout=30)
    assert response.status_code == 303 and response.headers["Location"].startswith(land_a.slo + "?"), response.headers
    query = query_of(response.headers["Location"])
    logout = land_a.server.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT, relay_state=query["RelayState"],
                                                sigalg=query["SigAlg"], signature=query["Signature"])
    assert logout.message.name_id.text == "leaver"
    answer = land_a.server.create_logout_response(logout.message, [BINDING_HTTP_REDIRECT], sign_alg=SIG_RSA_SHA256)
    info = land_a.server.apply_binding(BINDING_HTTP_REDIRECT, str(answer), base + "/federation/slo",
                                       relay_state=query["RelayState"], response=True, sign=True, sigalg=SIG_RSA_SHA256)
    done = flow.session.get(location(info), allow_redirects=False, timeout=30)
    assert done.status_code == 303 and done.headers["Location"] == "/logged-out", done.text[:2000]
    assert flow.session.get(base + "/account", allow_redirects=False, timeout=30).status_code == 303
    # The same LogoutResponse again is refused.
    assert flow.session.get(location(info), allow_redirects=False, timeout=30).status_code == 400
