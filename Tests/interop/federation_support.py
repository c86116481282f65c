"""Foreign Länder for the federation tests (issue #7): pysaml2's IdP server API
(`saml2.server.Server`) plays another Land's account IdP that trusts Pforte's SP role
(`/federation/metadata`). Everything Pforte receives is what pysaml2 produced: signed
assertions, or assertions encrypted for Pforte's key; the attacks in test_federation_attacks.py
start from such a genuinely signed Response.

    land = Land(tmp, "land-a", level="STORK-QAA-Level-1")
    land.install(workdir)                     # before the server starts
    land.connect(server.base_url)             # loads Pforte's SP metadata
    request = land.receive(location)          # our AuthnRequest, signature checked by pysaml2
    fields = land.answer(request)             # the form the Land's page would post to our ACS
"""

from __future__ import annotations

import base64
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
import saml2.entity
import yaml
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.sigver import pre_encryption_part
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from account_support import csrf, page_name
from oidc_support import authorize, follow
from saml_support import XMLSEC, KeyPair, load_config, make_keypair

AES256_GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm"

IDENTITY = {"givenName": ["Max"], "sn": ["Mustermann"], "mail": ["max@land.example"]}


@dataclass
class AuthnRequest:
    """Our AuthnRequest as the Land received it."""
    message: object  # saml2.samlp.AuthnRequest
    relay_state: str

    @property
    def id(self) -> str:
        return self.message.id

    @property
    def class_refs(self) -> list[str]:
        context = self.message.requested_authn_context
        return [ref.text for ref in context.authn_context_class_ref] if context else []


class Land:
    """One foreign Land's account IdP. `level` is the AuthnContextClassRef it asserts;
    `encrypt` encrypts the (signed) assertion for Pforte with AES-256-GCM and RSA-OAEP."""

    def __init__(self, directory: Path, name: str, *, level: str = "STORK-QAA-Level-1", encrypt: bool = False,
                 sign_assertion: bool = True, sign_response: bool = False, keys: KeyPair | None = None,
                 display_name: str | None = None, entity_id: str | None = None):
        self.name = name
        self.entity_id = entity_id or f"https://{name}.example/idp"
        self.sso = f"http://localhost:9/{name}/sso"
        self.slo = f"http://localhost:9/{name}/slo"
        self.level = level
        self.encrypt = encrypt
        self.sign_assertion = sign_assertion
        self.sign_response = sign_response
        self.keys = keys or make_keypair(directory, name)
        self.display_name = display_name or f"Land {name}"
        self.server: Server | None = None
        self.sp_entity_id = ""
        self.acs = ""

    def config(self, sp_metadata: str | None = None) -> IdPConfig:
        config = {
            "entityid": self.entity_id,
            "xmlsec_binary": XMLSEC,
            "key_file": str(self.keys.key_file),
            "cert_file": str(self.keys.cert_file),
            "service": {"idp": {
                "endpoints": {
                    "single_sign_on_service": [(self.sso, BINDING_HTTP_REDIRECT)],
                    "single_logout_service": [(self.slo, BINDING_HTTP_REDIRECT)],
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "want_authn_requests_signed": True,
                "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI,
                                       "attribute_restrictions": None}},
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }},
        }
        return load_config(IdPConfig, config, sp_metadata)

    def metadata(self) -> str:
        return create_metadata_string(None, config=self.config(), sign=False).decode()

    def install(self, workdir: Path, settings: dict | None = None) -> Path:
        directory = workdir / "metadata" / "federation"
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.xml"
        path.write_text(self.metadata())
        (directory / f"{self.name}.yaml").write_text(yaml.safe_dump(
            {"display_name": self.display_name, "label": f"Servicekonto {self.name}"} | (settings or {})))
        return path

    def connect(self, base_url: str) -> None:
        metadata = requests.get(base_url + "/federation/metadata", timeout=10)
        assert metadata.status_code == 200, metadata.text
        self.sp_entity_id = base_url + "/federation/metadata"
        self.acs = base_url + "/federation/acs"
        self.server = Server(config=self.config(metadata.text))
        if self.encrypt:
            # pysaml2 encrypts with 3DES by default; Pforte accepts AES-256-GCM only (design §7).
            self.server.sec.encrypt_assertion = functools.partial(self.server.sec.encrypt_assertion, key_type="aes-256")

    def receive(self, url: str) -> AuthnRequest:
        """Our signed HTTP-Redirect AuthnRequest at this Land's SSO URL, parsed and its query
        signature verified by pysaml2."""
        assert url.startswith(self.sso + "?"), url
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        parsed = self.server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT, query.get("RelayState"),
                                                 query.get("SigAlg"), query.get("Signature"))
        return AuthnRequest(parsed.message, query.get("RelayState", ""))

    def response_xml(self, request: AuthnRequest, *, identity: dict | None = None, level: str | None = None,
                     subject: str = "land-user-1", in_response_to: str | None = None, destination: str | None = None,
                     audience: str | None = None) -> str:
        """The Land's Response as XML: signed assertion (and response, if configured), encrypted
        when configured."""
        name_id = NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject, name_qualifier=self.entity_id,
                         sp_name_qualifier=audience or self.sp_entity_id)
        original = saml2.entity.pre_encryption_part
        if self.encrypt:
            saml2.entity.pre_encryption_part = functools.partial(pre_encryption_part, msg_enc=AES256_GCM)
        try:
            response = self.server.create_authn_response(
                identity if identity is not None else IDENTITY, in_response_to=in_response_to or request.id,
                destination=destination or self.acs, sp_entity_id=audience or self.sp_entity_id, name_id=name_id,
                authn={"class_ref": level or self.level, "authn_auth": self.entity_id},
                sign_assertion=self.sign_assertion, sign_response=self.sign_response, encrypt_assertion=self.encrypt,
                encrypt_assertion_self_contained=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
            )
        finally:
            saml2.entity.pre_encryption_part = original
        return str(response)

    def sign(self, xml: str, element: str, element_id: str) -> str:
        """`xml` with the signature of `element` ("Assertion" or "Response", ID `element_id`)
        computed afresh with this Land's key (the Signature template must be in place)."""
        namespace = "assertion" if element == "Assertion" else "protocol"
        return self.server.sec.sign_statement(xml, f"urn:oasis:names:tc:SAML:2.0:{namespace}:{element}", node_id=element_id)

    def answer(self, request: AuthnRequest, **kwargs) -> dict[str, str]:
        """The HTTP-POST form fields the Land's page posts to Pforte's ACS."""
        return post_fields(self.response_xml(request, **kwargs), request.relay_state)


def post_fields(xml: str, relay_state: str) -> dict[str, str]:
    return {"SAMLResponse": base64.b64encode(xml.encode()).decode(), "RelayState": relay_state}


def choose_land(session: requests.Session, base_url: str, login_page: requests.Response, land: Land,
                query: str | None = None) -> requests.Response:
    """From Pforte's login page of a portal request: "Mit anderem Servicekonto anmelden", the
    list of Länder (filtered by `query` through the GET form), the Land's button. Returns the
    redirect to the Land."""
    assert page_name(login_page.text) == "login", login_page.text[:1000]
    link = re.search(r'<a href="([^"]+)" id="federation-login"', login_page.text)
    assert link, "no federation link on the login page"
    url = base_url + link.group(1).replace("&amp;", "&")
    if query is not None:
        url += "&q=" + query
    lands = session.get(url, allow_redirects=False, timeout=30)
    assert lands.status_code == 200 and page_name(lands.text) == "federation-lands", lands.text[:1000]
    forms = re.findall(r'<form method="post" action="/federation/start">(.*?)</form>', lands.text, re.S)
    chosen = [form for form in forms if f'name="land" value="{land.entity_id}"' in form]
    assert chosen, f"{land.entity_id} not in the list"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', chosen[0]))
    response = session.post(base_url + "/federation/start", data=fields, allow_redirects=False, timeout=30)
    assert response.status_code == 303, response.text[:1000]
    return response


def consent_page_items(page: requests.Response) -> dict[str, str]:
    """The released attributes with values as the consent page shows them (label → value)."""
    block = re.search(r'<dl id="released-attributes">(.*?)</dl>', page.text, re.S)
    assert block, page.text[:2000]
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block.group(1)))


def answer_consent(session: requests.Session, base_url: str, page: requests.Response, decision: str) -> requests.Response:
    assert page_name(page.text) == "federation-consent", page.text[:1000]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    fields["csrf_token"] = csrf(page.text)
    fields["decision"] = decision
    return session.post(base_url + "/federation/consent", data=fields, allow_redirects=False, timeout=30)


def to_land(provider, land, *, name="portal", session=None, scope="openid profile email", query=None, **kwargs):
    """A portal's authorization request up to the Land: (session, the Land's view of our request)."""
    flow = authorize(provider, name, session=session, scope=scope, log_in=False, consent=None, **kwargs)
    redirect = choose_land(flow.session, provider.server.base_url, flow.response, land, query=query)
    return flow, land.receive(redirect.headers["Location"])


def post_to_acs(provider, session: requests.Session, fields: dict[str, str]) -> requests.Response:
    """The Land's page posting to our ACS, and — when the ACS accepted the Response and parked
    it — the browser's GET of `/federation/continue`, whose answer is returned (issue #15 item 7)."""
    response = session.post(provider.server.base_url + "/federation/acs", data=fields, allow_redirects=False, timeout=30)
    if response.status_code == 303 and response.headers["Location"].startswith("/federation/continue?"):
        response = session.get(provider.server.base_url + response.headers["Location"], allow_redirects=False, timeout=30)
    return response


def back_to_portal(provider, flow, response, consent: str | None = "allow"):
    """From the ACS answer on: consent page (if any), then the redirect to the portal."""
    base = provider.server.base_url
    session = flow.session
    pages = []
    for _ in range(10):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(base + "/"):
                flow.response = response
                return follow(provider, flow, log_in=False, consent=None), pages
            response = session.get(location, allow_redirects=False, timeout=30)
            continue
        pages.append(page_name(response.text))
        if pages[-1] == "federation-consent" and consent:
            items = consent_page_items(response)
            flow.consent_items = items
            response = answer_consent(session, base, response, consent)
            consent = None
            continue
        flow.response = response
        return flow, pages
    raise AssertionError("too many redirects")
