"""GET /healthz: 200 after really asking the store, 503 while the store does not answer."""

from urllib.parse import urlsplit

import pytest

from support import TcpProxy, wait_until


def test_healthz_reports_ok_as_json(pforte_server):
    server = pforte_server()

    response = server.get("/healthz")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"status": "ok"}


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_healthz_follows_the_store(pforte_server, backend):
    # The server reaches PostgreSQL through a forwarder that the test cuts and restores.
    url = urlsplit(backend.config["store"]["postgres_url"])
    proxy = TcpProxy(url.hostname, url.port)
    try:
        proxied = url._replace(netloc=f"{url.username}@127.0.0.1:{proxy.port}").geturl()
        server = pforte_server({"store": {"postgres_url": proxied}})

        proxy.cut()
        wait_until(lambda: server.get("/healthz").status_code == 503,
                   "GET /healthz = 503 with the store unreachable")

        proxy.restore()
        wait_until(lambda: server.get("/healthz").status_code == 200,
                   "GET /healthz = 200 again once the store is back")
    finally:
        proxy.cut()
