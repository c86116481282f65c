"""The OIDC pages in a real browser (headless Chromium via Selenium): the login page of an
authorization request, the consent page, the consent list on the account page and the logout
confirmation, each checked like the account pages (axe-core, language, forms, headers), with a
relying party on 127.0.0.1 receiving the redirects."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from account_browser import PAGE_TIMEOUT, Walk
from oidc_support import ClientSpec, LogoutReceiver, start_provider
from test_account_pages import driver  # noqa: F401 (the browser fixture)


def _wait_for_rp(walk: Walk, rp: LogoutReceiver) -> dict[str, str]:
    WebDriverWait(walk.driver, PAGE_TIMEOUT).until(lambda d: d.current_url.startswith(rp.url("/")))
    return {k: v[0] for k, v in parse_qs(urlsplit(walk.driver.current_url).query).items()}


def test_authorization_consent_and_logout_pages(pforte, pforte_server, backend, tmp_path, driver):  # noqa: F811
    rp = LogoutReceiver()
    try:
        provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec(
            "browser", redirect_uri=rp.url("/cb"), post_logout_redirect_uris=[rp.url("/bye")])])
        client = provider.clients["browser"]
        walk = Walk(driver, provider.server)
        query = urlencode({"response_type": "code", "client_id": client.client_id, "redirect_uri": client.redirect_uri,
                           "scope": "openid profile email", "state": "st", "nonce": "no"})
        walk.open(f"/authorize?{query}", "login")
        walk.fill(email=provider.email, password=provider.password)
        walk.submit("consent")
        walk.expect_text("Portal browser")
        consent = walk.main().find_element(By.ID, "consent-allow")
        consent.click()
        answer = _wait_for_rp(walk, rp)
        assert answer["state"] == "st" and answer["iss"] == provider.issuer and answer["code"]

        walk.open("/account", "account")
        walk.expect_text("Portal browser")

        walk.open("/logout?" + urlencode({"client_id": client.client_id, "post_logout_redirect_uri": rp.url("/bye"),
                                          "state": "s2"}), "logout")
        walk.main().find_element(By.ID, "logout-confirm").click()
        assert _wait_for_rp(walk, rp) == {"state": "s2"}
        walk.open("/account", "login")
    finally:
        rp.close()
