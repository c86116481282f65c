"""Load runs with wrk: one point (fixed connections and duration), and a workload's series: a
concurrency sweep, its saturation, and a run at about 70 % of that rate.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import profile
from .procstat import Sampler

LUA = Path(__file__).resolve().parent.parent / "lua"
# A run with more failed requests than this share is reported as invalid.
MAX_ERROR_SHARE = 0.01


@dataclass
class Job:
    """What wrk sends for one workload against one target.

    script: a file in lua/ (requests.lua, code_exchange.lua, refresh.lua); env: its
    BENCH_* inputs; settings: the conditions that dominate the result, for the report;
    renew: makes the job's data anew before each point, where a run uses it up (refresh
    tokens that the server rotates are void after the point that used them).
    """
    url: str
    script: str
    env: dict[str, str]
    settings: str = ""
    renew: Callable[[], None] | None = None


@dataclass
class Point:
    connections: int
    requests: int
    seconds: float
    errors: int
    latency_ms: dict[str, float]
    cpu_seconds: float
    peak_rss_mib: float
    failures: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_share(self) -> float:
        return self.errors / max(self.requests, 1)

    @property
    def valid(self) -> bool:
        return self.requests > 0 and self.error_share <= MAX_ERROR_SHARE

    @property
    def cpu_per_1000(self) -> float:
        return 1000 * self.cpu_seconds / max(self.requests, 1)

    def as_dict(self) -> dict:
        return {"connections": self.connections, "requests": self.requests,
                "seconds": self.seconds, "rps": self.rps, "errors": self.errors, "valid": self.valid,
                "latency_ms": self.latency_ms, "cpu_per_1000": self.cpu_per_1000,
                "peak_rss_mib": self.peak_rss_mib, "failures": self.failures}


class LoadSettings:
    """Durations, connection counts and CPU sets, from the environment (BENCH_QUICK=1 for a
    smoke run)."""

    def __init__(self) -> None:
        quick = os.environ.get("BENCH_QUICK") == "1"
        self.quick = quick
        self.duration = int(os.environ.get("BENCH_DURATION", "2" if quick else "6"))
        default_sweep = "8" if quick else "2,8,32"
        self.sweep = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", default_sweep).split(",")]
        self.threads = int(os.environ.get("BENCH_THREADS", "1"))
        self.load_cpus = os.environ.get("BENCH_LOAD_CPUS", "0,1")
        self.server_cpus = os.environ.get("BENCH_SERVER_CPUS", "0,1")
        self.timeout = os.environ.get("BENCH_TIMEOUT", "10s")
        # A profile of each Pforte workload at saturation (perf record), this many seconds.
        self.profile_seconds = int(os.environ.get("BENCH_PROFILE_SECONDS", "0" if quick else "5"))


def run_point(job: Job, roots: list[int], settings: LoadSettings, connections: int,
              duration: int | None = None) -> Point:
    duration = duration or settings.duration
    threads = min(settings.threads, connections)
    if job.renew:
        job.renew()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write((LUA / "common.lua").read_text() + "\n" + (LUA / job.script).read_text())
    env = dict(os.environ, **job.env, BENCH_THREADS=str(threads))
    command = ["taskset", "-c", settings.load_cpus, "wrk", "-t", str(threads), "-c", str(connections),
               "-d", f"{duration}s", "--timeout", settings.timeout, "-s", script.name, job.url]
    try:
        with Sampler(roots) as sampler:
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=duration + 60)
    finally:
        os.unlink(script.name)
    summary = next((line[len("BENCHJSON "):] for line in result.stdout.splitlines() if line.startswith("BENCHJSON ")), None)
    if result.returncode != 0 or summary is None:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    data = json.loads(summary)
    errors = (data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["status_errors"]
              + data["timeouts"] + data["failed_checks"])
    failures = [line for line in result.stderr.splitlines() if line.startswith("bench:")][:3]
    if data["requests"] == 0:
        failures.append("no request completed: " + result.stderr.strip()[-300:])
    if data["status_errors"]:
        failures.insert(0, f"{data['status_errors']} responses with status >= 400")
    latency = {key: value / 1000 for key, value in data["latency_us"].items()}
    return Point(connections, data["requests"], data["duration_us"] / 1e6, errors, latency,
                 sampler.cpu, sampler.peak_rss / 2**20, failures)


def _connections_for(share: float, sweep: list[Point], saturation: Point) -> int:
    """Connections at which the closed-loop rate should be `share` of saturation, interpolated
    on the sweep (through the origin: no connections, no requests)."""
    target = share * saturation.rps
    points = [(0, 0.0)] + [(p.connections, p.rps) for p in sorted(sweep, key=lambda p: p.connections)
                           if p.connections <= saturation.connections]
    for (c0, r0), (c1, r1) in zip(points, points[1:]):
        if r0 <= target <= r1 and r1 > r0:
            return max(1, round(c0 + (target - r0) * (c1 - c0) / (r1 - r0)))
    return 1


def _describe(point: Point) -> str:
    return (f"{point.rps:9.1f} req/s  p50 {point.latency_ms['p50']:8.2f} ms  p99 {point.latency_ms['p99']:8.2f} ms  "
            f"errors {point.errors}/{point.requests}" + ("" if point.valid else "  INVALID: " + "; ".join(point.failures)))


def run_series(job: Job, roots: list[int], settings: LoadSettings, log, profile_pid: int | None = None) -> dict:
    """The sweep over connection counts, the saturation point (the best rate), and a closed-loop
    run with the connection count that gives about 70 % of that rate (one correction step);
    with `profile_pid`, one more point at saturation while perf samples that process."""
    sweep = []
    for connections in settings.sweep:
        point = run_point(job, roots, settings, connections)
        log(f"    c={connections:<3} {_describe(point)}")
        sweep.append(point)
    saturation = max(sweep, key=lambda p: p.rps if p.valid else -1)
    partial = None
    if saturation.rps > 0:
        connections = _connections_for(0.7, sweep, saturation)
        partial = run_point(job, roots, settings, connections)
        share = partial.rps / saturation.rps
        if abs(share - 0.7) > 0.15 and connections > 1:
            corrected = max(1, round(connections * 0.7 / max(share, 0.05)))
            if corrected != connections:
                partial = run_point(job, roots, settings, corrected)
        log(f"    ~70 %: c={partial.connections:<3} {_describe(partial)} ({partial.rps / saturation.rps:.0%} of saturation)")
    symbols = None
    if profile_pid and settings.profile_seconds > 0 and profile.available() and saturation.rps > 0:
        symbols = profile.record(profile_pid, settings.profile_seconds,
                                 lambda: run_point(job, roots, settings, saturation.connections, settings.profile_seconds))
        log("    profile: " + "; ".join(f"{row['share']:.1f}% {row['symbol'][:60]}" for row in symbols[:4]))
    return {"sweep": [p.as_dict() for p in sweep], "saturation": saturation.as_dict(),
            "paced": partial.as_dict() if partial else None, "settings": job.settings, "profile": symbols,
            "valid": all(p.valid for p in sweep) and (partial is None or partial.valid)}
