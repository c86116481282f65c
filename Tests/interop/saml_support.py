"""pysaml2 as the real SP for test_saml_idp.py: keys, its metadata in Pforte's metadata
directory, its client once Pforte's metadata can be fetched, and a browser (a requests session)
that walks the SSO and SLO pages.

Everything Pforte sees is what pysaml2 produced: signed AuthnRequests over HTTP-Redirect and
HTTP-POST, LogoutRequests and LogoutResponses; and pysaml2 itself validates, decrypts and reads
what Pforte answers.
"""

from __future__ import annotations

import base64
import datetime
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from account_support import PASSWORD, Outbox, csrf, new_session, page_name, register_and_activate, unique_address

XMLSEC = "/usr/bin/xmlsec1"
SP_HOST = "http://localhost:9"  # never contacted: the test hands messages to pysaml2 directly


@dataclass
class KeyPair:
    key_file: Path
    cert_file: Path

    @property
    def certificate_base64(self) -> str:
        return "".join(line for line in self.cert_file.read_text().splitlines() if not line.startswith("-----"))


def make_keypair(directory: Path, name: str) -> KeyPair:
    """An RSA-2048 key and a self-signed certificate for it, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    pair = KeyPair(directory / f"{name}.key", directory / f"{name}.crt")
    pair.key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()))
    pair.cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return pair


def load_config(config_class, config: dict, peer_metadata: str | None):
    """A pysaml2 configuration (`SPConfig`, `IdPConfig`) of `config`, trusting the peer whose
    metadata is given."""
    if peer_metadata:
        config["metadata"] = {"inline": [peer_metadata]}
    loaded = config_class()
    loaded.load(config)
    return loaded


class SP:
    """One pysaml2 SP. `install(workdir)` puts its metadata and settings where Pforte reads them
    (before the server starts); `connect(server)` loads Pforte's metadata into the client."""

    def __init__(self, directory: Path, name: str = "sp", *, attributes: list[str] | None = None,
                 settings: dict | None = None, keys: KeyPair | None = None,
                 slo_bindings: tuple[str, ...] = (BINDING_HTTP_REDIRECT, BINDING_HTTP_POST)):
        self.name = name
        self.entity_id = f"{SP_HOST}/{name}/metadata"
        self.acs = f"{SP_HOST}/{name}/acs"
        self.slo = f"{SP_HOST}/{name}/slo"
        self.keys = keys or make_keypair(directory, name)
        self.settings = {"attributes": attributes or []} | (settings or {})
        self.slo_bindings = slo_bindings
        self.client: Saml2Client | None = None
        self.idp_entity_id = ""

    def config(self, idp_metadata: str | None = None) -> SPConfig:
        config = {
            "entityid": self.entity_id,
            "xmlsec_binary": XMLSEC,
            "key_file": str(self.keys.key_file),
            "cert_file": str(self.keys.cert_file),
            "encryption_keypairs": [{"key_file": str(self.keys.key_file), "cert_file": str(self.keys.cert_file)}],
            "allow_unknown_attributes": True,
            "service": {"sp": {
                "endpoints": {
                    "assertion_consumer_service": [(self.acs, BINDING_HTTP_POST)],
                    "single_logout_service": [(self.slo_url(binding), binding) for binding in self.slo_bindings],
                },
                "ui_info": {"display_name": [{"lang": "de", "text": f"Testportal {self.name}"},
                                             {"lang": "en", "text": f"Test portal {self.name}"}]},
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": True,
                "allow_unsolicited": False,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }},
        }
        return load_config(SPConfig, config, idp_metadata)

    def slo_url(self, binding: str) -> str:
        return self.slo + ("/post" if binding == BINDING_HTTP_POST else "")

    def install(self, workdir: Path, folder: str = "sp") -> Path:
        """`folder` "federation" makes the SP one of another Land's (issue #7)."""
        directory = workdir / "metadata" / folder
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.xml"
        path.write_text(create_metadata_string(None, config=self.config(), sign=False).decode())
        (directory / f"{self.name}.yaml").write_text(yaml.safe_dump(self.settings))
        return path

    def connect(self, base_url: str) -> None:
        metadata = requests.get(base_url + "/saml/metadata", timeout=10)
        assert metadata.status_code == 200, metadata.text
        self.idp_entity_id = base_url + "/saml/metadata"
        self.client = Saml2Client(config=self.config(metadata.text))

    # --- messages ------------------------------------------------------------------------------

    def authn_request(self, binding: str = BINDING_HTTP_REDIRECT, relay_state: str = "rs-1",
                      **kwargs) -> tuple[str, dict]:
        """(request id, http info) of a signed AuthnRequest by `binding`."""
        return self.client.prepare_for_authenticate(
            entityid=self.idp_entity_id, relay_state=relay_state, binding=binding, sign=True,
            sigalg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256, **kwargs)

    def parse_response(self, saml_response: str, request_id: str):
        return self.client.parse_authn_request_response(saml_response, BINDING_HTTP_POST,
                                                        outstanding={request_id: "/"})


# --- a browser ---------------------------------------------------------------------------------

def location(info: dict) -> str:
    return dict(info["headers"])["Location"]


def form_fields(html_text: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the first form of an (auto-posting) page."""
    action = re.search(r'<form[^>]*\baction="([^"]*)"', html_text)
    assert action, html_text
    fields = {html.unescape(name): html.unescape(value) for name, value in
              re.findall(r'<input type="hidden" name="([^"]+)"[^>]*value="([^"]*)"', html_text)}
    return html.unescape(action.group(1)), fields


def post_form_html(info: dict) -> tuple[str, dict[str, str]]:
    """What pysaml2's HTTP-POST binding would make a browser post."""
    return form_fields(info["data"])


@dataclass
class Login:
    address: str
    password: str


def sign_in_and_continue(browser: requests.Session, response: requests.Response, login: Login | None,
                         consent: bool | None = True) -> requests.Response:
    """Follows Pforte's pages from `response` to the page that posts back to the SP: logs in if
    the login page appears, answers the consent page if it appears."""
    if page_name(response.text) == "login":
        assert login, "unexpected login page"
        handle = re.search(r'name="saml"[^>]*value="([^"]+)"', response.text).group(1)
        response = browser.post(urlsplit(response.url)._replace(path="/login", query="").geturl(), data={
            "csrf_token": csrf(response.text), "email": login.address, "password": login.password, "saml": handle,
        }, timeout=60)
    if page_name(response.text) == "saml-consent":
        assert consent is not None, "unexpected consent page"
        _, fields = form_fields(response.text)
        response = browser.post(urlsplit(response.url)._replace(path="/saml/consent", query="").geturl(),
                                data=fields | {"decision": "allow" if consent else "deny"}, timeout=60)
    return response


def saml_post(response: requests.Response) -> tuple[str, dict[str, str]]:
    assert page_name(response.text) == "saml-post", response.text
    return form_fields(response.text)


def sso(server, sp: SP, login: Login | None, binding: str = BINDING_HTTP_REDIRECT,
        browser: requests.Session | None = None, consent: bool | None = True, **kwargs):
    """One SSO round: (pysaml2's parsed response, the browser, the posted fields)."""
    browser = browser or new_session()
    request_id, info = sp.authn_request(binding, **kwargs)
    if binding == BINDING_HTTP_REDIRECT:
        response = browser.get(location(info), timeout=30)
    else:
        action, fields = post_form_html(info)
        response = browser.post(action, data=fields, timeout=30)
    response = sign_in_and_continue(browser, response, login, consent=consent)
    action, fields = saml_post(response)
    assert action == sp.acs, (action, sp.acs)
    return sp.parse_response(fields["SAMLResponse"], request_id), browser, fields


def logout_by_sp(base_url: str, sp: SP, browser: requests.Session, name_id, session_index: str) -> None:
    """The SP's signed LogoutRequest by HTTP-Redirect for `name_id` and `session_index`, sent
    through `browser`; asserts that Pforte answers the SP at once with a successful LogoutResponse."""
    request_id, request = sp.client.create_logout_request(
        base_url + "/saml/slo", sp.idp_entity_id, name_id=name_id, session_indexes=[session_index])
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(request), base_url + "/saml/slo",
                                   relay_state="both", sign=True, sigalg=SIG_RSA_SHA256)
    response = browser.get(location(info), allow_redirects=False, timeout=30)
    assert response.status_code == 303 and response.headers["Location"].startswith(sp.slo + "?")
    answer = sp.client.parse_logout_request_response(query_of(response.headers["Location"])["SAMLResponse"],
                                                     BINDING_HTTP_REDIRECT)
    assert answer.in_response_to == request_id and answer.status_ok()


def answer_logout_request(browser: requests.Session, server, sp: SP, response: requests.Response) -> requests.Response:
    """`response` sends the browser to `sp`'s SLO endpoint with a LogoutRequest: pysaml2 checks
    it and answers Success by signed HTTP-Redirect, which the browser takes back to Pforte (not
    followed further)."""
    assert response.status_code == 303 and response.headers["Location"].startswith(sp.slo + "?"), response.text[:2000]
    query = query_of(response.headers["Location"])
    request = sp.client.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT, relay_state=query["RelayState"],
                                             sigalg=query["SigAlg"], signature=query["Signature"])
    answer = sp.client.create_logout_response(request.message, [BINDING_HTTP_REDIRECT], sign_alg=SIG_RSA_SHA256)
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(answer), server.base_url + "/saml/slo",
                                   relay_state=query["RelayState"], response=True, sign=True, sigalg=SIG_RSA_SHA256)
    return browser.get(location(info), allow_redirects=False, timeout=30)


def two_portals(pforte_server, tmp_path_factory, address_prefix: str):
    """A server trusting two pysaml2 SPs ("first", "second"), and one activated account:
    returns (server, first, second, login)."""
    workdir = tmp_path_factory.mktemp("work")
    first = SP(tmp_path_factory.mktemp("sp1"), name="first")
    second = SP(tmp_path_factory.mktemp("sp2"), name="second")
    first.install(workdir)
    second.install(workdir)
    server = pforte_server(workdir=workdir)
    first.connect(server.base_url)
    second.connect(server.base_url)
    login = Login(unique_address(address_prefix), PASSWORD)
    register_and_activate(server.base_url, Outbox(server.workdir), login.address)
    return server, first, second, login


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def decoded_post_message(fields: dict[str, str], name: str = "SAMLRequest") -> str:
    return base64.b64decode(fields[name]).decode()


def encoded(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


__all__ = ["SP", "KeyPair", "answer_logout_request", "load_config", "make_keypair", "location", "post_form_html", "sign_in_and_continue",
           "saml_post", "sso", "logout_by_sp", "two_portals", "query_of", "decoded_post_message", "encoded", "Login", "new_session",
           "BINDING_HTTP_POST", "BINDING_HTTP_REDIRECT", "SIG_RSA_SHA256"]
