"""What the HTTP server decides before any route, against the real binary (issue #18): a request
head over 16 KiB is answered 431 and the connection closed; `//login` redirects to `/login`
instead of rendering a page whose links start with `//`; the password screening list is found
in the installed resource bundle. The rules themselves are tested in PforteWebTests
(RequestHeadLimitTests, PathNormalisationTests) and PforteCoreTests (CommonPasswordsTests)."""

import socket

import pytest


@pytest.fixture(scope="module")
def server(module_pforte_server):
    return module_pforte_server()


def exchange(port: int, head: bytes) -> tuple[bytes, bool]:
    """Sends `head` on a fresh connection; returns what came back and whether the server then
    closed the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                return received, True
            received += chunk
        try:
            closed = connection.recv(65536) == b""
        except TimeoutError:
            closed = False
        return received, closed


def test_a_64_kib_cookie_is_answered_431_and_the_connection_closed(server):
    cookie = "a" * (64 * 1024)
    head = f"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: big={cookie}\r\n\r\n".encode()
    answer, closed = exchange(server.port, head)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert closed


def test_a_head_within_the_limit_is_served(server):
    head = f"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: big={'a' * 12000}\r\nConnection: close\r\n\r\n".encode()
    answer, _ = exchange(server.port, head)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]


@pytest.mark.parametrize("target, location", [
    ("//login?lang=en", "/login?lang=en"),
    ("//evil.example/login", "/evil.example/login"),
    ("/account//profile", "/account/profile"),
])
def test_a_path_with_empty_segments_redirects_to_the_collapsed_path(server, target, location):
    head = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    answer, _ = exchange(server.port, head)
    status, *fields = answer.decode("latin-1").split("\r\n\r\n")[0].split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (field.partition(":") for field in fields)}
    assert status.startswith("HTTP/1.1 308 "), status
    assert headers["location"] == location


def test_the_password_screening_list_is_loaded_at_start(server):
    records = [r for r in server.log_records() if r.get("message") == "password screening ready"]
    assert records, server.log()
    assert int(records[0]["common_passwords"]) >= 3000
