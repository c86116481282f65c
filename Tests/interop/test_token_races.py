"""Tokens spent exactly once (issue #16) and the refresh reuse grace (issue #15), with Authlib's
token requests against the real binary: parallel refreshes of one confidential client, a reuse
after the grace, and the same code or refresh token raced at two nodes on one PostgreSQL, where
a replay must never leave the winner's tokens alive; a logout at one node ends the session's
refresh tokens at the other (OIDC Back-Channel Logout 1.0 §2.7).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest
import requests

from account_support import csrf
from oidc_support import ClientSpec, OIDCProvider, authorize, code_flow, confirm_logout, end_session, start_provider, token_request

# Races, replays and one-time use depend on the store: also on PostgreSQL.
pytestmark = pytest.mark.postgres


def _userinfo(provider: OIDCProvider, access_token: str) -> int:
    return requests.get(provider.metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {access_token}"},
                        timeout=10).status_code


def _refresh(provider: OIDCProvider, name: str, refresh_token: str) -> requests.Response:
    return token_request(provider, name, {"grant_type": "refresh_token", "refresh_token": refresh_token})


def _at_once(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    """Runs `calls` in threads released together."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], requests.Response]) -> requests.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_parallel_refreshes_of_a_confidential_client_all_succeed(pforte, pforte_server, backend, tmp_path):
    provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec("portal")])
    _, tokens = code_flow(provider, "portal")
    answers = _at_once([lambda: _refresh(provider, "portal", tokens["refresh_token"])] * 8)
    assert [answer.status_code for answer in answers] == [200] * 8, [answer.text for answer in answers]
    pairs = [answer.json() for answer in answers]
    # Every answer's tokens work: the access tokens at UserInfo, the refresh tokens once more.
    assert [_userinfo(provider, pair["access_token"]) for pair in pairs] == [200] * 8
    assert len({pair["refresh_token"] for pair in pairs}) == 8
    onward = [_refresh(provider, "portal", pair["refresh_token"]) for pair in pairs]
    assert [answer.status_code for answer in onward] == [200] * 8, [answer.text for answer in onward]


def _wait_past(seconds: int, since: float) -> None:
    """Polls until the store's whole-second clock is more than `seconds` past `since`."""
    while int(time.time()) <= int(since) + seconds:
        time.sleep(0.1)


def test_a_reuse_after_the_grace_or_by_a_public_client_revokes_the_family(pforte, pforte_server, backend, tmp_path):
    provider = start_provider(pforte, pforte_server, backend, tmp_path,
                              [ClientSpec("portal"), ClientSpec("app", auth_method="none")],
                              config={"oidc": {"refresh_token_reuse_grace_seconds": 1}})
    _, tokens = code_flow(provider, "portal")
    first = _refresh(provider, "portal", tokens["refresh_token"])
    # The store spent the token at or before this second (not before the request: its answer
    # may come in the next second, and then a wait counted from before it ends too soon).
    spent_by = time.time()
    again = _refresh(provider, "portal", tokens["refresh_token"])
    assert first.status_code == 200 and again.status_code == 200, again.text
    _wait_past(1, spent_by)
    late = _refresh(provider, "portal", tokens["refresh_token"])
    assert late.status_code == 400 and late.json()["error"] == "invalid_grant"
    for pair in (first.json(), again.json()):
        assert _userinfo(provider, pair["access_token"]) == 401
        assert _refresh(provider, "portal", pair["refresh_token"]).status_code == 400

    # A public client has no credentials to tell it from a thief: no grace.
    _, tokens = code_flow(provider, "app")
    first = _refresh(provider, "app", tokens["refresh_token"])
    assert first.status_code == 200
    assert _refresh(provider, "app", tokens["refresh_token"]).status_code == 400
    assert _userinfo(provider, first.json()["access_token"]) == 401


@pytest.fixture
def two_nodes(pforte, pforte_server, tmp_path, request):
    """Two `pforte serve` on the shared PostgreSQL with one keys/ directory; the provider is
    node one, `second` the other node's base URL."""
    backend = request.getfixturevalue("backend")
    provider = start_provider(pforte, pforte_server, backend, tmp_path,
                              [ClientSpec("portal"), ClientSpec("app", auth_method="none")])
    second = pforte_server(workdir=tmp_path)
    return provider, second


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_code_and_a_refresh_token_raced_at_two_nodes_leave_no_winner(two_nodes):
    provider, second = two_nodes
    first = provider.server
    browser = None
    for _ in range(20):
        flow = authorize(provider, "app", session=browser)
        browser = flow.session
        redeem = {"grant_type": "authorization_code", "code": flow.code, "code_verifier": flow.code_verifier,
                  "redirect_uri": provider.clients["app"].redirect_uri}
        answers = _race(provider, first, second, "app", redeem)
        winners = [answer.json() for answer in answers if answer.status_code == 200]
        assert len(winners) == 1, [answer.text for answer in answers]
        assert _userinfo(provider, winners[0]["access_token"]) == 401, "the replay revoked the winner's access token"
        assert _refresh(provider, "app", winners[0]["refresh_token"]).status_code == 400

    for _ in range(20):
        _, tokens = code_flow(provider, "app", session=browser)
        answers = _race(provider, first, second, "app", {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
        winners = [answer.json() for answer in answers if answer.status_code == 200]
        assert len(winners) == 1, [answer.text for answer in answers]
        assert _userinfo(provider, winners[0]["access_token"]) == 401
        assert _refresh(provider, "app", winners[0]["refresh_token"]).status_code == 400


def _race(provider: OIDCProvider, first: Any, second: Any, name: str, data: dict[str, str]) -> list[requests.Response]:
    # Both requests are built before the race (the endpoint swap is not thread-safe).
    client = provider.clients[name]
    payload = dict(data) | {"client_id": client.client_id}
    return _at_once([lambda node=node: requests.post(node.base_url + "/token", data=payload, timeout=30)
                     for node in (first, second)])


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_logout_at_one_node_ends_the_refresh_tokens_at_the_other(two_nodes):
    provider, second = two_nodes
    flow, tokens = code_flow(provider, "portal")
    confirm = end_session(provider, flow.session, id_token_hint=tokens["id_token"])
    if confirm.status_code == 200:
        confirm = confirm_logout(provider, flow.session, confirm)
    assert confirm.status_code == 303, confirm.text
    client = provider.clients["portal"]
    refused = requests.post(second.base_url + "/token", data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
                            auth=(client.client_id, client.secret), timeout=30)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
    assert _userinfo(provider, tokens["access_token"]) == 401


def test_a_logout_on_the_account_page_ends_the_refresh_tokens(pforte, pforte_server, backend, tmp_path):
    provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec("portal")])
    flow, tokens = code_flow(provider, "portal")
    page = flow.session.get(provider.server.base_url + "/account", timeout=30)
    assert page.status_code == 200
    logout = flow.session.post(provider.server.base_url + "/logout", data={"csrf_token": csrf(page.text)},
                               allow_redirects=False, timeout=30)
    assert logout.status_code == 303, logout.text
    refused = _refresh(provider, "portal", tokens["refresh_token"])
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
    assert _userinfo(provider, tokens["access_token"]) == 401
