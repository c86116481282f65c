"""Where a Pforte process spends its CPU under a workload (issue #20): `perf record` on the
server's pid while wrk runs a point, then the symbols with the most self time, Swift names
demangled. A flat profile (no call graphs): Swift's release build keeps no frame pointers, and
self time per function already names the suspects."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

LINE = re.compile(r"^\s*([0-9.]+)%\s+(\S+)\s+\[[.k]\]\s+(.*)$")


def available() -> bool:
    return shutil.which("perf") is not None


def record(pid: int, seconds: int, during) -> list[dict]:
    """Runs `during()` (a load point) while sampling `pid` for `seconds`; returns the top
    symbols as {"share": percent, "dso": library, "symbol": demangled name}."""
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory) / "perf.data"
        perf = subprocess.Popen(["perf", "record", "-q", "-F", "499", "-p", str(pid), "-o", str(data), "--", "sleep", str(seconds)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        worker = threading.Thread(target=during)
        worker.start()
        perf.wait(timeout=seconds + 60)
        worker.join()
        report = subprocess.run(["perf", "report", "-i", str(data), "--stdio", "--no-children", "--sort", "dso,symbol",
                                 "--percent-limit", "1.5"], capture_output=True, text=True, timeout=120).stdout
    rows = []
    for line in report.splitlines():
        match = LINE.match(line)
        if match:
            rows.append({"share": float(match.group(1)), "dso": match.group(2), "symbol": match.group(3).strip()})
    names = demangle([row["symbol"] for row in rows])
    for row, name in zip(rows, names):
        row["symbol"] = name
    return rows[:12]


def demangle(symbols: list[str]) -> list[str]:
    """Swift symbols in their simplified readable form; others unchanged."""
    if not symbols or shutil.which("swift") is None:
        return symbols
    output = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(symbols),
                            capture_output=True, text=True, timeout=60).stdout.splitlines()
    return [(name.strip()[:140] or symbol) for symbol, name in zip(symbols, output + [""] * len(symbols))]
