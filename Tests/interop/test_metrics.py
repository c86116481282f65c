"""GET /metrics: Prometheus text with Hummingbird's request counter and latency histogram."""

import uuid

from support import wait_until

HEALTHZ_OK = {"http_route": "/healthz", "http_request_method": "GET",
              "http_response_status_code": "200"}


def healthz_requests(server) -> float:
    return sum(s.value for s in server.metrics() if s.name == "hb_requests" and s.has(**HEALTHZ_OK))


def test_metrics_is_prometheus_text(pforte_server):
    server = pforte_server()

    response = server.get("/metrics")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "# TYPE hb_requests counter" in response.text
    assert "# TYPE http_server_request_duration histogram" in response.text


def test_request_counter_counts_each_request(pforte_server):
    server = pforte_server()
    before = healthz_requests(server)

    for _ in range(3):
        assert server.get("/healthz").status_code == 200

    # Hummingbird counts a request once its response is written, so the count may lag a little.
    wait_until(lambda: healthz_requests(server) >= before + 3, "hb_requests for /healthz to grow by 3")


def test_latency_histogram_per_route(pforte_server):
    server = pforte_server()
    assert server.get("/healthz").status_code == 200

    def histogram():
        samples = [s for s in server.metrics() if s.has(**HEALTHZ_OK)]
        parts = {suffix: [s for s in samples if s.name == "http_server_request_duration" + suffix]
                 for suffix in ("_bucket", "_sum", "_count")}
        return parts if all(parts.values()) else None

    parts = wait_until(histogram, "http_server_request_duration samples for /healthz")
    buckets = sorted(parts["_bucket"], key=lambda s: float(s.labels["le"]))
    (count,), (total,) = parts["_count"], parts["_sum"]
    assert buckets[-1].labels["le"] == "+Inf"
    assert buckets[-1].value == count.value >= 1
    assert all(a.value <= b.value for a, b in zip(buckets, buckets[1:])), "buckets must be cumulative"
    assert 0 < total.value < 60 * count.value, "durations are in seconds"


def test_unknown_paths_do_not_become_labels(pforte_server):
    server = pforte_server()
    path = f"/no-such-page-{uuid.uuid4().hex}"

    for _ in range(3):
        assert server.get(path).status_code == 404

    def not_found_requests() -> float:
        return sum(s.value for s in server.metrics()
                   if s.name == "hb_requests" and s.has(http_response_status_code="404"))

    wait_until(lambda: not_found_requests() == 3, "hb_requests to count the three 404s")
    assert path not in server.get("/metrics").text
