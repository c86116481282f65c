"""Release of an organisation to a SAML portal (issue #8): a pysaml2 SP that may receive the
organisation attributes makes Pforte ask "in whose name do you act"; acting for the
organisation puts its pairwise identifier, name, legal form and the member's role into the
assertion pysaml2 validates, acting for oneself leaves them out, and a forged choice of an
organisation the account does not belong to changes nothing. The OIDC `organisation` claim is
walked in Chromium in test_organisation_pages.py.
"""

from __future__ import annotations

import re

from account_support import PASSWORD, Outbox, csrf, new_session, page_name, register_and_activate, submit, unique_address
from saml_support import BINDING_HTTP_REDIRECT, SP, Login, location, saml_post, sign_in_and_continue

ORGANISATION_ATTRIBUTES = ["o", "organizationIdentifier", "businessCategory", "employeeType"]
ORGANISATION = {
    "name": "Muster Bau GmbH", "legalForm": "gmbh", "seat": "Dresden", "street": "Archivstraße", "houseNumber": "12",
    "postalCode": "01097", "city": "Dresden", "countryCode": "DE", "email": "info@muster-bau.example",
    "adult": "yes", "consent": "yes",
}


def signed_in(base: str, address: str):
    session = new_session()
    response = submit(session, base, "/login", {"email": address, "password": PASSWORD})
    assert page_name(response.text) == "account", response.text[:500]
    return session


def organisation_with_member(server) -> tuple[str, str, Login]:
    """An organisation with general release on, made through the pages: its path, its admin's
    address and the member's login."""
    base, outbox = server.base_url, Outbox(server.workdir)
    admin, member = unique_address("admin"), unique_address("mitglied")
    for address in (admin, member):
        register_and_activate(base, outbox, address)
    admin_browser = signed_in(base, admin)
    response = submit(admin_browser, base, "/organisations/new", ORGANISATION)
    assert page_name(response.text) == "organisation", response.text[:500]
    path = response.url.split(base, 1)[1].split("?", 1)[0]
    submit(admin_browser, base, path + "/invite", {"email": member}, form_page=path)
    invitation = outbox.expect(member, "/organisations/invitation", base).link(base, "/organisations/invitation")
    member_browser = signed_in(base, member)
    token = invitation.split("token=", 1)[1]
    response = submit(member_browser, base, "/organisations/invitation", {"token": token}, form_page=invitation)
    assert page_name(response.text) == "invitation-accepted", response.text[:500]
    page = admin_browser.get(base + path, timeout=30).text
    account = re.search(r'action="[^"]*/confirm">.*?name="account" value="([^"]+)"', page, re.S).group(1)
    response = submit(admin_browser, base, path + "/confirm", {"account": account}, form_page=path)
    response = submit(admin_browser, base, path + "/release", {"release": "on"}, form_page=path)
    assert response.status_code == 200
    return path, admin, Login(member, PASSWORD)


def sso_until_acting(server, sp: SP, login: Login, browser=None):
    """A signed AuthnRequest, the login and the SP consent: (request id, browser, acting page)."""
    browser = browser or new_session()
    request_id, info = sp.authn_request(BINDING_HTTP_REDIRECT)
    response = sign_in_and_continue(browser, browser.get(location(info), timeout=30), login)
    return request_id, browser, response


def choose(server, browser, page, acting: str):
    handle = re.search(r'name="handle" id="handle" value="([^"]+)"', page.text).group(1)
    return browser.post(server.base_url + "/saml/acting", data={
        "csrf_token": csrf(page.text), "handle": handle, "acting": acting}, timeout=30)


def test_a_member_acting_for_the_organisation_gets_its_attributes_into_the_assertion(pforte_server, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("work")
    sp = SP(tmp_path_factory.mktemp("sp"), attributes=["mail", *ORGANISATION_ATTRIBUTES])
    sp.install(workdir)
    server = pforte_server(workdir=workdir)
    sp.connect(server.base_url)
    path, _, member = organisation_with_member(server)
    organisation_id = path.rsplit("/", 1)[1]

    request_id, browser, page = sso_until_acting(server, sp, member)
    assert page_name(page.text) == "acting", page.text[:1000]
    assert "Testportal sp" in page.text and "Muster Bau GmbH (Mitglied)" in page.text
    organisation_choice = re.search(r'name="acting" value="([^"]+)" id="acting-1"', page.text).group(1)

    # A forged choice of an organisation the account does not belong to shows the choice again.
    forged = choose(server, browser, page, "A" * 22)
    assert page_name(forged.text) == "acting"

    _, fields = saml_post(choose(server, browser, forged, organisation_choice))
    assertion = sp.parse_response(fields["SAMLResponse"], request_id).ava
    assert assertion["o"] == ["Muster Bau GmbH"] and assertion["businessCategory"] == ["gmbh"]
    assert assertion["employeeType"] == ["member"] and assertion["mail"] == [member.address]
    # pysaml2's attribute maps predate X.520's organizationIdentifier: it keeps the OID name.
    identifier = assertion["urn:oid:2.5.4.97"][0]
    assert identifier and organisation_id not in identifier

    # The next login asks again (the choice is per login); acting for oneself releases no organisation.
    request_id, browser, page = sso_until_acting(server, sp, member, browser)
    assert page_name(page.text) == "acting"
    _, fields = saml_post(choose(server, browser, page, "person"))
    assertion = sp.parse_response(fields["SAMLResponse"], request_id).ava
    assert not {*ORGANISATION_ATTRIBUTES, "urn:oid:2.5.4.97"} & set(assertion) and assertion["mail"] == [member.address]


def test_an_sp_without_organisation_attributes_never_asks(pforte_server, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("work")
    sp = SP(tmp_path_factory.mktemp("sp"), attributes=["mail"])
    sp.install(workdir)
    server = pforte_server(workdir=workdir)
    sp.connect(server.base_url)
    _, _, member = organisation_with_member(server)
    _, _, response = sso_until_acting(server, sp, member)
    assert page_name(response.text) == "saml-post", response.text[:1000]
    # An answer without its CSRF token changes nothing.
    assert new_session().post(server.base_url + "/saml/acting", data={"acting": "person"}, timeout=30).status_code in (400, 403)
