"""One SSO session across re-authentication (issue #15, finding 2): two OIDC portals (authlib,
each with a back-channel logout URI served by the test) and one SAML portal (pysaml2) share a
session. A re-login for `prompt=login` and a SAML `ForceAuthn` login keep it: the new ID token
carries the same `sid`, and a later logout by the SAML portal with the SessionIndex of its first
assertion ends that one session and reaches both OIDC portals with the first ID tokens' `sid`.
"""

from __future__ import annotations

import base64

import pytest
from joserfc import jwt

from account_support import PASSWORD, Outbox, csrf, page_name, register_and_activate, unique_address
from oidc_support import ClientSpec, LogoutReceiver, code_flow, start_provider
from saml_support import SP, Login, answer_logout_request, location, logout_by_sp, saml_post, sign_in_and_continue, sso


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


def test_a_force_authn_login_of_another_account_asks_before_switching(pforte, pforte_server, backend, tmp_path_factory):
    """Issue #15: a SAML ForceAuthn login by another account is never answered silently. Cancel:
    the SP gets RequestDenied, the session and its OIDC portal stay. End: the OIDC portal gets its
    back-channel logout, the SP its LogoutRequest, and then the SP's request is answered for the
    other account."""
    receiver = LogoutReceiver()
    try:
        workdir = tmp_path_factory.mktemp("work")
        sp = SP(tmp_path_factory.mktemp("sp"))
        sp.install(workdir)
        provider = start_provider(pforte, pforte_server, backend, workdir,
                                  [ClientSpec("portal", backchannel_logout_uri=receiver.uri)])
        base = provider.server.base_url
        sp.connect(base)
        other = unique_address("other")
        register_and_activate(base, Outbox(provider.server.workdir), other, given_names="Max")
        for decision in ("cancel", "end"):
            flow, tokens = code_flow(provider, "portal")
            first = provider.validate_id_token("portal", tokens["id_token"], nonce=flow.nonce)
            browser = flow.session
            first_saml, _, _ = sso(provider.server, sp, Login(provider.email, PASSWORD), browser=browser)
            request_id, info = sp.authn_request(force_authn="true")
            page = sign_in_and_continue(browser, browser.get(location(info), timeout=30), Login(other, PASSWORD))
            assert page_name(page.text) == "person-switch", page.text
            assert provider.email in page.text and other in page.text
            chosen = browser.post(base + "/login/switch", data={"csrf_token": csrf(page.text), "decision": decision},
                                  allow_redirects=False, timeout=60)
            if decision == "cancel":
                _, fields = saml_post(chosen)
                with pytest.raises(Exception) as refused:
                    sp.parse_response(fields["SAMLResponse"], request_id)
                assert "RequestDenied" in repr(refused.value)
                assert b"status:Responder" in base64.b64decode(fields["SAMLResponse"])
                silent, silent_tokens = code_flow(provider, "portal", session=browser, prompt="none")
                assert provider.validate_id_token("portal", silent_tokens["id_token"], nonce=silent.nonce)["sid"] == first["sid"]
                assert receiver.tokens.empty(), "nobody was logged out"
                continue
            assert chosen.status_code == 303, chosen.text
            token = jwt.decode(receiver.next_token(), provider.key_set(), algorithms=["ES256", "RS256"])
            assert token.claims["sid"] == first["sid"]
            # The round ends where the SP's request continues, now as the other account.
            done = answer_logout_request(browser, provider.server, sp, chosen)
            assert done.status_code == 303 and done.headers["Location"].startswith("/saml/continue?"), done.text[:2000]
            continued = sign_in_and_continue(browser, browser.get(base + done.headers["Location"], timeout=30), None)
            _, fields = saml_post(continued)
            answer = sp.parse_response(fields["SAMLResponse"], request_id)
            assert answer.name_id.text != first_saml.name_id.text
    finally:
        receiver.close()
