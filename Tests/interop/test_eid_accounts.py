"""Servicekonto Plus through the AusweisApp flow (issue 6) against the bundled eID simulator:
registration with the card, login by pseudonym, upgrade, sync, deactivation, a new card, and
the refusals (cancelled, lying client, bad documents, tampered SOAP answers, replayed handles).

Every test starts its own server: the simulator's pseudonyms are the same in every run, and a
card links one account per installation (its keys make the stored hashes differ between
servers, so the shared PostgreSQL database does not mix them up).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from account_support import (ACCEPTED_TERMS, PASSWORD, SESSION_COOKIE, Outbox, csrf, new_session, page_name, register_and_activate,
                             unique_address)
from ausweisapp import AusweisApp, Card, TCToken, eid_step, start


def handle_of(html: str) -> str:
    return re.search(r'name="handle" value="([^"]+)"', html).group(1)


def logged_in_browser(base: str, address: str, password: str = PASSWORD):
    browser = new_session()
    page = browser.get(base + "/login", timeout=30)
    response = browser.post(base + "/login", data={"csrf_token": csrf(page.text), "email": address, "password": password},
                            timeout=60)
    assert page_name(response.text) == "account", response.text
    return browser


def account_with_card(server, card: Card) -> tuple[str, object]:
    """A fresh account upgraded with `card`; returns its address and a browser logged in again."""
    address = unique_address("plus")
    register_and_activate(server.base_url, Outbox(server.workdir), address)
    browser = logged_in_browser(server.base_url, address)
    page = eid_step(browser, server.base_url, "/account/eid", card, purpose="upgrade")
    assert page_name(page.text) == "eid-upgraded", page.text
    assert browser.cookies.get(SESSION_COOKIE) is None
    return address, logged_in_browser(server.base_url, address)


def profile_form(browser, base: str) -> str:
    return browser.get(base + "/account/profile", timeout=30).text


def field_value(html: str, name: str) -> str | None:
    match = re.search(rf'<input id="{name}" name="{name}" type="[a-z]+"(?: value="([^"]*)")?', html)
    return match.group(1) if match else None


def eid_login(base: str, card: Card):
    browser = new_session()
    return browser, eid_step(browser, base, card=card)


@pytest.mark.postgres
def test_registration_with_the_card_then_login_by_pseudonym(pforte_server):
    server = pforte_server()
    base = server.base_url
    outbox = Outbox(server.workdir)
    browser, unknown = eid_login(base, Card(identity="max", deselect=["PlaceOfResidence"]))
    assert page_name(unknown.text) == "eid-unknown", unknown.text
    assert "MAX MUSTERMANN" in unknown.text
    address = unique_address("eidreg")
    response = browser.post(base + "/eid/register", data={
        "csrf_token": csrf(unknown.text), "handle": handle_of(unknown.text), "email": address,
        "password": PASSWORD, "passwordRepeated": PASSWORD,
        "secretQuestion": "Wie hieß Ihr erstes Haustier?", "secretAnswer": "Bello", "cardLogin": "on", **ACCEPTED_TERMS,
    }, timeout=60)
    assert page_name(response.text) == "registration-sent", response.text
    link = outbox.expect(address, "/activate", base).link(base, "/activate")
    activated = browser.post(base + "/activate", data={"csrf_token": csrf(browser.get(base + link).text),
                                                        "token": link.split("=", 1)[1]}, timeout=30)
    assert page_name(activated.text) == "activated"

    again, page = eid_login(base, Card(identity="max"))
    assert page_name(page.text) == "account", page.text
    profile = profile_form(again, base)
    assert field_value(profile, "familyName") == "MUSTERMANN"
    assert field_value(profile, "academicTitle") == "DR."
    assert field_value(profile, "birthYear") == "1980"
    # PlaceOfResidence was deselected (PROHIBITED): no address was filled.
    assert field_value(profile, "street") is None
    assert 'name="familyName" type="text" value="MUSTERMANN" autocomplete="family-name" readonly' in profile
    # The password works too, at level normal.
    logged_in_browser(base, address)


def test_upgrade_logs_out_and_locks_the_fields_and_the_card_logs_in(pforte_server):
    server = pforte_server()
    base = server.base_url
    address, browser = account_with_card(server, Card(identity="erika"))
    profile = profile_form(browser, base)
    assert field_value(profile, "givenNames") == "ERIKA"
    assert field_value(profile, "city") == "KÖLN"
    # Every field is locked: one explanation, no per-field hint, no form and no "Speichern".
    assert "<h1>Persönliche Daten</h1>" in profile and "Persönliche Daten ändern" not in profile
    assert profile.count("mit dem Online-Ausweis bestätigt") == 1 and "nur über den Ausweis änderbar" not in profile
    assert 'action="/account/profile"' not in profile and "Speichern" not in profile
    refused = browser.post(base + "/account/profile", data={
        "csrf_token": csrf(profile), "givenNames": "Eva", "familyName": "MUSTERMANN",
    }, timeout=30)
    assert field_value(profile_form(browser, base), "givenNames") == "ERIKA", refused.text
    _, page = eid_login(base, Card(identity="erika"))
    assert page_name(page.text) == "account", page.text
    assert address in page.text


def test_sync_takes_a_changed_address_and_deselected_leaves_it(pforte_server):
    server = pforte_server()
    base = server.base_url
    address = unique_address("sync")
    register_and_activate(base, Outbox(server.workdir), address)
    browser = logged_in_browser(base, address)
    profile = profile_form(browser, base)
    browser.post(base + "/account/profile", data={
        "csrf_token": csrf(profile), "givenNames": "Erika", "familyName": "Mustermann", "street": "Alte Straße",
        "houseNumber": "1", "postalCode": "10115", "city": "Berlin", "countryCode": "DE",
    }, timeout=30)
    # Upgrade without the address: the self-entered one stays.
    page = eid_step(browser, base, "/account/eid", Card(identity="erika", deselect=["PlaceOfResidence"]), purpose="upgrade")
    assert page_name(page.text) == "eid-upgraded", page.text
    browser = logged_in_browser(base, address)
    assert field_value(profile_form(browser, base), "city") == "Berlin"
    # The user moved: a sync with the card takes the new address.
    page = eid_step(browser, base, "/account/eid", Card(identity="erika"), purpose="sync")
    assert page_name(page.text) == "eid-account", page.text
    profile = profile_form(browser, base)
    assert (field_value(profile, "street"), field_value(profile, "houseNumber"), field_value(profile, "city")) == \
        ("HEIDESTRASSE", "17", "KÖLN")
    # Another card cannot sync this account.
    page = eid_step(browser, base, "/account/eid", Card(identity="max"), purpose="sync")
    assert page_name(page.text) == "eid-failed" and "nicht der Ausweis" in page.text


def test_deactivation_and_reactivation_by_sync(pforte_server):
    server = pforte_server()
    base = server.base_url
    _, browser = account_with_card(server, Card(identity="erika"))
    page = browser.get(base + "/account/eid", timeout=30)
    response = browser.post(base + "/eid/deactivate", data={"csrf_token": csrf(page.text)}, timeout=30)
    assert page_name(response.text) == "eid-account" and 'id="eid-deactivate"' not in response.text
    _, unknown = eid_login(base, Card(identity="erika"))
    assert page_name(unknown.text) == "eid-unknown"
    page = eid_step(browser, base, "/account/eid", Card(identity="erika"), purpose="sync")
    assert page_name(page.text) == "eid-account" and 'id="eid-deactivate"' in page.text
    _, again = eid_login(base, Card(identity="erika"))
    assert page_name(again.text) == "account"


def test_a_new_card_is_linked_after_password_login_only_for_the_same_person(pforte_server):
    server = pforte_server()
    base = server.base_url
    address, _ = account_with_card(server, Card(identity="erika"))
    # A stranger's card is refused with a clear message, even with the right password.
    browser, unknown = eid_login(base, Card(identity="max"))
    assert page_name(unknown.text) == "eid-unknown"
    refused = browser.post(base + "/eid/link", data={"csrf_token": csrf(unknown.text), "handle": handle_of(unknown.text),
                                                      "linkEmail": address, "linkPassword": PASSWORD}, timeout=60)
    assert refused.status_code == 409 and "stimmen nicht" in refused.text
    # Erika's new card: same name and date of birth.
    browser, unknown = eid_login(base, Card(identity="erika-newcard"))
    wrong = browser.post(base + "/eid/link", data={"csrf_token": csrf(unknown.text), "handle": handle_of(unknown.text),
                                                    "linkEmail": address, "linkPassword": "Falsch2024!"}, timeout=60)
    assert wrong.status_code == 400 and page_name(wrong.text) == "eid-unknown"
    linked = browser.post(base + "/eid/link", data={"csrf_token": csrf(wrong.text), "handle": handle_of(wrong.text),
                                                     "linkEmail": address, "linkPassword": PASSWORD}, timeout=60)
    assert page_name(linked.text) == "account", linked.text
    _, page = eid_login(base, Card(identity="erika-newcard"))
    assert page_name(page.text) == "account"
    _, old = eid_login(base, Card(identity="erika"))
    assert page_name(old.text) == "eid-unknown"


@pytest.fixture(scope="module")
def failing_cards_server(module_pforte_server):
    """One server for the failing card sessions: none of them leaves an account or a session."""
    return module_pforte_server()


@pytest.mark.parametrize(("card", "claim_ok", "text"), [
    (Card(outcome="cancel"), False, "abgebrochen"),
    # The client claims success although the card session was cancelled: only getResult counts.
    (Card(outcome="cancel"), True, "abgebrochen"),
    (Card(identity="expired"), False, "abgelaufen"),
    (Card(identity="revoked"), False, "gesperrt"),
    (Card(identity="erika", tamper="unsigned"), False, "nicht signiert"),
    (Card(identity="erika", tamper="foreign-key"), False, "Signatur"),
    (Card(identity="erika", tamper="tampered-body"), False, "Signatur"),
    (Card(identity="erika", tamper="no-personal-data"), False, "keine Daten"),
], ids=["cancelled", "ok-claimed-after-cancel", "expired", "revoked", "unsigned", "foreign-key", "tampered-body",
        "no-personal-data"])
def test_a_failed_card_session_gives_a_readable_page_and_no_session(failing_cards_server, card, claim_ok, text):
    server = failing_cards_server
    browser = new_session()
    page = eid_step(browser, server.base_url, card=card, claim_ok=claim_ok)
    assert page_name(page.text) == "eid-failed", page.text
    assert text in page.text
    assert browser.cookies.get(SESSION_COOKIE) is None


@pytest.mark.postgres
def test_a_replayed_tc_token_handle_and_a_foreign_browser_get_nothing(pforte_server):
    server = pforte_server()
    browser = new_session()
    redirect = start(browser, server.base_url, "/login")
    app = AusweisApp()
    url = app.tc_token_url(redirect)
    assert app.fetch_tc_token(url).status_code == 200
    replay = app.fetch_tc_token(url)
    assert replay.status_code == 404 and "TCTokenType" not in replay.text
    # A fresh step; the finish URL opened in another browser does not log in.
    redirect = start(browser, server.base_url, "/login")
    response = app.fetch_tc_token(app.tc_token_url(redirect))
    token = TCToken.parse(response.text)
    assert app.run_card(token, Card())["result_major"] == "ok"
    finish = app.refresh(token, {"ResultMajor": "ok"})
    other = new_session().get(finish, timeout=30)
    assert other.status_code == 403 and page_name(other.text) == "eid-failed"
    # The RefreshAddress handle is spent as well.
    assert urlsplit(app.refresh(token, {"ResultMajor": "ok"})).query.endswith("reason=unknown_step")
    # The starting browser still finishes.
    assert page_name(browser.get(finish, timeout=30).text) == "eid-unknown"


def test_an_incomplete_birth_date_stays_partial_and_no_place_info_keeps_no_address(pforte_server):
    server = pforte_server()
    base = server.base_url
    _, browser = account_with_card(server, Card(identity="incomplete-birth"))
    profile = profile_form(browser, base)
    assert (field_value(profile, "birthYear"), field_value(profile, "birthMonth"), field_value(profile, "birthDay")) == \
        ("1964", None, None)
    _, browser = account_with_card(server, Card(identity="no-address"))
    assert field_value(profile_form(browser, base), "street") is None
