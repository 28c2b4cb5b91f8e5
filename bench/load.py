"""``make load``: locust, headless, against gunicorn + PostgreSQL + Redis with production settings.

Starts one gunicorn process (``--web-workers`` sync workers) and one task worker on a fresh
PostgreSQL database (bench/processes.py), creates the organisation in bench/load_data.py, runs
bench/locustfile.py and writes each endpoint's p50/p95/p99, requests per second and errors to
bench/load.json, with ``/healthz`` in the same run as the floor.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.processes import BIN, ROOT, postgres_answers, redis_answers, start_cluster

RESULTS = Path(__file__).resolve().parent / "load.json"
TARGET_P95_MS = 250
# What the learners' mix must have done for a run to count: a run in which, say, no quiz answer was
# ever posted (a form the people could not read) measures a lighter site than the real one.
MIX = ("POST quiz: autosave", "POST quiz: submit", "POST scenario: choose", "GET certificate PDF")


def _figures(stats_csv: Path) -> dict[str, dict]:
    figures = {}
    with stats_csv.open() as rows:
        for row in csv.DictReader(rows):
            name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
            figures[f"{row['Type']} {name}".strip()] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 2),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
            }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    arguments = parser.parse_args(argv)
    if not (postgres_answers() and redis_answers()):
        print("make load needs PostgreSQL and Redis on 127.0.0.1.", file=sys.stderr)
        return 2
    cluster = start_cluster(web=1, workers=1, redis_db=4, storage="local", web_workers=arguments.web_workers)
    try:
        data = cluster.workdir / "load-data.json"
        script = (ROOT / "bench" / "load_data.py").read_text()
        data.write_text(cluster.manage("shell", "-c", script).strip().splitlines()[-1])
        cluster.wait_for_tasks()  # the learners' certificates are rendered before the run, not during it
        prefix = cluster.workdir / "locust"
        load_average = os.getloadavg()
        started = time.monotonic()
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                f"--users={arguments.users}",
                f"--spawn-rate={max(1, arguments.users // 25)}",  # sign-ins (password hashing) spread out
                f"--run-time={arguments.seconds}s",
                f"--host={cluster.web_urls[0]}",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "GROUNDWORK_LOAD_DATA": str(data), "PYTHONPATH": str(ROOT)},
            check=False,
        )
        figures = _figures(Path(f"{prefix}_stats.csv"))
    finally:
        cluster.stop()
    gets = [f for name, f in figures.items() if name.startswith("GET ") and "floor" not in name]
    worst_get_p95 = max((f["p95_ms"] for f in gets), default=None)
    errors = sum(f["errors"] for name, f in figures.items() if name != "all requests")
    missing = [name for name in MIX if not figures.get(name, {}).get("requests")]
    summary = {
        "users": arguments.users,
        "seconds": arguments.seconds,
        "wall_seconds": round(time.monotonic() - started, 1),
        "web": f"gunicorn, {arguments.web_workers} sync workers; 1 db_worker; PostgreSQL; Redis",
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in load_average],
        "errors": errors,
        "worst_get_p95_ms": worst_get_p95,
        "target": f"0 errors, every GET p95 <= {TARGET_P95_MS} ms",
        "missing_from_mix": missing,
        "met": not missing and errors == 0 and worst_get_p95 is not None and worst_get_p95 <= TARGET_P95_MS,
        "endpoints": figures,
    }
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    width = max(len(name) for name in figures)
    print(f"{'endpoint'.ljust(width)}  requests  errors    rps    p50    p95    p99 (ms)")
    for name, f in figures.items():
        print(
            f"{name.ljust(width)}  {f['requests']:8d}  {f['errors']:6d}  {f['rps']:5.1f}"
            f"  {f['p50_ms']:5.0f}  {f['p95_ms']:5.0f}  {f['p99_ms']:5.0f}"
        )
    if missing:
        print(f"Never requested in this run, so it does not count: {', '.join(missing)}.")
    print(f"Load average at start {summary['load_average_at_start']}; target met: {summary['met']}.")
    print(f"Written to {RESULTS}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
