"""Helpers for the OIDC interop tests: a Pforte with registered clients and an account, the
browser side of the code flow with a plain requests session (real login and consent forms),
and Authlib as the relying party's token client.

    provider = start_provider(pforte, pforte_server, backend, tmp_path,
                              [ClientSpec("portal", scopes=["profile", "email"])])
    flow = authorize(provider, "portal", scope="openid profile")
    tokens = provider.oauth("portal").fetch_token(code=flow.code, code_verifier=flow.code_verifier)
    claims = provider.validate_id_token("portal", tokens["id_token"], nonce=flow.nonce)

Client ids get a random suffix (the PostgreSQL store is shared by all tests of a run);
`provider.clients[name]` maps the name given in the spec to the registered client.
"""

from __future__ import annotations

import base64
import hashlib
import html
import hmac
import json
import queue
import re
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, RSAKey

from account_support import PASSWORD, csrf, new_session, page_name, unique_address

REDIRECT_BASE = "https://rp.example"
POST_LOGOUT_REDIRECT_URI = "https://rp.example/logged-out"


@dataclass
class ClientSpec:
    """A client to register. `name` is the key in `OIDCProvider.clients`; the registered id
    is `name` plus a random suffix. `auth_method`: client_secret_basic, client_secret_post,
    private_key_jwt (an EC P-256 key is generated; `jwks_uri` registers a URL instead of the
    inline key set) or none (a public client)."""
    name: str
    auth_method: str = "client_secret_basic"
    scopes: list[str] = field(default_factory=lambda: ["profile", "email", "address", "birthdate", "trust_level"])
    id_token_alg: str = "ES256"
    minimum_level: str | None = None
    backchannel_logout_uri: str | None = None
    post_logout_redirect_uris: list[str] = field(default_factory=lambda: [POST_LOGOUT_REDIRECT_URI])
    jwks_uri: str | None = None
    private_key: Any = None  # a joserfc key for private_key_jwt; generated when None
    redirect_uri: str | None = None  # default: https://rp.example/cb/<client id> (never contacted)


@dataclass
class RegisteredClient:
    client_id: str
    redirect_uri: str
    auth_method: str
    secret: str | None = None
    private_key: Any = None

    @property
    def public(self) -> bool:
        return self.auth_method == "none"


@dataclass
class OIDCProvider:
    """A running Pforte with its clients and one active account (`email`, `password`)."""
    server: Any  # conftest.PforteServer
    clients: dict[str, RegisteredClient]
    email: str
    password: str
    metadata: dict[str, Any]

    @property
    def issuer(self) -> str:
        return self.metadata["issuer"]

    def oauth(self, name: str, **kwargs: Any) -> OAuth2Session:
        """An Authlib OAuth2Session for client `name`, authenticating as it registered."""
        client = self.clients[name]
        if client.auth_method == "private_key_jwt":
            # No fixed endpoint: Authlib then signs each assertion for the URL it posts to.
            auth_method: Any = PrivateKeyJWT(alg=key_algorithm(client.private_key))
            secret: Any = client.private_key
        else:
            auth_method, secret = client.auth_method, client.secret
        session = OAuth2Session(
            client.client_id, secret, token_endpoint_auth_method=auth_method, redirect_uri=client.redirect_uri,
            token_endpoint=self.metadata["token_endpoint"], **kwargs,
        )
        session.trust_env = False
        return session

    def key_set(self) -> KeySet:
        return KeySet.import_key_set(self.server.get("/jwks").json())

    def validate_id_token(self, name: str, id_token: str, nonce: str | None = None) -> dict[str, Any]:
        """The ID token's claims after the checks of OIDC Core §3.1.3.7: signature against
        /jwks, iss, aud, exp, iat, and `nonce` when given."""
        token = jwt.decode(id_token, self.key_set(), algorithms=["ES256", "RS256"])
        rules: dict[str, Any] = {
            "iss": {"essential": True, "value": self.issuer},
            "aud": {"essential": True, "value": self.clients[name].client_id},
            "sub": {"essential": True}, "exp": {"essential": True}, "iat": {"essential": True},
        }
        if nonce is not None:
            rules["nonce"] = {"essential": True, "value": nonce}
        jwt.JWTClaimsRegistry(**rules).validate(token.claims)
        return token.claims

    def log_in(self, session: requests.Session | None = None) -> requests.Session:
        """A session logged in through /login, without an authorization request."""
        session = session or new_session()
        page = session.get(self.server.base_url + "/login", timeout=30)
        response = session.post(self.server.base_url + "/login", data={
            "csrf_token": csrf(page.text), "email": self.email, "password": self.password,
        }, allow_redirects=False, timeout=60)
        assert response.status_code == 303, response.text
        return session


@dataclass
class AuthorizationResult:
    """How an authorization request ended. `location` is the redirect to the client (None when
    the flow ended on a Pforte page, which is then `response`); `params` its query."""
    response: requests.Response
    session: requests.Session
    state: str | None
    nonce: str | None
    code_verifier: str | None
    location: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)  # data-page of each Pforte page shown

    @property
    def code(self) -> str | None:
        return self.params.get("code")

    @property
    def error(self) -> str | None:
        return self.params.get("error")


def start_provider(pforte, pforte_server, backend, workdir: Path, clients: list[ClientSpec], *,
                   config: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> OIDCProvider:
    """Registers `clients` and an account with the CLI in `workdir` (on the backend's store),
    then starts `pforte serve` there and reads its discovery document."""
    store = dict(backend.config) if backend.config else None
    registered = {spec.name: register_client(pforte, store, workdir, spec) for spec in clients}
    email = create_account(pforte, store, workdir)
    server = pforte_server(config=config, env=env, workdir=workdir)
    metadata = server.get("/.well-known/openid-configuration").json()
    return OIDCProvider(server, registered, email, PASSWORD, metadata)


def create_account(pforte, store: dict[str, Any] | None, workdir: Path) -> str:
    """`pforte accounts create` for a new Erika Mustermann with PASSWORD; returns the address."""
    email = unique_address("oidc")
    created = pforte("accounts", "create", "--email", email, "--given-name", "Erika", "--family-name", "Mustermann",
                     "--secret-question", "Lieblingsfarbe?", config=store, cwd=workdir, stdin=f"{PASSWORD}\nGrün\n")
    assert created.returncode == 0, created.stderr
    return email


def register_client(pforte, store: dict[str, Any] | None, workdir: Path, spec: ClientSpec) -> RegisteredClient:
    """`pforte clients add` for `spec`; returns the client with its secret or private key."""
    client_id = f"{spec.name}-{secrets.token_hex(3)}"
    redirect_uri = spec.redirect_uri or f"{REDIRECT_BASE}/cb/{client_id}"
    args = ["clients", "add", "--id", client_id, "--name", f"Portal {spec.name}", "--redirect-uri", redirect_uri,
            "--id-token-alg", spec.id_token_alg]
    if spec.auth_method == "none":
        args.append("--public")
    else:
        args += ["--auth-method", spec.auth_method]
    for scope in spec.scopes:
        args += ["--scope", scope]
    for uri in spec.post_logout_redirect_uris:
        args += ["--post-logout-redirect-uri", uri]
    if spec.minimum_level:
        args += ["--minimum-level", spec.minimum_level]
    if spec.backchannel_logout_uri:
        args += ["--backchannel-logout-uri", spec.backchannel_logout_uri]
    private_key = None
    if spec.auth_method == "private_key_jwt":
        private_key = spec.private_key or ECKey.generate_key("P-256", parameters={"kid": client_id, "alg": "ES256"})
        if spec.jwks_uri:
            args += ["--jwks-uri", spec.jwks_uri]
        else:
            jwks_file = workdir / f"{client_id}.jwks.json"
            jwks_file.write_text(json.dumps({"keys": [private_key.as_dict(private=False)]}))
            args += ["--jwks-file", str(jwks_file)]
    added = pforte(*args, config=store, cwd=workdir)
    assert added.returncode == 0, added.stderr
    secret = re.search(r"^client_secret: (\S+)$", added.stdout, re.MULTILINE)
    return RegisteredClient(client_id, redirect_uri, spec.auth_method, secret.group(1) if secret else None, private_key)


def authorize(provider: OIDCProvider, name: str, *, session: requests.Session | None = None, scope: str = "openid",
              prompt: str | None = None, max_age: int | None = None, acr_values: str | None = None,
              claims: dict[str, Any] | None = None, nonce: str | None = "generate", state: str | None = "generate",
              pkce: str | None = "S256", login_hint: str | None = None, ui_locales: str | None = None,
              extra: dict[str, str] | None = None, method: str = "GET", log_in: bool = True,
              consent: str | None = "allow", redirect_uri: str | None = None) -> AuthorizationResult:
    """Runs an authorization request for client `name` the way a browser would, through
    Pforte's real pages: the login form (when asked, with the provider's account, unless
    `log_in` is False) and the consent form (`consent`: "allow", "deny", or None to stop on the
    page). Stops at the first redirect away from Pforte, or on a Pforte page it cannot go on
    from (an error page, or a form it was told not to answer).

    `nonce`/`state` "generate" make random values, None leaves the parameter out. `pkce`:
    "S256", "plain" or None (no code_challenge). `extra` adds or overrides parameters (None
    values remove them); `method` "POST" sends them as a form. The URL is built by Authlib."""
    client = provider.clients[name]
    session = session or new_session()
    nonce = secrets.token_urlsafe(16) if nonce == "generate" else nonce
    state = secrets.token_urlsafe(16) if state == "generate" else state
    code_verifier = secrets.token_urlsafe(48) if pkce else None
    oauth = OAuth2Session(client.client_id, redirect_uri=redirect_uri or client.redirect_uri, scope=scope,
                          code_challenge_method=pkce)
    url, _ = oauth.create_authorization_url(provider.metadata["authorization_endpoint"], state=state,
                                            code_verifier=code_verifier)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}
    # Added here rather than through Authlib, which drops falsy values such as max_age=0.
    parameters: dict[str, Any] = {"nonce": nonce, "prompt": prompt, "max_age": max_age, "acr_values": acr_values,
                                  "claims": json.dumps(claims) if claims is not None else None,
                                  "login_hint": login_hint, "ui_locales": ui_locales}
    query |= {k: str(v) for k, v in parameters.items() if v is not None}
    if state is None:
        query.pop("state", None)
    for key, value in (extra or {}).items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    endpoint = provider.metadata["authorization_endpoint"]
    if method == "POST":
        response = session.post(endpoint, data=query, allow_redirects=False, timeout=30)
    else:
        response = session.get(endpoint + "?" + urlencode(query), allow_redirects=False, timeout=30)
    result = AuthorizationResult(response, session, state, nonce, code_verifier)
    return follow(provider, result, log_in=log_in, consent=consent)


def follow(provider: OIDCProvider, result: AuthorizationResult, *, log_in: bool, consent: str | None) -> AuthorizationResult:
    """Takes the browser of `result` on through Pforte's pages as `authorize` describes."""
    base = provider.server.base_url
    session = result.session
    response = result.response
    for _ in range(20):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(base + "/"):
                result.response = response
                result.location = location
                result.params = {k: v[0] for k, v in parse_qs(urlsplit(location).query, keep_blank_values=True).items()}
                return result
            response = session.get(location, allow_redirects=False, timeout=30)
            continue
        page = page_name(response.text) if response.headers.get("Content-Type", "").startswith("text/html") else None
        if page:
            result.pages.append(page)
        if page == "login" and log_in:
            continuation = re.search(r'name="continue" value="([^"]+)"', response.text)
            data = {"csrf_token": csrf(response.text), "email": provider.email, "password": provider.password}
            if continuation:
                data["continue"] = continuation.group(1)
            log_in = False  # once: a refused login stays on the page
            response = session.post(base + "/login", data=data, allow_redirects=False, timeout=60)
            continue
        if page == "consent" and consent:
            handle = re.search(r'name="handle" value="([^"]+)"', response.text)
            assert handle, "no handle on the consent page"
            response = session.post(base + "/authorize/consent", data={
                "csrf_token": csrf(response.text), "handle": handle.group(1), "decision": consent,
            }, allow_redirects=False, timeout=30)
            consent = None
            continue
        result.response = response
        return result
    raise AssertionError("too many redirects")


def code_flow(provider: OIDCProvider, name: str, **kwargs: Any) -> tuple[AuthorizationResult, dict[str, Any]]:
    """`authorize` and then the token request with Authlib; fails unless a code was issued."""
    flow = authorize(provider, name, **kwargs)
    assert flow.code, f"no code: {flow.params or flow.response.text[:500]}"
    assert flow.params.get("iss") == provider.issuer and flow.params.get("state") == flow.state
    tokens = provider.oauth(name).fetch_token(code=flow.code, code_verifier=flow.code_verifier)
    return flow, tokens


def token_request(provider: OIDCProvider, name: str, data: dict[str, str], *,
                  endpoint: str = "token_endpoint") -> requests.Response:
    """A raw POST to one of the client-authenticated endpoints, authenticated as client `name`
    registered (for negative tests where Authlib would refuse or retry)."""
    client = provider.clients[name]
    url = provider.metadata[endpoint]
    auth = None
    data = dict(data)
    if client.auth_method == "client_secret_basic":
        auth = (client.client_id, client.secret)
    elif client.auth_method == "client_secret_post":
        data |= {"client_id": client.client_id, "client_secret": client.secret}
    elif client.auth_method == "private_key_jwt":
        data |= {"client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                 "client_assertion": client_assertion(provider, name, audience=url)}
    else:
        data["client_id"] = client.client_id
    return requests.post(url, data=data, auth=auth, timeout=30)


def client_assertion(provider: OIDCProvider, name: str, *, audience: str, claims: dict[str, Any] | None = None,
                     header: dict[str, Any] | None = None, key: Any = None) -> str:
    """A `private_key_jwt` assertion of client `name`, signed with its key (or `key`)."""
    import time
    client = provider.clients[name]
    now = int(time.time())
    payload = {"iss": client.client_id, "sub": client.client_id, "aud": audience, "iat": now, "exp": now + 60,
               "jti": secrets.token_urlsafe(16)} | (claims or {})
    key = key or client.private_key
    return jwt.encode(header or {"alg": key_algorithm(key)}, payload, key)


class LogoutReceiver:
    """A relying party's back-channel logout endpoint (and, optionally, its jwks_uri), served
    from a thread on 127.0.0.1: `uri` receives logout tokens, `tokens` queues their values.
    Any other GET (a redirect URI for a browser test, see `url`) answers a small page."""

    def __init__(self, jwks: dict[str, Any] | None = None):
        self.tokens: queue.Queue[str] = queue.Queue()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode())
                if self.path == "/backchannel" and "logout_token" in form:
                    receiver.tokens.put(form["logout_token"][0])
                    self.send_response(200)
                else:
                    self.send_response(400)
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/jwks" and jwks is not None:
                    body = json.dumps(jwks).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    body = b'<!DOCTYPE html><html lang="en"><title>RP</title><p>relying party</p></html>'
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/backchannel"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_port}{path}"

    @property
    def jwks_uri(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/jwks"

    def next_token(self, timeout: float = 15.0) -> str:
        return self.tokens.get(timeout=timeout)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def rsa_key(kid: str) -> RSAKey:
    """An RSA key for a `private_key_jwt` client that signs with RS256 (`ClientSpec.private_key`)."""
    return RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256"})


def key_algorithm(key: Any) -> str:
    """The JWS algorithm Pforte accepts for a client key: RS256 for RSA, ES256 for EC P-256."""
    return "RS256" if isinstance(key, RSAKey) else "ES256"


def end_session(provider: OIDCProvider, session: requests.Session, **params: str) -> requests.Response:
    """A GET of the end-session endpoint (RP-initiated logout) in `session`, not followed: the
    answer is a 303 to the post-logout redirect URI or /logged-out, the confirmation page
    (`data-page="logout"`) or an error page (`logout-error`, 400)."""
    return session.get(provider.metadata["end_session_endpoint"], params=params, allow_redirects=False, timeout=30)


def confirm_logout(provider: OIDCProvider, session: requests.Session, page: requests.Response) -> requests.Response:
    """Submits the logout confirmation page `page` (not followed)."""
    fields = {name: html.unescape(value) for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', page.text)}
    return session.post(provider.metadata["end_session_endpoint"], data=fields, allow_redirects=False, timeout=30)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_jwt(claims: dict[str, Any]) -> str:
    """An `alg: none` JWT, built by hand: JOSE libraries rightly refuse to make one."""
    return f"{_b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{_b64(json.dumps(claims).encode())}."


def hs256_jwt(claims: dict[str, Any], secret: bytes, header: dict[str, Any] | None = None) -> str:
    """An HS256 JWT keyed with arbitrary bytes, built by hand: joserfc (rightly) refuses a public
    key as an HMAC secret, which is exactly the algorithm confusion the tests provoke."""
    signing_input = f"{_b64(json.dumps((header or {}) | {'alg': 'HS256'}).encode())}.{_b64(json.dumps(claims).encode())}"
    return f"{signing_input}.{_b64(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())}"
