"""The OIDC code flow driven by a real relying-party library (Authlib) without a browser: form
login and consent with a requests session, code, token, ID token validated against /jwks,
userinfo, refresh with rotation, revocation, introspection, RP-initiated and back-channel
logout — for confidential clients (client_secret_basic, client_secret_post, private_key_jwt)
and a public PKCE client."""

from __future__ import annotations

import secrets
import time
from dataclasses import replace

import pytest
import requests
from authlib.integrations.base_client import OAuthError
from joserfc import jwt

from account_support import new_session, page_name
from oidc_support import (
    POST_LOGOUT_REDIRECT_URI, ClientSpec, LogoutReceiver, authorize, client_assertion, code_flow, confirm_logout,
    create_account, end_session, hs256_jwt, rsa_key, start_provider, token_request, unsigned_jwt,
)

LOW = "http://eidas.europa.eu/LoA/low"
HIGH = "http://eidas.europa.eu/LoA/high"


@pytest.fixture(scope="module")
def shared_provider(module_pforte, module_pforte_server, module_backend, tmp_path_factory):
    """One Pforte for the tests that need no settings of their own, with every client they use."""
    return start_provider(module_pforte, module_pforte_server, module_backend, tmp_path_factory.mktemp("flows"), [
        ClientSpec("basic"),
        ClientSpec("post", auth_method="client_secret_post"),
        ClientSpec("app", auth_method="none"),
        ClientSpec("jwt", auth_method="private_key_jwt"),
        ClientSpec("reuse"),
        ClientSpec("machine"),
        ClientSpec("strict"),
        ClientSpec("par"),
        ClientSpec("consented"),
        ClientSpec("lo"),
        ClientSpec("hints"),
        ClientSpec("neg"),
    ])


@pytest.fixture
def provider(shared_provider, module_pforte, module_backend):
    """The module's Pforte with an account of this test's own (its consents, sessions and
    tokens), and the server log from this test on."""
    email = create_account(module_pforte, dict(module_backend.config) or None, shared_provider.server.workdir)
    return replace(shared_provider, server=shared_provider.server.from_now(), email=email)


def _userinfo(provider, tokens, how: str = "header") -> requests.Response:
    url = provider.metadata["userinfo_endpoint"]
    token = tokens["access_token"]
    if how == "header":
        return requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    if how == "post-header":
        return requests.post(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return requests.post(url, data={"access_token": token}, timeout=10)


def _introspect(provider, name, token) -> dict:
    response = token_request(provider, name, {"token": token}, endpoint="introspection_endpoint")
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.postgres
def test_confidential_client_secret_basic_full_code_flow(pforte, pforte_server, backend, tmp_path):
    # Without the reuse grace, so that the reuse below counts as a replay (test_token_races.py
    # covers the grace).
    provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec("basic")],
                              config={"oidc": {"refresh_token_reuse_grace_seconds": 0}})
    flow, tokens = code_flow(provider, "basic", scope="openid profile email address birthdate trust_level phone")
    assert flow.pages == ["login", "consent"]
    assert tokens["token_type"] == "Bearer" and tokens["scope"] == "openid profile email address birthdate trust_level"

    claims = provider.validate_id_token("basic", tokens["id_token"], nonce=flow.nonce)
    assert claims["acr"] == LOW and claims["amr"] == ["pwd"]
    assert {"auth_time", "sid"} <= claims.keys()
    header = jwt.decode(tokens["id_token"], provider.key_set()).header
    assert header["alg"] == "ES256" and header["kid"]

    for how in ("header", "post-header", "post-body"):
        userinfo = _userinfo(provider, tokens, how)
        assert userinfo.status_code == 200, (how, userinfo.text)
        document = userinfo.json()
        assert document["sub"] == claims["sub"]
        assert document["email"] == provider.email and document["email_verified"] is True
        assert document["given_name"] == "Erika" and document["family_name"] == "Mustermann"
        assert document["trust_level"] == "normal"

    # RFC 9068: the access token is a JWT of type at+jwt, introspectable by its client.
    access = jwt.decode(tokens["access_token"], provider.key_set())
    assert access.header["typ"] == "at+jwt" and access.claims["client_id"] == provider.clients["basic"].client_id
    introspection = _introspect(provider, "basic", tokens["access_token"])
    assert introspection["active"] is True and introspection["sub"] == claims["sub"]
    assert _introspect(provider, "basic", tokens["refresh_token"])["active"] is True

    # Refresh with rotation: a new refresh token each time, the old one spent.
    oauth = provider.oauth("basic", token=tokens)
    refreshed = oauth.refresh_token(provider.metadata["token_endpoint"], refresh_token=tokens["refresh_token"])
    assert refreshed["refresh_token"] != tokens["refresh_token"]
    refreshed_claims = provider.validate_id_token("basic", refreshed["id_token"])
    assert refreshed_claims["sub"] == claims["sub"] and refreshed_claims["auth_time"] == claims["auth_time"]
    assert "nonce" not in refreshed_claims
    assert _userinfo(provider, refreshed).status_code == 200

    # Revocation of the access token (RFC 7009): userinfo and introspection refuse it.
    revoked = token_request(provider, "basic", {"token": refreshed["access_token"], "token_type_hint": "access_token"},
                            endpoint="revocation_endpoint")
    assert revoked.status_code == 200
    assert _userinfo(provider, refreshed).status_code == 401
    assert _introspect(provider, "basic", refreshed["access_token"]) == {"active": False}

    # Reuse of the rotated refresh token revokes the family: the newest refresh token too.
    reuse = token_request(provider, "basic", {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    newest = token_request(provider, "basic", {"grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]})
    assert newest.status_code == 400 and newest.json()["error"] == "invalid_grant"
    assert _userinfo(provider, tokens).status_code == 401


def test_client_secret_post_and_a_second_login_without_consent(provider):
    flow, tokens = code_flow(provider, "post", scope="openid email")
    provider.validate_id_token("post", tokens["id_token"], nonce=flow.nonce)
    # The consent is remembered: the same browser gets a code at once.
    again, _ = code_flow(provider, "post", scope="openid email", session=flow.session)
    assert again.pages == []
    # Basic authentication is not what this client registered.
    client = provider.clients["post"]
    wrong = requests.post(provider.metadata["token_endpoint"], auth=(client.client_id, client.secret),
                          data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}, timeout=10)
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    refreshed = provider.oauth("post", token=tokens).refresh_token(provider.metadata["token_endpoint"],
                                                                   refresh_token=tokens["refresh_token"])
    assert refreshed["access_token"]


def test_public_client_with_pkce(provider):
    flow, tokens = code_flow(provider, "app", scope="openid profile")
    provider.validate_id_token("app", tokens["id_token"], nonce=flow.nonce)
    assert _userinfo(provider, tokens).json()["name"] == "Erika Mustermann"

    without = authorize(provider, "app", pkce=None, session=flow.session)
    assert without.error == "invalid_request" and without.params["iss"] == provider.issuer
    plain = authorize(provider, "app", pkce="plain", session=flow.session)
    assert plain.error == "invalid_request"

    wrong_verifier = authorize(provider, "app", session=flow.session)
    response = token_request(provider, "app", {"grant_type": "authorization_code", "code": wrong_verifier.code,
                                               "redirect_uri": provider.clients["app"].redirect_uri,
                                               "code_verifier": "x" * 50})
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    # Introspection needs an authenticated client.
    denied = token_request(provider, "app", {"token": tokens["access_token"]}, endpoint="introspection_endpoint")
    assert denied.status_code == 401


def test_private_key_jwt_inline_keys_and_assertion_rules(provider):
    flow, tokens = code_flow(provider, "jwt", scope="openid")
    provider.validate_id_token("jwt", tokens["id_token"], nonce=flow.nonce)
    assert _introspect(provider, "jwt", tokens["access_token"])["active"] is True

    token_url = provider.metadata["token_endpoint"]
    client_id = provider.clients["jwt"].client_id

    def refresh_with(assertion: str) -> requests.Response:
        return requests.post(token_url, data={
            "grant_type": "refresh_token", "refresh_token": "unknown",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion}, timeout=10)

    once = client_assertion(provider, "jwt", audience=token_url)
    assert refresh_with(once).json()["error"] == "invalid_grant", "the assertion authenticates"
    assert refresh_with(once).json()["error"] == "invalid_client", "the same jti a second time is refused"
    unsigned = unsigned_jwt(_assertion_claims(client_id, token_url))
    assert refresh_with(unsigned).json()["error"] == "invalid_client"
    public_pem = provider.clients["jwt"].private_key.as_pem(private=False)
    assert refresh_with(hs256_jwt(_assertion_claims(client_id, token_url), public_pem)).json()["error"] == "invalid_client"
    other_audience = client_assertion(provider, "jwt", audience="https://elsewhere.example/token")
    assert refresh_with(other_audience).json()["error"] == "invalid_client"


def _assertion_claims(client_id: str, audience: str) -> dict:
    return {"iss": client_id, "sub": client_id, "aud": audience, "exp": int(time.time()) + 60,
            "jti": secrets.token_urlsafe(8)}


def test_private_key_jwt_rs256_with_keys_fetched_from_jwks_uri(pforte, pforte_server, backend, tmp_path):
    key = rsa_key("rp-1")
    receiver = LogoutReceiver(jwks={"keys": [key.as_dict(private=False)]})
    try:
        provider = start_provider(pforte, pforte_server, backend, tmp_path, [
            ClientSpec("fetched", auth_method="private_key_jwt", jwks_uri=receiver.jwks_uri, private_key=key)])
        flow, tokens = code_flow(provider, "fetched", scope="openid")
        provider.validate_id_token("fetched", tokens["id_token"], nonce=flow.nonce)
    finally:
        receiver.close()


@pytest.mark.postgres
def test_a_reused_code_is_refused_and_revokes_its_tokens(provider):
    flow, tokens = code_flow(provider, "reuse")
    again = provider.oauth("reuse")
    with pytest.raises(OAuthError) as refused:
        again.fetch_token(code=flow.code, code_verifier=flow.code_verifier)
    assert refused.value.error == "invalid_grant"
    assert _introspect(provider, "reuse", tokens["access_token"]) == {"active": False}
    assert _introspect(provider, "reuse", tokens["refresh_token"]) == {"active": False}


def test_client_credentials_for_a_machine_client(provider):
    token = provider.oauth("machine").fetch_token(grant_type="client_credentials")
    assert "refresh_token" not in token and "id_token" not in token
    introspection = _introspect(provider, "machine", token["access_token"])
    assert introspection["active"] is True and introspection["sub"] == provider.clients["machine"].client_id
    assert _userinfo(provider, token).status_code == 401, "a client token releases no user claims"


def test_prompt_max_age_and_acr_values(pforte, pforte_server, backend, tmp_path):
    # Without an eID service no login reaches hoch (the step-up has test_eid_step_up.py).
    provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec("prompts")],
                              config={"eid": {"enabled": False}})
    none_without_session = authorize(provider, "prompts", prompt="none")
    assert none_without_session.error == "login_required" and none_without_session.params["iss"] == provider.issuer

    flow, _ = code_flow(provider, "prompts")
    logged_in = authorize(provider, "prompts", prompt="none", session=flow.session)
    assert logged_in.code and logged_in.pages == []

    fresh = authorize(provider, "prompts", max_age=0, session=flow.session)
    assert fresh.code and fresh.pages == ["login"], "max_age=0 forces a new login"
    relogin = authorize(provider, "prompts", prompt="login", session=flow.session)
    assert relogin.code and relogin.pages == ["login"]
    tokens = provider.oauth("prompts").fetch_token(code=relogin.code, code_verifier=relogin.code_verifier)
    claims = provider.validate_id_token("prompts", tokens["id_token"], nonce=relogin.nonce)
    assert claims["auth_time"] >= int(time.time()) - 5

    high = authorize(provider, "prompts", acr_values=HIGH, session=flow.session)
    assert high.error == "unmet_authentication_requirements"
    essential = authorize(provider, "prompts", session=flow.session,
                          claims={"id_token": {"acr": {"essential": True, "values": [HIGH]}}})
    assert essential.error == "unmet_authentication_requirements"
    silent_high = authorize(provider, "prompts", acr_values=HIGH, prompt="none", session=flow.session)
    assert silent_high.error == "login_required"
    low = authorize(provider, "prompts", acr_values=f"{HIGH} {LOW}", session=flow.session)
    assert low.code, "any listed level satisfies the client"

    consent = authorize(provider, "prompts", prompt="consent", session=flow.session, consent=None)
    assert consent.pages == ["consent"]
    denied = authorize(provider, "prompts", prompt="consent", session=flow.session, consent="deny")
    assert denied.error == "access_denied"


def test_request_objects_are_refused_and_bad_clients_get_a_page(provider):
    request_object = authorize(provider, "strict", extra={"request": "eyJhbGciOiJub25lIn0.e30."}, log_in=False)
    assert request_object.error == "request_not_supported"
    request_uri = authorize(provider, "strict", extra={"request_uri": "https://rp.example/request.jwt"}, log_in=False)
    assert request_uri.error == "request_uri_not_supported"
    missing_type = authorize(provider, "strict", extra={"response_type": None}, log_in=False)
    assert missing_type.error == "invalid_request"

    for extra in ({"redirect_uri": "https://attacker.example/cb"},
                  {"redirect_uri": provider.clients["strict"].redirect_uri + "?x=1"},
                  {"client_id": "unknown-client"}):
        refused = authorize(provider, "strict", extra=extra, log_in=False)
        assert refused.location is None and refused.response.status_code == 400, extra
        assert page_name(refused.response.text) == "authorization-error"

    posted = authorize(provider, "strict", method="POST", extra={"unknown_parameter": "ignored"})
    assert posted.code


@pytest.mark.postgres
def test_pushed_authorization_request(provider):
    client = provider.clients["par"]
    pushed = token_request(provider, "par", {
        "response_type": "code", "client_id": client.client_id, "redirect_uri": client.redirect_uri,
        "scope": "openid email", "state": "s1", "nonce": "n1",
    }, endpoint="pushed_authorization_request_endpoint")
    assert pushed.status_code == 201, pushed.text
    request_uri = pushed.json()["request_uri"]
    assert request_uri.startswith("urn:ietf:params:oauth:request_uri:") and pushed.json()["expires_in"] == 60

    session = new_session()
    flow = authorize(provider, "par", session=session, state=None, nonce=None, pkce=None, scope="openid",
                     extra={"request_uri": request_uri, "redirect_uri": None, "response_type": None, "scope": None})
    assert flow.code and flow.params["state"] == "s1"
    tokens = provider.oauth("par").fetch_token(code=flow.code)
    assert provider.validate_id_token("par", tokens["id_token"], nonce="n1")

    replay = authorize(provider, "par", session=session, state=None, nonce=None, pkce=None,
                       extra={"request_uri": request_uri, "redirect_uri": None, "response_type": None, "scope": None})
    assert replay.location is None and replay.response.status_code == 400, "a request_uri works once"

    bad = token_request(provider, "par", {"response_type": "code", "redirect_uri": "https://attacker.example/cb",
                                          "scope": "openid"}, endpoint="pushed_authorization_request_endpoint")
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_request"


@pytest.mark.postgres
def test_consent_is_listed_on_the_account_page_and_withdrawing_it_revokes_tokens(provider):
    flow, tokens = code_flow(provider, "consented", scope="openid email")
    account = flow.session.get(provider.server.base_url + "/account", timeout=10)
    assert "Portal consented" in account.text
    from account_support import submit
    withdrawn = submit(flow.session, provider.server.base_url, "/account/consents/withdraw",
                       {"client_id": provider.clients["consented"].client_id}, form_page="/account")
    assert withdrawn.status_code == 200 and page_name(withdrawn.text) == "account"
    assert "Portal consented" not in withdrawn.text
    assert _introspect(provider, "consented", tokens["refresh_token"]) == {"active": False}
    assert _userinfo(provider, tokens).status_code == 401
    again = authorize(provider, "consented", scope="openid email", session=flow.session, consent=None)
    assert again.pages == ["consent"]


@pytest.mark.postgres
def test_rp_initiated_logout_with_back_channel_notification(pforte, pforte_server, backend, tmp_path):
    receiver = LogoutReceiver()
    try:
        provider = start_provider(pforte, pforte_server, backend, tmp_path, [
            ClientSpec("rp", backchannel_logout_uri=receiver.uri, id_token_alg="RS256")])
        flow, tokens = code_flow(provider, "rp")
        id_claims = provider.validate_id_token("rp", tokens["id_token"], nonce=flow.nonce)
        logout = flow.session.get(provider.metadata["end_session_endpoint"], params={
            "id_token_hint": tokens["id_token"], "post_logout_redirect_uri": POST_LOGOUT_REDIRECT_URI, "state": "bye",
        }, allow_redirects=False, timeout=10)
        assert logout.status_code == 303
        assert logout.headers["Location"] == POST_LOGOUT_REDIRECT_URI + "?state=bye"
        after = flow.session.get(provider.server.base_url + "/account", allow_redirects=False, timeout=10)
        assert after.headers["Location"].startswith("/login")

        logout_token = jwt.decode(receiver.next_token(), provider.key_set(), algorithms=["RS256"])
        assert logout_token.header["typ"] == "logout+jwt"
        claims = logout_token.claims
        assert claims["iss"] == provider.issuer and claims["aud"] == provider.clients["rp"].client_id
        assert claims["sid"] == id_claims["sid"] and claims["sub"] == id_claims["sub"]
        assert "http://schemas.openid.net/event/backchannel-logout" in claims["events"] and "nonce" not in claims
    finally:
        receiver.close()


def test_logout_requests_that_do_not_prove_themselves(provider):
    flow, tokens = code_flow(provider, "lo")
    client_id = provider.clients["lo"].client_id

    def logout(**params) -> requests.Response:
        return end_session(provider, flow.session, **params)

    for params in ({"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "https://attacker.example/"},
                   {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": POST_LOGOUT_REDIRECT_URI + "?x=1"},
                   {"id_token_hint": tokens["id_token"][:-4] + "AAAA"},
                   {"post_logout_redirect_uri": POST_LOGOUT_REDIRECT_URI}):
        refused = logout(**params)
        assert refused.status_code == 400 and page_name(refused.text) == "logout-error", params

    confirm = logout(client_id=client_id, post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI, state="s")
    assert confirm.status_code == 200 and page_name(confirm.text) == "logout"
    done = confirm_logout(provider, flow.session, confirm)
    assert done.status_code == 303 and done.headers["Location"] == POST_LOGOUT_REDIRECT_URI + "?state=s"


def test_back_channel_logout_when_a_session_ends_by_idle_timeout(pforte, pforte_server, backend, tmp_path):
    receiver = LogoutReceiver()
    try:
        provider = start_provider(
            pforte, pforte_server, backend, tmp_path, [ClientSpec("idle", backchannel_logout_uri=receiver.uri)],
            config={"sessions": {"idle_timeout_seconds": 2}, "oidc": {"backchannel_logout_interval_seconds": 1}})
        flow, tokens = code_flow(provider, "idle")
        sid = provider.validate_id_token("idle", tokens["id_token"])["sid"]
        logout_token = jwt.decode(receiver.next_token(timeout=20), provider.key_set())
        assert logout_token.claims["sid"] == sid
    finally:
        receiver.close()


def test_login_hint_and_ui_locales_reach_the_login_page(provider):
    flow = authorize(provider, "hints", login_hint=provider.email, ui_locales="fr en-GB", log_in=False)
    assert flow.pages == ["login"]
    assert f'value="{provider.email}"' in flow.response.text
    assert '<html lang="en">' in flow.response.text
    german = authorize(provider, "hints", ui_locales="de", log_in=False)
    assert '<html lang="de">' in german.response.text


def test_malformed_machine_requests_get_protocol_errors(provider):
    client = provider.clients["neg"]
    token_url = provider.metadata["token_endpoint"]
    basic = (client.client_id, client.secret)

    as_json = requests.post(token_url, json={"grant_type": "client_credentials"}, auth=basic, timeout=10)
    assert as_json.status_code == 400 and as_json.json()["error"] == "invalid_request"
    repeated = requests.post(token_url, data="grant_type=client_credentials&grant_type=refresh_token", auth=basic,
                             headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    assert repeated.status_code == 400 and repeated.json()["error"] == "invalid_request"
    assert token_request(provider, "neg", {}).json()["error"] == "invalid_request"
    assert token_request(provider, "neg", {"grant_type": "password"}).json()["error"] == "unsupported_grant_type"
    assert token_request(provider, "neg", {"grant_type": "authorization_code", "code": "x"}).json()["error"] == "invalid_grant"
    unknown = requests.post(token_url, data={"grant_type": "client_credentials"}, auth=("nobody", "secret"), timeout=10)
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"
    assert unknown.headers["WWW-Authenticate"].startswith("Basic")
    assert unknown.headers["Cache-Control"] == "no-store"

    assert token_request(provider, "neg", {}, endpoint="introspection_endpoint").json()["error"] == "invalid_request"
    assert token_request(provider, "neg", {"token": "unknown"}, endpoint="revocation_endpoint").status_code == 200
    assert token_request(provider, "neg", {"token": "a.b.c"}, endpoint="introspection_endpoint").json() == {"active": False}

    token = provider.oauth("neg").fetch_token(grant_type="client_credentials")["access_token"]
    both = requests.post(provider.metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {token}"},
                         data={"access_token": token}, timeout=10)
    assert both.status_code == 401
    bare = requests.get(provider.metadata["userinfo_endpoint"], timeout=10)
    assert bare.status_code == 401 and bare.headers["WWW-Authenticate"] == 'Bearer realm="pforte"'

    repeated_authorize = requests.get(provider.metadata["authorization_endpoint"] + "?client_id=a&client_id=b",
                                      allow_redirects=False, timeout=10)
    assert repeated_authorize.status_code == 400 and page_name(repeated_authorize.text) == "authorization-error"
