"""Helpers for the account page tests (test_account_pages.py in a browser, test_account_forms.py
with plain requests): the dev mail outbox, forms, cookies and bits of HTML.

Everything here speaks the page contract only: `data-page` names, field names (= ids), the
`csrf_token` field, the `pforte_session` cookie and `<base>/<path>?token=<43 chars>` links.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import requests

from support import wait_until

PASSWORD = "Lindenallee-2024!"
SESSION_COOKIE = "pforte_session"  # plain http dev instance: no __Host- prefix
CSRF_COOKIE = "pforte_csrf"
TOKEN = r"[A-Za-z0-9_-]{43}"


def unique_address(name: str) -> str:
    """A fresh login address: the PostgreSQL store is shared by all tests of a run."""
    return f"{name}.{secrets.token_hex(4)}@example.de"


def new_session() -> requests.Session:
    """A client with its own cookie jar (a second browser, so to speak), never via a proxy."""
    session = requests.Session()
    session.trust_env = False
    return session


# --- forms and pages ---------------------------------------------------------------------------

def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*\bvalue="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no csrf_token field on the page"
    return match.group(1)


def page_name(html: str) -> str | None:
    """The `data-page` of the page's `<main id="content">`."""
    match = re.search(r'<main\b[^>]*\bdata-page="([^"]*)"', html)
    return match.group(1) if match else None


def submit(session: requests.Session, base_url: str, path: str, fields: dict[str, str], *,
           form_page: str | None = None, **kwargs) -> requests.Response:
    """GETs `form_page` (default: `path`) for a CSRF token, then POSTs `fields` with it to `path`."""
    page = session.get(base_url + (form_page or path), timeout=30)
    return session.post(base_url + path, data={"csrf_token": csrf(page.text)} | fields, timeout=60, **kwargs)


def log_in(base_url: str, address: str, password: str, session: requests.Session | None = None) -> bool:
    """Whether `address`/`password` opens /account, tried in a fresh cookie jar unless given."""
    session = session or new_session()
    response = submit(session, base_url, "/login", {"email": address, "password": password})
    return urlsplit(response.url).path == "/account" and page_name(response.text) == "account"


class _ElementText(HTMLParser):
    """Collects the text of the first element for which `wanted(tag, attrs)` holds."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.depth = 0  # > 0 while inside the element
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done or tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif self.wanted(tag, dict(attrs)):
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1
            self.done = self.depth == 0

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def same_page(first: str, second: str, *replacements: tuple[str, str]) -> bool:
    """Whether two pages are byte for byte the same once the addresses typed in are replaced."""
    for old, new in replacements:
        first, second = first.replace(old, new), second.replace(old, new)
    return first == second


def text_of_class(html: str, css_class: str) -> str | None:
    """The whitespace-normalised text of the first element with class `css_class`, or None."""
    parser = _ElementText(lambda _tag, attrs: css_class in (attrs.get("class") or "").split())
    parser.feed(html)
    if not (parser.depth or parser.done):
        return None
    return " ".join("".join(parser.parts).split())


# --- cookies -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetCookie:
    name: str
    value: str
    attributes: dict[str, str]  # lower-case attribute name -> value ("" for flags)

    def has(self, flag: str) -> bool:
        return flag.lower() in self.attributes


def set_cookies(response: requests.Response) -> dict[str, SetCookie]:
    """The `Set-Cookie` headers of one response (not of its redirects), by cookie name."""
    cookies = {}
    for header in response.raw.headers.getlist("Set-Cookie"):
        pair, *attributes = [part.strip() for part in header.split(";")]
        name, _, value = pair.partition("=")
        parsed = {}
        for attribute in attributes:
            key, _, attribute_value = attribute.partition("=")
            parsed[key.strip().lower()] = attribute_value.strip()
        cookies[name] = SetCookie(name, value, parsed)
    return cookies


def frame_ancestors(response: requests.Response) -> str | None:
    """The `frame-ancestors` directive of the response's Content-Security-Policy, or None."""
    policy = response.headers.get("Content-Security-Policy", "")
    for directive in policy.split(";"):
        if directive.split()[:1] == ["frame-ancestors"]:
            return " ".join(directive.split())
    return None


# --- the dev mail outbox -----------------------------------------------------------------------

@dataclass(frozen=True)
class Mail:
    path: Path
    recipients: list[str]  # lower-case addresses from To
    subject: str
    text: str  # the decoded body (quoted-printable and charsets undone)

    def token(self, base_url: str, path: str) -> str | None:
        """The token of the `<base><path>?token=…` link in the body, if there is one."""
        match = re.search(re.escape(base_url + path) + r"\?token=(" + TOKEN + r")(?![A-Za-z0-9_-])", self.text)
        return match.group(1) if match else None

    def link(self, base_url: str, path: str) -> str:
        token = self.token(base_url, path)
        assert token, f"no {base_url}{path}?token=… link in the mail {self.path.name}:\n{self.text}"
        return f"{path}?token={token}"


def read_mail(path: Path) -> Mail:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    recipients = [address.lower() for _, address in email.utils.getaddresses(message.get_all("To", []))]
    body = message.get_body(preferencelist=("plain", "html"))
    assert body is not None, f"{path.name} has no text body"
    return Mail(path, recipients, str(message.get("Subject", "")), body.get_content())


class Outbox:
    """`<workdir>/data/outbox`, where the dev mail transport writes one `.eml` per message.

    Remembers which messages it has handed out, so each step looks only at the mail that step
    caused, whatever the file times say.
    """

    def __init__(self, workdir: Path):
        self.directory = workdir / "data" / "outbox"
        self.seen: set[str] = set(self._names())

    def _names(self) -> list[str]:
        return sorted(p.name for p in self.directory.glob("*.eml")) if self.directory.is_dir() else []

    def unseen(self) -> list[Mail]:
        """Messages not handed out before (now marked as seen), oldest first."""
        fresh = [name for name in self._names() if name not in self.seen]
        self.seen.update(fresh)
        return [read_mail(self.directory / name) for name in fresh]

    def expect(self, to: str, path: str | None = None, base_url: str | None = None,
               timeout: float = 20.0) -> Mail:
        """Waits for a new message to `to` (with a `<base_url><path>?token=` link if `path` is
        given) and returns it; other new messages stay available to later calls."""
        to = to.lower()
        found: list[Mail] = []

        def arrived() -> bool:
            for name in self._names():
                if name in self.seen:
                    continue
                mail = read_mail(self.directory / name)
                if to in mail.recipients and (path is None or mail.token(base_url, path)):
                    self.seen.add(name)
                    found.append(mail)
                    return True
            return False

        wait_until(arrived, f"a mail to {to}" + (f" with a {path} link" if path else "") +
                   f" in {self.directory}", timeout)
        return found[0]


# --- a ready account ---------------------------------------------------------------------------

# What a registration form sends besides its fields: acceptance of the shipped placeholder terms
# version (issue #19 item 1), the one in force without a versions file.
ACCEPTED_TERMS = {"termsVersion": "placeholder", "acceptTerms": "on"}


def register_and_activate(base_url: str, outbox: Outbox, address: str, password: str = PASSWORD, *,
                          given_names: str = "Erika", family_name: str = "Mustermann",
                          question: str = "Wie hieß Ihr erstes Haustier?", answer: str = "Bello") -> None:
    """An activated account made through the pages (/register, the mailed link, /activate)."""
    session = new_session()
    response = submit(session, base_url, "/register", {
        "givenNames": given_names, "familyName": family_name, "email": address,
        "password": password, "passwordRepeated": password,
        "secretQuestion": question, "secretAnswer": answer, **ACCEPTED_TERMS,
    })
    assert page_name(response.text) == "registration-sent", response.text
    link = outbox.expect(address, "/activate", base_url).link(base_url, "/activate")
    token = link.split("=", 1)[1]
    response = submit(session, base_url, "/activate", {"token": token}, form_page=link)
    assert page_name(response.text) == "activated", response.text
