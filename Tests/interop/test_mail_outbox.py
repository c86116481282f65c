"""The durable mail outbox against aiosmtpd, an SMTP server nobody here wrote (issue #18).

Requests only queue mail; the server's sender delivers it. So a slow relay makes "Passwort
vergessen" for a registered address no slower than for an unknown one, and a relay that is
down changes no page: the mail waits in the store and leaves once the relay is back."""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session, SMTP

from account_support import csrf, new_session, page_name, same_page, unique_address
from oidc_support import create_account
from support import free_port, wait_until

RELAY_DELAY = 0.25
PAIRS = 50


@dataclass
class SlowRelay:
    """aiosmtpd handler that takes RELAY_DELAY to accept each message (a relay under load)."""

    recipients: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        await asyncio.sleep(RELAY_DELAY)
        self.recipients.extend(address.lower() for address in envelope.rcpt_tos)
        return "250 2.0.0 Ok: queued"


@pytest.fixture
def relay():
    """start(port=None) -> (handler, port); relays stop at teardown."""
    controllers: list[Controller] = []

    def start(port: int | None = None) -> tuple[SlowRelay, int]:
        handler = SlowRelay()
        controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
        controller.start()
        controllers.append(controller)
        return handler, controller.port

    yield start
    for controller in controllers:
        controller.stop()


def smtp_env(port: int) -> dict[str, str]:
    return {"PFORTE_MAIL_TRANSPORT": "smtp", "PFORTE_MAIL_FROM": "Servicekonto <noreply@pforte.test>",
            "PFORTE_MAIL_SMTP_HOST": "127.0.0.1", "PFORTE_MAIL_SMTP_PORT": str(port),
            "PFORTE_MAIL_SMTP_SECURITY": "none"}


def started(pforte, pforte_server, backend, tmp_path, port: int):
    """A server mailing through the relay on `port`, and one account on its store."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    known = create_account(pforte, backend.config, workdir)
    return pforte_server(env=smtp_env(port), workdir=workdir), known


def request_reset(base_url: str, address: str) -> tuple[float, str]:
    """Seconds the POST of "Passwort vergessen" took, and its page."""
    session = new_session()
    form = session.get(base_url + "/forgot-password", timeout=30)
    began = time.perf_counter()
    answer = session.post(base_url + "/forgot-password", data={"csrf_token": csrf(form.text), "email": address}, timeout=60)
    took = time.perf_counter() - began
    assert page_name(answer.text) == "reset-requested", answer.text
    return took, answer.text


@pytest.mark.postgres
def test_a_slow_relay_does_not_tell_registered_addresses_by_time(pforte, pforte_server, backend, relay, tmp_path):
    handler, port = relay()
    server, known = started(pforte, pforte_server, backend, tmp_path, port)
    unknown = unique_address("niemand")
    request_reset(server.base_url, unique_address("aufwaermen"))

    known_times, unknown_times, known_slower = [], [], 0
    for pair in range(PAIRS):
        # Alternating the order cancels any drift within a pair (caches, the sender's rounds).
        order = [(known, known_times), (unknown, unknown_times)]
        for address, times in order if pair % 2 == 0 else reversed(order):
            times.append(request_reset(server.base_url, address)[0])
        known_slower += known_times[-1] > unknown_times[-1]

    report = (f"known median {statistics.median(known_times) * 1000:.1f} ms, unknown median "
              f"{statistics.median(unknown_times) * 1000:.1f} ms, known slower in {known_slower}/{PAIRS} pairs")
    print(report)
    # A sign test: with no difference, "known slower" is Binomial(50, 1/2); 15..35 holds with
    # p > 0.99. The relay alone (250 ms per message inside the request) would make it 50/50.
    assert 15 <= known_slower <= 35, report
    assert max(known_times) < RELAY_DELAY, "no request waited on the relay: " + report
    wait_until(lambda: known.lower() in handler.recipients, "the reset mail at the relay", timeout=60)


@pytest.mark.postgres
def test_a_relay_that_is_down_changes_no_page_and_the_mail_leaves_when_it_is_back(
        pforte, pforte_server, backend, relay, tmp_path):
    port = free_port()
    server, known = started(pforte, pforte_server, backend, tmp_path, port)
    unknown = unique_address("niemand")

    _, for_known = request_reset(server.base_url, known)
    _, for_unknown = request_reset(server.base_url, unknown)
    assert same_page(for_known, for_unknown, (known, "ADDRESS"), (unknown, "ADDRESS"))

    def queue() -> str:
        listed = pforte("mail", "queue", "--state", "queued", config=backend.config, cwd=server.workdir)
        assert listed.returncode == 0, listed.stderr
        return listed.stdout

    def both_waiting() -> str | None:
        # The store may be shared with other tests' servers: only these two messages count.
        # Each message is a line of its own, followed by indented lines (recipients, error).
        entries = re.split(r"\n(?=\S)", queue())
        failed = [entry for entry in entries if "last error" in entry and (known.lower() in entry or unknown.lower() in entry)]
        return "\n".join(failed) if len(failed) == 2 else None

    waiting = wait_until(both_waiting, "both messages queued after a failed attempt")
    assert "connection" in waiting.lower(), waiting

    handler, _ = relay(port)
    retried = pforte("mail", "queue", "--retry-all", config=backend.config, cwd=server.workdir)
    # On a store shared with other tests' servers their waiting messages are made due too.
    due = re.match(r"(\d+) message\(s\) due now", retried.stdout)
    assert retried.returncode == 0 and due and int(due.group(1)) >= 2, retried.stdout + retried.stderr
    wait_until(lambda: {known.lower(), unknown.lower()} <= set(handler.recipients), "both messages at the relay")
    left = queue()
    assert known.lower() not in left and unknown.lower() not in left, left

    # The node reports what it did on /metrics: the failed first attempts and the deliveries.
    metrics = dict(re.findall(r"^(pforte_mail_\w+) (\S+)$", server.get("/metrics").text, re.M))
    assert float(metrics["pforte_mail_deferred_total"]) >= 2 and float(metrics["pforte_mail_sent_total"]) >= 2, metrics
    assert "pforte_mail_queued_messages" in metrics and "pforte_mail_oldest_queued_age_seconds" in metrics, metrics
