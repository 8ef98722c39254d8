"""Load test: many simulated users scrub dates, switch blocs and readings, and download CSVs against
gunicorn with 2 workers on 127.0.0.1. Bounded in requests and time; stops by itself.

    python bench/load_test.py [--users 16] [--requests 4000] [--seconds 120] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dash_requests import payload  # noqa: E402

BLOCS = ["EU", "NATO", "OIC", "G7", "G20", "BRICS", "AU", "COE", "UNSC_P5", "UN", "NON_UN"]
READINGS = ["independent", "kosovo", "serbia", "disagreements"]
START = date(2008, 2, 17)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if requests.get(url + "/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("server did not start")


class User(threading.Thread):
    """One visitor: mostly scrubbing the date, sometimes switching blocs or the reading, now and
    then downloading the CSV of the current view."""

    def __init__(self, url: str, app, budget: "Budget", seed: int) -> None:
        super().__init__(daemon=True)
        self.url, self.app, self.budget, self.random = url, app, budget, random.Random(seed)
        self.session = requests.Session()
        self.as_of, self.blocs, self.reading = date.today(), [], "independent"

    def step(self) -> tuple[str, requests.Response]:
        """One server request as the page sends it (the map itself recolours in the browser)."""
        roll = self.random.random()
        if roll < 0.65:
            self.as_of = START + timedelta(days=self.random.randrange((date.today() - START).days + 1))
            kind, output = "date", "legend.children"
        elif roll < 0.75:
            self.blocs = self.random.sample(BLOCS, self.random.randint(0, 3))
            kind, output = "blocs", "bloc-summary.children"
        elif roll < 0.82:
            self.reading = self.random.choice(READINGS)
            kind, output = "reading", "legend.children"
        elif roll < 0.90:
            kind, output = "table", "status-table.rowData"
        else:
            query = [("as_of", self.as_of.isoformat()), ("reading", self.reading)] + [("bloc", b) for b in self.blocs]
            return "download", self.session.get(self.url + "/download/status.csv", params=query, timeout=30)
        values = {"as-of-store.data": self.as_of.isoformat(), "settled-as-of.data": self.as_of.isoformat(),
                  "reading.value": self.reading, "blocs.value": self.blocs, "table-search.value": None}
        body = payload(self.app, output, values)
        return kind, self.session.post(self.url + "/_dash-update-component", json=body, timeout=30)

    def run(self) -> None:
        while self.budget.take():
            started = time.perf_counter()
            try:
                kind, response = self.step()
                ok = response.status_code in (200, 204)
            except requests.RequestException:
                kind, ok = "error", False
            self.budget.record(kind, (time.perf_counter() - started) * 1000, ok)


class Budget:
    def __init__(self, requests_total: int, seconds: float) -> None:
        self.left, self.deadline = requests_total, time.time() + seconds
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.errors = 0

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.time() > self.deadline:
                return False
            self.left -= 1
            return True

    def record(self, kind: str, ms: float, ok: bool) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            self.errors += 0 if ok else 1


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from app import create_app
    from components.context import build_context
    spec_app = create_app(build_context())  # only to build request bodies from its callback map
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "--log-level", "warning", "app:server"], cwd=ROOT)
    try:
        wait_until_up(url)
        budget = Budget(args.requests, args.seconds)
        users = [User(url, spec_app, budget, seed) for seed in range(args.users)]
        started = time.perf_counter()
        for user in users:
            user.start()
        for user in users:
            user.join()
        elapsed = time.perf_counter() - started
        # After the load, a normal request must still be answered correctly.
        check = requests.get(url + "/download/status.csv", params={"as_of": "2025-12-31", "bloc": "EU"}, timeout=30)
        still_correct = check.status_code == 200 and check.text.count("\n") == 28
    finally:
        server.terminate()
        server.wait(timeout=30)
    all_ms = [ms for values in budget.latencies.values() for ms in values]
    result = {
        "requests": len(all_ms), "users": args.users, "seconds": round(elapsed, 2),
        "requests_per_s": round(len(all_ms) / elapsed, 1), "p50_ms": round(percentile(all_ms, 50), 1),
        "p99_ms": round(percentile(all_ms, 99), 1), "errors": budget.errors, "still_correct": still_correct,
        "by_kind": {k: {"n": len(v), "p50_ms": round(percentile(v, 50), 1), "p99_ms": round(percentile(v, 99), 1)}
                    for k, v in budget.latencies.items()},
    }
    print(f"{result['requests']} requests from {args.users} users in {result['seconds']} s: "
          f"{result['requests_per_s']} req/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
          f"errors {result['errors']}, correct afterwards: {still_correct}")
    for kind, figures in result["by_kind"].items():
        print(f"  {kind:9} n={figures['n']:5}  p50 {figures['p50_ms']:7} ms  p99 {figures['p99_ms']:7} ms")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
