#!/usr/bin/env python3
"""`make bench`: Pforte and peer identity providers under the workloads of issue 9.

Run through scripts/bench/run (installs, builds, provides PostgreSQL). Environment:
  BENCH_QUICK=1           smoke run: short points, one connection count, 1 k sessions only
  BENCH_DURATION=S        seconds per point (6)
  BENCH_CONNECTIONS=a,b   the concurrency sweep (2,8,32)
  BENCH_TARGETS=...       comma list of pforte-sqlite, pforte-postgres, lemonldap-ng,
                          simplesamlphp, idpyoidc (all)
  BENCH_ID_TOKEN_ALG      RS256 (as the peers) or ES256 for Pforte's client
  BENCH_WORKLOADS=1,7     only these workload numbers
  BENCH_SERVER_CPUS/BENCH_LOAD_CPUS   taskset lists (0,1 / 0,1)
  BENCH_PROFILE_SECONDS=S perf profile of each Pforte workload at saturation (5; 0 = none,
                          the default of BENCH_QUICK)
Results: .bench/results.json, docs/performance.md, docs/performance-throughput.png.
Exit status 1 when a Pforte run was invalid (more than 1 % failed requests); invalid peer runs
are reported in the table.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import limits, report, scale  # noqa: E402
from benchlib import workloads as w  # noqa: E402
from benchlib.http import Browser  # noqa: E402
from benchlib.load import LoadSettings, run_point, run_series  # noqa: E402
from benchlib.targets.pforte import ID_TOKEN_ALG, Pforte  # noqa: E402
from benchlib.targets.peers import PEERS  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / ".bench"


def log(message: str) -> None:
    print(message, flush=True)


def run_workloads(target, numbers: list[int], settings: LoadSettings) -> dict:
    results = {}
    for number in numbers:
        log(f"  workload {number}: {w.NAMES[number]}")
        try:
            pid = target.process.pid if isinstance(target, Pforte) and target.process else None
            results[number] = run_series(target.job(number), target.roots(), settings, log, profile_pid=pid)
        except w.Unsupported as reason:
            log(f"    not available: {reason}")
            results[number] = {"unsupported": str(reason)}
        except Exception as error:  # a broken run is reported, the others still run
            traceback.print_exc()
            results[number] = {"error": str(error), "valid": False}
    return results


def session_probe(target: Pforte) -> tuple[str, object]:
    """Workload 2 where the build has it, else the account page: both resolve the session."""
    try:
        return "authorize", target.job(2)
    except w.Unsupported:
        browser = target.logged_in()
        line = ("GET", "/account", None, {"Cookie": browser.cookie_header()})
        return "GET /account", w.static_job(target.base + "/account", [line], target.workdir, "scale", "200")


def run_scale(target: Pforte, settings: LoadSettings) -> list[dict]:
    sizes = [1000] if settings.quick else [1000, 10000, 100000]
    rows = []
    for size in sizes:
        target.stop()
        if target.store == "sqlite":
            scale.seed_sqlite(target.workdir / "data" / "pforte.sqlite", size)
        else:
            scale.seed_postgres(target.postgres_url, size)
        target.start()
        probe, job = session_probe(target)
        point = run_point(job, target.roots(), settings, connections=8)
        log(f"  {size:>6} sessions, {probe}: {point.rps:8.1f} req/s  p50 {point.latency_ms['p50']:.2f} ms  "
            f"p99 {point.latency_ms['p99']:.2f} ms  RSS {point.peak_rss_mib:.0f} MiB  errors {point.errors}")
        rows.append({"sessions": size, "probe": probe} | point.as_dict())
    return rows


def pforte_targets(selected: list[str], settings: LoadSettings) -> list[Pforte]:
    binary = Path(os.environ.get("BENCH_PFORTE_BIN", ROOT / ".build-release/release/pforte"))
    targets = []
    if "pforte-sqlite" in selected:
        targets.append(Pforte(STATE / "pforte-sqlite", settings.server_cpus, binary, "sqlite"))
    if "pforte-postgres" in selected:
        url = os.environ.get("PFORTE_TEST_POSTGRES_URL")
        if url:
            targets.append(Pforte(STATE / "pforte-postgres", settings.server_cpus, binary, "postgres", url))
        else:
            log("PFORTE_TEST_POSTGRES_URL not set (run through scripts/bench/run): PostgreSQL skipped")
    return targets


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(int(memory) / 2**20, 1),
            "kernel": platform.release(), "os": Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "",
            "load_before": os.getloadavg()[0]}


def main() -> int:
    started = time.monotonic()
    settings = LoadSettings()
    all_targets = ["pforte-sqlite", "pforte-postgres", *PEERS]
    selected = os.environ.get("BENCH_TARGETS", ",".join(all_targets)).split(",")
    numbers = [int(n) for n in os.environ.get("BENCH_WORKLOADS", "1,2,3,4,5,6,7").split(",")]
    STATE.mkdir(exist_ok=True)
    results = {"machine": machine(), "quick": settings.quick, "duration": settings.duration, "server_cpus": settings.server_cpus,
               "id_token_alg": ID_TOKEN_ALG,
               "connections": settings.sweep, "targets": {}, "scale": {}}

    targets = pforte_targets(selected, settings)
    if targets:
        first = targets[0]
        first.prepare()
        log("crypto limits (pforte benchmark, one core):")
        rates = limits.measure(first.binary, first.config, settings.server_cpus, 10 if settings.quick else 40)
        log("  " + ", ".join(f"{key} {value:.0f}/s" for key, value in rates.items()))
        results["crypto"] = rates
    for target in targets:
        log(f"{target.name}:")
        if target is not targets[0]:
            target.prepare()
        target.start()
        try:
            results["targets"][target.name] = {"settings": target.settings(), "workloads": run_workloads(target, numbers, settings)}
            log(f"{target.name}: state scale")
            results["scale"][target.name] = run_scale(target, settings)
        finally:
            target.stop()

    for key in [t for t in selected if t in PEERS]:
        peer = PEERS[key](STATE / key, settings.server_cpus)
        log(f"{peer.name}:")
        try:
            peer.setup()
            peer.start()
        except Exception as error:
            log(f"  set-up failed: {error}")
            results["targets"][peer.name] = {"settings": str(error), "failed": True, "workloads": {}}
            peer.stop()
            continue
        try:
            results["targets"][peer.name] = {"settings": peer.settings(), "workloads": run_workloads(peer, numbers, settings)}
        finally:
            peer.stop()

    results["elapsed_seconds"] = time.monotonic() - started
    (STATE / "results.json").write_text(json.dumps(results, indent=1))
    invalid = report.write(results, ROOT / "docs", log)
    log(f"elapsed: {results['elapsed_seconds'] / 60:.1f} min")
    if invalid:
        print("bench: INVALID runs (more than 1 % failed requests): " + ", ".join(invalid), file=sys.stderr)
    # A peer that stalls or fails under load is a result, reported in the table; only an
    # invalid Pforte run makes the benchmark fail.
    return 1 if any(run.startswith("Pforte") for run in invalid) else 0


if __name__ == "__main__":
    sys.exit(main())
