"""The Land's answer bound to the browser that started the login (issue #15 item 7): the ACS
validates the Response before it spends the login it answers, parks it, and continues by a GET
to `/federation/continue` where the binding cookie set at `/federation/start` must be present."""

from __future__ import annotations

import base64

import pytest

from account_support import new_session, page_name
from federation_support import Land, back_to_portal, post_fields, post_to_acs, to_land
from oidc_support import ClientSpec, start_provider

# Races, replays and one-time use depend on the store: also on PostgreSQL.
pytestmark = pytest.mark.postgres


@pytest.fixture
def federation(pforte, pforte_server, backend, tmp_path):
    land_a = Land(tmp_path, "land-a")
    land_a.install(tmp_path)
    provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec("portal")])
    land_a.connect(provider.server.base_url)
    return provider, land_a


def acs(provider, session, fields):
    return session.post(provider.server.base_url + "/federation/acs", data=fields, allow_redirects=False, timeout=30)


@pytest.mark.parametrize("junk", ["not-base64!", base64.b64encode(b"<samlp:Response/>").decode(), "forged"])
def test_a_junk_post_with_a_real_relay_state_leaves_the_login_intact(federation, junk):
    provider, land_a = federation
    flow, request = to_land(provider, land_a)
    attacker = new_session()
    fields = {"SAMLResponse": junk if junk != "forged" else base64.b64encode(
        land_a.response_xml(request).replace("land-user-1", "mallory").encode()).decode(),
        "RelayState": request.relay_state}
    refused = acs(provider, attacker, fields)
    assert refused.status_code == 400 and page_name(refused.text) == "federation-error"
    # The victim's real answer still completes the login.
    flow, _ = back_to_portal(provider, flow, post_to_acs(provider, flow.session, land_a.answer(request)))
    assert flow.code, flow.response.text[:1000]


def test_an_answer_continued_in_another_browser_gets_a_readable_page(federation):
    """Login CSRF: someone's genuine Response posted from a victim's browser (which never
    started that login) does not log the victim in."""
    provider, land_a = federation
    flow, request = to_land(provider, land_a)
    victim = new_session()
    parked = acs(provider, victim, land_a.answer(request))
    assert parked.status_code == 303 and parked.headers["Location"].startswith("/federation/continue?handle=")
    assert "Set-Cookie" not in parked.headers
    response = victim.get(provider.server.base_url + parked.headers["Location"], allow_redirects=False, timeout=30)
    assert response.status_code == 403 and page_name(response.text) == "federation-error"
    assert "anderen Browser" in response.text
    assert "federation answer in another browser" in provider.server.log()
    account = victim.get(provider.server.base_url + "/account", allow_redirects=False, timeout=30)
    assert account.status_code == 303, "the victim is not logged in"
    # The handle works once: not even the right browser can use it now.
    again = flow.session.get(provider.server.base_url + parked.headers["Location"], allow_redirects=False, timeout=30)
    assert again.status_code == 400


def test_the_binding_cookie_is_lax_and_http_only(federation):
    provider, land_a = federation
    flow, request = to_land(provider, land_a)
    cookie = next(c for c in flow.session.cookies if c.name.endswith("pforte_federation"))
    assert cookie.has_nonstandard_attr("HttpOnly") and cookie.get_nonstandard_attr("SameSite") == "Lax"
    assert request.relay_state not in cookie.value
    flow, _ = back_to_portal(provider, flow, post_to_acs(provider, flow.session, post_fields(
        land_a.response_xml(request), request.relay_state)))
    assert flow.code
