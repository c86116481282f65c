"""Single logout as Shibboleth SP sends it by default (issue #15 item 1): the NameID of the
LogoutRequest encrypted for the encryption key in Pforte's metadata (`saml:EncryptedID`,
AES-256-CBC content, RSA-OAEP key transport), `aslo:Asynchronous` asking for no answer.

The EncryptedID is made by the xmlsec1 CLI for the certificate Pforte publishes, the message
signed over the Redirect query by pysaml2: nothing of Pforte's own code builds what it reads.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import uuid

import pytest
import requests

from account_support import log_in, new_session, page_name
from saml_support import (BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, SIG_RSA_SHA256, XMLSEC, SP, answer_logout_request,
                          location, post_form_html, query_of, sso, two_portals)

ASYNCHRONOUS = '<aslo:Asynchronous xmlns:aslo="urn:oasis:names:tc:SAML:2.0:protocol:ext:async-slo"/>'
OAEP = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
PKCS1_V15 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5"


@pytest.fixture
def portals(pforte_server, tmp_path_factory):
    """A server trusting two pysaml2 SPs, and one account."""
    return two_portals(pforte_server, tmp_path_factory, "encslo")


def encryption_certificate(server) -> str:
    metadata = requests.get(server.base_url + "/saml/metadata", timeout=10).text
    match = re.search(r'<md:KeyDescriptor use="encryption">.*?<ds:X509Certificate>([^<]+)</ds:X509Certificate>', metadata, re.S)
    assert match, metadata
    body = "\n".join(match.group(1)[i:i + 64] for i in range(0, len(match.group(1)), 64))
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"


def encrypted_id(server, name_id_xml: str, tmp_path, key_transport: str = OAEP) -> str:
    """`<saml:EncryptedID>` of `name_id_xml`: AES-256-CBC with a fresh key, that key by
    `key_transport` for Pforte's published encryption certificate (xmlsec1 CLI)."""
    (tmp_path / "cert.pem").write_text(encryption_certificate(server))
    (tmp_path / "nameid.xml").write_text(name_id_xml)
    (tmp_path / "template.xml").write_text(
        '<saml:EncryptedID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">'
        '<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">'
        '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>'
        '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>'
        f'<xenc:EncryptionMethod Algorithm="{key_transport}"/>'
        '<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>'
        '<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData></saml:EncryptedID>')
    result = subprocess.run([XMLSEC, "--encrypt", "--pubkey-cert-pem", str(tmp_path / "cert.pem"), "--session-key", "aes-256",
                             "--binary-data", str(tmp_path / "nameid.xml"), str(tmp_path / "template.xml")],
                            capture_output=True, text=True, check=True)
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", result.stdout)


def encrypted_logout_request(server, sp: SP, tmp_path, result=None, *, extensions: str = "",
                             key_transport: str = OAEP) -> tuple[str, str]:
    """(ID, XML) of a LogoutRequest naming `result`'s subject by EncryptedID (someone unknown
    without a `result`)."""
    request_id = "_" + uuid.uuid4().hex
    instant = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if result:
        name_id = result.name_id.to_string().decode()
        session_index = result.assertion.authn_statement[0].session_index
    else:
        name_id = '<saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">nobody</saml:NameID>'
        session_index = "_none"
    xml = (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{request_id}" Version="2.0" IssueInstant="{instant}" '
        f'Destination="{server.base_url}/saml/slo"><saml:Issuer>{sp.entity_id}</saml:Issuer>'
        + (f"<samlp:Extensions>{extensions}</samlp:Extensions>" if extensions else "")
        + encrypted_id(server, name_id, tmp_path, key_transport)
        + f"<samlp:SessionIndex>{session_index}</samlp:SessionIndex></samlp:LogoutRequest>")
    return request_id, xml


def send(browser, server, sp: SP, xml: str, relay_state: str = "enc-rs") -> requests.Response:
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, xml, server.base_url + "/saml/slo",
                                   relay_state=relay_state, sign=True, sigalg=SIG_RSA_SHA256)
    return browser.get(location(info), allow_redirects=False, timeout=30)


def assert_logged_out(server, browser) -> None:
    account = browser.get(server.base_url + "/account", allow_redirects=False, timeout=30)
    assert account.status_code == 303 and account.headers["Location"].startswith("/login")


def test_an_encrypted_logout_request_ends_the_session_and_reaches_the_other_portal(portals, tmp_path):
    server, first, second, login = portals
    result, browser, _ = sso(server, first, login)
    other, _, _ = sso(server, second, login, browser=browser)

    request_id, xml = encrypted_logout_request(server, first, tmp_path, result)
    response = send(browser, server, first, xml)
    assert response.status_code == 303 and response.headers["Location"].startswith(second.slo + "?"), response.text[:2000]
    query = query_of(response.headers["Location"])
    propagated = second.client.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT,
                                                    relay_state=query["RelayState"], sigalg=query["SigAlg"],
                                                    signature=query["Signature"])
    assert propagated.message.name_id.text == other.name_id.text
    answer = second.client.create_logout_response(propagated.message, [BINDING_HTTP_POST], sign=True, sign_alg=SIG_RSA_SHA256)
    info = second.client.apply_binding(BINDING_HTTP_POST, str(answer), server.base_url + "/saml/slo",
                                       relay_state=query["RelayState"], response=True)
    action, fields = post_form_html(info)
    response = browser.post(action, data=fields, allow_redirects=False, timeout=30)
    assert response.status_code == 303 and response.headers["Location"].startswith(first.slo + "?"), response.text[:2000]
    final = query_of(response.headers["Location"])
    logout = first.client.parse_logout_request_response(final["SAMLResponse"], BINDING_HTTP_REDIRECT)
    assert logout.in_response_to == request_id and logout.status_ok()
    assert_logged_out(server, browser)


def test_an_asynchronous_logout_request_gets_no_response(portals, tmp_path):
    server, first, _, login = portals
    result, browser, _ = sso(server, first, login)
    _, xml = encrypted_logout_request(server, first, tmp_path, result, extensions=ASYNCHRONOUS)
    response = send(browser, server, first, xml)
    assert response.status_code == 303, response.text[:2000]
    assert response.headers["Location"] == "/logged-out"
    assert_logged_out(server, browser)


def test_pkcs1_v15_key_transport_is_refused_and_the_browsers_session_still_ends(portals, tmp_path):
    """Refused before anything is decrypted; the page is a logout page, and the session whose
    cookie the browser sent ends all the same (Shibboleth has already ended its own)."""
    server, first, _, login = portals
    browser = new_session()
    assert log_in(server.base_url, login.address, login.password, browser)
    _, xml = encrypted_logout_request(server, first, tmp_path, key_transport=PKCS1_V15)
    response = send(browser, server, first, xml)
    assert response.status_code == 400 and "Location" not in response.headers
    assert page_name(response.text) == "saml-error"
    assert "Abmeldung" in response.text and "Anmeldung nicht möglich" not in response.text
    assert '"reason":"encryptionRefused"' in server.log().replace(" ", "")
    assert_logged_out(server, browser)


def test_a_refusal_still_tells_the_sessions_participants(portals, tmp_path):
    """A refused request cannot be trusted to come from the SP it names, so every participant of
    the ended session gets its LogoutRequest; the round ends on the page naming the refusal."""
    server, first, second, login = portals
    result, browser, _ = sso(server, first, login)
    sso(server, second, login, browser=browser)
    _, xml = encrypted_logout_request(server, first, tmp_path, result, key_transport=PKCS1_V15)
    response = send(browser, server, first, xml)
    assert '"reason":"encryptionRefused"' in server.log().replace(" ", "")
    for sp in (first, second):
        response = answer_logout_request(browser, server, sp, response)
    assert response.status_code == 303 and response.headers["Location"] == "/saml/logout-refused?reason=encryptionRefused"
    page = browser.get(server.base_url + response.headers["Location"], timeout=30)
    assert page_name(page.text) == "saml-error" and "Abmeldung" in page.text and "trotzdem beendet" in page.text
    assert_logged_out(server, browser)
