"""The OP conformance matrix of ../shared/docs/oidc-conformance.md, one test per module of the
OpenID Foundation's oidcc-basic, oidcc-config, rp-initiated-logout and back-channel logout
plans, named after the module (so that a later run of the real suite maps one-to-one), and the
RFC 9700 cases listed there.

One Pforte serves the whole module (on SQLite, and one on PostgreSQL for the tests marked
`postgres`): the modules are independent flows of separate browser sessions against one
provider, as in the real suite. Tests that need several clients use the ones registered by the
`provider` fixture.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import warnings
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import ECKey

from account_support import page_name
from support import wait_until
from oidc_support import (
    POST_LOGOUT_REDIRECT_URI, AuthorizationResult, ClientSpec, LogoutReceiver, OIDCProvider, authorize,
    client_assertion, code_flow, confirm_logout, end_session, follow, hs256_jwt, start_provider, token_request,
    unsigned_jwt,
)

LOW = "http://eidas.europa.eu/LoA/low"
HIGH = "http://eidas.europa.eu/LoA/high"
ALL_SCOPES = "openid profile email address birthdate trust_level phone"


@pytest.fixture(scope="module")
def logout_receiver():
    receiver = LogoutReceiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="module")
def provider(module_pforte, module_pforte_server, module_backend, tmp_path_factory, logout_receiver) -> OIDCProvider:
    return start_provider(module_pforte, module_pforte_server, module_backend, tmp_path_factory.mktemp("conformance"), [
        ClientSpec("basic"),
        ClientSpec("second"),
        ClientSpec("post", auth_method="client_secret_post"),
        ClientSpec("rs256", id_token_alg="RS256"),
        ClientSpec("public", auth_method="none"),
        ClientSpec("jwt", auth_method="private_key_jwt"),
        ClientSpec("backchannel", backchannel_logout_uri=logout_receiver.uri),
    # Without an eID service no login reaches hoch, which the acr tests rely on
    # (the eID step-up has its own tests, test_eid_step_up.py).
    ], config={"eid": {"enabled": False}})


# --- helpers ------------------------------------------------------------------------------------

def _userinfo(provider: OIDCProvider, access_token: str, how: str = "get") -> requests.Response:
    url = provider.metadata["userinfo_endpoint"]
    if how == "get":
        return requests.get(url, headers={"Authorization": f"Bearer {access_token}"}, timeout=10)
    if how == "post-header":
        return requests.post(url, headers={"Authorization": f"Bearer {access_token}"}, timeout=10)
    return requests.post(url, data={"access_token": access_token}, timeout=10)


def _introspect(provider: OIDCProvider, name: str, token: str) -> dict[str, Any]:
    response = token_request(provider, name, {"token": token}, endpoint="introspection_endpoint")
    assert response.status_code == 200, response.text
    return response.json()


def _exchange(provider: OIDCProvider, name: str, flow: AuthorizationResult, **overrides: str) -> requests.Response:
    data = {"grant_type": "authorization_code", "code": flow.code or "",
            "redirect_uri": provider.clients[name].redirect_uri}
    if flow.code_verifier:
        data["code_verifier"] = flow.code_verifier
    return token_request(provider, name, data | overrides)


def _successful_flow(provider: OIDCProvider, name: str = "basic", **kwargs: Any):
    """A code flow whose ID token has been validated; returns (flow, tokens, id token claims)."""
    flow, tokens = code_flow(provider, name, **kwargs)
    claims = provider.validate_id_token(name, tokens["id_token"], nonce=flow.nonce)
    return flow, tokens, claims


def _assert_error_redirect(provider: OIDCProvider, result: AuthorizationResult, error: str) -> None:
    """An RFC 6749 §4.1.2.1 error response at the client's redirect URI, with `iss` (RFC 9207)
    and the request's state."""
    assert result.location is not None, f"no redirect: {result.response.status_code} {result.response.text[:300]}"
    assert result.location.split("?")[0] in {client.redirect_uri for client in provider.clients.values()}
    assert result.error == error, result.params
    assert result.params.get("iss") == provider.issuer
    if result.state is not None:
        assert result.params.get("state") == result.state
    assert "code" not in result.params


def _assert_error_page(result: AuthorizationResult) -> None:
    """Pforte answered on its own page and sent the browser nowhere."""
    assert result.location is None, f"redirected to {result.location}"
    assert result.response.status_code == 400
    assert page_name(result.response.text) == "authorization-error"


def _logged_out(provider: OIDCProvider, session: requests.Session) -> bool:
    """Whether the browser session is gone: prompt=none answers login_required."""
    silent = authorize(provider, "basic", session=session, prompt="none")
    return silent.error == "login_required"


# --- oidcc-basic-certification-test-plan --------------------------------------------------------

def test_oidcc_server(provider):
    flow, tokens, claims = _successful_flow(provider)
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] > 0
    assert {"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid"} <= claims.keys()
    assert _userinfo(provider, tokens["access_token"]).json()["sub"] == claims["sub"]


def test_oidcc_response_type_missing(provider):
    result = authorize(provider, "basic", extra={"response_type": None}, log_in=False)
    _assert_error_redirect(provider, result, "invalid_request")


def test_oidcc_idtoken_signature(provider):
    for name, alg in (("basic", "ES256"), ("rs256", "RS256")):
        _, tokens, _ = _successful_flow(provider, name)
        header = jwt.decode(tokens["id_token"], provider.key_set()).header
        assert header["alg"] == alg and header["kid"] in {key["kid"] for key in provider.server.get("/jwks").json()["keys"]}


def test_oidcc_idtoken_unsigned(provider, module_pforte, module_backend):
    """The OP never issues unsigned ID tokens: a client asking for them is not registered."""
    refused = module_pforte("clients", "add", "--id", "unsigned-ids", "--name", "Unsigned",
                            "--redirect-uri", "https://rp.example/cb", "--id-token-alg", "none",
                            config=module_backend.config or None, cwd=provider.server.workdir)
    assert refused.returncode != 0 and "none" in refused.stderr
    assert "none" not in provider.metadata["id_token_signing_alg_values_supported"]


@pytest.mark.parametrize("how", ["get", "post-header", "post-body"])
def test_oidcc_userinfo(provider, how):
    """oidcc-userinfo-get, oidcc-userinfo-post-header and oidcc-userinfo-post-body."""
    _, tokens, claims = _successful_flow(provider, scope="openid email")
    response = _userinfo(provider, tokens["access_token"], how)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    assert response.json()["sub"] == claims["sub"] and response.json()["email"] == provider.email


def test_oidcc_ensure_request_without_nonce_succeeds_for_code_flow(provider):
    flow, tokens = code_flow(provider, "basic", nonce=None)
    assert "nonce" not in provider.validate_id_token("basic", tokens["id_token"])


@pytest.mark.parametrize("scope, expected", [
    ("profile", {"name", "given_name", "family_name"}),
    ("email", {"email", "email_verified"}),
    ("address", set()),
    ("phone", set()),
    ("all", {"name", "given_name", "family_name", "email", "email_verified", "trust_level"}),
])
def test_oidcc_scope(provider, scope, expected):
    """oidcc-scope-profile, -email, -address, -phone and -all. Pforte has no phone claim: the
    scope is ignored and the flow succeeds. The test account has no address yet, so the address
    scope succeeds without one (an absent claim is omitted, never null)."""
    requested = ALL_SCOPES if scope == "all" else f"openid {scope}"
    _, tokens, _ = _successful_flow(provider, scope=requested)
    document = _userinfo(provider, tokens["access_token"]).json()
    assert expected <= document.keys()
    assert "phone_number" not in document and None not in document.values()
    assert "phone" not in tokens["scope"].split()


def test_oidcc_alternate_happy_flow(provider):
    """Scope values in reverse order and the query parameters in another order (RFC 6749 §3.3)."""
    client = provider.clients["basic"]
    session = provider.log_in()
    verifier = "v" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = urlencode([("state", "s-alt"), ("code_challenge_method", "S256"), ("scope", "email openid"),
                       ("redirect_uri", client.redirect_uri), ("nonce", "n-alt"), ("code_challenge", challenge),
                       ("client_id", client.client_id), ("response_type", "code")])
    response = session.get(f"{provider.metadata['authorization_endpoint']}?{query}", allow_redirects=False, timeout=30)
    result = AuthorizationResult(response, session, "s-alt", "n-alt", verifier)
    result = follow(provider, result, log_in=False, consent="allow")
    assert result.code and result.params["state"] == "s-alt"
    tokens = provider.oauth("basic").fetch_token(code=result.code, code_verifier=verifier)
    provider.validate_id_token("basic", tokens["id_token"], nonce="n-alt")
    assert "email" in _userinfo(provider, tokens["access_token"]).json()


@pytest.mark.parametrize("display", ["page", "popup"])
def test_oidcc_display(provider, display):
    """oidcc-display-page and oidcc-display-popup: the value is accepted; Pforte's pages are the
    same for both."""
    result = authorize(provider, "basic", extra={"display": display})
    assert result.code and result.pages[0] == "login"


def test_oidcc_prompt_login(provider):
    first, _, first_claims = _successful_flow(provider)
    # auth_time counts whole seconds: the next one has to begin for the new login to show.
    wait_until(lambda: int(time.time()) > first_claims["auth_time"], "the next second")
    again = authorize(provider, "basic", session=first.session, prompt="login")
    assert again.code and again.pages == ["login"], "prompt=login shows the login form to a logged-in user"
    tokens = provider.oauth("basic").fetch_token(code=again.code, code_verifier=again.code_verifier)
    claims = provider.validate_id_token("basic", tokens["id_token"], nonce=again.nonce)
    assert claims["auth_time"] > first_claims["auth_time"] and claims["sub"] == first_claims["sub"]


def test_oidcc_prompt_none_not_logged_in(provider):
    result = authorize(provider, "basic", prompt="none")
    _assert_error_redirect(provider, result, "login_required")
    assert result.pages == []


def test_oidcc_prompt_none_logged_in(provider):
    first, _, first_claims = _successful_flow(provider)
    silent = authorize(provider, "basic", session=first.session, prompt="none")
    assert silent.code and silent.pages == []
    tokens = provider.oauth("basic").fetch_token(code=silent.code, code_verifier=silent.code_verifier)
    claims = provider.validate_id_token("basic", tokens["id_token"], nonce=silent.nonce)
    assert claims["sub"] == first_claims["sub"] and claims["auth_time"] == first_claims["auth_time"]


def test_oidcc_max_age_1(provider):
    """The suite's module waits out max_age=1; here max_age=0 makes any earlier login too old
    without waiting (the comparison of age and max_age, e.g. 30 s, is AuthorizationStepTests')."""
    first, _, first_claims = _successful_flow(provider)
    again = authorize(provider, "basic", session=first.session, max_age=0)
    assert again.code and again.pages == ["login"], "an older login than max_age asks for the password again"
    tokens = provider.oauth("basic").fetch_token(code=again.code, code_verifier=again.code_verifier)
    claims = provider.validate_id_token("basic", tokens["id_token"], nonce=again.nonce)
    assert claims["auth_time"] >= first_claims["auth_time"] and claims["sub"] == first_claims["sub"]


def test_oidcc_max_age_10000(provider):
    first, _, first_claims = _successful_flow(provider)
    again = authorize(provider, "basic", session=first.session, max_age=10000)
    assert again.code and again.pages == []
    tokens = provider.oauth("basic").fetch_token(code=again.code, code_verifier=again.code_verifier)
    claims = provider.validate_id_token("basic", tokens["id_token"], nonce=again.nonce)
    assert claims["auth_time"] == first_claims["auth_time"]


def test_oidcc_ensure_request_with_unknown_parameter_succeeds(provider):
    result = authorize(provider, "basic", extra={"extra_parameter_nobody_knows": "value"})
    assert result.code


def test_oidcc_id_token_hint(provider):
    first, tokens, first_claims = _successful_flow(provider)
    silent = authorize(provider, "basic", session=first.session, prompt="none",
                       extra={"id_token_hint": tokens["id_token"]})
    assert silent.code
    again = provider.oauth("basic").fetch_token(code=silent.code, code_verifier=silent.code_verifier)
    assert provider.validate_id_token("basic", again["id_token"])["sub"] == first_claims["sub"]


def test_oidcc_login_hint(provider):
    result = authorize(provider, "basic", login_hint=provider.email, log_in=False)
    assert result.pages == ["login"]
    assert f'value="{provider.email}"' in result.response.text, "the login form is pre-filled with the hint"


@pytest.mark.parametrize("locales, lang", [("en", "en"), ("fr-CA en-GB", "en"), ("de", "de")])
def test_oidcc_ui_locales(provider, locales, lang):
    result = authorize(provider, "basic", ui_locales=locales, log_in=False)
    assert result.pages == ["login"]
    assert f'<html lang="{lang}"' in result.response.text


def test_oidcc_claims_locales(provider):
    assert authorize(provider, "basic", extra={"claims_locales": "de en"}).code


def test_oidcc_ensure_request_with_acr_values_succeeds(provider):
    flow, tokens = code_flow(provider, "basic", acr_values=f"{LOW} {HIGH}")
    assert provider.validate_id_token("basic", tokens["id_token"], nonce=flow.nonce)["acr"] == LOW


@pytest.mark.postgres
def test_oidcc_codereuse(provider):
    """Also oidcc-codereuse-30seconds: the suite's wait of 30 s changes nothing here, since a
    redeemed code stays spent for its whole lifetime (a replay is recognised until the code
    expires: OIDCStoreTests.aCodeIsRedeemedOnceAndItsReplayIsRecognised, which also covers the
    expiry of unused codes after 60 s with injected time)."""
    flow, tokens = code_flow(provider, "basic")
    second = _exchange(provider, "basic", flow)
    assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
    assert _introspect(provider, "basic", tokens["access_token"]) == {"active": False}
    assert _userinfo(provider, tokens["access_token"]).status_code == 401


def test_oidcc_ensure_registered_redirect_uri(provider):
    result = authorize(provider, "basic", redirect_uri="https://rp.example/not-registered", log_in=False)
    _assert_error_page(result)


def test_oidcc_ensure_post_request_succeeds(provider):
    flow, tokens = code_flow(provider, "basic", method="POST")
    provider.validate_id_token("basic", tokens["id_token"], nonce=flow.nonce)


def test_oidcc_server_client_secret_post(provider):
    _, tokens, claims = _successful_flow(provider, "post")
    assert _userinfo(provider, tokens["access_token"]).json()["sub"] == claims["sub"]


def test_oidcc_request_uri_unsigned_supported_correctly_or_rejected_as_unsupported(provider):
    assert provider.metadata.get("request_uri_parameter_supported") is False
    result = authorize(provider, "basic", extra={"request_uri": "https://rp.example/request.jwt"}, log_in=False)
    _assert_error_redirect(provider, result, "request_uri_not_supported")


def test_oidcc_unsigned_request_object_supported_correctly_or_rejected_as_unsupported(provider):
    assert provider.metadata.get("request_parameter_supported") is False
    client = provider.clients["basic"]
    request_object = unsigned_jwt({"iss": client.client_id, "aud": provider.issuer, "response_type": "code",
                                    "client_id": client.client_id, "redirect_uri": client.redirect_uri,
                                    "scope": "openid", "state": "s", "nonce": "n"})
    result = authorize(provider, "basic", extra={"request": request_object}, log_in=False)
    _assert_error_redirect(provider, result, "request_not_supported")


def test_oidcc_claims_essential(provider):
    """The request must succeed; like the real module, a missing `name` is only a warning:
    Pforte releases claims by scope, and the `claims` parameter steers only `acr`."""
    claims_request = {"userinfo": {"name": {"essential": True}}}
    flow, tokens = code_flow(provider, "basic", scope="openid", claims=claims_request)
    document = _userinfo(provider, tokens["access_token"]).json()
    assert document["sub"]
    if "name" not in document:
        warnings.warn("oidcc-claims-essential: name requested by the claims parameter is not released")


def test_oidcc_ensure_request_object_with_redirect_uri(provider):
    """Request objects are not supported (discovery says so): the request carrying one fails,
    and the unregistered redirect_uri beside it is never used."""
    client = provider.clients["basic"]
    request_object = unsigned_jwt({"redirect_uri": client.redirect_uri, "client_id": client.client_id})
    result = authorize(provider, "basic", redirect_uri="https://attacker.example/cb",
                       extra={"request": request_object}, log_in=False)
    _assert_error_page(result)


def test_oidcc_refresh_token(provider):
    _, tokens, claims = _successful_flow(provider)
    refreshed = token_request(provider, "basic", {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text
    body = refreshed.json()
    refreshed_claims = provider.validate_id_token("basic", body["id_token"])
    assert refreshed_claims["sub"] == claims["sub"] and refreshed_claims["iss"] == claims["iss"]
    assert _userinfo(provider, body["access_token"]).status_code == 200
    other = token_request(provider, "second", {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]})
    assert other.status_code == 400 and other.json()["error"] == "invalid_grant", "a refresh token is bound to its client"


def test_oidcc_ensure_request_with_valid_pkce_succeeds(provider):
    for name in ("basic", "public"):
        flow, tokens = code_flow(provider, name, pkce="S256")
        provider.validate_id_token(name, tokens["id_token"], nonce=flow.nonce)


# --- oidcc-config-certification-test-plan ------------------------------------------------------

def test_oidcc_discovery_endpoint_verification(provider):
    metadata = provider.metadata
    assert metadata["issuer"] == provider.server.base_url
    for field in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                  "revocation_endpoint", "introspection_endpoint", "pushed_authorization_request_endpoint",
                  "end_session_endpoint"):
        assert metadata[field].startswith(provider.issuer + "/"), field
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["grant_types_supported"] == ["authorization_code", "refresh_token", "client_credentials"]
    assert "pairwise" in metadata["subject_types_supported"]
    assert {"ES256", "RS256"} <= set(metadata["id_token_signing_alg_values_supported"])
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["authorization_response_iss_parameter_supported"] is True
    assert "openid" in metadata["scopes_supported"]
    assert {"sub", "iss", "acr", "auth_time"} <= set(metadata["claims_supported"])
    assert metadata["claims_parameter_supported"] is True
    assert {LOW, HIGH} <= set(metadata["acr_values_supported"])
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic", "client_secret_post", "private_key_jwt", "none"}
    assert "none" not in metadata.get("token_endpoint_auth_signing_alg_values_supported", [])
    keys = requests.get(metadata["jwks_uri"], timeout=10).json()["keys"]
    assert keys and all("kid" in key and "d" not in key for key in keys)


# --- oidcc-rp-initiated-logout-certification-test-plan ------------------------------------------

def test_oidcc_rp_initiated_logout_discovery_endpoint_verification(provider):
    assert provider.metadata["end_session_endpoint"] == provider.issuer + "/logout"


def test_oidcc_rp_initiated_logout(provider):
    flow, tokens, _ = _successful_flow(provider)
    response = end_session(provider, flow.session, id_token_hint=tokens["id_token"],
                            post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI, state="logout-state")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{POST_LOGOUT_REDIRECT_URI}?state=logout-state"
    assert _logged_out(provider, flow.session)


def _assert_logout_refused(provider: OIDCProvider, flow: AuthorizationResult, **params: str) -> None:
    response = end_session(provider, flow.session, **params)
    assert response.status_code == 400 and "Location" not in response.headers
    assert page_name(response.text) == "logout-error"
    assert not _logged_out(provider, flow.session), "a refused logout request leaves the session alone"


def test_oidcc_rp_initiated_logout_bad_post_logout_redirect_uri(provider):
    flow, tokens, _ = _successful_flow(provider)
    _assert_logout_refused(provider, flow, id_token_hint=tokens["id_token"],
                           post_logout_redirect_uri="https://rp.example/not-registered", state="s")


def test_oidcc_rp_initiated_logout_modified_id_token_hint(provider):
    flow, tokens, _ = _successful_flow(provider)
    header, payload, signature = tokens["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    _assert_logout_refused(provider, flow, id_token_hint=f"{header}.{forged_payload}.{signature}",
                           post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI, state="s")


def _assert_logout_confirmed_on_page(provider: OIDCProvider, flow: AuthorizationResult, **params: str) -> None:
    """The request does not prove where to send the user: Pforte asks on its own page, logs out
    on confirmation and shows that it did, without redirecting anywhere."""
    page = end_session(provider, flow.session, **params)
    assert page.status_code == 200 and "Location" not in page.headers
    if page_name(page.text) == "logout":
        page = confirm_logout(provider, flow.session, page)
        if page.is_redirect:
            assert not page.headers["Location"].startswith(POST_LOGOUT_REDIRECT_URI)
            page = flow.session.get(provider.server.base_url + page.headers["Location"], timeout=10)
    assert page_name(page.text) == "logged-out", page.text[:400]
    assert _logged_out(provider, flow.session)


def test_oidcc_rp_initiated_logout_no_id_token_hint(provider):
    flow, _, _ = _successful_flow(provider)
    page = end_session(provider, flow.session, post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI, state="s")
    assert "Location" not in page.headers, "no redirect without proof of the client"
    assert page.status_code in (200, 400) and page_name(page.text) in ("logout", "logout-error")


def test_oidcc_rp_initiated_logout_no_params(provider):
    flow, _, _ = _successful_flow(provider)
    _assert_logout_confirmed_on_page(provider, flow)


def test_oidcc_rp_initiated_logout_no_post_logout_redirect_uri(provider):
    flow, tokens, _ = _successful_flow(provider)
    response = end_session(provider, flow.session, id_token_hint=tokens["id_token"], state="s")
    assert "Location" not in response.headers or not response.headers["Location"].startswith("https://")
    if response.is_redirect:
        response = flow.session.get(provider.server.base_url + response.headers["Location"], timeout=10)
    assert page_name(response.text) in ("logged-out", "logout")
    if page_name(response.text) == "logout":
        confirm_logout(provider, flow.session, response)
    assert _logged_out(provider, flow.session)


def test_oidcc_rp_initiated_logout_no_state(provider):
    flow, tokens, _ = _successful_flow(provider)
    response = end_session(provider, flow.session, id_token_hint=tokens["id_token"],
                            post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI)
    assert response.status_code == 303 and response.headers["Location"] == POST_LOGOUT_REDIRECT_URI
    assert _logged_out(provider, flow.session)


def test_oidcc_rp_initiated_logout_only_state(provider):
    flow, _, _ = _successful_flow(provider)
    _assert_logout_confirmed_on_page(provider, flow, state="only-state")


def test_oidcc_rp_initiated_logout_query_added_to_post_logout_redirect_uri(provider):
    flow, tokens, _ = _successful_flow(provider)
    _assert_logout_refused(provider, flow, id_token_hint=tokens["id_token"],
                           post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI + "?foo=bar", state="s")


def test_oidcc_rp_initiated_logout_bad_id_token_hint(provider):
    """An id_token_hint signed by someone else (the test suite's own key)."""
    flow, tokens, claims = _successful_flow(provider)
    stranger = ECKey.generate_key("P-256", parameters={"kid": "stranger"})
    fake = jwt.encode({"alg": "ES256", "kid": "stranger"}, {k: claims[k] for k in ("iss", "sub", "aud", "exp", "iat")},
                      stranger)
    _assert_logout_refused(provider, flow, id_token_hint=fake,
                           post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI, state="s")


# --- oidcc-backchannel-rp-initiated-logout-certification-test-plan ------------------------------

def test_oidcc_backchannel_logout_discovery_endpoint_verification(provider):
    assert provider.metadata["backchannel_logout_supported"] is True
    assert provider.metadata["backchannel_logout_session_supported"] is True


def test_oidcc_backchannel_rp_initiated_logout(provider, logout_receiver):
    flow, tokens, id_claims = _successful_flow(provider, "backchannel")
    response = end_session(provider, flow.session, id_token_hint=tokens["id_token"],
                            post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI, state="bc")
    assert response.status_code == 303 and response.headers["Location"] == f"{POST_LOGOUT_REDIRECT_URI}?state=bc"

    logout_token = jwt.decode(logout_receiver.next_token(), provider.key_set(), algorithms=["ES256", "RS256"])
    assert logout_token.header["typ"] == "logout+jwt"
    claims = logout_token.claims
    jwt.JWTClaimsRegistry(iss={"essential": True, "value": provider.issuer},
                          aud={"essential": True, "value": provider.clients["backchannel"].client_id},
                          iat={"essential": True}, jti={"essential": True}).validate(claims)
    assert claims["events"] == {"http://schemas.openid.net/event/backchannel-logout": {}}
    assert claims["sub"] == id_claims["sub"] and claims["sid"] == id_claims["sid"]
    assert "nonce" not in claims
    silent = authorize(provider, "backchannel", session=flow.session, prompt="none")
    _assert_error_redirect(provider, silent, "login_required")


# --- beyond the plans: RFC 9700 and Pforte's own rules ------------------------------------------

PLAIN_PKCE = {"code_challenge": "p" * 50, "code_challenge_method": "plain"}


def test_pkce_plain_is_refused(provider):
    """Authlib leaves PKCE out for `plain`, so the parameters are set by hand; a challenge
    without a method means plain too (RFC 7636 §4.3)."""
    for name in ("basic", "public"):
        for extra in (PLAIN_PKCE, {"code_challenge": "p" * 50, "code_challenge_method": None}):
            _assert_error_redirect(provider, authorize(provider, name, pkce=None, extra=extra, log_in=False),
                                   "invalid_request")


def test_public_client_without_pkce_is_refused(provider):
    _assert_error_redirect(provider, authorize(provider, "public", pkce=None, log_in=False), "invalid_request")


@pytest.mark.parametrize("change", ["query added", "case changed", "path extended", "fragment added", "other host"])
def test_redirect_uri_must_match_exactly(provider, change):
    registered = provider.clients["basic"].redirect_uri
    variant = {
        "query added": registered + "?next=/admin",
        "case changed": registered.replace("https://rp.example", "https://RP.example"),
        "path extended": registered + "/extra",
        "fragment added": registered + "#frag",
        "other host": registered.replace("rp.example", "attacker.example"),
    }[change]
    _assert_error_page(authorize(provider, "basic", redirect_uri=variant, log_in=False))


def test_unknown_client_gets_an_error_page_not_a_redirect(provider):
    _assert_error_page(authorize(provider, "basic", extra={"client_id": "no-such-client",
                                                           "redirect_uri": "https://attacker.example/cb"}, log_in=False))


def test_code_is_bound_to_the_pkce_verifier(provider):
    flow = authorize(provider, "basic")
    wrong = _exchange(provider, "basic", flow, code_verifier="w" * 64)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    missing = token_request(provider, "basic", {"grant_type": "authorization_code", "code": flow.code,
                                                "redirect_uri": provider.clients["basic"].redirect_uri})
    assert missing.status_code == 400 and missing.json()["error"] in ("invalid_grant", "invalid_request")


def test_code_is_bound_to_client_and_redirect_uri(provider):
    flow = authorize(provider, "basic")
    elsewhere = _exchange(provider, "basic", flow, redirect_uri=provider.clients["basic"].redirect_uri + "x")
    assert elsewhere.status_code == 400 and elsewhere.json()["error"] == "invalid_grant"
    flow = authorize(provider, "basic")
    other_client = _exchange(provider, "second", flow, redirect_uri=provider.clients["basic"].redirect_uri)
    assert other_client.status_code == 400 and other_client.json()["error"] == "invalid_grant"


def test_wrong_client_authentication_is_refused(provider):
    client = provider.clients["basic"]
    url = provider.metadata["token_endpoint"]
    data = {"grant_type": "client_credentials"}
    for auth in ((client.client_id, client.secret[:-2] + "xx"), (client.client_id, ""), ("unknown", client.secret)):
        refused = requests.post(url, data=data, auth=auth, timeout=10)
        assert refused.status_code == 401 and refused.json()["error"] == "invalid_client", auth
        assert refused.headers["WWW-Authenticate"].startswith("Basic")
    unauthenticated = requests.post(url, data=data, timeout=10)
    assert unauthenticated.status_code == 401 and unauthenticated.json()["error"] == "invalid_client"


@pytest.mark.postgres
def test_refresh_token_reuse_revokes_the_family(provider):
    # A public client: a confidential one gets the reuse grace (test_token_races.py).
    _, tokens, _ = _successful_flow(provider, "public")
    rotated = token_request(provider, "public", {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert rotated.status_code == 200
    reused = token_request(provider, "public", {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    newest = token_request(provider, "public", {"grant_type": "refresh_token",
                                                "refresh_token": rotated.json()["refresh_token"]})
    assert newest.status_code == 400 and newest.json()["error"] == "invalid_grant"
    userinfo = requests.get(provider.metadata["userinfo_endpoint"], timeout=10,
                            headers={"Authorization": f"Bearer {rotated.json()['access_token']}"})
    assert userinfo.status_code == 401


def _forged_jwts(provider: OIDCProvider, claims: dict[str, Any]) -> dict[str, str]:
    """`alg: none`, and HS256 with Pforte's public key (as PEM and as JWK JSON) as the secret."""
    forged = {"alg none": unsigned_jwt(claims)}
    key = next(k for k in provider.server.get("/jwks").json()["keys"] if k["kty"] == "EC")
    public = ECKey.import_key(key)
    for label, secret in (("HS256 with PEM", public.as_pem(private=False)),
                          ("HS256 with JWK", json.dumps(key).encode())):
        forged[label] = hs256_jwt(claims, secret, header={"kid": key["kid"]})
    return forged


def test_forged_id_token_hints_are_rejected(provider):
    flow, tokens, claims = _successful_flow(provider)
    for label, forged in _forged_jwts(provider, claims).items():
        response = end_session(provider, flow.session, id_token_hint=forged,
                                post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI)
        assert response.status_code == 400 and "Location" not in response.headers, label
        silent = authorize(provider, "basic", session=flow.session, prompt="none", extra={"id_token_hint": forged})
        assert silent.code is None, f"{label}: a forged id_token_hint must not yield a code"
    assert not _logged_out(provider, flow.session)


def test_forged_client_assertions_are_rejected(provider):
    client = provider.clients["jwt"]
    url = provider.metadata["token_endpoint"]
    now = int(time.time())
    base = {"iss": client.client_id, "sub": client.client_id, "aud": url, "iat": now, "exp": now + 60}
    forged = {"alg none": unsigned_jwt(base | {"jti": "forged-none"})}
    public = client.private_key.as_pem(private=False)
    forged["HS256 with the public key"] = hs256_jwt(base | {"jti": "forged-hs"}, public)
    for label, assertion in forged.items():
        response = requests.post(url, data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion}, timeout=10)
        assert response.status_code == 401 and response.json()["error"] == "invalid_client", label
    genuine = requests.post(url, data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": client_assertion(provider, "jwt", audience=url)}, timeout=10)
    assert genuine.status_code == 200, genuine.text


def test_par_request_objects_are_refused(provider):
    client = provider.clients["basic"]
    claims = {"iss": client.client_id, "aud": provider.issuer, "response_type": "code", "client_id": client.client_id,
              "redirect_uri": client.redirect_uri, "scope": "openid"}
    for label, request_object in _forged_jwts(provider, claims).items():
        response = token_request(provider, "basic", {"request": request_object},
                                 endpoint="pushed_authorization_request_endpoint")
        assert response.status_code == 400, label
        assert response.json()["error"] in ("request_not_supported", "invalid_request_object", "invalid_request")


def test_iss_in_every_authorization_response(provider):
    success = authorize(provider, "basic")
    assert success.code and success.params["iss"] == provider.issuer
    for result in (authorize(provider, "basic", prompt="none"),
                   authorize(provider, "basic", pkce=None, extra=PLAIN_PKCE, log_in=False),
                   authorize(provider, "basic", consent="deny", prompt="consent"),
                   authorize(provider, "basic", extra={"response_type": "token"}, log_in=False)):
        assert result.error and result.params.get("iss") == provider.issuer, result.params


def test_open_redirects_on_logout_are_refused(provider):
    flow, tokens, _ = _successful_flow(provider)
    for target in ("https://attacker.example/", "//attacker.example/", POST_LOGOUT_REDIRECT_URI + "/../evil",
                   "https://rp.example.attacker.example/logged-out", POST_LOGOUT_REDIRECT_URI + "#x"):
        response = end_session(provider, flow.session, id_token_hint=tokens["id_token"],
                                post_logout_redirect_uri=target)
        assert response.status_code == 400 and "Location" not in response.headers, target
    assert not _logged_out(provider, flow.session)


def test_acr_above_the_session_level_is_not_met(provider):
    flow, _, _ = _successful_flow(provider)
    above = authorize(provider, "basic", session=flow.session, acr_values=HIGH)
    _assert_error_redirect(provider, above, "unmet_authentication_requirements")
    essential = authorize(provider, "basic", session=flow.session,
                          claims={"id_token": {"acr": {"essential": True, "value": HIGH}}})
    _assert_error_redirect(provider, essential, "unmet_authentication_requirements")
    silent = authorize(provider, "basic", session=flow.session, acr_values=HIGH, prompt="none")
    _assert_error_redirect(provider, silent, "login_required")


def test_authorization_errors_reach_the_client_only_through_its_registered_uri(provider):
    """A refused request of a known client with its registered redirect URI is answered there;
    without a verified redirect URI it stays on Pforte's page."""
    ok_target = authorize(provider, "basic", extra={"response_type": "code id_token"}, log_in=False)
    _assert_error_redirect(provider, ok_target, "unsupported_response_type")
    assert urlsplit(ok_target.location).netloc == "rp.example"
    missing_uri = authorize(provider, "basic", extra={"redirect_uri": None}, log_in=False)
    _assert_error_page(missing_uri)
