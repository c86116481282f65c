"""One SSO session, two protocols (issue 5: single logout notifies "SAML SPs and OIDC clients
alike"): a user signed in to an OIDC client (with a back-channel logout URI) and to a pysaml2 SP
in the same browser session. When the SP logs the user out by SAML, the OIDC client receives a
logout token for that session.
"""

from __future__ import annotations

import pytest
from joserfc import jwt

from oidc_support import ClientSpec, LogoutReceiver, code_flow, start_provider
from saml_support import BINDING_HTTP_REDIRECT, SIG_RSA_SHA256, SP, Login, location, query_of, sso


@pytest.mark.postgres
def test_saml_logout_sends_the_oidc_clients_of_the_session_a_logout_token(pforte, pforte_server, backend, tmp_path_factory):
    receiver = LogoutReceiver()
    try:
        workdir = tmp_path_factory.mktemp("work")
        sp = SP(tmp_path_factory.mktemp("sp"))
        sp.install(workdir)
        provider = start_provider(pforte, pforte_server, backend, workdir,
                                  [ClientSpec("portal", backchannel_logout_uri=receiver.uri)])
        sp.connect(provider.server.base_url)
        flow, tokens = code_flow(provider, "portal")
        id_claims = provider.validate_id_token("portal", tokens["id_token"], nonce=flow.nonce)
        result, browser, _ = sso(provider.server, sp, Login(provider.email, provider.password), browser=flow.session)

        request_id, request = sp.client.create_logout_request(
            provider.server.base_url + "/saml/slo", sp.idp_entity_id, name_id=result.name_id,
            session_indexes=[result.assertion.authn_statement[0].session_index])
        info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(request), provider.server.base_url + "/saml/slo",
                                       relay_state="both", sign=True, sigalg=SIG_RSA_SHA256)
        response = browser.get(location(info), allow_redirects=False, timeout=30)
        assert response.status_code == 303 and response.headers["Location"].startswith(sp.slo + "?")
        answer = sp.client.parse_logout_request_response(query_of(response.headers["Location"])["SAMLResponse"],
                                                         BINDING_HTTP_REDIRECT)
        assert answer.in_response_to == request_id and answer.status_ok()

        token = jwt.decode(receiver.next_token(), provider.key_set(), algorithms=["ES256", "RS256"])
        assert token.header["typ"] == "logout+jwt"
        assert token.claims["aud"] == provider.clients["portal"].client_id
        assert token.claims["sid"] == id_claims["sid"] and token.claims["sub"] == id_claims["sub"]
        assert token.claims["events"] == {"http://schemas.openid.net/event/backchannel-logout": {}}
    finally:
        receiver.close()
