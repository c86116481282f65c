"""Pforte as SAML IdP with pysaml2 as the real SP (issue 5): SSO with signed AuthnRequests over
HTTP-Redirect and HTTP-POST, the encrypted and signed Response validated and decrypted by
pysaml2, consent before the first release of attributes, single logout both ways, and
refusals of forged, replayed and hostile messages — each built from real signed messages.

Refused messages end on an error page (400, `data-page="saml-error"`), never in a redirect.
"""

from __future__ import annotations

import re

import pytest
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT
from saml2.samlp import STATUS_NO_PASSIVE, STATUS_REQUEST_DENIED

from account_support import PASSWORD, Outbox, page_name, register_and_activate, unique_address
from saml_support import (BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, SIG_RSA_SHA256, Login, SP,
                          answer_logout_request, decoded_post_message, encoded, location, make_keypair, new_session,
                          post_form_html, query_of, saml_post, sign_in_and_continue, sso, two_portals)

ATTRIBUTES = ["mail", "givenName", "sn"]


@pytest.fixture(scope="module")
def idp_installation(module_pforte_server, tmp_path_factory):
    """One server for the module, trusting one pysaml2 SP (attributes mail, givenName, sn)."""
    workdir = tmp_path_factory.mktemp("work")
    sp = SP(tmp_path_factory.mktemp("sp"), attributes=ATTRIBUTES)
    sp.install(workdir)
    server = module_pforte_server(workdir=workdir)
    sp.connect(server.base_url)
    return server, sp


@pytest.fixture
def idp(idp_installation):
    """The module's server (its log from this test on), its SP, and a new account: each test
    has its own person, sessions and consents."""
    server, sp = idp_installation
    address = unique_address("saml")
    register_and_activate(server.base_url, Outbox(server.workdir), address, given_names="Anna", family_name="Weiß")
    return server.from_now(), sp, Login(address, PASSWORD)


def assert_refused(response, reason: str | None = None, server=None, status: int = 400):
    assert response.status_code == status, (response.status_code, response.text[:2000])
    assert "Location" not in response.headers
    assert page_name(response.text) == "saml-error", response.text[:2000]
    assert re.search(r'<html\b[^>]*\blang="de"', response.text)
    if reason and server:
        assert f'"reason":"{reason}"' in server.log().replace(" ", ""), server.log()[-3000:]


# --- single sign-on ------------------------------------------------------------------------------

@pytest.mark.parametrize("binding", [BINDING_HTTP_REDIRECT, BINDING_HTTP_POST])
def test_sso_with_signed_request_ends_in_a_response_pysaml2_accepts(idp, binding):
    server, sp, login = idp
    result, _, fields = sso(server, sp, login, binding)
    assert fields["RelayState"] == "rs-1"
    assert "EncryptedAssertion" in decoded_post_message(fields, "SAMLResponse")
    assert result.name_id.format == NAMEID_FORMAT_PERSISTENT
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", result.name_id.text)
    assert result.ava["mail"] == [login.address]
    assert result.ava["givenName"] == ["Anna"]
    assert result.ava["sn"] == ["Weiß"]
    statement = result.assertion.authn_statement[0]
    assert statement.authn_context.authn_context_class_ref.text == "http://eidas.europa.eu/LoA/low"
    assert statement.session_index


def test_persistent_nameid_is_stable_and_transient_on_request(idp):
    server, sp, login = idp
    first, browser, _ = sso(server, sp, login)
    second, _, _ = sso(server, sp, login, browser=browser)
    assert second.name_id.text == first.name_id.text
    assert second.assertion.authn_statement[0].session_index == first.assertion.authn_statement[0].session_index
    transient, _, _ = sso(server, sp, login, browser=browser, nameid_format=NAMEID_FORMAT_TRANSIENT)
    assert transient.name_id.format == NAMEID_FORMAT_TRANSIENT
    assert transient.name_id.text != first.name_id.text


def test_consent_is_asked_once_and_declining_answers_request_denied(idp):
    server, sp, login = idp
    browser = new_session()
    request_id, info = sp.authn_request()
    response = sign_in_and_continue(browser, browser.get(location(info), timeout=30), login, consent=False)
    _, fields = saml_post(response)
    with pytest.raises(Exception) as refused:
        sp.parse_response(fields["SAMLResponse"], request_id)
    assert "RequestDenied" in repr(refused.value) or STATUS_REQUEST_DENIED in repr(refused.value)
    sso(server, sp, login, browser=browser, consent=True)
    # Consent is remembered: no consent page the next time.
    _, info = sp.authn_request()
    response = browser.get(location(info), timeout=30)
    assert page_name(response.text) == "saml-post"


def test_is_passive_without_session_answers_no_passive(idp):
    server, sp, _ = idp
    request_id, info = sp.authn_request(is_passive="true")
    response = new_session().get(location(info), timeout=30)
    _, fields = saml_post(response)
    assert STATUS_NO_PASSIVE in decoded_post_message(fields, "SAMLResponse")


def test_a_level_that_no_login_reaches_answers_no_authn_context(idp):
    server, sp, login = idp
    from saml2.samlp import RequestedAuthnContext
    from saml2.saml import AuthnContextClassRef
    # Exactly substantiell: neither the password (normal) nor the eID (hoch) gives it.
    context = RequestedAuthnContext(authn_context_class_ref=[AuthnContextClassRef(text="http://eidas.europa.eu/LoA/substantial")],
                                    comparison="exact")
    _, info = sp.authn_request(requested_authn_context=context)
    response = new_session().get(location(info), timeout=30)
    _, fields = saml_post(response)
    assert "NoAuthnContext" in decoded_post_message(fields, "SAMLResponse")


def test_metadata_is_served_and_exported(idp, pforte):
    server, sp, _ = idp
    response = server.get("/saml/metadata")
    assert response.status_code == 200
    assert "IDPSSODescriptor" in response.text and "<ds:Signature" in response.text
    exported = pforte("metadata", "export", cwd=server.workdir)
    assert exported.returncode == 0, exported.stderr
    assert "IDPSSODescriptor" in exported.stdout


# --- single logout -------------------------------------------------------------------------------

@pytest.mark.postgres
def test_sp_initiated_logout_ends_the_session_and_answers_signed(idp):
    server, sp, login = idp
    result, browser, _ = sso(server, sp, login)
    session_index = result.assertion.authn_statement[0].session_index
    request_id, request = sp.client.create_logout_request(
        server.base_url + "/saml/slo", sp.idp_entity_id, name_id=result.name_id, session_indexes=[session_index])
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(request), server.base_url + "/saml/slo",
                                   relay_state="slo-rs", sign=True, sigalg=SIG_RSA_SHA256)
    response = browser.get(location(info), allow_redirects=False, timeout=30)
    assert response.status_code == 303
    target = response.headers["Location"]
    assert target.startswith(sp.slo + "?")
    query = query_of(target)
    logout = sp.client.parse_logout_request_response(query["SAMLResponse"], BINDING_HTTP_REDIRECT)
    assert logout.in_response_to == request_id
    assert logout.status_ok()
    assert query["RelayState"] == "slo-rs"
    account = browser.get(server.base_url + "/account", allow_redirects=False, timeout=30)
    assert account.status_code == 303 and account.headers["Location"].startswith("/login")


def test_idp_initiated_logout_sends_a_signed_request_and_ends_on_the_logged_out_page(idp):
    server, sp, login = idp
    result, browser, _ = sso(server, sp, login)
    page = browser.get(server.base_url + "/account", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = browser.post(server.base_url + "/logout", data={"csrf_token": token}, allow_redirects=False, timeout=30)
    assert response.status_code == 303
    target = response.headers["Location"]
    assert target.startswith(sp.slo + "?")
    query = query_of(target)
    request = sp.client.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT,
                                             relay_state=query["RelayState"], sigalg=query["SigAlg"],
                                             signature=query["Signature"])
    assert request.message.name_id.text == result.name_id.text
    assert request.message.session_index[0].text == result.assertion.authn_statement[0].session_index
    answer = sp.client.create_logout_response(request.message, [BINDING_HTTP_REDIRECT], sign_alg=SIG_RSA_SHA256)
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(answer), server.base_url + "/saml/slo",
                                   relay_state=query["RelayState"], response=True, sign=True, sigalg=SIG_RSA_SHA256)
    done = browser.get(location(info), allow_redirects=False, timeout=30)
    assert done.status_code == 303 and done.headers["Location"] == "/logged-out", done.text[:2000]
    # The same response again answers nothing.
    assert_refused(browser.get(location(info), allow_redirects=False, timeout=30))


# --- refusals ------------------------------------------------------------------------------------

def test_unsigned_request_is_refused(idp):
    server, sp, _ = idp
    _, request = sp.client.create_authn_request(server.base_url + "/saml/sso", binding=BINDING_HTTP_POST)
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(request), server.base_url + "/saml/sso", relay_state="x",
                                   sign=False)
    assert_refused(new_session().get(location(info), allow_redirects=False, timeout=30), "signatureMissing", server)


def test_tampered_query_signature_is_refused(idp):
    server, sp, _ = idp
    _, info = sp.authn_request(relay_state="original")
    assert_refused(new_session().get(location(info).replace("RelayState=original", "RelayState=changed"),
                                     allow_redirects=False, timeout=30), "signatureInvalid", server)


@pytest.mark.postgres
def test_replayed_request_is_refused(idp):
    server, sp, _ = idp
    _, info = sp.authn_request()
    assert new_session().get(location(info), allow_redirects=False, timeout=30).status_code == 303
    assert_refused(new_session().get(location(info), allow_redirects=False, timeout=30), "replayed", server)


def test_acs_outside_metadata_is_refused(idp):
    server, sp, _ = idp
    _, request = sp.client.create_authn_request(server.base_url + "/saml/sso", binding=BINDING_HTTP_POST,
                                                assertion_consumer_service_url="https://evil.example/acs")
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(request), server.base_url + "/saml/sso", relay_state="x",
                                   sign=True, sigalg=SIG_RSA_SHA256)
    response = new_session().get(location(info), allow_redirects=False, timeout=30)
    assert_refused(response, "unknownEndpoint", server)
    assert "evil.example" not in response.text


def test_signature_by_a_key_not_in_the_metadata_is_refused_whatever_keyinfo_says(idp, tmp_path_factory):
    server, sp, _ = idp
    impostor = SP(tmp_path_factory.mktemp("impostor"), name=sp.name, keys=make_keypair(tmp_path_factory.mktemp("k"), "impostor"))
    impostor.connect(server.base_url)
    _, info = impostor.authn_request(BINDING_HTTP_POST)
    action, fields = post_form_html(info)
    xml = decoded_post_message(fields)
    swapped = re.sub(r"(<(?:\w+:)?X509Certificate>)[^<]+(</(?:\w+:)?X509Certificate>)",
                     lambda match: match.group(1) + sp.keys.certificate_base64 + match.group(2), xml)
    assert swapped != xml
    response = new_session().post(action, data={"SAMLRequest": encoded(swapped)}, allow_redirects=False, timeout=30)
    assert_refused(response, "signatureInvalid", server)


def signed_post_request(sp, **kwargs) -> str:
    _, info = sp.authn_request(BINDING_HTTP_POST, **kwargs)
    return decoded_post_message(post_form_html(info)[1])


def xsw_variants(signed: str) -> dict[str, str]:
    """Signature-wrapping variants of a signed AuthnRequest (after Somorovsky et al., "On Breaking
    SAML", 2012): the signed original kept somewhere the verifier may find it, an evil request with
    another ACS where the application might read it."""
    body = re.sub(r"^<\?xml[^>]*\?>\s*", "", signed)
    protocol = re.match(r"<(\w+):AuthnRequest\b", body).group(1)
    found = re.search(r"<(\w+):Signature\b.*?</\1:Signature>", body, re.S)
    signature, ds = found.group(0), found.group(1)
    extensions = lambda content: f"<{protocol}:Extensions>{content}</{protocol}:Extensions>"
    unsigned = body.replace(signature, "")
    request_id = re.search(r'\bID="([^"]+)"', body).group(1)
    evil = unsigned.replace(request_id, "_evil").replace('AssertionConsumerServiceURL="', 'AssertionConsumerServiceURL="https://evil.example/acs" X="')
    evil_open, evil_rest = evil.split(">", 1)
    issuer_end = re.search(r"</(\w+:)?Issuer>", evil_rest).end()

    def inside_evil(content: str, after_issuer: bool = True) -> str:
        if after_issuer:
            return evil_open + ">" + evil_rest[:issuer_end] + content + evil_rest[issuer_end:]
        return evil_open + ">" + content + evil_rest

    signature_with_object = signature.replace(f"</{ds}:Signature>", f"<{ds}:Object>{body}</{ds}:Object></{ds}:Signature>")
    return {
        # 1: evil root carries the original's signature, the original as a child.
        "XSW1": inside_evil(signature + extensions(body)),
        # 2: like 1 with the original before the signature.
        "XSW2": inside_evil(extensions(body) + signature),
        # 3: evil root with the original's ID, the signed original as its sibling inside.
        "XSW3": inside_evil(extensions(body)).replace('ID="_evil"', f'ID="{request_id}"', 1),
        # 4: the original inside the evil root's signature (ds:Object).
        "XSW4": inside_evil(signature_with_object),
        # 5: the original's signature left on the evil root, original gone.
        "XSW5": inside_evil(signature).replace('ID="_evil"', f'ID="{request_id}"', 1),
        # 6: the original nested inside the signature's Object, evil root with the original's ID.
        "XSW6": inside_evil(signature_with_object).replace('ID="_evil"', f'ID="{request_id}"', 1),
        # 7: the original (signed) inside an Extensions of the evil root, before Issuer.
        "XSW7": inside_evil(extensions(body), after_issuer=False),
        # 8: the signed original with its ACS changed afterwards.
        "XSW8": body.replace('AssertionConsumerServiceURL="', 'AssertionConsumerServiceURL="https://evil.example/acs" X="'),
    }


def test_signature_wrapping_variants_are_refused(idp):
    server, sp, _ = idp
    signed = signed_post_request(sp)
    for name, variant in xsw_variants(signed).items():
        response = new_session().post(server.base_url + "/saml/sso", data={"SAMLRequest": encoded(variant)},
                                      allow_redirects=False, timeout=30)
        assert response.status_code == 400, (name, response.status_code, response.headers.get("Location"), variant)
        assert page_name(response.text) == "saml-error", name
        assert "evil.example" not in response.text, name


def after_issuer(xml: str, content: str, before: str = "") -> str:
    """`xml` with `before` inserted at the end of the first Issuer's text and `content` after it."""
    return re.sub(r"(</(?:\w+:)?Issuer>)", lambda match: before + match.group(1) + content, xml, count=1)


def test_doctype_and_entities_are_refused_before_expansion(idp):
    server, sp, _ = idp
    signed = re.sub(r"^<\?xml[^>]*\?>\s*", "", signed_post_request(sp))
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
            + ']>' + after_issuer(signed, "", before="&i;"))
    assert_refused(new_session().post(server.base_url + "/saml/sso", data={"SAMLRequest": encoded(bomb)},
                                      allow_redirects=False, timeout=30), "doctypeRefused", server)
    external = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + signed
    assert_refused(new_session().post(server.base_url + "/saml/sso", data={"SAMLRequest": encoded(external)},
                                      allow_redirects=False, timeout=30), "doctypeRefused", server)


def test_oversize_message_is_refused(idp):
    server, sp, _ = idp
    signed = signed_post_request(sp)
    big = after_issuer(signed, "<!--" + "x" * 300_000 + "-->")
    assert len(big) > 300_000
    assert_refused(new_session().post(server.base_url + "/saml/sso", data={"SAMLRequest": encoded(big)},
                                      allow_redirects=False, timeout=30), "tooLarge", server, status=413)


def test_comment_inside_a_signed_value_does_not_truncate_it(idp):
    server, sp, login = idp
    signed = signed_post_request(sp)
    # Exclusive C14N drops comments, so the signature still holds; the IdP must read the whole
    # Issuer (the SP's entityID), not the text before the comment (an unknown issuer).
    split = signed.replace(f">{sp.entity_id}</", f">{sp.entity_id[:12]}<!--x-->{sp.entity_id[12:]}</", 1)
    assert split != signed
    response = new_session().post(server.base_url + "/saml/sso", data={"SAMLRequest": encoded(split)},
                                  allow_redirects=False, timeout=30)
    assert response.status_code == 303 and response.headers["Location"].startswith("/saml/continue?handle="), response.text[:2000]


# --- more of single logout and SSO ---------------------------------------------------------------

def test_sp_initiated_logout_by_post_is_answered_by_post(idp):
    server, sp, login = idp
    result, browser, _ = sso(server, sp, login)
    request_id, request = sp.client.create_logout_request(
        server.base_url + "/saml/slo", sp.idp_entity_id, name_id=result.name_id,
        session_indexes=[result.assertion.authn_statement[0].session_index], sign=True, sign_alg=SIG_RSA_SHA256)
    info = sp.client.apply_binding(BINDING_HTTP_POST, str(request), server.base_url + "/saml/slo", relay_state="post-rs")
    action, fields = post_form_html(info)
    # A cross-site POST carries no SameSite=Lax cookie: the SessionIndex finds the session.
    response = new_session().post(action, data=fields, timeout=30)
    action, fields = saml_post(response)
    assert action == sp.slo + "/post"
    assert fields["RelayState"] == "post-rs"
    logout = sp.client.parse_logout_request_response(fields["SAMLResponse"], BINDING_HTTP_POST)
    assert logout.in_response_to == request_id and logout.status_ok()
    account = browser.get(server.base_url + "/account", allow_redirects=False, timeout=30)
    assert account.status_code == 303 and account.headers["Location"].startswith("/login")


@pytest.mark.postgres
def test_logout_at_one_sp_reaches_the_other_participants(pforte_server, tmp_path_factory):
    server, first, second, login = two_portals(pforte_server, tmp_path_factory, "slo")
    result, browser, _ = sso(server, first, login)
    other, _, _ = sso(server, second, login, browser=browser)

    request_id, request = first.client.create_logout_request(
        server.base_url + "/saml/slo", first.idp_entity_id, name_id=result.name_id,
        session_indexes=[result.assertion.authn_statement[0].session_index])
    info = first.client.apply_binding(BINDING_HTTP_REDIRECT, str(request), server.base_url + "/saml/slo",
                                      relay_state="first-rs", sign=True, sigalg=SIG_RSA_SHA256)
    response = browser.get(location(info), allow_redirects=False, timeout=30)
    assert response.status_code == 303 and response.headers["Location"].startswith(second.slo + "?")
    query = query_of(response.headers["Location"])
    propagated = second.client.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT,
                                                    relay_state=query["RelayState"], sigalg=query["SigAlg"],
                                                    signature=query["Signature"])
    assert propagated.message.name_id.text == other.name_id.text
    # The second SP answers by HTTP-POST.
    answer = second.client.create_logout_response(propagated.message, [BINDING_HTTP_POST], sign=True,
                                                   sign_alg=SIG_RSA_SHA256)
    info = second.client.apply_binding(BINDING_HTTP_POST, str(answer), server.base_url + "/saml/slo",
                                       relay_state=query["RelayState"], response=True)
    action, fields = post_form_html(info)
    response = browser.post(action, data=fields, allow_redirects=False, timeout=30)
    assert response.status_code == 303 and response.headers["Location"].startswith(first.slo + "?"), response.text[:2000]
    final = query_of(response.headers["Location"])
    assert final["RelayState"] == "first-rs"
    logout = first.client.parse_logout_request_response(final["SAMLResponse"], BINDING_HTTP_REDIRECT)
    assert logout.in_response_to == request_id and logout.status_ok()


def test_force_authn_asks_for_the_password_again(idp):
    server, sp, login = idp
    first, browser, _ = sso(server, sp, login)
    request_id, info = sp.authn_request(force_authn="true")
    response = browser.get(location(info), timeout=30)
    assert page_name(response.text) == "login"
    _, fields = saml_post(sign_in_and_continue(browser, response, login))
    again = sp.parse_response(fields["SAMLResponse"], request_id)
    # The new login replaced the session; the SP is still its participant, under the same index.
    session_index = first.assertion.authn_statement[0].session_index
    assert again.assertion.authn_statement[0].session_index == session_index
    page = browser.get(server.base_url + "/account", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = browser.post(server.base_url + "/logout", data={"csrf_token": token}, allow_redirects=False, timeout=30)
    assert response.headers["Location"].startswith(sp.slo + "?")


def test_unsigned_logout_request_is_refused(idp):
    server, sp, login = idp
    result, browser, _ = sso(server, sp, login)
    _, request = sp.client.create_logout_request(
        server.base_url + "/saml/slo", sp.idp_entity_id, name_id=result.name_id,
        session_indexes=[result.assertion.authn_statement[0].session_index])
    info = sp.client.apply_binding(BINDING_HTTP_REDIRECT, str(request), server.base_url + "/saml/slo", relay_state="x",
                                   sign=False)
    # Refused, yet the browser's own session ends (issue #15): its participant is told, and the
    # round ends on the page that names the refusal.
    response = answer_logout_request(browser, server, sp, browser.get(location(info), allow_redirects=False, timeout=30))
    assert '"reason":"signatureMissing"' in server.log().replace(" ", "")
    response = browser.get(server.base_url + response.headers["Location"], allow_redirects=False, timeout=30)
    assert_refused(response)
    assert "Abmeldung" in response.text and "Anmeldung nicht möglich" not in response.text
    assert browser.get(server.base_url + "/account", allow_redirects=False, timeout=30).status_code == 303


# --- pforte metadata import ----------------------------------------------------------------------

def test_metadata_import_validates_and_stores(pforte, tmp_path_factory):
    from saml2.metadata import create_metadata_string
    from saml2.xmldsig import DIGEST_SHA256
    directory = tmp_path_factory.mktemp("import")
    sp = SP(directory, name="portal")
    good = directory / "good.xml"
    good.write_text(create_metadata_string(None, config=sp.config(), sign=False).decode())
    workdir = tmp_path_factory.mktemp("work")
    imported = pforte("metadata", "import", str(good), cwd=workdir)
    assert imported.returncode == 0, imported.stderr
    assert not (workdir / "metadata").exists()  # into the store's registry, not a file

    remote = directory / "remote.xml"
    remote.write_text(good.read_text().replace("http://localhost:9/portal/acs", "http://portal.example/acs"))
    refused = pforte("metadata", "import", str(remote), cwd=workdir)
    assert refused.returncode == 1 and "https" in refused.stderr

    # With a federation certificate, only metadata signed by it is accepted.
    federation = make_keypair(directory, "federation")
    config = {"saml": {"federation_certificate": str(federation.cert_file)}}
    assert pforte("metadata", "import", str(good), config=config, cwd=workdir).returncode == 1
    signed = directory / "signed.xml"

    def signed_by(keys) -> str:
        signer = sp.config()
        signer.key_file, signer.cert_file = str(keys.key_file), str(keys.cert_file)
        document = create_metadata_string(None, config=signer, sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
        return document.decode() if isinstance(document, bytes) else document

    signed.write_text(signed_by(sp.keys))
    assert pforte("metadata", "import", str(signed), config=config, cwd=workdir).returncode == 1
    signed.write_text(signed_by(federation))
    accepted = pforte("metadata", "import", str(signed), config=config, cwd=workdir)
    assert accepted.returncode == 0, accepted.stderr

    listed = pforte("metadata", "list", cwd=workdir)
    assert listed.returncode == 0, listed.stderr
    assert f"entity_id: {sp.entity_id}" in listed.stdout and "assertions_encrypted: true" in listed.stdout
    # A file's settings are checked as at start.
    file_sp = SP(directory, name="file-portal")
    file_sp.install(workdir)
    (workdir / "metadata" / "sp" / "file-portal.yaml").write_text("minimum_level: maximal\n")
    broken = pforte("metadata", "list", cwd=workdir)
    assert broken.returncode == 2 and "file-portal.yaml" in broken.stderr


def test_levels_follow_the_request_and_the_sp_minimum(pforte_server, tmp_path_factory):
    from saml2.saml import AuthnContextClassRef
    from saml2.samlp import RequestedAuthnContext
    workdir = tmp_path_factory.mktemp("work")
    plain = SP(tmp_path_factory.mktemp("plain"), name="plain")
    strict = SP(tmp_path_factory.mktemp("strict"), name="strict", settings={"minimum_level": "substantiell"})
    plain.install(workdir)
    strict.install(workdir)
    # Password logins only: with an eID service the strict SP's request would step up to the
    # eID login (test_eid_step_up.py) instead of failing.
    server = pforte_server({"eid": {"enabled": False}}, workdir=workdir)
    plain.connect(server.base_url)
    strict.connect(server.base_url)
    login = Login(unique_address("levels"), PASSWORD)
    register_and_activate(server.base_url, Outbox(server.workdir), login.address)

    # An exact request in STORK form is answered in that form.
    context = RequestedAuthnContext(authn_context_class_ref=[AuthnContextClassRef(text="STORK-QAA-Level-1")],
                                    comparison="exact")
    result, browser, _ = sso(server, plain, login, requested_authn_context=context)
    assert result.assertion.authn_statement[0].authn_context.authn_context_class_ref.text == "STORK-QAA-Level-1"

    # A password session does not reach the strict SP's minimum, whatever the request says.
    _, info = strict.authn_request()
    _, fields = saml_post(browser.get(location(info), timeout=30))
    assert "NoAuthnContext" in decoded_post_message(fields, "SAMLResponse")


def test_idp_initiated_logout_by_post_to_an_sp_without_redirect_endpoint(pforte_server, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("work")
    sp = SP(tmp_path_factory.mktemp("sp"), name="postonly", slo_bindings=(BINDING_HTTP_POST,))
    sp.install(workdir)
    server = pforte_server(workdir=workdir)
    sp.connect(server.base_url)
    login = Login(unique_address("postonly"), PASSWORD)
    register_and_activate(server.base_url, Outbox(server.workdir), login.address)
    result, browser, _ = sso(server, sp, login)
    page = browser.get(server.base_url + "/account", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    action, fields = saml_post(browser.post(server.base_url + "/logout", data={"csrf_token": token}, timeout=30))
    assert action == sp.slo + "/post"
    request = sp.client.parse_logout_request(fields["SAMLRequest"], BINDING_HTTP_POST)
    assert request.message.name_id.text == result.name_id.text
    answer = sp.client.create_logout_response(request.message, [BINDING_HTTP_POST], sign=True, sign_alg=SIG_RSA_SHA256)
    info = sp.client.apply_binding(BINDING_HTTP_POST, str(answer), server.base_url + "/saml/slo",
                                   relay_state=fields["RelayState"], response=True)
    action, answer_fields = post_form_html(info)
    done = browser.post(action, data=answer_fields, allow_redirects=False, timeout=30)
    assert done.status_code == 303 and done.headers["Location"] == "/logged-out", done.text[:2000]


def test_the_account_page_lists_the_sp_consent_and_withdraws_it(idp):
    server, sp, login = idp
    _, browser, _ = sso(server, sp, login)
    page = browser.get(server.base_url + "/account", timeout=30)
    assert "Testportal sp" in page.text and "E-Mail-Adresse" in page.text and "Familienname" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = browser.post(server.base_url + "/account/consents/withdraw", data={
        "csrf_token": token, "client_id": sp.entity_id, "protocol": "saml"}, allow_redirects=False, timeout=30)
    assert response.status_code == 303 and response.headers["Location"] == "/account?done=consent"
    assert "Testportal sp" not in browser.get(server.base_url + "/account", timeout=30).text
    _, info = sp.authn_request()
    assert page_name(browser.get(location(info), timeout=30).text) == "saml-consent"
