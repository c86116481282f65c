"""One SSO session, two protocols (issue 5: single logout notifies "SAML SPs and OIDC clients
alike"): a user signed in to an OIDC client (with a back-channel logout URI) and to a pysaml2 SP
in the same browser session. When the SP logs the user out by SAML, the OIDC client receives a
logout token for that session; when the OIDC client logs the user out, the SAML round ends at
its post-logout redirect URI.
"""

from __future__ import annotations

import pytest
from joserfc import jwt

from oidc_support import POST_LOGOUT_REDIRECT_URI, ClientSpec, LogoutReceiver, code_flow, end_session, start_provider
from saml_support import SP, Login, answer_logout_request, logout_by_sp, query_of, sso


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

        logout_by_sp(provider.server.base_url, sp, browser, result.name_id,
                     result.assertion.authn_statement[0].session_index)

        token = jwt.decode(receiver.next_token(), provider.key_set(), algorithms=["ES256", "RS256"])
        assert token.header["typ"] == "logout+jwt"
        assert token.claims["aud"] == provider.clients["portal"].client_id
        assert token.claims["sid"] == id_claims["sid"] and token.claims["sub"] == id_claims["sub"]
        assert token.claims["events"] == {"http://schemas.openid.net/event/backchannel-logout": {}}
    finally:
        receiver.close()


def test_an_oidc_logout_runs_the_saml_round_and_ends_at_the_clients_post_logout_redirect_uri(
        pforte, pforte_server, backend, tmp_path_factory):
    """Issue #15 item 8: RP-initiated logout (`id_token_hint`, `post_logout_redirect_uri`,
    `state`) of a session that also has a SAML participant: the SP gets its LogoutRequest, and
    its LogoutResponse leads to the OIDC client's post-logout redirect URI with `state`, not to
    Pforte's logged-out page."""
    workdir = tmp_path_factory.mktemp("work")
    sp = SP(tmp_path_factory.mktemp("sp"))
    sp.install(workdir)
    provider = start_provider(pforte, pforte_server, backend, workdir, [ClientSpec("portal")])
    sp.connect(provider.server.base_url)
    flow, tokens = code_flow(provider, "portal")
    _, browser, _ = sso(provider.server, sp, Login(provider.email, provider.password), browser=flow.session)

    response = end_session(provider, browser, id_token_hint=tokens["id_token"],
                           post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI, state="mixed-state")
    response = answer_logout_request(browser, provider.server, sp, response)
    assert response.status_code == 303, response.text[:2000]
    target = response.headers["Location"]
    assert target.startswith(POST_LOGOUT_REDIRECT_URI) and query_of(target)["state"] == "mixed-state", target
    account = browser.get(provider.server.base_url + "/account", allow_redirects=False, timeout=30)
    assert account.status_code == 303 and account.headers["Location"].startswith("/login")
