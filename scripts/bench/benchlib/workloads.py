"""The seven workloads of issue 9, written against the standard protocols so that any target
(Pforte or a peer) only supplies its endpoints, a logged-in browser and a registered client.

  1 password login POST            5 client credentials grant (RFC 6749 §4.4)
  2 /authorize with SSO session    6 SAML AuthnRequest (HTTP-Redirect) with session → Response
  3 code → token (RFC 6749 §4.1.3) 7 discovery and JWKS
  4 refresh grant (RFC 6749 §6)

Each builder returns a load.Job; a target raises Unsupported for what it cannot do.
"""
from __future__ import annotations

import base64
import secrets
import urllib.parse
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .http import Browser, basic_auth, pkce_pair
from .load import Job

NAMES = {
    1: "password login POST",
    2: "/authorize with session → code",
    3: "code → token (with its /authorize)",
    4: "refresh grant",
    5: "client credentials grant",
    6: "SAML AuthnRequest → signed Response",
    7: "discovery + JWKS",
}


class Unsupported(Exception):
    """The target cannot run this workload; the message goes into the table."""


@dataclass
class OIDCClient:
    authorize_endpoint: str
    token_endpoint: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scope: str = "openid"
    auth_method: str = "client_secret_basic"
    pkce: bool = True

    def token_auth(self) -> tuple[str, str]:
        """(Authorization header or "-", form fields to append)."""
        if self.auth_method == "client_secret_post":
            return "-", "&" + urllib.parse.urlencode({"client_id": self.client_id, "client_secret": self.client_secret})
        return basic_auth(self.client_id, self.client_secret), ""


def _path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def write_requests(path: Path, lines: list[tuple[str, str, str | None, dict[str, str]]]) -> Path:
    with path.open("w") as file:
        for method, target, body, headers in lines:
            fields = [method, target, body or "-"] + [f"{name}: {value}" for name, value in headers.items()]
            assert not any("\t" in f or "\n" in f for f in fields), "request fields must not hold tabs or newlines"
            file.write("\t".join(fields) + "\n")
    return path


def static_job(url: str, lines, workdir: Path, name: str, statuses: str, expect: str = "-", settings: str = "") -> Job:
    path = write_requests(workdir / f"{name}.requests", lines)
    return Job(_origin(url), "requests.lua",
               {"BENCH_REQUESTS": str(path), "BENCH_EXPECT_STATUS": statuses, "BENCH_EXPECT": expect}, settings)


def login_job(url: str, form: dict[str, str], cookie: str, workdir: Path, statuses: str = "302,303",
              settings: str = "") -> Job:
    body = urllib.parse.urlencode(form)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    return static_job(url, [("POST", _path(url), body, headers)], workdir, "w1", statuses, settings=settings)


def authorize_url(client: OIDCClient, challenge: str | None) -> str:
    query = {"response_type": "code", "client_id": client.client_id, "redirect_uri": client.redirect_uri,
             "scope": client.scope, "state": secrets.token_urlsafe(12), "nonce": secrets.token_urlsafe(12)}
    if client.pkce and challenge:
        query |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    separator = "&" if "?" in client.authorize_endpoint else "?"
    return client.authorize_endpoint + separator + urllib.parse.urlencode(query)


def authorize_job(client: OIDCClient, browser: Browser, workdir: Path, settings: str = "") -> Job:
    _, challenge = pkce_pair()
    url = authorize_url(client, challenge)
    return static_job(url, [("GET", _path(url), None, {"Cookie": browser.cookie_header()})], workdir, "w2",
                      "302,303", "code=", settings)


def code_exchange_job(client: OIDCClient, browser: Browser, workdir: Path, settings: str = "") -> Job:
    verifier, challenge = pkce_pair()
    url = authorize_url(client, challenge)
    authorize = write_requests(workdir / "w3-authorize.requests", [("GET", _path(url), None, {"Cookie": browser.cookie_header()})])
    header, extra = client.token_auth()
    extra += "&" + urllib.parse.urlencode({"redirect_uri": client.redirect_uri} | ({"code_verifier": verifier} if client.pkce else {}))
    return Job(_origin(url), "code_exchange.lua",
               {"BENCH_AUTHORIZE": str(authorize), "BENCH_TOKEN_PATH": _path(client.token_endpoint),
                "BENCH_TOKEN_AUTH": header, "BENCH_TOKEN_EXTRA": extra}, settings)


def obtain_tokens(client: OIDCClient, browser: Browser) -> dict:
    """One full code flow in Python: the token response (access, ID and refresh token)."""
    verifier, challenge = pkce_pair()
    response = browser.get(authorize_url(client, challenge))
    location = response.location or ""
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query).get("code", [None])[0]
    if response.status not in (302, 303) or not code:
        raise Unsupported(f"/authorize answered {response.status} without a code ({location or response.text[:200]!r})")
    header, extra = client.token_auth()
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": client.redirect_uri}
    if client.pkce:
        form["code_verifier"] = verifier
    body = urllib.parse.urlencode(form) + extra
    headers = {"Content-Type": "application/x-www-form-urlencoded"} | ({"Authorization": header} if header != "-" else {})
    # A fresh agent: the back channel carries no browser cookies.
    token = Browser(client.token_endpoint).request("POST", client.token_endpoint, body=body, headers=headers)
    if token.status != 200:
        raise Unsupported(f"token endpoint answered {token.status}: {token.text[:200]}")
    return token.json()


def refresh_job(client: OIDCClient, browser: Browser, workdir: Path, count: int, settings: str = "") -> Job:
    """Fresh refresh tokens before every point (load.run_point calls renew): a server that
    rotates them leaves the last point's tokens void."""
    path = workdir / "w4.tokens"

    def renew() -> None:
        tokens = []
        for _ in range(count):
            response = obtain_tokens(client, browser)
            if "refresh_token" not in response:
                raise Unsupported("no refresh token issued")
            tokens.append(response["refresh_token"])
        path.write_text("\n".join(tokens) + "\n")

    header, extra = client.token_auth()
    return Job(_origin(client.token_endpoint), "refresh.lua",
               {"BENCH_TOKENS": str(path), "BENCH_TOKEN_PATH": _path(client.token_endpoint),
                "BENCH_TOKEN_AUTH": header, "BENCH_TOKEN_EXTRA": extra}, settings, renew)


def client_credentials_job(client: OIDCClient, workdir: Path, scope: str | None = None, settings: str = "") -> Job:
    header, extra = client.token_auth()
    form = {"grant_type": "client_credentials"} | ({"scope": scope} if scope else {})
    headers = {"Content-Type": "application/x-www-form-urlencoded"} | ({"Authorization": header} if header != "-" else {})
    line = ("POST", _path(client.token_endpoint), urllib.parse.urlencode(form) + extra, headers)
    return static_job(client.token_endpoint, [line], workdir, "w5", "200", '"access_token"', settings)


def authn_request(sp_entity: str, acs_url: str, destination: str) -> str:
    """A minimal SAML 2.0 AuthnRequest (SAML Core §3.4.1), deflated and base64-encoded for the
    HTTP-Redirect binding (SAML Bindings §3.4.4.1); unsigned, as most SPs send it."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = (f'<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
           f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{secrets.token_hex(16)}" Version="2.0" '
           f'IssueInstant="{now}" Destination="{destination}" AssertionConsumerServiceURL="{acs_url}" '
           f'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">'
           f'<saml:Issuer>{sp_entity}</saml:Issuer>'
           f'<samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>')
    deflated = zlib.compress(xml.encode())[2:-4]
    return base64.b64encode(deflated).decode()


def sso_location(metadata: bytes) -> str:
    """The HTTP-Redirect SingleSignOnService of an IdP's SAML metadata."""
    import xml.etree.ElementTree as ElementTree
    namespace = "{urn:oasis:names:tc:SAML:2.0:metadata}"
    for service in ElementTree.fromstring(metadata).iter(namespace + "SingleSignOnService"):
        if service.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect":
            return service.get("Location")
    raise Unsupported("no HTTP-Redirect SingleSignOnService in the IdP metadata")


def saml_job(sso_url: str, sp_entity: str, acs_url: str, browser: Browser, workdir: Path, count: int,
             settings: str = "") -> Job:
    """count distinct AuthnRequests, sent in turn. They are made anew before every point: an
    IdP with a replay cache refuses an ID it has seen, and one that checks IssueInstant
    refuses requests older than its window."""
    cookie = browser.cookie_header()
    separator = "&" if "?" in sso_url else "?"
    path = workdir / "w6.requests"

    def renew() -> None:
        lines = []
        for _ in range(count):
            query = urllib.parse.urlencode({"SAMLRequest": authn_request(sp_entity, acs_url, sso_url.split("?")[0]),
                                            "RelayState": "bench"})
            lines.append(("GET", _path(sso_url + separator + query), None, {"Cookie": cookie}))
        write_requests(path, lines)

    renew()
    return Job(_origin(sso_url), "requests.lua",
               {"BENCH_REQUESTS": str(path), "BENCH_EXPECT_STATUS": "200", "BENCH_EXPECT": "SAMLResponse"}, settings, renew)


def metadata_job(urls: list[str], workdir: Path, settings: str = "") -> Job:
    lines = [("GET", _path(url), None, {}) for url in urls]
    return static_job(urls[0], lines, workdir, "w7", "200", "-", settings)
