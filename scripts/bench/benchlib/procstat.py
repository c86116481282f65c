"""CPU time and resident memory of a server's process tree, read from /proc.

A server is named by its root processes (nginx master, php-fpm master, gunicorn arbiter,
Pforte itself, the postmaster); every descendant counts. CPU of workers that exit during a run
is caught through the parent's cutime/cstime once the parent has reaped them.
"""
from __future__ import annotations

import os
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as file:
            text = file.read()
    except OSError:
        return None
    # comm may hold spaces and parentheses: fields start after the last ')'.
    return text[text.rindex(")") + 2:].split()


def children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields:
                children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def tree(roots: list[int]) -> list[int]:
    children = children_map()
    seen: list[int] = []
    stack = list(roots)
    while stack:
        pid = stack.pop()
        if pid in seen or not os.path.exists(f"/proc/{pid}"):
            continue
        seen.append(pid)
        stack.extend(children.get(pid, []))
    return seen


def cpu_seconds(pids: list[int]) -> float:
    """utime+stime of every process plus the time of children it has reaped."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return total / TICKS


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as file:
                total += int(file.read().split()[1]) * PAGE
        except OSError:
            pass
    return total


def find_pids(match) -> list[int]:
    """Processes whose command line (argv joined by spaces) satisfies match."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                command = file.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if command and match(command):
            found.append(int(entry))
    return found


class Sampler:
    """Watches a process tree during one run: CPU seconds used, peak summed RSS."""

    def __init__(self, roots: list[int], interval: float = 0.2):
        self.roots = roots
        self.interval = interval
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _snapshot(self) -> tuple[float, int]:
        pids = tree(self.roots)
        return cpu_seconds(pids), rss_bytes(pids)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            _, rss = self._snapshot()
            self.peak_rss = max(self.peak_rss, rss)

    def __enter__(self) -> "Sampler":
        self.start_cpu, rss = self._snapshot()
        self.peak_rss = rss
        self.started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.cpu, rss = self._snapshot()
        self.cpu -= self.start_cpu
        self.peak_rss = max(self.peak_rss, rss)
