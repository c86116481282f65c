"""The interface every server under test implements (see targets/)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from .load import Job
from .procstat import tree
from .workloads import Unsupported


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Target:
    """name: the label in the table; workdir: its generated state under .bench/."""

    name = "?"

    def __init__(self, workdir: Path, cpus: str):
        self.workdir = workdir
        self.cpus = cpus
        workdir.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def roots(self) -> list[int]:
        """The processes (with their descendants) whose CPU time and memory are the server's."""
        raise NotImplementedError

    def job(self, workload: int) -> Job:
        raise Unsupported("not offered by this product")

    def settings(self) -> str:
        """Product version and the settings that dominate every result."""
        return ""


def stop_process(process: subprocess.Popen | None, grace: float = 15) -> None:
    """SIGTERM to the server and every descendant (some, like LemonLDAP::NG's FastCGI manager,
    leave the process group), then SIGKILL to whatever is left after the grace time."""
    if process is None or process.poll() is not None:
        return
    pids = tree([process.pid])
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        pass
    sleep_until_gone(pids, 5)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def spawn(command: list[str], cpus: str, log: Path, cwd: Path | None = None, env: dict | None = None) -> subprocess.Popen:
    """Starts a server pinned to cpus, in its own process group, output to log."""
    with log.open("ab") as out:
        return subprocess.Popen(["taskset", "-c", cpus, *command], cwd=cwd, env={**os.environ, **(env or {})},
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def sleep_until_gone(pids: list[int], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in pids):
        time.sleep(0.1)
