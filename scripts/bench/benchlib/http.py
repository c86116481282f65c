"""A small HTTP client for the set-up steps of a workload (log in, fetch a token, register a
client): keeps cookies, never follows redirects by itself, standard library only."""
from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import secrets
import time
import urllib.parse
from http.cookies import SimpleCookie


class Response:
    def __init__(self, url: str, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def json(self):
        return json.loads(self.body)


class Browser:
    """One user agent with a cookie jar for a single origin (the server under test)."""

    def __init__(self, base_url: str):
        self.base = urllib.parse.urlsplit(base_url)
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, url: str, body: dict | str | None = None, headers: dict | None = None) -> Response:
        target = urllib.parse.urlsplit(urllib.parse.urljoin(self.base.geturl(), url))
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        all_headers = {"User-Agent": "pforte-bench", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = self.cookie_header()
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        path = target.path + ("?" + target.query if target.query else "")
        connection.request(method, path or "/", body=body, headers=all_headers)
        raw = connection.getresponse()
        response = Response(target.geturl(), raw.status, raw.headers, raw.read())
        connection.close()
        for value in raw.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel["expires"] and "1970" in morsel["expires"] or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url: str, **kwargs) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, body, **kwargs) -> Response:
        return self.request("POST", url, body=body, **kwargs)

    def follow(self, response: Response, limit: int = 10) -> Response:
        """Follows redirects on this origin only; stops at the first one elsewhere."""
        for _ in range(limit):
            if response.status not in (301, 302, 303, 307) or not response.location:
                return response
            target = urllib.parse.urljoin(self.base.geturl(), response.location)
            if urllib.parse.urlsplit(target).netloc != self.base.netloc:
                return response
            response = self.get(target)
        return response


def hidden_fields(html: str) -> dict[str, str]:
    """name → value of the hidden inputs of a page (attributes in any order)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html, flags=re.I):
        if re.search(r'type=["\']?hidden', tag, flags=re.I):
            name = re.search(r'name=["\']([^"\']+)', tag)
            value = re.search(r'value=["\']([^"\']*)', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def form_action(html: str) -> str | None:
    match = re.search(r'<form[^>]*action=["\']([^"\']*)', html, flags=re.I)
    return match.group(1).replace("&amp;", "&") if match else None


def basic_auth(client_id: str, secret: str) -> str:
    """RFC 6749 §2.3.1: both parts form-urlencoded before base64."""
    pair = f"{urllib.parse.quote_plus(client_id)}:{urllib.parse.quote_plus(secret)}"
    return "Basic " + base64.b64encode(pair.encode()).decode()


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as error:  # noqa: BLE001 - any failure means: not ready yet
            last = error
        time.sleep(0.3)
    raise RuntimeError(f"{what} not ready after {seconds:.0f} s" + (f": {last}" if last else ""))
