"""Request IDs (X-Request-Id) and the log format: JSON lines on stderr, or text if configured."""

import json
import uuid

from support import wait_until


def test_every_response_gets_a_fresh_request_id(pforte_server):
    server = pforte_server()

    ids = [server.get(path).headers.get("X-Request-Id") for path in ("/healthz", "/healthz", "/metrics")]

    assert all(ids), ids
    assert len(set(ids)) == 3, ids


def test_incoming_request_id_is_echoed_and_logged(pforte_server):
    server = pforte_server()
    request_id = f"interop-{uuid.uuid4().hex}"

    response = server.get("/healthz", headers={"X-Request-Id": request_id})

    assert response.headers["X-Request-Id"] == request_id
    records = wait_until(lambda: [r for r in server.log_records() if r.get("request_id") == request_id],
                         f"a log record with request_id {request_id}")
    for record in records:
        assert {"level", "message", "timestamp"} <= record.keys(), record


def test_malformed_request_id_is_replaced(pforte_server):
    server = pforte_server()
    malformed = "<script>alert(1)</script> " * 20

    response = server.get("/healthz", headers={"X-Request-Id": malformed})

    assert response.headers["X-Request-Id"] not in ("", malformed)


def test_json_log_lines(pforte_server):
    server = pforte_server()
    assert server.get("/healthz").status_code == 200

    records = server.log_records()

    assert records, "pforte logged nothing"
    for record in records:
        assert isinstance(record, dict), record
        assert {"level", "message", "timestamp"} <= record.keys(), record


def test_text_log_format(pforte_server):
    server = pforte_server({"log": {"format": "text"}})
    assert server.get("/healthz").status_code == 200

    lines = [line for line in server.log().splitlines() if line.strip()]

    assert lines, "pforte logged nothing"
    assert not [line for line in lines if is_json_object(line)], "JSON lines despite log.format=text"


def is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
