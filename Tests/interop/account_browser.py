"""A browser walk through the account pages (test_account_pages.py): `Walk` opens pages, fills
and submits forms, and checks every page it reaches the same way (`Walk.check`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from axe_selenium_python import Axe
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from account_support import CSRF_COOKIE, Outbox, frame_ancestors, new_session

BLOCKING_IMPACTS = ("serious", "critical")
PAGE_TIMEOUT = 60.0
# The widths every page is walked at: a desktop window and a phone's (issue #19).
WIDTHS = [1280, 390]


# axe-selenium-python bundles axe-core 3.1.1 (2018), which flags markup the HTML standard has
# allowed since (autocomplete="username" on an e-mail field, <div>-grouped <dt>/<dd>). The rules
# run are those of the axe-core that axe-playwright-python ships (4.12, requirements-axe.txt).
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_VERSION = (4, 12)
# WCAG 2.1 A and AA and axe's best practices, as before.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def blocking_violations(results: dict) -> list[dict]:
    """The serious and critical violations."""
    return [violation for violation in results["violations"] if violation.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    """axe-core results as lines a person can act on: rule, impact, where, and what is wrong."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation.get('impact')}] {violation['id']}: {violation.get('help')} — {violation.get('helpUrl')}")
        for node in violation.get("nodes", []):
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            for detail in (node.get("failureSummary") or "").splitlines():
                lines.append(f"        {detail.strip()}")
    return "\n".join(lines)


def sized(driver: WebDriver, width: int) -> WebDriver:
    """The browser with a window whose inner width is `width`."""
    driver.set_window_size(width, 900)
    # The window's outer size includes no chrome in headless mode, but make sure of the inner one.
    inner = driver.execute_script("return window.innerWidth;")
    if inner != width:
        driver.set_window_size(width + (width - inner), 900)
    return driver


class Walk:
    """One browser on one server: open pages, fill and submit forms, check every page reached."""

    def __init__(self, driver: WebDriver, server):
        self.driver = driver
        self.server = server
        self.base = server.base_url
        self.outbox = Outbox(server.workdir)
        self.axe = Axe(driver, script_url=str(AXE_SCRIPT))
        self.lang = "de"
        self.form: WebElement | None = None  # the form of the fields filled last

    # --- moving around ---

    def open(self, path: str, page: str, *, check: bool = True) -> None:
        self.driver.get(self.base + path)
        self.arrive(page, check=check)

    def arrive(self, page: str, *, check: bool = True) -> None:
        """Waits for the page's `<main data-page>`, asserts it is `page`, and checks the page."""
        try:
            main = WebDriverWait(self.driver, PAGE_TIMEOUT).until(
                expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "main#content[data-page]")))
        except TimeoutException:
            pytest.fail(f"no <main id=\"content\" data-page> at {self.driver.current_url}:\n{self.page_text()}")
        actual = main.get_dom_attribute("data-page")
        assert actual == page, f"expected page {page!r}, got {actual!r} at {self.driver.current_url}:\n{self.page_text()}"
        self.form = None
        if check:
            self.check()

    def navigate(self, action, page: str) -> None:
        """Runs `action` (a click), waits until a new document has loaded, and arrives there.

        A marker on the old document's window tells the new one apart; element references
        (Selenium's staleness check) can fail with odd errors while a navigation is under way."""
        self.driver.execute_script("window.__pforteWalkOldDocument = true;")
        action()

        def loaded(driver: WebDriver) -> bool:
            try:
                return driver.execute_script(
                    "return !window.__pforteWalkOldDocument && document.readyState === 'complete';")
            except WebDriverException:  # the old document is going away just now
                return False

        try:
            WebDriverWait(self.driver, PAGE_TIMEOUT).until(loaded)
        except TimeoutException:
            pytest.fail(f"no new page after the click, still at {self.driver.current_url}:\n{self.page_text()}")
        self.arrive(page)

    def follow(self, href: str, page: str) -> None:
        """Clicks the link in <main> whose href is `href` (or ends with it)."""
        link = self.main().find_element(By.CSS_SELECTOR, f'a[href="{href}"], a[href$="{href}"]')
        self.navigate(link.click, page)

    def fill(self, **fields: str) -> None:
        for name, value in fields.items():
            field = self.driver.find_element(By.ID, name)
            field.clear()
            field.send_keys(value)
            self.form = field.find_element(By.XPATH, "./ancestor::form")

    def submit(self, page: str) -> None:
        """Submits the form of the fields filled last (else the only form in <main>) by its button."""
        form = self.form or self.main().find_element(By.TAG_NAME, "form")
        self.navigate(form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click, page)

    # --- looking ---

    def main(self) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, "main#content")

    def page_text(self) -> str:
        try:
            return self.driver.find_element(By.TAG_NAME, "body").text
        except Exception:  # noqa: BLE001 - only for failure messages
            return self.driver.page_source[:2000]

    def path(self) -> str:
        return urlsplit(self.driver.current_url).path

    def heading(self) -> str:
        return self.main().find_element(By.TAG_NAME, "h1").text.strip()

    def expect_text(self, *texts: str) -> None:
        shown = self.main().text
        for text in texts:
            assert text in shown, f"{text!r} not on page {self.path()}:\n{shown}"

    def expect_links(self, *hrefs: str) -> None:
        for href in hrefs:
            assert self.main().find_elements(By.CSS_SELECTOR, f'a[href="{href}"], a[href$="{href}"]'), \
                f"no link to {href} on {self.path()}"

    def described_by(self, field: str) -> set[str]:
        return set((self.driver.find_element(By.ID, field).get_dom_attribute("aria-describedby") or "").split())

    # --- the checks for every page ---

    def check(self) -> None:
        self.check_language()
        self.check_forms()
        self.check_headers()
        self.check_width()
        self.check_accessibility()

    def check_language(self) -> None:
        lang = self.driver.find_element(By.TAG_NAME, "html").get_dom_attribute("lang")
        assert lang == self.lang, f"<html lang={lang!r}> on {self.path()}, expected {self.lang!r}"
        other = "en" if self.lang == "de" else "de"
        switches = [nav for nav in self.driver.find_elements(By.CSS_SELECTOR, "nav[aria-label]")
                    if (nav.get_dom_attribute("aria-label") or "").strip()
                    and nav.find_elements(By.CSS_SELECTOR, f'a[href*="lang={other}"]')]
        assert switches, f"no labelled language switch with a ?lang={other} link on {self.path()}"

    def check_forms(self) -> None:
        for form in self.driver.find_elements(By.TAG_NAME, "form"):
            action = form.get_dom_attribute("action")
            tokens = form.find_elements(By.CSS_SELECTOR, 'input[type="hidden"][name="csrf_token"]')
            assert tokens and tokens[0].get_dom_attribute("value"), f"form {action} on {self.path()} has no CSRF token"
            assert form.find_elements(By.CSS_SELECTOR, 'button[type="submit"]'), \
                f"form {action} on {self.path()} has no <button type=submit>"
            for field in form.find_elements(By.CSS_SELECTOR, 'input:not([type="hidden"]), select, textarea'):
                assert field.get_dom_attribute("id") == field.get_dom_attribute("name"), \
                    f"field name={field.get_dom_attribute('name')!r} has id={field.get_dom_attribute('id')!r} on {self.path()}"
        if self.driver.find_elements(By.TAG_NAME, "form"):
            assert self.driver.get_cookie(CSRF_COOKIE), f"a page with a form but no {CSRF_COOKIE} cookie: {self.path()}"

    def check_headers(self) -> None:
        """GETs the current URL again with the browser's cookies: every response on the way
        (redirects included) forbids framing."""
        session = new_session()
        for cookie in self.driver.get_cookies():
            session.cookies.set(cookie["name"], cookie["value"])
        response = session.get(self.driver.current_url, timeout=30)
        for step in [*response.history, response]:
            assert frame_ancestors(step) == "frame-ancestors 'none'", \
                f"GET {step.url}: Content-Security-Policy {step.headers.get('Content-Security-Policy')!r}"

    def check_accessibility(self) -> None:
        self.axe.inject()
        results = self.axe.run(options=AXE_OPTIONS)
        version = tuple(int(part) for part in results["testEngine"]["version"].split(".")[:2])
        assert version >= AXE_VERSION, results["testEngine"]
        blocking = blocking_violations(results)
        assert not blocking, f"axe-core on {self.driver.current_url}:\n{describe_violations(blocking)}"

    def check_width(self) -> None:
        """No page is wider than the window (WCAG 2.1 SC 1.4.10 Reflow): at 390 px nothing may
        need sideways scrolling, tables and buttons included."""
        width, viewport = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
        if width > viewport:
            wide = self.driver.execute_script("""
                return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                    .slice(0, 5).map(e => e.outerHTML.slice(0, 160));""")
            pytest.fail(f"{self.path()} is {width} px wide in a {viewport} px window; too wide:\n" + "\n".join(wide))

    # --- steps used more than once ---

    def switch_language(self, to: str) -> None:
        page = self.main().get_dom_attribute("data-page")
        link = self.driver.find_element(By.CSS_SELECTOR, f'nav[aria-label] a[href*="lang={to}"]')
        self.lang = to
        self.navigate(link.click, page)

    def check_other_language(self) -> None:
        """Shows the current page in the other language (checked like every page) and switches back."""
        language = self.lang
        self.switch_language("en" if language == "de" else "de")
        self.switch_language(language)

    def log_in(self, address: str, password: str) -> None:
        self.fill(email=address, password=password)
        self.submit("account")
        assert self.path() == "/account"
