"""Terms of use versions in a real browser (headless Chromium via Selenium, issue #19 item 1):
a citizen registered under the version then in force is asked at the next login in an OIDC
flow, after the operator published a new version, before the portal gets its code; the pages
are checked like the account pages (axe-core, language, forms, headers, width) in German and
English, at 1280 px and 390 px."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from account_browser import PAGE_TIMEOUT, WIDTHS, Walk, sized
from account_support import PASSWORD, Outbox, register_and_activate, unique_address
from oidc_support import ClientSpec, LogoutReceiver, start_provider
from test_account_pages import driver  # noqa: F401 (the browser fixture)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_new_version_is_asked_at_the_next_login_in_an_oidc_flow(pforte, pforte_server, backend, tmp_path,
                                                                  driver, width):  # noqa: F811
    rp = LogoutReceiver()
    try:
        provider = start_provider(pforte, pforte_server, backend, tmp_path, [ClientSpec("terms", redirect_uri=rp.url("/cb"))])
        client = provider.clients["terms"]
        address = unique_address("terms")
        register_and_activate(provider.server.base_url, Outbox(provider.server.workdir), address)
        provider.server.stop()

        # The operator publishes version 2027-1, in force from today (UTC), and restarts.
        legal = tmp_path / "legal"
        legal.mkdir()
        today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        (legal / "terms-versions").write_text(f"citizen 2027-1 {today} nutzungsbedingungen\n"
                                              f"organisation 2027-1 {today} einwilligung\n")
        (legal / "nutzungsbedingungen.md").write_text("# Nutzungsbedingungen\n\nNeue Fassung für den Test.\n")
        server = pforte_server(config={"terms": {"versions_file": str(legal / "terms-versions")}}, workdir=tmp_path)
        walk = Walk(sized(driver, width), server)

        query = urlencode({"response_type": "code", "client_id": client.client_id, "redirect_uri": client.redirect_uri,
                           "scope": "openid", "state": "st", "nonce": "no"})
        walk.open(f"/authorize?{query}", "login")
        walk.fill(email=address, password=PASSWORD)
        walk.submit("terms-accept")
        walk.expect_links("/terms/citizen/2027-1")
        walk.check_other_language()

        walk.navigate(walk.main().find_element(By.ID, "decline").click, "terms-declined")
        walk.expect_links("/account/delete")
        walk.navigate(walk.main().find_element(By.ID, "reconsider").click, "terms-accept")
        walk.switch_language("en")
        walk.expect_text("Confirm the new version")
        walk.navigate(walk.main().find_element(By.ID, "decline").click, "terms-declined")
        walk.navigate(walk.main().find_element(By.ID, "reconsider").click, "terms-accept")
        walk.navigate(walk.main().find_element(By.ID, "accept").click, "consent")
        walk.main().find_element(By.ID, "consent-allow").click()
        WebDriverWait(walk.driver, PAGE_TIMEOUT).until(lambda d: d.current_url.startswith(rp.url("/")))
        answer = {k: v[0] for k, v in parse_qs(urlsplit(walk.driver.current_url).query).items()}
        assert answer["state"] == "st" and answer["code"]
        walk.open("/account", "account")
        walk.open("/terms/citizen/2027-1", "terms")
        walk.expect_text("Neue Fassung für den Test.")
        walk.check_other_language()
    finally:
        rp.close()
