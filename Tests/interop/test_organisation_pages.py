"""Organisation accounts in a real browser (headless Chromium, Selenium + axe-core via
account_browser.Walk) on SQLite: create → invite → accept → admin confirms → the
member acts for the organisation at an OIDC portal (Authlib reads the `organisation` claim) →
revoke → the member can no longer act, the last-admin rules on the way, and that a removed member
no longer reaches the organisation's sealed data. The SAML attributes of the same release are
tested in test_organisation_release.py.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from account_browser import PAGE_TIMEOUT, Walk
from account_support import PASSWORD, new_session, page_name, register_and_activate, submit, unique_address
from oidc_support import ClientSpec, LogoutReceiver, OIDCProvider, authorize, register_client
from test_account_pages import driver  # noqa: F401 - the Chromium fixture

ORGANISATION = {
    "name": "Muster Bau GmbH", "seat": "Dresden", "commercialRegisterNumber": "HRB 12345", "street": "Archivstraße",
    "houseNumber": "12a-c", "postalCode": "01097", "city": "Dresden", "postOfficeBox": "123456",
}


def log_in(walk: Walk, address: str) -> None:
    walk.open("/login", "login")
    walk.log_in(address, PASSWORD)


def log_out(walk: Walk) -> None:
    walk.open("/account", "account")
    walk.navigate(walk.driver.find_element(By.ID, "logout").click, "logged-out")


def click(walk: Walk, selector: str, page: str) -> None:
    walk.navigate(walk.main().find_element(By.CSS_SELECTOR, selector).click, page)


def acts_at_portal(walk: Walk, provider: OIDCProvider, rp: LogoutReceiver, choice: str, *,
                   consent: bool = False, release: bool = False) -> dict:
    """The signed-in browser of `walk` logs in to the portal with scope `organisation`, passing
    the portal's consent page when `consent`, answers "in whose name" with the button `choice`
    (a CSS selector) and the organisation's release question when `release`; returns the
    userinfo the portal then reads with Authlib."""
    client = provider.clients["portal"]
    query = urlencode({"response_type": "code", "client_id": client.client_id, "redirect_uri": client.redirect_uri,
                       "scope": "openid profile organisation", "state": "st", "nonce": "no"})
    if consent:
        walk.open(f"/authorize?{query}", "consent")
        walk.expect_text("Organisation, für die Sie handeln")
        walk.navigate(walk.main().find_element(By.ID, "consent-allow").click, "acting")
    else:
        walk.open(f"/authorize?{query}", "acting")
    walk.expect_text("Portal portal", "Für mich selbst", "Muster Bau GmbH (Mitglied)")
    button = walk.main().find_element(By.CSS_SELECTOR, choice)
    if release:
        walk.navigate(button.click, "acting-release")
        walk.expect_text("Muster Bau GmbH", "Gesellschaft mit beschränkter Haftung", "Mitglied", "Portal portal")
        button = walk.main().find_element(By.ID, "acting-release")
    button.click()
    WebDriverWait(walk.driver, PAGE_TIMEOUT).until(lambda d: d.current_url.startswith(rp.url("/")))
    answer = {k: v[0] for k, v in parse_qs(urlsplit(walk.driver.current_url).query).items()}
    assert answer["state"] == "st" and answer["code"]
    oauth = provider.oauth("portal")
    oauth.fetch_token(code=answer["code"])
    return oauth.get(provider.metadata["userinfo_endpoint"]).json()


def test_an_organisation_from_creation_to_revocation(pforte, pforte_server, backend, tmp_path, driver):  # noqa: F811
    rp = LogoutReceiver()
    try:
        walk_through_an_organisation(pforte, pforte_server, backend, tmp_path, driver, rp)
    finally:
        rp.close()


def walk_through_an_organisation(pforte, pforte_server, backend, tmp_path, driver, rp):  # noqa: F811
    store = dict(backend.config) if backend.config else None
    client = register_client(pforte, store, tmp_path, ClientSpec(
        "portal", scopes=["profile", "organisation"], redirect_uri=rp.url("/cb")))
    server = pforte_server(workdir=tmp_path)
    walk = Walk(driver, server)
    base = server.base_url
    admin, member = unique_address("admin"), unique_address("mitglied")
    provider = OIDCProvider(server, {"portal": client}, member, PASSWORD,
                            server.get("/.well-known/openid-configuration").json())
    for address in (admin, member):
        register_and_activate(base, walk.outbox, address)

    # --- creation, with consent and the adult declaration ---
    log_in(walk, admin)
    walk.follow("/organisations", "organisations")
    walk.follow("/organisations/new", "organisation-new")
    walk.fill(**ORGANISATION, email="info@muster-bau.example")
    walk.submit("organisation-new")  # no legal form, no consent, no declaration
    walk.expect_text("Einwilligungserklärung", "volljährig")
    assert walk.driver.find_element(By.ID, "name").get_dom_attribute("value") == ORGANISATION["name"]
    Select(walk.driver.find_element(By.ID, "legalForm")).select_by_value("gmbh")
    walk.driver.find_element(By.ID, "adult").click()
    walk.driver.find_element(By.ID, "consent").click()
    walk.submit("organisation")
    organisation_path = walk.path()
    walk.expect_text("Muster Bau GmbH", "HRB 12345", "12a-c", "123456", "Gesellschaft mit beschränkter Haftung")
    assert walk.main().find_elements(By.CSS_SELECTOR, f'tr[data-login="{admin}"]')

    # --- the admin keeps the data up to date ---
    walk.follow(organisation_path + "/edit", "organisation-edit")
    assert walk.driver.find_element(By.ID, "houseNumber").get_dom_attribute("value") == "12a-c"
    walk.fill(houseNumber="12 a")
    walk.submit("organisation-edit")
    walk.expect_text("nicht das erwartete Format")
    walk.fill(houseNumber="14", seat="Leipzig")
    walk.submit("organisation")
    walk.expect_text("Leipzig", "14,")

    # --- the last admin can neither be removed (no button on the own row) nor leave nor delete the personal account ---
    assert walk.main().find_elements(By.CSS_SELECTOR, f'tr[data-login="{admin}"]')
    assert not walk.main().find_elements(By.CSS_SELECTOR, f'tr[data-login="{admin}"] button.revoke')
    click(walk, "#leave", "organisation")
    walk.expect_text("einzige Administrator", "Organisationskonto")
    walk.open("/account/delete", "delete")
    walk.fill(password=PASSWORD)
    walk.submit("delete")
    walk.expect_text("Muster Bau GmbH", "weiteres Mitglied zum Administrator")

    # --- invitation ---
    walk.open(organisation_path, "organisation")
    walk.fill(email=member)
    walk.submit("organisation")
    walk.expect_text("Einladung wurde versandt")
    invitation = walk.outbox.expect(member, "/organisations/invitation", base).link(base, "/organisations/invitation")
    log_out(walk)

    # --- the invitee accepts with a personal account ---
    log_in(walk, member)
    walk.open(invitation, "invitation")
    walk.expect_text("Muster Bau GmbH")
    walk.submit("invitation-accepted")
    assert "Einladung angenommen" in walk.outbox.expect(admin).subject
    walk.open(organisation_path, "organisation-not-found", check=False)  # no access before the admin confirms
    log_out(walk)

    # --- the admin confirms again; the member is listed ---
    log_in(walk, admin)
    walk.open(organisation_path, "organisation")
    click(walk, f'tr[data-login="{member}"] button.confirm', "organisation")
    walk.expect_text("Zugriff ist freigegeben")
    assert walk.main().find_elements(By.CSS_SELECTOR, f'tr[data-login="{member}"] button.revoke')
    assert "Zugriff freigegeben" in walk.outbox.expect(member).subject

    # --- the member now sees the organisation's (sealed) data ---
    member_browser = new_session()
    response = submit(member_browser, base, "/login", {"email": member, "password": PASSWORD})
    assert page_name(response.text) == "account"
    response = member_browser.get(base + organisation_path, timeout=30)
    assert page_name(response.text) == "organisation" and "Archivstraße" in response.text

    # --- the member acts for the organisation at the portal: consent once, then remembered ---
    log_out(walk)
    log_in(walk, member)
    organisation_id = organisation_path.rsplit("/", 1)[1]
    userinfo = acts_at_portal(walk, provider, rp, "#acting-1", consent=True, release=True)
    claim = userinfo["organisation"]
    assert {k: v for k, v in claim.items() if k != "id"} == {"name": "Muster Bau GmbH", "legal_form": "gmbh", "role": "member"}
    assert claim["id"] and organisation_id not in claim["id"]  # pairwise, never the internal id
    again = acts_at_portal(walk, provider, rp, "#acting-1")  # no release question the second time
    assert again["organisation"] == claim
    assert "organisation" not in acts_at_portal(walk, provider, rp, "#acting-person")
    log_out(walk)
    log_in(walk, admin)
    walk.open(organisation_path, "organisation")

    # --- revocation: the member's next request no longer opens it ---
    click(walk, f'tr[data-login="{member}"] button.revoke', "organisation")
    walk.expect_text("Zugriff wurde entzogen")
    assert not walk.main().find_elements(By.CSS_SELECTOR, f'tr[data-login="{member}"]')
    response = member_browser.get(base + organisation_path, timeout=30)
    assert response.status_code == 404 and page_name(response.text) == "organisation-not-found"
    assert "Archivstraße" not in response.text

    # --- and the portal login no longer asks in whose name: only the person remains ---
    flow = authorize(provider, "portal", session=member_browser, scope="openid profile organisation", log_in=False)
    assert flow.code and "acting" not in flow.pages, flow.pages
    tokens = provider.oauth("portal").fetch_token(code=flow.code, code_verifier=flow.code_verifier)
    userinfo = provider.oauth("portal", token=tokens).get(provider.metadata["userinfo_endpoint"]).json()
    assert "organisation" not in userinfo

    # --- deletion of the organisation frees the admin's personal account ---
    walk.follow(organisation_path + "/delete", "organisation-delete")
    walk.fill(password=PASSWORD)
    walk.submit("organisations")
    walk.expect_text("gelöscht")
    walk.open("/account/delete", "delete")
    walk.fill(password=PASSWORD)
    walk.submit("account-deleted")


def test_organisation_forms_refuse_bad_input_and_strangers(pforte_server):
    server = pforte_server()
    base = server.base_url
    from account_support import Outbox
    outbox = Outbox(server.workdir)
    owner, stranger = unique_address("inhaber"), unique_address("fremd")
    for address in (owner, stranger):
        register_and_activate(base, outbox, address)
    session = new_session()
    submit(session, base, "/login", {"email": owner, "password": PASSWORD})
    fields = ORGANISATION | {"name": "Firma {X}", "legalForm": "gmbh", "countryCode": "DE", "email": "info@x.example",
                             "adult": "yes", "consent": "yes", "houseNumber": "12 a", "postOfficeBox": "12"}
    response = submit(session, base, "/organisations/new", fields)
    assert response.status_code == 400 and page_name(response.text) == "organisation-new"
    response = submit(session, base, "/organisations/new", fields | {"name": "Firma X", "houseNumber": "12a", "postOfficeBox": ""})
    assert page_name(response.text) == "organisation", response.text
    path = response.url.split(base, 1)[1].split("?", 1)[0]

    # A form without its CSRF token changes nothing.
    response = session.post(base + path + "/release", data={"release": "on"}, timeout=30)
    assert response.status_code in (400, 403)

    other = new_session()
    submit(other, base, "/login", {"email": stranger, "password": PASSWORD})
    assert other.get(base + path, timeout=30).status_code == 404
    assert other.get(base + path + "/delete", timeout=30).status_code == 404
    assert other.get(base + path + "/edit", timeout=30).status_code == 404
    assert other.get(base + "/organisations/not-an-id", timeout=30).status_code == 404
    response = submit(other, base, path + "/invite", {"email": "x@example.de"}, form_page="/organisations/new")
    assert response.status_code == 404
    assert other.get(base + "/organisations/invitation?token=" + "A" * 43, timeout=30).status_code == 404
    signed_out = new_session().get(base + "/organisations/invitation?token=" + "A" * 43, timeout=30)
    assert signed_out.status_code == 200 and page_name(signed_out.text) == "invitation-sign-in"
