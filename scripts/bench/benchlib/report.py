"""The table (workload, Pforte, peer, ratio, limit, Pforte/limit), the throughput chart and
docs/performance.md from the results of one run."""
from __future__ import annotations

import datetime
from pathlib import Path

from .limits import per_workload
from .workloads import NAMES

CHART = "performance-throughput.png"


def _workload(target: dict, number: int) -> dict | None:
    workloads = target.get("workloads", {})
    return workloads.get(number) or workloads.get(str(number))


def _rps(result: dict | None) -> float | None:
    if not result or "saturation" not in result:
        return None
    return result["saturation"]["rps"]


def _cell(result: dict | None) -> str:
    if result is None:
        return "—"
    if "unsupported" in result:
        return f"n/a ({result['unsupported']})"
    if "error" in result:
        return f"failed ({result['error'][:80]})"
    text = f"{result['saturation']['rps']:.0f}"
    return text if result.get("valid") else text + " INVALID"


def _peers_for(results: dict) -> list[str]:
    return [name for name in results["targets"] if not name.startswith("Pforte")]


def _best_peer(results: dict, number: int) -> tuple[str, float | None, str]:
    """The peer with the highest valid rate for this workload, and a cell naming all peers."""
    cells, best = [], ("", None)
    for name in _peers_for(results):
        result = _workload(results["targets"][name], number)
        if result is None and results["targets"][name].get("failed"):
            cells.append(f"{name}: set-up failed")
            continue
        cells.append(f"{name}: {_cell(result) if result else 'n/a (not offered)'}")
        rate = _rps(result) if result and result.get("valid") else None
        if rate and (best[1] is None or rate > best[1]):
            best = (name, rate)
    return best[0], best[1], "<br>".join(cells) or "—"


# Issue #20's throughput goals: (share of the limit, absolute req/s, multiple of idpyoidc).
GOALS = {1: (0.8, None, 1.5), 2: (None, 2000, None), 3: (0.7, None, None), 4: (0.7, None, None),
         5: (None, 5000, None), 6: (0.7, None, None), 7: (None, 15000, None)}
# PostgreSQL within this share of SQLite on every workload.
POSTGRES_SHARE_OF_SQLITE = 0.8


def goal(number: int, ceiling: float | None, idpyoidc: float | None, sqlite: float | None) -> float | None:
    """The rate a Pforte run must reach: the highest of its goals that can be computed."""
    share, absolute, multiple = GOALS[number]
    candidates = [share * ceiling if share and ceiling else None, absolute,
                  multiple * idpyoidc if multiple and idpyoidc else None,
                  POSTGRES_SHARE_OF_SQLITE * sqlite if sqlite else None]
    values = [value for value in candidates if value]
    return max(values) if values else None


def table_rows(results: dict) -> list[list[str]]:
    cores = len(str(results.get("server_cpus", "0,1")).split(","))
    limit = per_workload(results.get("crypto", {}), cores, results.get("id_token_alg", "RS256"))
    sqlite = results["targets"].get("Pforte (SQLite)", {})
    idpyoidc = results["targets"].get("idpyoidc", {})
    rows = []
    for name, target in results["targets"].items():
        if not name.startswith("Pforte"):
            continue
        for number in NAMES:
            result = _workload(target, number)
            ours = _rps(result) if result and result.get("valid") else None
            peer, theirs, peer_cell = _best_peer(results, number)
            ceiling, _ = limit[number]
            peer_result = _workload(idpyoidc, number)
            sqlite_rate = _rps(_workload(sqlite, number)) if name != "Pforte (SQLite)" else None
            wanted = goal(number, ceiling, _rps(peer_result) if peer_result and peer_result.get("valid") else None, sqlite_rate)
            rows.append([
                f"{number} {NAMES[number]}", f"{name}: {_cell(result)}", peer_cell,
                f"{ours / theirs:.2f} (vs. {peer})" if ours and theirs else "—",
                f"{ceiling:.0f}" if ceiling else "—",
                f"{ours / ceiling:.0%}" if ours and ceiling else "—",
                (f"{wanted:.0f} " + ("met" if ours and ours >= wanted else "**not met**")) if wanted else "—",
            ])
    return rows


def print_table(rows: list[list[str]], log) -> None:
    header = ["workload", "Pforte req/s", "peer req/s", "ratio", "limit", "Pforte/limit", "goal"]
    flat = [[cell.replace("<br>", "; ") for cell in row] for row in rows]
    widths = [min(48, max(len(r[i]) for r in [header, *flat])) for i in range(len(header))]
    log("  ".join(h.ljust(widths[i]) for i, h in enumerate(header)))
    for row in flat:
        log("  ".join(cell[:widths[i]].ljust(widths[i]) for i, cell in enumerate(row)))


def draw_chart(results: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    numbers = [n for n in NAMES if any(_workload(t, n) and "sweep" in _workload(t, n) for t in results["targets"].values())]
    if not numbers:
        return
    columns = min(3, len(numbers))
    rows = (len(numbers) + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(5 * columns, 3.6 * rows), squeeze=False)
    for index, number in enumerate(numbers):
        axis = axes[index // columns][index % columns]
        for name, target in results["targets"].items():
            result = _workload(target, number)
            if result and "sweep" in result:
                sweep = result["sweep"]
                axis.plot([p["connections"] for p in sweep], [p["rps"] for p in sweep], marker="o", label=name)
        axis.set_title(f"{number}: {NAMES[number]}", fontsize=9)
        axis.set_xscale("log", base=2)
        axis.set_xlabel("connections")
        axis.set_ylabel("requests/s")
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=7)
    for index in range(len(numbers), rows * columns):
        axes[index // columns][index % columns].axis("off")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _detail_rows(results: dict) -> list[str]:
    lines = ["| target | workload | req/s (sat.) | c | p50 / p95 / p99 ms at saturation | p50 / p95 / p99 ms at ~70 % | "
             "CPU s / 1000 req | peak RSS MiB | errors |", "|---|---|---|---|---|---|---|---|---|"]
    for name, target in results["targets"].items():
        for number in NAMES:
            result = _workload(target, number)
            if not result or "saturation" not in result:
                continue
            sat, paced = result["saturation"], result.get("paced") or {}

            def lat(point):
                latency = point.get("latency_ms") if point else None
                return f"{latency['p50']:.1f} / {latency['p95']:.1f} / {latency['p99']:.1f}" if latency else "—"
            errors = sum(p["errors"] for p in result["sweep"]) + (paced.get("errors") or 0)
            total = sum(p["requests"] for p in result["sweep"]) + (paced.get("requests") or 0)
            flag = "" if result.get("valid") else " **INVALID**"
            lines.append(f"| {name} | {number} | {sat['rps']:.0f} | {sat['connections']} | {lat(sat)} | {lat(paced)} | "
                         f"{sat['cpu_per_1000']:.2f} | {sat['peak_rss_mib']:.0f} | {errors}/{total}{flag} |")
    return lines


def _scale_rows(results: dict) -> list[str]:
    lines = ["| target | live sessions | probe | req/s (c=8) | p50 ms | p99 ms | peak RSS MiB |", "|---|---|---|---|---|---|---|"]
    for name, rows in results.get("scale", {}).items():
        for row in rows:
            lines.append(f"| {name} | {row['sessions']:,} | {row['probe']} | {row['rps']:.0f} | {row['latency_ms']['p50']:.2f} | "
                         f"{row['latency_ms']['p99']:.2f} | {row['peak_rss_mib']:.0f} |")
    return lines


def _profile_lines(results: dict) -> list[str]:
    lines = []
    for name, target in results["targets"].items():
        for number in NAMES:
            result = _workload(target, number)
            symbols = result.get("profile") if result else None
            if not symbols:
                continue
            lines += ["", f"**{name}, workload {number} ({NAMES[number]})**", "", "| self % | library | function |", "|---|---|---|"]
            lines += [f"| {row['share']:.1f} | {row['dso']} | `{row['symbol'].strip().replace('|', '/')}` |" for row in symbols]
    return lines or ["No profiles in this run (BENCH_PROFILE_SECONDS=0, BENCH_QUICK, or no `perf`)."]


def invalid_runs(results: dict) -> list[str]:
    found = []
    for name, target in results["targets"].items():
        for number in NAMES:
            result = _workload(target, number)
            if result and ("error" in result or ("saturation" in result and not result.get("valid"))):
                found.append(f"{name} workload {number}")
    return found


def write(results: dict, docs: Path, log) -> list[str]:
    rows = table_rows(results)
    log("")
    print_table(rows, log)
    draw_chart(results, docs / CHART)
    template = (Path(__file__).resolve().parent.parent / "performance.md.in").read_text()
    machine = results["machine"]
    table = ["| workload | Pforte req/s | peer req/s | ratio Pforte/peer | limit req/s | Pforte/limit | goal req/s |",
             "|---|---|---|---|---|---|---|"]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    settings = [f"- **{name}**: {target.get('settings', '')}" for name, target in results["targets"].items()]
    crypto = ", ".join(f"{key} {value:.0f}/s" for key, value in results.get("crypto", {}).items()) or "not measured"
    text = template.format(
        date=datetime.date.today().isoformat(),
        machine=f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, Linux {machine['kernel']}, "
                f"Debian {machine['os']}; load average before the run {machine['load_before']:.2f}",
        run=f"{'BENCH_QUICK smoke run, ' if results['quick'] else ''}{results['duration']} s per point, "
            f"connections {', '.join(map(str, results['connections']))}, {results['elapsed_seconds'] / 60:.1f} min in all",
        crypto=crypto, table="\n".join(table), details="\n".join(_detail_rows(results)),
        scale="\n".join(_scale_rows(results)), settings="\n".join(settings), chart=CHART,
        profiles="\n".join(_profile_lines(results)),
        invalid=", ".join(invalid_runs(results)) or "none",
    )
    (docs / "performance.md").write_text(text)
    log(f"\nwrote docs/performance.md and docs/{CHART}")
    return invalid_runs(results)
