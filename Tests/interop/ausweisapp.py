"""Plays the AusweisApp (the eID-Client, TR-03124-1) against Pforte and the bundled eID
simulator, while a `requests.Session` plays the browser (issue 6).

The eID-Client has no cookies: it GETs the tcTokenURL, reads the TC Token, runs the card session
(here: one POST to the simulator's card endpoint at the TC Token's ServerAddress), calls the
RefreshAddress with `ResultMajor=…` appended and hands the final redirect to the browser.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from account_support import csrf, new_session

CLIENT_PREFIX = "http://127.0.0.1:24727/eID-Client?"
RESULT_OK = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#ok"
RESULT_ERROR = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#error"
CANCELLED = "http://www.bsi.bund.de/ecard/api/1.1/resultminor/sal#cancellationByUser"


@dataclass
class TCToken:
    server_address: str
    session_identifier: str
    refresh_address: str
    communication_error_address: str | None
    psk: str

    @staticmethod
    def parse(text: str) -> "TCToken":
        root = ET.fromstring(text)
        assert root.tag == "TCTokenType", root.tag
        names = [child.tag for child in root]
        assert names[:3] == ["ServerAddress", "SessionIdentifier", "RefreshAddress"], names
        assert root.findtext("Binding") == "urn:liberty:paos:2006-08"
        assert root.findtext("PathSecurity-Protocol") == "urn:ietf:rfc:4279"
        return TCToken(
            server_address=root.findtext("ServerAddress"), session_identifier=root.findtext("SessionIdentifier"),
            refresh_address=root.findtext("RefreshAddress"),
            communication_error_address=root.findtext("CommunicationErrorAddress"),
            psk=root.findtext("PathSecurity-Parameters/PSK"),
        )


@dataclass
class Card:
    """What the user does in the AusweisApp: which test identity, which optional attributes they
    deselect, whether they cancel, and (for negative tests) how the simulator tampers."""
    identity: str = "erika"
    deselect: list[str] = field(default_factory=list)
    outcome: str = "ok"
    tamper: str | None = None


class AusweisApp:
    def __init__(self) -> None:
        self.http = new_session()  # no cookies shared with the browser

    def tc_token_url(self, client_redirect: str) -> str:
        assert client_redirect.startswith(CLIENT_PREFIX), client_redirect
        return parse_qs(urlsplit(client_redirect).query)["tcTokenURL"][0]

    def fetch_tc_token(self, url: str) -> requests.Response:
        return self.http.get(url, timeout=30, allow_redirects=False)

    def run_card(self, token: TCToken, card: Card) -> dict:
        fields = [("session", token.session_identifier), ("psk", token.psk), ("identity", card.identity),
                  ("outcome", card.outcome)] + [("deselect", name) for name in card.deselect]
        if card.tamper:
            fields.append(("tamper", card.tamper))
        # The real channel is TLS-PSK with the TC Token's key; the simulator's card endpoint stands in for
        # it over TLS with its development certificate, which this test client does not check.
        response = self.http.post(token.server_address, data=fields, timeout=30, verify=False)
        assert response.status_code == 200, response.text
        return response.json()

    def refresh(self, token: TCToken, query: dict[str, str]) -> str:
        """Calls the RefreshAddress and returns where the browser is sent (the first redirect
        that leaves the RefreshAddress)."""
        separator = "&" if "?" in token.refresh_address else "?"
        response = self.http.get(token.refresh_address + separator + urlencode(query), timeout=60, allow_redirects=False)
        assert response.status_code in (302, 303, 307), (response.status_code, response.text)
        return response.headers["Location"]

    def card_session(self, client_redirect: str, card: Card, *, claim_ok: bool = False) -> str:
        """The whole eID-Client part: TC Token, card, RefreshAddress. `claim_ok` sends
        `ResultMajor=ok` whatever the card session said (a lying or buggy client)."""
        response = self.fetch_tc_token(self.tc_token_url(client_redirect))
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/xml")
        token = TCToken.parse(response.text)
        answer = self.run_card(token, card)
        if answer.get("result_major") == "ok" or claim_ok:
            query = {"ResultMajor": "ok"}
        else:
            query = {"ResultMajor": "error", "ResultMinor": CANCELLED if card.outcome == "cancel" else answer.get("result_minor", "")}
        return self.refresh(token, query)


def start(browser: requests.Session, base_url: str, page_path: str, purpose: str = "login", **hidden: str) -> str:
    """Presses the eID button of the page at `page_path` (login page, account eID page) and
    returns the eID-Client URL the browser is redirected to."""
    page = browser.get(base_url + page_path, timeout=30)
    assert page.status_code == 200, page.text
    data = {"csrf_token": csrf(page.text), "purpose": purpose, "client": "desktop"} | hidden
    response = browser.post(base_url + "/eid/start", data=data, timeout=30, allow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["Location"]


def eid_step(browser: requests.Session, base_url: str, page_path: str = "/login", card: Card | None = None,
             purpose: str = "login", claim_ok: bool = False, **hidden: str) -> requests.Response:
    """Start in the browser, the AusweisApp's part, then the browser follows the final redirect."""
    redirect = start(browser, base_url, page_path, purpose, **hidden)
    final = AusweisApp().card_session(redirect, card or Card(), claim_ok=claim_ok)
    return browser.get(final, timeout=60)
