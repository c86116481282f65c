"""Pforte, release build, on SQLite or PostgreSQL.

Workloads 2–6 use whatever endpoints the running build publishes: the OIDC ones from the
discovery document, the SAML SSO endpoint from the IdP metadata. A build without them reports
the workload as not available instead of failing.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from .. import workloads as w
from ..http import Browser, hidden_fields, wait_until
from ..procstat import find_pids
from ..target import Target, free_port, spawn, stop_process
from ..workloads import OIDCClient, Unsupported

EMAIL = "bench@example.org"
PASSWORD = "Bench-Passwort-2026!"
REDIRECT_URI = "https://rp.bench.invalid/callback"
SP_ENTITY = "https://sp.bench.invalid/saml"
SP_ACS = "https://sp.bench.invalid/saml/acs"
# The peers sign with RS256 (LemonLDAP::NG 2.16 has no ES256), so Pforte does too unless told.
ID_TOKEN_ALG = os.environ.get("BENCH_ID_TOKEN_ALG", "RS256")
# Where a build with the SAML IdP may publish its metadata (the first that answers 200 counts).
SAML_METADATA_PATHS = ["/saml/metadata", "/saml/idp/metadata", "/saml/idp", "/saml"]


class Pforte(Target):
    def __init__(self, workdir: Path, cpus: str, binary: Path, store: str, postgres_url: str | None = None):
        super().__init__(workdir, cpus)
        self.binary = binary
        self.store = store
        self.postgres_url = postgres_url
        self.name = f"Pforte ({'SQLite' if store == 'sqlite' else 'PostgreSQL'})"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.config = workdir / "pforte.yaml"
        self.secret: str | None = None
        self.client_error: str | None = None

    # --- set-up ----------------------------------------------------------------------------

    def _write_config(self) -> None:
        store = "  driver: sqlite\n" if self.store == "sqlite" else f"  driver: postgres\n  postgres_url: {self.postgres_url}\n"
        # data/, keys/ and clients/ are the defaults, relative to the working directory (workdir).
        # Production defaults otherwise: Argon2id m=7 MiB t=5 p=1, JSON access log at info.
        self.config.write_text(
            f"server:\n  host: 127.0.0.1\n  port: {self.port}\n  public_url: {self.base}\n"
            f"store:\n{store}"
            "log:\n  level: info\n  format: json\n"
            "passwords:\n  argon2_memory_kib: 7168\n  argon2_iterations: 5\n  argon2_parallelism: 1\n"
        )

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.binary), *args, "--config", str(self.config)], input=stdin, text=True,
                              capture_output=True, cwd=self.workdir, timeout=300)

    def prepare(self) -> None:
        """Config, the test account and a confidential OIDC client, before the server starts.
        Every run starts from an empty SQLite database (PostgreSQL is a fresh cluster)."""
        shutil.rmtree(self.workdir / "data", ignore_errors=True)
        self._write_config()
        result = self.cli("accounts", "create", "--email", EMAIL, "--given-name", "Erika", "--family-name", "Mustermann",
                          stdin=PASSWORD + "\n")
        if result.returncode != 0 and "already has an account" not in result.stderr:
            raise RuntimeError(f"pforte accounts create failed: {result.stderr.strip()}")
        result = self.cli("clients", "add", "--id", "bench-rp", "--name", "Bench RP", "--redirect-uri", REDIRECT_URI,
                          "--scope", "profile", "--id-token-alg", ID_TOKEN_ALG)
        self._register_sp()
        match = re.search(r"^client_secret: (\S+)", result.stdout, flags=re.M)
        if match:
            self.secret = match.group(1)
        else:
            self.client_error = result.stderr.strip() or "no secret printed"

    def _register_sp(self) -> None:
        """The bench SP of workload 6, as an operator would add an SP that does not sign its
        AuthnRequests (most SPs do not) and has no encryption key: metadata in metadata/sp/, the
        operator's settings beside it. No attributes, so no consent page comes between."""
        directory = self.workdir / "metadata" / "sp"
        directory.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).resolve().parents[2] / "peers" / "sp-metadata.xml", directory / "bench.xml")
        (directory / "bench.yaml").write_text("require_signed_requests: false\nencrypt_assertions: false\n")

    def start(self) -> None:
        self.process = spawn([str(self.binary), "serve", "--config", str(self.config)], self.cpus,
                             self.workdir / "server.log", cwd=self.workdir)
        wait_until(lambda: Browser(self.base).get("/healthz").status == 200, 120, self.name)

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    def roots(self) -> list[int]:
        roots = [self.process.pid] if self.process else []
        if self.postgres_url:
            port = urllib.parse.urlsplit(self.postgres_url).port
            roots += find_pids(lambda c: "postgres" in c and f"-p {port}" in c and " -D " in c)
        return roots

    def settings(self) -> str:
        store = "SQLite (WAL)" if self.store == "sqlite" else "PostgreSQL (fsync off, throwaway cluster; its CPU counted)"
        return (f"release build, plain HTTP on loopback, keep-alive, Argon2id m=7 MiB t=5 p=1, {ID_TOKEN_ALG} ID tokens, "
                f"RSA-3072 SAML signatures, store {store}, pool 8, JSON access log")

    # --- workloads -------------------------------------------------------------------------

    def logged_in(self) -> Browser:
        browser = Browser(self.base)
        page = browser.get("/login")
        form = hidden_fields(page.text) | {"email": EMAIL, "password": PASSWORD}
        response = browser.post("/login", form)
        if response.status not in (302, 303):
            raise RuntimeError(f"Pforte login failed: {response.status} {response.text[:300]}")
        if self.secret is not None:
            self._consent(browser)
        return browser

    def _consent(self, browser: Browser) -> None:
        """Gives the bench client the user's consent once, as the first visit of a real user
        would: Pforte remembers it, so the measured requests go straight to the code."""
        _, challenge = w.pkce_pair()
        page = browser.follow(browser.get(w.authorize_url(self.client(), challenge)))
        if page.status == 200 and 'data-page="consent"' in page.text:
            answer = browser.post("/authorize/consent", hidden_fields(page.text) | {"decision": "allow"})
            if answer.status not in (302, 303):
                raise RuntimeError(f"Pforte consent failed: {answer.status} {answer.text[:300]}")

    def discovery(self) -> dict:
        return Browser(self.base).get("/.well-known/openid-configuration").json()

    def client(self) -> OIDCClient:
        if self.secret is None:
            raise Unsupported(f"client registration failed: {self.client_error}")
        metadata = self.discovery()
        client = OIDCClient(metadata["authorization_endpoint"], metadata["token_endpoint"], "bench-rp", self.secret,
                            REDIRECT_URI, scope="openid profile")
        # A build without the flows still publishes the discovery document: ask the endpoints.
        probe = Browser(self.base).get(client.authorize_endpoint)
        if probe.status == 404:
            raise Unsupported("no /authorize in this build")
        return client

    def job(self, workload: int):
        settings = self.settings()
        workdir = self.workdir
        if workload == 1:
            browser = Browser(self.base)
            form = hidden_fields(browser.get("/login").text)
            if "csrf_token" not in form:
                raise RuntimeError("no csrf_token on /login")
            # Only the CSRF cookie: every login makes a new session, as a browser's first login does.
            return w.login_job(self.base + "/login", form | {"email": EMAIL, "password": PASSWORD},
                               browser.cookie_header(), workdir, "303", settings)
        if workload == 2:
            return w.authorize_job(self.client(), self.logged_in(), workdir, settings)
        if workload == 3:
            return w.code_exchange_job(self.client(), self.logged_in(), workdir, settings)
        if workload == 4:
            return w.refresh_job(self.client(), self.logged_in(), workdir, 64, settings)
        if workload == 5:
            return w.client_credentials_job(self.client(), workdir, settings=settings)
        if workload == 6:
            return w.saml_job(self.saml_sso_url(), SP_ENTITY, SP_ACS, self.logged_in(), workdir, 20000, settings)
        if workload == 7:
            metadata = self.discovery()
            return w.metadata_job([metadata["jwks_uri"], self.base + "/.well-known/openid-configuration"], workdir, settings)
        raise Unsupported("unknown workload")

    def saml_sso_url(self) -> str:
        for path in SAML_METADATA_PATHS:
            response = Browser(self.base).get(path)
            if response.status == 200 and b"EntityDescriptor" in response.body:
                return w.sso_location(response.body)
        raise Unsupported("no SAML IdP metadata in this build")
