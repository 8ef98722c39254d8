"""Load test: simulated users scrub dates, switch blocs and readings, refresh the table, download CSVs
and open the page, against the README's production command on 127.0.0.1. With `--mix changes`, 8 % of
the requests are /api/v1/changes.json between two random dates instead (the rest keep the page mix's
proportions). Meanwhile a load balancer's check asks for /health every 0.25 s on its own connection.
Reports latency percentiles, errors and the resident memory of every worker as the load goes on (after
start-up, at each quarter of the requests and every 10,000), the date and the machine's load average, and
last one line for the README's table. Bounded in requests and time; stops by itself.

    python bench/load_test.py [--users 32] [--requests 20000] [--seconds 600] [--mix page|changes] [--json]
                              [-- SERVER COMMAND with {port}]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shlex
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dash_requests import payload  # noqa: E402
from serving_process import command_or_production, free_port, wait_until_up  # noqa: E402

BLOCS = ["EU", "NATO", "OIC", "G7", "G20", "BRICS", "AU", "COE", "UNSC_P5", "UN", "NON_UN"]
READINGS = ["independent", "kosovo", "serbia", "disagreements"]
START = date(2008, 2, 17)
CHANGES_SHARE = {"page": 0.0, "changes": 0.08}  # per mix: the share of changes.json requests
HEALTH_EVERY_S = 0.25


class User(threading.Thread):
    """One visitor: mostly scrubbing the date, sometimes switching blocs or the reading, refreshing the
    table, downloading the CSV of the current view, or opening the page again."""

    def __init__(self, url: str, app, budget: "Budget", seed: int, changes_share: float) -> None:
        super().__init__(daemon=True)
        self.url, self.app, self.budget, self.random = url, app, budget, random.Random(seed)
        self.changes_share = changes_share
        self.session = requests.Session()
        self.as_of, self.blocs, self.reading = date.today(), [], "independent"

    def step(self) -> tuple[str, requests.Response]:
        """One server request as the page sends it (the map itself recolours in the browser), or, in the
        changes mix, a changes.json between two random dates."""
        roll = self.random.random()
        if roll < self.changes_share:
            first, second = sorted(self.random_day() for _ in range(2))
            query = {"from": first.isoformat(), "to": second.isoformat(), "reading": self.random.choice(READINGS[:3])}
            return "changes", self.session.get(self.url + "/api/v1/changes.json", params=query, timeout=30)
        roll = (roll - self.changes_share) / (1 - self.changes_share)  # the page mix's proportions
        if roll < 0.60:
            self.as_of = self.random_day()
            kind, output = "date", "legend.children"
        elif roll < 0.70:
            self.blocs = self.random.sample(BLOCS, self.random.randint(0, 3))
            kind, output = "blocs", "bloc-summary.children"
        elif roll < 0.77:
            self.reading = self.random.choice(READINGS)
            kind, output = "reading", "legend.children"
        elif roll < 0.85:
            kind, output = "table", "status-table.rowData"
        elif roll < 0.95:
            query = [("as_of", self.as_of.isoformat()), ("reading", self.reading)] + [("bloc", b) for b in self.blocs]
            return "csv", self.session.get(self.url + "/download/status.csv", params=query, timeout=30)
        else:
            return "page", self.session.get(self.url + "/", timeout=30)
        values = {"as-of-store.data": self.as_of.isoformat(), "settled-as-of.data": self.as_of.isoformat(),
                  "reading.value": self.reading, "blocs.value": self.blocs, "table-search.value": None}
        body = payload(self.app, output, values)
        return kind, self.session.post(self.url + "/_dash-update-component", json=body, timeout=30)

    def random_day(self) -> date:
        return START + timedelta(days=self.random.randrange((date.today() - START).days + 1))

    def run(self) -> None:
        while self.budget.take():
            started = time.perf_counter()
            try:
                kind, response = self.step()
                ok = response.status_code in (200, 204)
            except requests.RequestException:
                kind, ok = "exception", False
            self.budget.record(kind, (time.perf_counter() - started) * 1000, ok)


class HealthCheck:
    """A load balancer's check: /health every HEALTH_EVERY_S on its own keep-alive connection, timed from a
    process of its own (in this one it would wait for the interpreter lock behind the users' threads)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stop = multiprocessing.Event()
        self.results = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=self.run, daemon=True)
        self.latencies: list[float] = []
        self.failures = 0

    def run(self) -> None:
        session, latencies, failures = requests.Session(), [], 0
        while not self.stop.wait(HEALTH_EVERY_S):
            started = time.perf_counter()
            try:
                ok = session.get(self.url + "/health", timeout=30).status_code == 200
            except requests.RequestException:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            failures += not ok
        self.results.put((latencies, failures))

    def start(self) -> None:
        self.process.start()

    def finish(self) -> None:
        self.stop.set()
        self.latencies, self.failures = self.results.get(timeout=60)
        self.process.join(timeout=30)


class Budget:
    """Hands out at most `requests_total` requests before the deadline; samples worker memory when the
    number of answered requests reaches each checkpoint."""

    def __init__(self, requests_total: int, seconds: float, checkpoints: list[int], server: psutil.Process) -> None:
        self.left, self.deadline = requests_total, time.time() + seconds
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.done = 0
        self.checkpoints, self.server = sorted(checkpoints), server
        self.rss_mb: dict[int, list[float]] = {}

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.time() > self.deadline:
                return False
            self.left -= 1
            return True

    def record(self, kind: str, ms: float, ok: bool) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            if not ok:
                self.errors[kind] = self.errors.get(kind, 0) + 1
            self.done += 1
            if self.done in self.checkpoints:
                self.rss_mb[self.done] = worker_rss_mb(self.server)


def worker_rss_mb(server: psutil.Process) -> list[float]:
    """Resident memory of each worker (the server's children, or the server itself if it has none)."""
    workers = server.children(recursive=True) or [server]
    return sorted(round(p.memory_info().rss / 2**20, 1) for p in workers)


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=32, help="concurrent users (default 32)")
    parser.add_argument("--requests", type=int, default=20000, help="requests in all (default 20000)")
    parser.add_argument("--seconds", type=float, default=600, help="deadline for the load (default 600)")
    parser.add_argument("--mix", choices=sorted(CHANGES_SHARE), default="page",
                        help="page: as the page sends them; changes: 8%% changes.json over random date pairs")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("command", nargs="*", help="server command instead of the README's; {port} is the port")
    args = parser.parse_args()

    from app import create_app
    from common.context import build_context
    spec_app = create_app(build_context())  # only to build request bodies from its callback map
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = command_or_production(args.command, port)
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    log_lines: list[str] = []
    log_reader = threading.Thread(target=lambda: log_lines.extend(server.stderr), daemon=True)
    log_reader.start()
    try:
        wait_until_up(url, process=server)
        checkpoints = sorted({args.requests // 4, args.requests // 2, *range(10000, args.requests, 10000), args.requests})
        budget = Budget(args.requests, args.seconds, checkpoints, psutil.Process(server.pid))
        users = [User(url, spec_app, budget, seed, CHANGES_SHARE[args.mix]) for seed in range(args.users)]
        health = HealthCheck(url)
        rss_before = worker_rss_mb(psutil.Process(server.pid))
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        health.start()
        for user in users:
            user.start()
        for user in users:
            user.join()
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        health.finish()
        workers = psutil.Process(server.pid).children(recursive=True) or [psutil.Process(server.pid)]
        worker_cpu_s = sorted(round(p.cpu_times().user + p.cpu_times().system, 1) for p in workers)
        # After the load, a normal request must still be answered correctly.
        check = requests.get(url + "/download/status.csv", params={"as_of": "2025-12-31", "bloc": "EU"}, timeout=30)
        still_correct = check.status_code == 200 and check.text.count("\n") == 28
    finally:
        server.terminate()
        server.wait(timeout=60)
        log_reader.join(timeout=10)
    all_ms = [ms for values in budget.latencies.values() for ms in values]
    result = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load_average": [round(load_before, 1), round(load_after, 1)],
        "command": shlex.join(command), "mix": args.mix, "requests": len(all_ms), "users": args.users,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(all_ms) / elapsed, 1), "p50_ms": round(percentile(all_ms, 50), 1),
        "p99_ms": round(percentile(all_ms, 99), 1), "errors": sum(budget.errors.values()),
        "errors_by_kind": budget.errors, "still_correct": still_correct,
        "server_tracebacks": sum(line.startswith("Traceback") for line in log_lines),
        "worker_cpu_s": worker_cpu_s, "worker_rss_mb": {"after start-up": rss_before, **{str(n): mb for n, mb in budget.rss_mb.items()}},
        "by_kind": {k: {"n": len(v), "p50_ms": round(percentile(v, 50), 1), "p99_ms": round(percentile(v, 99), 1)}
                    for k, v in sorted(budget.latencies.items())},
        "health": {"n": len(health.latencies), "failures": health.failures,
                   "p50_ms": round(percentile(health.latencies, 50), 1),
                   "p99_ms": round(percentile(health.latencies, 99), 1), "max_ms": round(max(health.latencies), 1)},
    }
    print(f"{result['date']}, load average (1 min) {load_before:.1f} at the start, {load_after:.1f} at the end")
    print(f"{result['command']}\nmix {args.mix}: {result['requests']} requests from {args.users} users in {result['seconds']} s: "
          f"{result['requests_per_s']} req/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
          f"errors {result['errors']} {budget.errors or ''}, server tracebacks {result['server_tracebacks']}, "
          f"correct afterwards: {still_correct}")
    for kind, figures in result["by_kind"].items():
        print(f"  {kind:9} n={figures['n']:6}  p50 {figures['p50_ms']:7} ms  p99 {figures['p99_ms']:7} ms")
    figures = result["health"]
    print(f"  /health every {HEALTH_EVERY_S} s: n={figures['n']}, failures {figures['failures']}, "
          f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms")
    print(f"  CPU seconds per worker: {' / '.join(map(str, worker_cpu_s))}")
    print("  resident memory per worker (MB): " + "; ".join(
        f"{when} {'/' .join(str(mb) for mb in values)}" for when, values in result["worker_rss_mb"].items()))
    samples = list(result["worker_rss_mb"].items())
    (first, at_start), (last, at_end) = samples[0], samples[-1]
    print("For the README: | date | req/s | p50 | p99 | errors | /health p50 / p99 / max | RSS per worker "
          f"{first} → after {last} requests | load average start / end |")
    print("| " + " | ".join([
        result["date"], f"{result['requests_per_s']:,}", f"{result['p50_ms']:,.0f} ms", f"{result['p99_ms']:,.0f} ms",
        str(result["errors"]), f"{figures['p50_ms']:,.0f} / {figures['p99_ms']:,.0f} / {figures['max_ms']:,.0f} ms",
        f"{' / '.join(map(str, at_start))} → {' / '.join(map(str, at_end))} MB", f"{load_before:.1f} / {load_after:.1f}",
    ]) + " |")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
