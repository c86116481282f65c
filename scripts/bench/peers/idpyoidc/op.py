"""A minimal OpenID Connect provider on idpyoidc's server API, for `make bench` (issue 9).

idpyoidc ships its example OP only in its source repository, not in the wheel, so this is the
benchmark's own glue around the library: idpyoidc does every protocol step (authorization,
PKCE, code, refresh and client-credentials grants, ID tokens, userinfo, discovery); this file
only maps WSGI requests onto its endpoints and supplies the password check.

Settings from the environment (set by start):
  IDPY_STATE   folder with users.json (Argon2id hashes), userinfo.json and clients.json from
               setup; idpyoidc writes its keys there at the first start (jwks.json and others)
  IDPY_ISSUER  the issuer URL (http://127.0.0.1:18083)
  BENCH_ID_TOKEN_ALG  RS256 (RSA-3072 key, default) or ES256 (P-256)
Run: gunicorn op:app (see start).
"""
from __future__ import annotations

import html
import json
import os
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from idpyoidc.message.oidc import AuthorizationRequest
from idpyoidc.server import Server
from idpyoidc.server.exception import ClientAuthenticationError, FailedAuthentication
from idpyoidc.server.oauth2.add_on.pkce import CC_METHOD
from idpyoidc.server.oauth2.token_helper.client_credentials import ClientCredentials
from idpyoidc.server.user_authn.user import UserAuthnMethod, create_signed_jwt
from idpyoidc.time_util import utc_time_sans_frac

STATE = Path(os.environ["IDPY_STATE"])
ISSUER = os.environ.get("IDPY_ISSUER", "http://127.0.0.1:18083")
ALG = os.environ.get("BENCH_ID_TOKEN_ALG", "RS256")
PASSWORD_ACR = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
LOGIN_PATH = "/login"

# Argon2id with the parameters every product in the benchmark uses where it can (m=7 MiB, t=5, p=1).
HASHER = PasswordHasher(time_cost=5, memory_cost=7 * 1024, parallelism=1)
UNKNOWN_USER_HASH = HASHER.hash(os.urandom(16).hex())


class Argon2Password(UserAuthnMethod):
    """Password login: the form carries the authorization request as a JWT signed by the OP
    (idpyoidc's stateless pattern), the password is checked against Argon2id hashes."""

    url_endpoint = LOGIN_PATH

    def __init__(self, users_file: str, upstream_get=None, **kwargs):
        super().__init__(upstream_get=upstream_get, **kwargs)
        self.hashes = json.loads(Path(users_file).read_text())

    def __call__(self, **kwargs):
        context = self.upstream_get("context")
        token = create_signed_jwt(context.issuer, self.upstream_get("attribute", "keyjar"), sign_alg=ALG, **kwargs)
        return (f'<!doctype html><html lang="en"><title>Log in</title><main><form method="post" action="{LOGIN_PATH}">'
                f'<input type="hidden" name="token" value="{html.escape(token)}">'
                f'<label>User <input name="username" autocomplete="username"></label>'
                f'<label>Password <input type="password" name="password" autocomplete="current-password"></label>'
                f'<button>Log in</button></form></main></html>')

    def verify(self, username: str = "", password: str = "", **_):
        # An unknown user costs one hash too, so the answer time does not tell who exists.
        stored = self.hashes.get(username, UNKNOWN_USER_HASH)
        try:
            HASHER.verify(stored, password)
        except VerificationError:
            raise FailedAuthentication("wrong user name or password")
        if username not in self.hashes:
            raise FailedAuthentication("wrong user name or password")
        return username


class ClientCredentialsGrant(ClientCredentials):
    """The client credentials grant (RFC 6749 §4.4). idpyoidc 5.0.0's helper keeps one grant
    per client but reads the stored client session as a dict and fails with a TypeError from
    the client's second request on; this finds that grant through the session's subordinates
    and lets the library mint the access token in it. The first request goes to the library."""

    def process_request(self, req, **kwargs):
        context = self.endpoint.upstream_get("context")
        manager = context.session_manager
        client_id = req["client_id"]
        try:
            grants = manager.get(["client_credentials", client_id]).subordinate
        except KeyError:
            return super().process_request(req, **kwargs)
        if "client_credentials" not in context.cdb[client_id].get("grant_types_supported", []):
            return self.error_cls(error="unauthorized_client", error_description="client_credentials not allowed")
        session_id = manager.encrypted_branch_id(*manager.unpack_branch_key(grants[0]))
        scope = context.cdb[client_id].get("allowed_scopes", [])
        token = self._mint_token(token_class="access_token", grant=manager.get_session_info(session_id)["grant"],
                                 session_id=session_id, client_id=client_id, based_on=None, scope=scope,
                                 token_type="Bearer")
        return {"access_token": token.value, "token_type": "Bearer", "scope": scope,
                "expires_in": token.expires_at - utc_time_sans_frac()}


def key_defs() -> list[dict]:
    if ALG == "ES256":
        return [{"type": "EC", "crv": "P-256", "use": ["sig"]}]
    return [{"type": "RSA", "key": "", "size": 3072, "use": ["sig"]}]


def symmetric_keys(name: str) -> dict:
    return {"private_path": str(STATE / f"{name}.json"), "read_only": False,
            "key_defs": [{"type": "OCT", "use": ["enc"], "kid": "enc"}, {"type": "OCT", "use": ["sig"], "kid": "sig"}]}


def clients() -> dict:
    """The registered clients (written by setup) in idpyoidc's client database form."""
    registered = json.loads((STATE / "clients.json").read_text())
    for client in registered.values():
        client["redirect_uris"] = [(uri, {}) for uri in client["redirect_uris"]]
        client["id_token_signed_response_alg"] = ALG
    return registered


def configuration() -> dict:
    return {
        "issuer": ISSUER,
        "key_conf": {"private_path": str(STATE / "jwks.json"), "read_only": False, "key_defs": key_defs(),
                     "uri_path": "jwks"},
        "cookie_handler": {
            "class": "idpyoidc.server.cookie_handler.CookieHandler",
            "kwargs": {"keys": symmetric_keys("cookie_keys"),
                       "name": {"session": "oidc_op", "register": "oidc_op_rp", "session_management": "sman"}},
        },
        "session_params": {"encrypter": {"kwargs": {"keys": {
            "private_path": str(STATE / "session_keys.json"), "read_only": False,
            "key_defs": [{"type": "OCT", "use": ["enc"], "kid": "password"},
                         {"type": "OCT", "use": ["enc"], "kid": "salt"}]}}}},
        "endpoint": {
            "provider_info": {"path": ".well-known/openid-configuration",
                              "class": "idpyoidc.server.oidc.provider_config.ProviderConfiguration", "kwargs": {}},
            "authorization": {"path": "authorization", "class": "idpyoidc.server.oidc.authorization.Authorization",
                              "kwargs": {"response_types_supported": ["code"], "response_modes_supported": ["query"]}},
            "token": {"path": "token", "class": "idpyoidc.server.oidc.token.Token", "kwargs": {
                "client_authn_method": ["client_secret_basic", "client_secret_post"],
                "revoke_refresh_on_issue": True,  # refresh tokens rotate: a used one is void
                "grant_types_helpers": {
                    "authorization_code": {"class": "idpyoidc.server.oidc.token_helper.access_token.AccessTokenHelper"},
                    "refresh_token": {"class": "idpyoidc.server.oidc.token_helper.refresh_token.RefreshTokenHelper"},
                    "client_credentials": {"class": ClientCredentialsGrant},
                }}},
            "userinfo": {"path": "userinfo", "class": "idpyoidc.server.oidc.userinfo.UserInfo", "kwargs": {}},
        },
        "authentication": {"password": {"acr": PASSWORD_ACR, "class": Argon2Password,
                                        "kwargs": {"users_file": str(STATE / "users.json")}}},
        "userinfo": {"class": "idpyoidc.server.user_info.UserInfo", "kwargs": {"db_file": str(STATE / "userinfo.json")}},
        "add_on": {"pkce": {"function": "idpyoidc.server.oauth2.add_on.pkce.add_support",
                            "kwargs": {"essential": True, "code_challenge_methods": {"S256": CC_METHOD["S256"]}}}},
        "authz": {"class": "idpyoidc.server.authz.AuthzHandling", "kwargs": {"grant_config": {
            "usage_rules": {
                "authorization_code": {"supports_minting": ["access_token", "refresh_token", "id_token"],
                                       "max_usage": 1, "expires_in": 120},
                "access_token": {"expires_in": 300},
                "refresh_token": {"supports_minting": ["access_token", "refresh_token", "id_token"],
                                  "expires_in": 86400},
            },
            "expires_in": 43200}}},
        "token_handler_args": {
            "jwks_def": {"private_path": str(STATE / "token_keys.json"), "read_only": False,
                         "key_defs": [{"type": "oct", "bytes": "24", "use": ["enc"], "kid": "code"}]},
            "code": {"kwargs": {"lifetime": 120}},
            # Opaque access and refresh tokens (idpyoidc's encrypted DefaultToken), as LemonLDAP::NG's.
            "token": {"kwargs": {"lifetime": 300}},
            "refresh": {"kwargs": {"lifetime": 86400}},
            "id_token": {"class": "idpyoidc.server.token.id_token.IDToken", "kwargs": {}},
        },
        "preference": {"id_token_signing_alg_values_supported": [ALG], "subject_types_supported": ["public"]},
    }


SERVER = Server(configuration(), cwd=str(STATE))
SERVER.context.cdb = clients()
JWKS = json.dumps(SERVER.keyjar.export_jwks(issuer_id="")).encode()


class Request:
    def __init__(self, environ: dict):
        self.method = environ["REQUEST_METHOD"]
        self.path = environ.get("PATH_INFO", "/")
        self.query = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        self.body = environ["wsgi.input"].read(length).decode() if length else ""
        jar = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        self.http_info = {
            "headers": {"authorization": environ.get("HTTP_AUTHORIZATION", "")} if environ.get("HTTP_AUTHORIZATION") else {},
            "cookie": [{"name": name, "value": morsel.value} for name, morsel in jar.items()],
            "url": ISSUER + self.path + ("?" + self.query if self.query else ""),
            "method": self.method,
        }

    def form(self) -> dict:
        return {key: values[0] for key, values in urllib.parse.parse_qs(self.body).items()}


def cookie_headers(cookies: list[dict]) -> list[tuple[str, str]]:
    headers = []
    for cookie in cookies or []:
        value = f"{cookie['name']}={cookie['value']}; Path=/; HttpOnly; SameSite=Lax"
        headers.append(("Set-Cookie", value))
    return headers


def reply(start_response, status: str, body: bytes, headers: list[tuple[str, str]]):
    start_response(status, headers + [("Content-Length", str(len(body)))])
    return [body]


def endpoint_reply(start_response, endpoint, outcome: dict):
    """idpyoidc's result of process_request as an HTTP response (redirect, page or JSON)."""
    if "http_response" in outcome:
        page = outcome["http_response"].encode()
        return reply(start_response, "200 OK", page, [("Content-Type", "text/html; charset=utf-8")])
    redirects = endpoint.response_placement == "url"
    if "error" in outcome and (not redirects or "return_uri" not in outcome):
        status = "401 Unauthorized" if outcome["error"] == "invalid_client" else "400 Bad Request"
        error = {key: outcome[key] for key in ("error", "error_description") if key in outcome}
        return reply(start_response, status, json.dumps(error).encode(), [("Content-Type", "application/json")])
    response = endpoint.do_response(**outcome)
    headers = list(response.get("http_headers", [])) + cookie_headers(response.get("cookie"))
    body = response["response"]
    if redirects:
        headers = [h for h in headers if h[0].lower() != "content-type"] + [("Location", body)]
        return reply(start_response, "302 Found", b"", headers)
    return reply(start_response, "200 OK", body.encode() if isinstance(body, str) else body, headers)


def call_endpoint(start_response, name: str, request: Request, data, **options):
    endpoint = SERVER.get_endpoint(name)
    try:
        parsed = endpoint.parse_request(data, http_info=request.http_info)
    except ClientAuthenticationError:
        return endpoint_reply(start_response, endpoint, {"error": "invalid_client"})
    if "error" in parsed:
        return endpoint_reply(start_response, endpoint, dict(parsed.items()))
    outcome = endpoint.process_request(parsed, http_info=request.http_info, **options)
    return endpoint_reply(start_response, endpoint, outcome)


def login(start_response, request: Request):
    """POST of the login form: check the password, start the session, answer the authorization."""
    form = request.form()
    method = SERVER.context.authn_broker["password"]["method"]
    try:
        user = method.verify(**form)
        claims = method.unpack_token(form.get("token", ""))
    except Exception:  # a wrong password and a forged or missing token both end here
        return reply(start_response, "401 Unauthorized", b"login failed", [("Content-Type", "text/plain")])
    endpoint = SERVER.get_endpoint("authorization")
    authorization = AuthorizationRequest().from_urlencoded(claims["query"])
    session_id = endpoint.create_session(authorization, user, claims["authn_class_ref"], claims["iat"], method)
    return endpoint_reply(start_response, endpoint, endpoint.authz_part2(request=authorization, session_id=session_id))


def app(environ, start_response):
    request = Request(environ)
    if request.path == "/jwks":
        return reply(start_response, "200 OK", JWKS, [("Content-Type", "application/json")])
    if request.path == "/.well-known/openid-configuration":
        return call_endpoint(start_response, "provider_config", request, {})
    if request.path == "/authorization":
        return call_endpoint(start_response, "authorization", request, request.query)
    if request.path == LOGIN_PATH and request.method == "POST":
        return login(start_response, request)
    if request.path == "/token" and request.method == "POST":
        # Refresh tokens with every code grant for this client (as LemonLDAP::NG's per-RP
        # option); without it idpyoidc issues them only for offline_access with prompt=consent.
        return call_endpoint(start_response, "token", request, request.body, issue_refresh=True)
    if request.path == "/userinfo":
        return call_endpoint(start_response, "userinfo", request, request.query or request.body)
    return reply(start_response, "404 Not Found", b"not found", [("Content-Type", "text/plain")])
