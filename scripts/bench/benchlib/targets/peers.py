"""The peer products. Each has scripts/bench/peers/<key>/{setup,start,ready}: setup configures
it idempotently under .bench/<key>/, start runs it in the foreground (pinned by the harness),
ready exits 0 once it serves."""
from __future__ import annotations

import subprocess
import urllib.parse
from pathlib import Path

from .. import workloads as w
from ..http import Browser, form_action, hidden_fields, pkce_pair, wait_until
from ..target import Target, spawn, stop_process
from ..workloads import OIDCClient, Unsupported
from .pforte import ID_TOKEN_ALG

PEERS_DIR = Path(__file__).resolve().parents[2] / "peers"
REDIRECT_URI = "https://rp.bench.invalid/callback"
SP_ENTITY = "https://sp.bench.invalid/saml"
SP_ACS = "https://sp.bench.invalid/saml/acs"
SAML_POOL = 5000


class Peer(Target):
    key = "?"
    port = 0
    workloads: set[int] = set()

    def __init__(self, workdir: Path, cpus: str):
        super().__init__(workdir, cpus)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def script(self, name: str) -> Path:
        return PEERS_DIR / self.key / name

    def setup(self) -> None:
        result = subprocess.run([str(self.script("setup"))], capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            raise RuntimeError(f"{self.key} setup failed: {(result.stdout + result.stderr).strip()[-1500:]}")

    def start(self) -> None:
        self.process = spawn([str(self.script("start"))], self.cpus, self.workdir / "start.log")
        wait_until(lambda: self.process.poll() is None and
                   subprocess.run([str(self.script("ready"))], capture_output=True).returncode == 0, 90, self.name)

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    def roots(self) -> list[int]:
        return [self.process.pid] if self.process else []

    def job(self, workload: int):
        if workload not in self.workloads:
            raise Unsupported("not offered by this product")
        return self.build(workload, self.settings())

    def build(self, workload: int, settings: str):
        raise NotImplementedError

    def discovery(self) -> dict:
        return Browser(self.base).get("/.well-known/openid-configuration").json()


class OIDCPeer(Peer):
    """Workloads 2–5 and 7 from the discovery document and a registered client."""
    client_id = "bench-rp"
    client_secret = "bench-secret-0123456789"
    scope = "openid profile email"

    def logged_in(self) -> Browser:
        raise NotImplementedError

    def client(self) -> OIDCClient:
        metadata = self.discovery()
        return OIDCClient(metadata["authorization_endpoint"], metadata["token_endpoint"], self.client_id,
                          self.client_secret, REDIRECT_URI, scope=self.scope)

    def oidc_job(self, workload: int, settings: str):
        if workload == 2:
            return w.authorize_job(self.client(), self.logged_in(), self.workdir, settings)
        if workload == 3:
            return w.code_exchange_job(self.client(), self.logged_in(), self.workdir, settings)
        if workload == 4:
            return w.refresh_job(self.client(), self.logged_in(), self.workdir, 64, settings)
        if workload == 5:
            return w.client_credentials_job(self.client(), self.workdir, scope="openid", settings=settings)
        if workload == 7:
            return w.metadata_job([self.discovery()["jwks_uri"], self.base + "/.well-known/openid-configuration"],
                                  self.workdir, settings)
        raise Unsupported("not offered by this product")


class LemonLDAP(OIDCPeer):
    key = "lemonldap-ng"
    name = "LemonLDAP::NG"
    port = 18081
    workloads = {1, 2, 3, 4, 5, 6, 7}

    def settings(self) -> str:
        return ("Debian lemonldap-ng 2.16 behind nginx (FastCGI, 7 Perl workers), plain HTTP, Demo users "
                "(password compared in clear: no hash), login form token off, sessions in files, "
                "RS256 ID tokens (RSA-3072; no ES256 in 2.16), opaque access tokens, SAML RSA-SHA256 (Lasso/xmlsec)")

    def logged_in(self) -> Browser:
        browser = Browser(self.base)
        response = browser.post("/", {"user": "dwho", "password": "dwho"})
        if "lemonldap" not in browser.cookies:
            raise RuntimeError(f"LemonLDAP::NG login failed: {response.status} {response.text[:200]}")
        return browser

    def build(self, workload: int, settings: str):
        if workload == 1:
            return w.login_job(self.base + "/", {"user": "dwho", "password": "dwho"}, "", self.workdir, "302", settings)
        if workload == 6:
            sso = w.sso_location(Browser(self.base).get("/saml/metadata").body)
            return w.saml_job(sso, SP_ENTITY, SP_ACS, self.logged_in(), self.workdir, SAML_POOL, settings)
        return self.oidc_job(workload, settings)


class SimpleSAMLphp(Peer):
    key = "simplesamlphp"
    name = "SimpleSAMLphp"
    port = 18082
    workloads = {6}
    metadata_path = "/simplesaml/saml2/idp/metadata.php"

    def settings(self) -> str:
        return ("Debian simplesamlphp 1.19 behind nginx + php-fpm 8.2 (pool dynamic, max 5 workers, OPcache), plain HTTP, "
                "exampleauth:UserPass (password compared in clear: no hash), PHP file sessions, "
                "signed assertion RSA-SHA256 (RSA-3072, xmlseclibs in PHP)")

    def build(self, workload: int, settings: str):
        sso = w.sso_location(Browser(self.base).get(self.metadata_path).body)
        browser = Browser(self.base)
        first = browser.get(sso + "?" + urllib.parse.urlencode(
            {"SAMLRequest": w.authn_request(SP_ENTITY, SP_ACS, sso), "RelayState": "bench"}))
        login = browser.follow(first)
        action = urllib.parse.urljoin(login.url, form_action(login.text) or "")
        done = browser.follow(browser.post(action, hidden_fields(login.text) | {"username": "erika", "password": "Bench-Passwort-2026!"}))
        if b"SAMLResponse" not in done.body:
            raise RuntimeError(f"SimpleSAMLphp login failed: {done.status} {done.text[:300]}")
        return w.saml_job(sso, SP_ENTITY, SP_ACS, browser, self.workdir, SAML_POOL, settings)


class Idpyoidc(OIDCPeer):
    key = "idpyoidc"
    name = "idpyoidc"
    port = 18083
    workloads = {1, 2, 3, 4, 5, 7}
    user = {"username": "erika", "password": "Bench-Passwort-2026!"}

    def settings(self) -> str:
        return (f"PyPI idpyoidc 5.0.0 with our small WSGI OP on its server API (the example OP is not in the wheel) under "
                f"gunicorn 23.0.0: one worker process, 8 gthread threads (idpyoidc keeps sessions, codes and tokens in "
                f"process memory, so a second worker would not know the first one's codes; Python's GIL bounds it to "
                f"about one core), plain HTTP, keep-alive, Argon2id m=7 MiB t=5 p=1 (argon2-cffi), "
                f"{ID_TOKEN_ALG} ID tokens ({'RSA-3072' if ID_TOKEN_ALG == 'RS256' else 'P-256'}), opaque (encrypted) "
                f"access and refresh tokens, refresh tokens rotated with an ID token per refresh, PKCE S256 required, "
                f"login form carries the authorization request as a signed JWT (no one-time form token)")

    def login_form(self, browser: Browser) -> dict[str, str]:
        """The login page idpyoidc answers /authorize without a session: its hidden fields (the
        signed authorization request) and the form's action."""
        _, challenge = pkce_pair()
        page = browser.get(w.authorize_url(self.client(), challenge))
        action = form_action(page.text)
        if page.status != 200 or not action:
            raise RuntimeError(f"idpyoidc login page missing: {page.status} {page.text[:200]}")
        return {"action": action} | hidden_fields(page.text)

    def logged_in(self) -> Browser:
        browser = Browser(self.base)
        form = self.login_form(browser)
        response = browser.post(form.pop("action"), form | self.user)
        if response.status != 302 or "code=" not in (response.location or ""):
            raise RuntimeError(f"idpyoidc login failed: {response.status} {response.text[:200]}")
        return browser

    def build(self, workload: int, settings: str):
        if workload == 1:
            form = self.login_form(Browser(self.base))
            action = urllib.parse.urljoin(self.base, form.pop("action"))
            return w.login_job(action, form | self.user, "", self.workdir, "302", settings)
        return self.oidc_job(workload, settings)


PEERS: dict = {peer.key: peer for peer in [LemonLDAP, SimpleSAMLphp, Idpyoidc]}
