"""Plain helpers for the interop tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def free_ports(count: int) -> list[int]:
    """Distinct loopback ports that were free a moment ago."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def free_port() -> int:
    return free_ports(1)[0]


def port_accepts(port: int) -> bool:
    """Whether something accepts TCP connections on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def wait_until(condition: Callable[[], T], what: str | Callable[[], str],
               timeout: float = 30.0) -> T:
    """Polls `condition` until it returns something truthy, and returns that.

    `what` describes the awaited state in the failure message (a callable is asked only then,
    e.g. for a log that is still growing)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            description = what() if callable(what) else what
            pytest.fail(f"timed out after {timeout:g}s waiting for {description}", pytrace=False)
        time.sleep(0.05)


def digests(directory: Path) -> dict[str, str]:
    """SHA-256 of each file in `directory` and its subdirectories, by relative path."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in directory.rglob("*") if p.is_file()}


def csp_report(size: int | None = None) -> bytes:
    """An `application/csp-report` body as browsers send it, padded to `size` bytes if given."""

    def encode(sample: str) -> bytes:
        return json.dumps({"csp-report": {
            "document-uri": "https://portal.example/login",
            "referrer": "",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "original-policy": "default-src 'self'; report-uri /csp-report",
            "disposition": "enforce",
            "blocked-uri": "inline",
            "status-code": 200,
            "script-sample": sample,
        }}).encode()

    body = encode("")
    return body if size is None else encode("x" * (size - len(body)))


# --- Prometheus text exposition format -----------------------------------------------------

@dataclass(frozen=True)
class Sample:
    name: str
    labels: dict[str, str]
    value: float

    def has(self, **labels: str) -> bool:
        return all(self.labels.get(key) == value for key, value in labels.items())


_SAMPLE = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+(\S+)(?:[ \t]+-?\d+)?")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)')
_ESCAPE = re.compile(r"\\(.)")


def parse_prometheus(text: str) -> list[Sample]:
    """The samples of a Prometheus text exposition; fails on a line that is not valid."""
    samples = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = _SAMPLE.fullmatch(line)
        assert match, f"not a Prometheus sample line: {line!r}"
        name, label_text, value = match.groups()
        labels = {}
        position = 0
        while label_text and position < len(label_text):
            label = _LABEL.match(label_text, position)
            assert label, f"bad label set in Prometheus line: {line!r}"
            labels[label[1]] = _ESCAPE.sub(lambda m: "\n" if m[1] == "n" else m[1], label[2])
            position = label.end()
        samples.append(Sample(name, labels, float(value)))
    return samples


# --- a TCP forwarder that can be cut, to make the store unreachable -------------------------

class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target address until cut.

    `cut()` closes the listener and every forwarded connection, so the client sees resets
    and then refused connections; `restore()` listens again on the same port.
    """

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            connections, self._connections = self._connections, []
        for s in [listener, *connections]:
            if s is None:
                continue
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    upstream.close()
                    return
                self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
