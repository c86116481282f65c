"""POST /csp-report: browsers' Content-Security-Policy violation reports, at most 64 KiB."""

import json
import uuid

from support import csp_report, wait_until

LIMIT = 64 * 1024


def test_csp_report_is_accepted_and_logged_as_warning(pforte_server):
    server = pforte_server()
    request_id = f"interop-{uuid.uuid4().hex}"

    response = server.post("/csp-report", data=csp_report(),
                           headers={"Content-Type": "application/csp-report",
                                    "X-Request-Id": request_id})

    assert response.status_code == 204
    wait_until(lambda: any(r.get("request_id") == request_id and r.get("level") == "warning"
                           for r in server.log_records()),
               f"a warning log record with request_id {request_id}")


def test_reporting_api_format_is_accepted(pforte_server):
    server = pforte_server()
    reports = [{
        "type": "csp-violation",
        "age": 12,
        "url": "https://portal.example/login",
        "user_agent": "Mozilla/5.0",
        "body": {
            "documentURL": "https://portal.example/login",
            "effectiveDirective": "script-src-elem",
            "originalPolicy": "default-src 'self'; report-to csp",
            "blockedURL": "inline",
            "disposition": "enforce",
            "statusCode": 200,
        },
    }]

    response = server.post("/csp-report", data=json.dumps(reports),
                           headers={"Content-Type": "application/reports+json"})

    assert response.status_code == 204


def test_report_of_exactly_64_kib_is_accepted(pforte_server):
    server = pforte_server()
    body = csp_report(size=LIMIT)
    assert len(body) == LIMIT

    response = server.post("/csp-report", data=body, headers={"Content-Type": "application/csp-report"})

    assert response.status_code == 204


def test_oversize_report_is_rejected(pforte_server):
    server = pforte_server()

    response = server.post("/csp-report", data=csp_report(size=LIMIT + 1),
                           headers={"Content-Type": "application/csp-report"})

    assert response.status_code == 413
    assert server.get("/healthz").status_code == 200
