"""Attacks on Pforte's SP side of the federation (issue #7, design §7): every forged Response is
built with lxml from a genuine pysaml2 Response of a foreign Land — signature wrapping XSW1–XSW8
(after Somorovsky et al., "On Breaking SAML", 2012), a second unsigned assertion, a key not in
the Land's metadata, a replay, wrong Audience/Recipient/Destination, an expired assertion, an
answer to another request, and a comment-split NameID. Changes inside a signed element that the
Land might really have made are signed again with the Land's own key, so that the check under
test, not the signature, is what refuses them.

A refused Response ends on an error page (400, `data-page="federation-error"`), never in a
redirect or a session."""

from __future__ import annotations

import copy
import datetime
from dataclasses import replace

import pytest
from lxml import etree

from account_support import page_name
from federation_support import Land, back_to_portal, post_fields, post_to_acs, to_land
from oidc_support import ClientSpec, start_provider

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"samlp": SAMLP, "saml": SAML, "ds": DS}


@pytest.fixture(scope="module")
def federation_of_lands(module_pforte, module_pforte_server, module_backend, tmp_path_factory):
    """One server for the module. Land A signs its assertions; Land R signs only its Responses;
    the impostor has Land A's entityID but its own key, which no metadata names."""
    tmp_path = tmp_path_factory.mktemp("lands")
    land_a = Land(tmp_path, "land-a")
    land_r = Land(tmp_path, "land-r", sign_assertion=False, sign_response=True)
    land_a.install(tmp_path)
    land_r.install(tmp_path)
    provider = start_provider(module_pforte, module_pforte_server, module_backend, tmp_path, [ClientSpec("portal")])
    impostor = Land(tmp_path, "impostor", entity_id=land_a.entity_id)
    for land in (land_a, land_r, impostor):
        land.connect(provider.server.base_url)
    return provider, land_a, land_r, impostor


@pytest.fixture
def lands(federation_of_lands):
    """The module's Lands and provider, whose server log starts with this test."""
    provider, land_a, land_r, impostor = federation_of_lands
    return replace(provider, server=provider.server.from_now()), land_a, land_r, impostor


def parse(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode())


def text(root: etree._Element) -> str:
    return etree.tostring(root).decode()


def assertion_of(root: etree._Element) -> etree._Element:
    return root.find("saml:Assertion", NS)


def signature_of(element: etree._Element) -> etree._Element:
    return element.find("ds:Signature", NS)


def evil_copy(element: etree._Element, *, keep_signature: bool = False, new_id: str | None = "_evil") -> etree._Element:
    """A copy of `element` whose NameID says someone else; without its signature unless kept."""
    evil = copy.deepcopy(element)
    if not keep_signature and signature_of(evil) is not None:
        evil.remove(signature_of(evil))
    if new_id:
        evil.set("ID", new_id)
    for name_id in evil.iter(f"{{{SAML}}}NameID"):
        name_id.text = "evil-admin"
    return evil


def in_object(signature: etree._Element, content: etree._Element) -> etree._Element:
    """A copy of `signature` carrying `content` in a ds:Object."""
    wrapped = copy.deepcopy(signature)
    etree.SubElement(wrapped, f"{{{DS}}}Object").append(content)
    return wrapped


def assertion_xsw(signed: str) -> dict[str, str]:
    """XSW3–XSW8 against a Response whose assertion is signed (the Response is not)."""
    variants = {}

    root = parse(signed)  # 3: an evil assertion before the signed one.
    original = assertion_of(root)
    original.addprevious(evil_copy(original))
    variants["XSW3"] = text(root)

    root = parse(signed)  # 4: an evil assertion wrapping the signed one.
    original = assertion_of(root)
    evil = evil_copy(original)
    original.addprevious(evil)
    evil.append(original)
    variants["XSW4"] = text(root)

    root = parse(signed)  # 5: the evil assertion keeps the signature; an unsigned copy of the original at the end.
    original = assertion_of(root)
    unsigned_original = copy.deepcopy(original)
    unsigned_original.remove(signature_of(unsigned_original))
    original.addprevious(evil_copy(original, keep_signature=True, new_id=None))
    root.remove(original)
    root.append(unsigned_original)
    variants["XSW5"] = text(root)

    root = parse(signed)  # 6: the evil assertion keeps the signature, the original inside it.
    original = assertion_of(root)
    evil = evil_copy(original, keep_signature=True, new_id=None)
    signature = signature_of(evil)
    evil.replace(signature, in_object(signature, copy.deepcopy(original)))
    original.addprevious(evil)
    root.remove(original)
    variants["XSW6"] = text(root)

    root = parse(signed)  # 7: the original hidden in an Extensions element, an unsigned evil assertion used.
    original = assertion_of(root)
    extensions = etree.Element(f"{{{SAMLP}}}Extensions")
    original.addprevious(extensions)
    original.addprevious(evil_copy(original, new_id=None))
    extensions.append(original)
    variants["XSW7"] = text(root)

    root = parse(signed)  # 8: evil assertion with the signature, the unsigned original in its ds:Object.
    original = assertion_of(root)
    evil = evil_copy(original, keep_signature=True, new_id=None)
    unsigned_original = copy.deepcopy(original)
    unsigned_original.remove(signature_of(unsigned_original))
    signature = signature_of(evil)
    evil.replace(signature, in_object(signature, unsigned_original))
    original.addprevious(evil)
    root.remove(original)
    variants["XSW8"] = text(root)
    return variants


def response_xsw(signed: str) -> dict[str, str]:
    """XSW1, XSW2 against a signed Response (its assertion unsigned)."""
    variants = {}
    original = parse(signed)
    evil = evil_copy(original)  # 1: the evil Response carries the signed original inside its Signature.
    evil.insert(1, in_object(signature_of(original), copy.deepcopy(original)))
    variants["XSW1"] = text(evil)

    evil = evil_copy(original)  # 2: the signed original as a sibling before the (detached) Signature.
    evil.insert(1, copy.deepcopy(original))
    evil.insert(2, copy.deepcopy(signature_of(original)))
    variants["XSW2"] = text(evil)
    return variants


def assert_refused(provider, response, reason: str | None = None):
    assert response.status_code == 400, (response.status_code, response.text[:1500])
    assert "Location" not in response.headers and "Set-Cookie" not in response.headers
    assert page_name(response.text) == "federation-error", response.text[:1500]
    if reason:
        log = provider.server.log().replace(" ", "")
        assert f'"reason":"{reason}"' in log, log[-3000:]


def refused(provider, land, build, reason: str | None = None) -> None:
    """A fresh login at `land`; `build(request)` returns the forged Response's XML."""
    flow, request = to_land(provider, land)
    assert_refused(provider, post_to_acs(provider, flow.session, post_fields(build(request), request.relay_state)), reason)


@pytest.mark.postgres
def test_untouched_responses_pass_the_same_path(lands):
    """Control: parsing and re-serialising with lxml keeps a genuine Response acceptable."""
    provider, land_a, land_r, _ = lands
    for land in (land_a, land_r):
        flow, request = to_land(provider, land)
        response = post_to_acs(provider, flow.session, post_fields(text(parse(land.response_xml(request))), request.relay_state))
        assert response.status_code == 303 and "Set-Cookie" in response.headers, response.text[:1500]


@pytest.mark.parametrize("variant", ["XSW3", "XSW4", "XSW5", "XSW6", "XSW7", "XSW8"])
def test_assertion_signature_wrapping_is_refused(lands, variant):
    provider, land_a, _, _ = lands
    refused(provider, land_a, lambda request: assertion_xsw(land_a.response_xml(request))[variant])


@pytest.mark.parametrize("variant", ["XSW1", "XSW2"])
def test_response_signature_wrapping_is_refused(lands, variant):
    provider, _, land_r, _ = lands
    refused(provider, land_r, lambda request: response_xsw(land_r.response_xml(request))[variant])


def test_tampered_signed_assertion_is_refused(lands):
    provider, land_a, _, _ = lands

    def tamper(request):
        root = parse(land_a.response_xml(request))
        assertion_of(root).find("saml:Subject/saml:NameID", NS).text = "evil-admin"
        return text(root)
    refused(provider, land_a, tamper, "signatureInvalid")


def test_unsigned_second_assertion_beside_a_signed_one_is_refused(lands):
    provider, land_a, land_r, _ = lands

    def second(land):
        def build(request):
            root = parse(land.response_xml(request))
            assertion_of(root).addnext(evil_copy(assertion_of(root)))
            return text(root)
        return build
    refused(provider, land_a, second(land_a), "assertionCount")
    refused(provider, land_r, second(land_r))


def test_unsigned_response_and_assertion_are_refused(lands):
    provider, _, land_r, _ = lands

    def strip(request):
        root = parse(land_r.response_xml(request))
        root.remove(signature_of(root))
        return text(root)
    refused(provider, land_r, strip, "signatureMissing")


def test_assertion_signed_by_a_key_not_in_the_lands_metadata_is_refused(lands):
    provider, land_a, _, impostor = lands
    refused(provider, land_a, lambda request: impostor.response_xml(request), "signatureInvalid")


@pytest.mark.postgres
def test_replayed_response_is_refused(lands):
    provider, land_a, _, _ = lands
    flow, request = to_land(provider, land_a)
    fields = land_a.answer(request)
    assert post_to_acs(provider, flow.session, fields).status_code == 303
    assert_refused(provider, post_to_acs(provider, flow.session, fields))
    # The same assertion under a new login's RelayState: bound to the old request.
    second, request = to_land(provider, land_a)
    assert_refused(provider, post_to_acs(provider, second.session, fields | {"RelayState": request.relay_state}))


def resigned(land, mutate):
    """A builder: the Land's Response with `mutate(root, assertion)` applied, its assertion
    signed again by the Land."""
    def build(request):
        root = parse(land.response_xml(request))
        assertion = assertion_of(root)
        mutate(root, assertion)
        return land.sign(text(root), "Assertion", assertion.get("ID"))
    return build


def test_wrong_audience_is_refused(lands):
    provider, land_a, _, _ = lands
    refused(provider, land_a, resigned(land_a, lambda _, a: setattr(
        a.find("saml:Conditions/saml:AudienceRestriction/saml:Audience", NS), "text", "https://other.example/sp")),
        "wrongAudience")


def test_wrong_recipient_is_refused(lands):
    provider, land_a, _, _ = lands
    refused(provider, land_a, resigned(land_a, lambda _, a: a.find(
        "saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData", NS).set("Recipient", "https://other.example/acs")),
        "wrongDestination")


def test_wrong_destination_is_refused(lands):
    provider, land_a, _, _ = lands
    refused(provider, land_a, lambda request: land_a.response_xml(request, destination="https://other.example/acs"),
            "wrongDestination")


def test_expired_assertion_is_refused(lands):
    provider, land_a, _, _ = lands
    past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def expire(_, assertion):
        assertion.find("saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData", NS).set("NotOnOrAfter", past)
        assertion.find("saml:Conditions", NS).set("NotOnOrAfter", past)
    refused(provider, land_a, resigned(land_a, expire), "expired")


def test_answer_to_another_request_is_refused(lands):
    provider, land_a, _, _ = lands
    refused(provider, land_a, lambda request: land_a.response_xml(request, in_response_to="_another-request"),
            "wrongInResponseTo")


def test_comment_split_nameid_is_read_as_signed(lands):
    """CVE-2017-11427 style: a comment inside the signed NameID leaves the signature valid
    (exclusive C14N drops comments); the subject must be the whole signed text, so the portal
    sees the holder of `victim.evil`, never `victim`."""
    provider, land_a, _, _ = lands

    def login(build) -> str:
        flow, request = to_land(provider, land_a)
        flow, _ = back_to_portal(provider, flow, post_to_acs(provider, flow.session, post_fields(build(request), request.relay_state)))
        assert flow.code, flow.params or flow.response.text[:1500]
        tokens = provider.oauth("portal").fetch_token(code=flow.code, code_verifier=flow.code_verifier)
        return provider.validate_id_token("portal", tokens["id_token"])["sub"]

    victim = login(lambda request: land_a.response_xml(request, subject="victim"))
    attacker = login(lambda request: land_a.response_xml(request, subject="victim.evil"))

    def split(request):
        root = parse(land_a.response_xml(request, subject="victim.evil"))
        name_id = assertion_of(root).find("saml:Subject/saml:NameID", NS)
        name_id.text = "victim"
        comment = etree.Comment("")
        comment.tail = ".evil"
        name_id.append(comment)
        return text(root)
    assert login(split) == attacker != victim
