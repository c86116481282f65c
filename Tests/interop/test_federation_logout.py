"""A Land ends the federated session (issue #15 item 6): pysaml2's IdP server plays the Land and
sends its signed LogoutRequest to `/federation/slo` by HTTP-Redirect and HTTP-POST. Pforte ends
the session everywhere — the OIDC portal gets a back-channel logout token, the SAML portal
(pysaml2 SP) its LogoutRequest through the browser — and the round ends with Pforte's signed
LogoutResponse at the Land, which pysaml2 verifies."""

from __future__ import annotations

import re

import pytest
from joserfc import jwt
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.sigver import pre_signature_part
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from account_support import page_name
from federation_support import Land, back_to_portal, post_fields, post_to_acs, to_land
from oidc_support import ClientSpec, LogoutReceiver, start_provider
from saml_support import SP, location, post_form_html, query_of, sso


@pytest.fixture
def federation(pforte, pforte_server, backend, tmp_path):
    """A Pforte with Land A and Land B, an OIDC portal with back-channel logout, a SAML portal."""
    receiver = LogoutReceiver()
    land_a = Land(tmp_path, "land-a")
    land_b = Land(tmp_path, "land-b")
    land_a.install(tmp_path)
    land_b.install(tmp_path)
    (tmp_path / "sp").mkdir()
    sp = SP(tmp_path / "sp", name="portal-sp")
    sp.install(tmp_path)
    provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec("portal", backchannel_logout_uri=receiver.uri)])
    land_a.connect(provider.server.base_url)
    land_b.connect(provider.server.base_url)
    sp.connect(provider.server.base_url)
    yield provider, land_a, land_b, sp, receiver
    receiver.close()


def federated_login(provider, land: Land, subject: str):
    """A federated login for the OIDC portal: (flow, the assertion's SessionIndex)."""
    flow, request = to_land(provider, land)
    xml = land.response_xml(request, subject=subject)
    session_index = re.search(r'SessionIndex="([^"]+)"', xml).group(1)
    flow, _ = back_to_portal(provider, flow, post_to_acs(provider, flow.session, post_fields(xml, request.relay_state)))
    assert flow.code
    # Tokens make the portal a participant that back-channel logout reaches.
    provider.oauth("portal").fetch_token(code=flow.code, code_verifier=flow.code_verifier)
    return flow, session_index


def land_logout_request(provider, land: Land, subject: str, session_index: str | None, binding: str,
                        signer: Land | None = None) -> dict:
    """The Land's signed LogoutRequest as pysaml2 sends it (`signer`'s key: a forgery)."""
    name_id = NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject, name_qualifier=land.entity_id,
                     sp_name_qualifier=land.sp_entity_id)
    signer = signer or land
    destination = provider.server.base_url + "/federation/slo"
    request_id, request = signer.server.create_logout_request(
        destination, land.sp_entity_id, name_id=name_id, session_indexes=[session_index] if session_index else None,
        sign=False)
    request.issuer.text = land.entity_id
    if binding == BINDING_HTTP_POST:
        request.signature = pre_signature_part(request.id, signer.server.sec.my_cert, 1,
                                               sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
    xml = str(request) if binding == BINDING_HTTP_REDIRECT else signer.server.sec.sign_statement(
        str(request), "urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest", node_id=request_id)
    return signer.server.apply_binding(binding, xml, destination, relay_state="land-rs",
                                       sign=binding == BINDING_HTTP_REDIRECT, sigalg=SIG_RSA_SHA256)


def send(session, info: dict, binding: str):
    if binding == BINDING_HTTP_REDIRECT:
        return session.get(location(info), allow_redirects=False, timeout=30)
    action, fields = post_form_html(info)
    return session.post(action, data=fields, allow_redirects=False, timeout=30)


def assert_answered(land: Land, response, request_binding: str) -> None:
    """The browser is sent to the Land's SLO endpoint with a signed Success LogoutResponse."""
    assert response.status_code == 303 and response.headers["Location"].startswith(land.slo + "?"), response.text[:2000]
    query = query_of(response.headers["Location"])
    assert query["RelayState"] == "land-rs"
    answer = land.server.parse_logout_request_response(query["SAMLResponse"], BINDING_HTTP_REDIRECT)
    assert answer.status_ok()


def assert_logged_out(provider, session) -> None:
    account = session.get(provider.server.base_url + "/account", allow_redirects=False, timeout=30)
    assert account.status_code == 303 and account.headers["Location"].startswith("/login")


def test_a_land_initiated_logout_reaches_the_oidc_and_the_saml_portal(federation):
    provider, land_a, _, sp, receiver = federation
    flow, session_index = federated_login(provider, land_a, "leaver")
    sso(provider.server, sp, None, browser=flow.session)

    response = send(flow.session, land_logout_request(provider, land_a, "leaver", session_index, BINDING_HTTP_REDIRECT),
                    BINDING_HTTP_REDIRECT)
    assert response.status_code == 303 and response.headers["Location"].startswith(sp.slo + "?"), response.text[:2000]
    query = query_of(response.headers["Location"])
    propagated = sp.client.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT, relay_state=query["RelayState"],
                                                sigalg=query["SigAlg"], signature=query["Signature"])
    answer = sp.client.create_logout_response(propagated.message, [BINDING_HTTP_REDIRECT], sign_alg=SIG_RSA_SHA256)
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(answer), provider.server.base_url + "/saml/slo",
                                   relay_state=query["RelayState"], response=True, sign=True, sigalg=SIG_RSA_SHA256)
    assert_answered(land_a, flow.session.get(location(info), allow_redirects=False, timeout=30), BINDING_HTTP_REDIRECT)
    assert_logged_out(provider, flow.session)
    token = jwt.decode(receiver.next_token(), provider.key_set(), algorithms=["ES256", "RS256"])
    assert token.claims["aud"] == provider.clients["portal"].client_id


@pytest.mark.parametrize("with_session_index", [True, False])
def test_a_land_logout_by_post_is_answered_at_once_without_saml_portals(federation, with_session_index):
    provider, land_a, _, _, receiver = federation
    flow, session_index = federated_login(provider, land_a, "poster")
    info = land_logout_request(provider, land_a, "poster", session_index if with_session_index else None, BINDING_HTTP_POST)
    assert_answered(land_a, send(flow.session, info, BINDING_HTTP_POST), BINDING_HTTP_POST)
    assert_logged_out(provider, flow.session)
    receiver.next_token()


def test_a_logout_request_signed_with_another_lands_key_is_refused(federation):
    provider, land_a, land_b, _, _ = federation
    flow, session_index = federated_login(provider, land_a, "victim")
    for binding in (BINDING_HTTP_REDIRECT, BINDING_HTTP_POST):
        info = land_logout_request(provider, land_a, "victim", session_index, binding, signer=land_b)
        response = send(flow.session, info, binding)
        assert response.status_code == 400 and "Location" not in response.headers
        assert page_name(response.text) == "federation-error" and "Abmeldung" in response.text
        assert '"reason":"signatureInvalid"' in provider.server.log().replace(" ", "")
    account = flow.session.get(provider.server.base_url + "/account", allow_redirects=False, timeout=30)
    assert account.status_code == 200, "the session is intact"


def test_a_replayed_land_logout_request_is_refused(federation):
    provider, land_a, _, _, _ = federation
    flow, session_index = federated_login(provider, land_a, "replay")
    info = land_logout_request(provider, land_a, "replay", session_index, BINDING_HTTP_REDIRECT)
    assert_answered(land_a, send(flow.session, info, BINDING_HTTP_REDIRECT), BINDING_HTTP_REDIRECT)
    assert send(flow.session, info, BINDING_HTTP_REDIRECT).status_code == 400
