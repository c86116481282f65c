"""`POST /authorize` in a real browser (issue #15 item 4): a portal's page posts the
authorization request cross-site, which carries no `SameSite=Lax` session cookie; Pforte parks
the request and continues it by a top-level GET, where the cookie is present, so a logged-in
citizen gets the code without a login page, and `prompt=none` works as with GET.

The portal is a page on `localhost` (another site than Pforte's `127.0.0.1`) that submits the
form on load; its redirect URI on the same server records the answer.
"""

from __future__ import annotations

import html
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from oidc_support import ClientSpec, start_provider
from support import free_port
from test_account_pages import driver  # noqa: F401 (the headless Chromium fixture)

RP_PORT = free_port()
REDIRECT_URI = f"http://localhost:{RP_PORT}/cb"


class Portal:
    """Serves /post?… (a form posting those parameters to `authorize_endpoint` on load) and
    records the query of each request to /cb."""

    def __init__(self, authorize_endpoint: str):
        answers: queue.Queue[dict[str, str]] = queue.Queue()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/cb":
                    answers.put(query)
                    body = "<html><body><p id='done'>done</p></body></html>"
                else:
                    fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                                     for k, v in query.items())
                    body = (f'<html><body onload="document.forms[0].submit()"><form method="post" '
                            f'action="{authorize_endpoint}">{fields}</form></body></html>')
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args) -> None:
                pass

        self.answers = answers
        self.server = ThreadingHTTPServer(("127.0.0.1", RP_PORT), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def portal_and_provider(pforte, pforte_server, backend, tmp_path):
    provider = start_provider(pforte, pforte_server, backend, tmp_path,
                              [ClientSpec("app", auth_method="none", redirect_uri=REDIRECT_URI)])
    portal = Portal(provider.metadata["authorization_endpoint"])
    yield portal, provider
    portal.close()


def _post_authorization(driver, portal: Portal, provider, **extra: str) -> tuple[dict[str, str], list[str]]:
    """Lets the portal's page post an authorization request; returns the answer at the
    redirect URI and the Pforte pages passed on the way (their `data-page`)."""
    parameters = {"response_type": "code", "client_id": provider.clients["app"].client_id, "redirect_uri": REDIRECT_URI,
                  "scope": "openid", "state": "st", "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                  "code_challenge_method": "S256"} | extra
    query = "&".join(f"{k}={v}" for k, v in parameters.items())
    driver.get(f"http://localhost:{RP_PORT}/post?{query}")
    pages: list[str] = []

    def arrived(browser) -> bool:
        if browser.current_url.startswith(REDIRECT_URI):
            return True
        found = browser.find_elements(By.CSS_SELECTOR, "[data-page]")
        if found:
            page = found[0].get_attribute("data-page")
            if page and (not pages or pages[-1] != page):
                pages.append(page)
            return page in ("login", "consent", "authorization-error")
        return False

    WebDriverWait(driver, 30).until(arrived)
    answer = portal.answers.get(timeout=5) if driver.current_url.startswith(REDIRECT_URI) else {}
    return answer, pages


def _log_in(driver, provider) -> None:
    driver.get(provider.server.base_url + "/login")
    driver.find_element(By.NAME, "email").send_keys(provider.email)
    driver.find_element(By.NAME, "password").send_keys(provider.password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] [type=submit]").click()
    WebDriverWait(driver, 30).until(lambda browser: "/login" not in browser.current_url)


def test_a_posted_authorization_request_uses_the_browsers_session(driver, portal_and_provider):  # noqa: F811
    portal, provider = portal_and_provider
    # Without a session: prompt=none answers login_required, a plain request shows the login.
    answer, _ = _post_authorization(driver, portal, provider, prompt="none")
    assert answer.get("error") == "login_required", answer
    _, pages = _post_authorization(driver, portal, provider)
    assert pages == ["login"]

    _log_in(driver, provider)
    answer, pages = _post_authorization(driver, portal, provider)
    if pages == ["consent"]:
        driver.find_element(By.CSS_SELECTOR, "button[name=decision][value=allow]").click()
        WebDriverWait(driver, 30).until(lambda browser: browser.current_url.startswith(REDIRECT_URI))
        answer = portal.answers.get(timeout=5)
        pages = []
    assert pages == [] and answer.get("code") and answer.get("state") == "st", (pages, answer)

    # The session and the consent known: prompt=none by POST gets a code too.
    answer, pages = _post_authorization(driver, portal, provider, prompt="none")
    assert pages == [] and answer.get("code"), (pages, answer)
