"""POST /csp-report: a browser's Content-Security-Policy violation report ends up as a warning
in the binary's JSON log, with the request id. (The formats and the 64 KiB limit are rules of
the route: CSPReportFormatTests and ApplicationTests in PforteWebTests.)"""

import uuid

from support import csp_report, wait_until


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
