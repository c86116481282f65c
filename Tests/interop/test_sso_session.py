"""One SSO session across re-authentication (issue #15, finding 2): two OIDC portals (authlib,
each with a back-channel logout URI served by the test) and one SAML portal (pysaml2) share a
session. A re-login for `prompt=login` and a SAML `ForceAuthn` login keep it: the new ID token
carries the same `sid`, and a later logout by the SAML portal with the SessionIndex of its first
assertion ends that one session and reaches both OIDC portals with the first ID tokens' `sid`.
"""

from __future__ import annotations

from joserfc import jwt

from oidc_support import ClientSpec, LogoutReceiver, code_flow, start_provider
from saml_support import SP, Login, logout_by_sp, sso


def test_a_re_login_and_force_authn_keep_the_session_of_every_portal(pforte, pforte_server, backend, tmp_path_factory):
    receivers = [LogoutReceiver(), LogoutReceiver()]
    try:
        workdir = tmp_path_factory.mktemp("work")
        sp = SP(tmp_path_factory.mktemp("sp"))
        sp.install(workdir)
        provider = start_provider(pforte, pforte_server, backend, workdir, [
            ClientSpec("portal", backchannel_logout_uri=receivers[0].uri),
            ClientSpec("other", backchannel_logout_uri=receivers[1].uri),
        ])
        sp.connect(provider.server.base_url)
        login = Login(provider.email, provider.password)
        flow, tokens = code_flow(provider, "portal")
        first = provider.validate_id_token("portal", tokens["id_token"], nonce=flow.nonce)
        browser = flow.session
        other_flow, other_tokens = code_flow(provider, "other", session=browser)
        other = provider.validate_id_token("other", other_tokens["id_token"], nonce=other_flow.nonce)
        assert other["sid"] == first["sid"]
        result, _, _ = sso(provider.server, sp, login, browser=browser)
        session_index = result.assertion.authn_statement[0].session_index

        again_flow, again_tokens = code_flow(provider, "portal", session=browser, prompt="login")
        assert "login" in again_flow.pages
        again = provider.validate_id_token("portal", again_tokens["id_token"], nonce=again_flow.nonce)
        assert again["sid"] == first["sid"]
        assert again["auth_time"] >= first["auth_time"]

        forced, _, _ = sso(provider.server, sp, login, browser=browser, force_authn="true")
        assert forced.assertion.authn_statement[0].session_index == session_index
        again_other_flow, again_other_tokens = code_flow(provider, "other", session=browser)
        assert provider.validate_id_token("other", again_other_tokens["id_token"],
                                          nonce=again_other_flow.nonce)["sid"] == first["sid"]

        # The SAML portal logs out with its first assertion's SessionIndex: the one session ends,
        # and each OIDC portal hears of the sid its first ID token named.
        logout_by_sp(provider.server.base_url, sp, browser, result.name_id, session_index)
        for receiver, name in zip(receivers, ["portal", "other"]):
            token = jwt.decode(receiver.next_token(), provider.key_set(), algorithms=["ES256", "RS256"])
            assert token.claims["aud"] == provider.clients[name].client_id
            assert token.claims["sid"] == first["sid"]
            assert receiver.tokens.empty(), "one session, one logout token"
    finally:
        for receiver in receivers:
            receiver.close()
