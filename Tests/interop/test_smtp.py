"""`pforte mail send-test` against aiosmtpd, an SMTP server nobody here wrote, on loopback:
plain delivery parsed back with Python's `email` package, STARTTLS with a certificate made for
the test, AUTH over TLS with right and wrong credentials, and a recipient the server refuses."""

from __future__ import annotations

import email
import email.policy
import email.utils
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session, SMTP

from support import free_port

SENDER = "noreply@pforte.test"
RECIPIENT = "erika.mustermann@example.test"
REFUSED = "unbekannt@example.test"
USER, PASSWORD = "pforte", "Geheim-Passwort-1"

# The fixed message of `pforte mail send-test` (Sources/pforte/MailCommand.swift).
SUBJECT = "Pforte: Testnachricht – Grüße aus der Prüfstelle"
UMLAUT_LINE = "Umlaute und Sonderzeichen: äöü ÄÖÜ ß „Anführungszeichen“ 10 € = 10 Euro"
DOT_LINE = ".Diese Zeile beginnt mit einem Punkt."


@dataclass
class Delivery:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool
    authenticated: bool


@dataclass
class RecordingHandler:
    """aiosmtpd handler: keeps what arrives; refuses REFUSED with 550 at RCPT."""

    deliveries: list[Delivery] = field(default_factory=list)

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address == REFUSED:
            return "550 5.1.1 <unbekannt@example.test>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        tls = server.transport is not None and server.transport.get_extra_info("ssl_object") is not None
        self.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), envelope.content,
                                        tls, session.authenticated))
        return "250 2.0.0 Ok: queued"


def authenticator(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                  auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == \
        (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535 itself


@pytest.fixture
def smtp_server():
    """start(**aiosmtpd SMTP options) -> (handler, port); servers stop at teardown."""
    controllers: list[Controller] = []

    def start(**options: Any) -> tuple[RecordingHandler, int]:
        handler = RecordingHandler()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return handler, port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (key, cert): the server's identity and, through
    mail.smtp_ca_file, the client's only trust anchor."""
    directory = tmp_path_factory.mktemp("tls")
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return key, cert


@pytest.fixture
def tls_context(certificate: tuple[Path, Path]):
    import ssl
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate[1]), str(certificate[0]))
    return context


def mail_env(port: int, security: str, **extra: str) -> dict[str, str]:
    env = {
        "PFORTE_MAIL_TRANSPORT": "smtp",
        "PFORTE_MAIL_FROM": f"Pforte Prüfung <{SENDER}>",
        "PFORTE_MAIL_SMTP_HOST": "127.0.0.1",
        "PFORTE_MAIL_SMTP_PORT": str(port),
        "PFORTE_MAIL_SMTP_SECURITY": security,
        "PFORTE_LOG_FORMAT": "text",
        "PFORTE_LOG_LEVEL": "debug",
    }
    return env | {f"PFORTE_MAIL_{key.upper()}": value for key, value in extra.items()}


def send_test(pforte, env: dict[str, str], to: str = RECIPIENT) -> subprocess.CompletedProcess[str]:
    return pforte("mail", "send-test", "--to", to, env=env)


def parsed(delivery: Delivery) -> email.message.EmailMessage:
    return email.message_from_bytes(delivery.content, policy=email.policy.default)


def test_plain_delivery_is_a_correct_german_message(pforte, smtp_server):
    handler, port = smtp_server()

    result = send_test(pforte, mail_env(port, "none"))

    assert result.returncode == 0, result.stderr
    [delivery] = handler.deliveries
    assert (delivery.mail_from, delivery.rcpt_tos, delivery.tls) == (SENDER, [RECIPIENT], False)
    raw = delivery.content
    assert all(byte < 0x80 for byte in raw), "the message must be 7-bit clean"
    assert all(len(line) <= 78 for line in raw.split(b"\r\n")), raw
    message = parsed(delivery)
    assert message["Subject"] == SUBJECT
    assert message["From"].addresses[0].display_name == "Pforte Prüfung"
    assert message["From"].addresses[0].addr_spec == SENDER
    assert message["To"].addresses[0].addr_spec == RECIPIENT
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["MIME-Version"] == "1.0"
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert email.utils.parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith("@pforte.test>")
    body = message.get_content()
    lines = body.splitlines()
    assert UMLAUT_LINE in lines
    assert DOT_LINE in lines, "dot-stuffing must be undone by the server, leaving the line intact"
    assert lines[0] == "Guten Tag,"
    assert any(len(line) > 76 for line in lines), "the test text needs a line that QP must soft-break"
    assert "sent a test message" in result.stdout


def test_file_transport_is_the_default(pforte, tmp_path):
    result = pforte("mail", "send-test", "--to", RECIPIENT, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    outbox = tmp_path / "data" / "outbox"
    [file] = list(outbox.iterdir())
    assert file.suffix == ".eml"
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == SUBJECT
    assert DOT_LINE in message.get_content().splitlines()


def test_starttls_is_used_when_offered(pforte, smtp_server, tls_context, certificate):
    handler, port = smtp_server(tls_context=tls_context)

    result = send_test(pforte, mail_env(port, "starttls", smtp_ca_file=str(certificate[1])))

    assert result.returncode == 0, result.stderr
    [delivery] = handler.deliveries
    assert delivery.tls, "the client must have upgraded the session with STARTTLS"
    assert parsed(delivery)["Subject"] == SUBJECT


def test_implicit_tls(pforte, smtp_server, tls_context, certificate):
    handler, port = smtp_server(ssl_context=tls_context)

    result = send_test(pforte, mail_env(port, "tls", smtp_ca_file=str(certificate[1])))

    assert result.returncode == 0, result.stderr
    [delivery] = handler.deliveries
    assert delivery.tls


def test_starttls_required_fails_without_trusting_the_certificate(pforte, smtp_server, tls_context):
    handler, port = smtp_server(tls_context=tls_context)

    result = send_test(pforte, mail_env(port, "starttls_required"))

    assert result.returncode == 1
    assert "tls_failed" in result.stderr, result.stderr
    assert handler.deliveries == []


def test_starttls_required_fails_when_not_offered(pforte, smtp_server, certificate):
    handler, port = smtp_server()

    result = send_test(pforte, mail_env(port, "starttls_required", smtp_ca_file=str(certificate[1])))

    assert result.returncode == 1
    assert "starttls_not_offered" in result.stderr, result.stderr
    assert handler.deliveries == []


def test_auth_over_tls_with_the_right_credentials(pforte, smtp_server, tls_context, certificate):
    handler, port = smtp_server(tls_context=tls_context, require_starttls=True, auth_required=True,
                                auth_require_tls=True, authenticator=authenticator)
    env = mail_env(port, "starttls_required", smtp_ca_file=str(certificate[1]),
                   smtp_username=USER, smtp_password=PASSWORD)

    result = send_test(pforte, env)

    assert result.returncode == 0, result.stderr
    [delivery] = handler.deliveries
    assert delivery.tls and delivery.authenticated
    assert PASSWORD not in result.stderr, "the debug log must never show the password"


def test_auth_with_wrong_credentials_is_a_clear_permanent_error(pforte, smtp_server, tls_context, certificate):
    handler, port = smtp_server(tls_context=tls_context, require_starttls=True, auth_required=True,
                                auth_require_tls=True, authenticator=authenticator)
    env = mail_env(port, "starttls_required", smtp_ca_file=str(certificate[1]),
                   smtp_username=USER, smtp_password="falsch")

    result = send_test(pforte, env)

    assert result.returncode == 1
    error = result.stderr.strip().splitlines()[-1]
    assert "rejected at authentication" in error and "permanent" in error and "535" in error, error
    assert handler.deliveries == []


def test_credentials_are_not_sent_without_tls(pforte, smtp_server):
    handler, port = smtp_server(auth_require_tls=False, authenticator=authenticator)

    result = send_test(pforte, mail_env(port, "starttls", smtp_username=USER, smtp_password=PASSWORD))

    assert result.returncode == 1
    assert "credentials_require_tls" in result.stderr, result.stderr
    assert handler.deliveries == []


def test_refused_recipient_is_a_clear_permanent_error(pforte, smtp_server):
    handler, port = smtp_server()

    result = send_test(pforte, mail_env(port, "none"), to=REFUSED)

    assert result.returncode == 1
    error = result.stderr.strip().splitlines()[-1]
    assert "rejected at recipient" in error and "permanent" in error, error
    assert "550 5.1.1" in error and "User unknown" in error, error
    assert handler.deliveries == []
