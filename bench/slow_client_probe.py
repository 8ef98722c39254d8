"""Slow-client probe: starts a server command on a free loopback port, holds slow-header sockets and a
half-sent POST body open, and times normal requests (/health, an EU CSV) meanwhile. Bounded; stops by itself.

    python bench/slow_client_probe.py [--slow 30] [--seconds 40] [--json] [-- SERVER COMMAND with {port}]

Without a command it probes the README's production command. Example (the former command):

    python bench/slow_client_probe.py -- gunicorn --workers 2 --bind 127.0.0.1:{port} app:server
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from serving_process import command_or_production, free_port, wait_until_up  # noqa: E402
from slow_clients import slow_clients  # noqa: E402

PROBES = {"health": "/health", "csv": "/download/status.csv?bloc=EU"}


def probe(url: str, seconds: float, timeout: float) -> dict[str, list[float | None]]:
    """Each probe in turn, until `seconds` pass: latency in seconds, None when it timed out or failed."""
    latencies: dict[str, list[float | None]] = {name: [] for name in PROBES}
    deadline = time.time() + seconds
    while time.time() < deadline:
        for name, path in PROBES.items():
            started = time.perf_counter()
            try:
                ok = requests.get(url + path, timeout=timeout).status_code == 200
            except requests.RequestException:
                ok = False
            latencies[name].append(time.perf_counter() - started if ok else None)
        time.sleep(0.5)
    return latencies


def summary(values: list[float | None], timeout: float) -> dict[str, float | int]:
    answered = [v for v in values if v is not None]
    return {"n": len(values), "failed_or_over_timeout": len(values) - len(answered),
            "median_s": round(statistics.median(answered), 3) if answered else timeout,
            "max_s": round(max(answered), 3) if answered else timeout}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--slow", type=int, default=30, help="slow-header sockets (default 30)")
    parser.add_argument("--seconds", type=float, default=40, help="how long to hold them (default 40)")
    parser.add_argument("--timeout", type=float, default=30, help="per-probe timeout (default 30)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("command", nargs="*", help="server command; {port} is replaced by the port")
    args = parser.parse_args()
    port = free_port()
    command = command_or_production(args.command, port)
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(url)
        idle = probe(url, 3, args.timeout)
        with slow_clients(port, headers=args.slow):
            held = probe(url, args.seconds, args.timeout)
    finally:
        server.terminate()
        server.wait(timeout=60)
    result = {"command": shlex.join(command), "slow_header_sockets": args.slow, "half_sent_bodies": 1,
              "seconds": args.seconds,
              "idle": {name: summary(values, args.timeout) for name, values in idle.items()},
              "held": {name: summary(values, args.timeout) for name, values in held.items()}}
    print(f"{result['command']}\n  {args.slow} slow-header sockets + 1 half-sent body for {args.seconds:.0f} s:")
    for phase in ("idle", "held"):
        for name, figures in result[phase].items():
            print(f"  {phase:4} {name:6} n={figures['n']:3}  median {figures['median_s']:6} s  "
                  f"max {figures['max_s']:6} s  failed/over {args.timeout:.0f} s: {figures['failed_or_over_timeout']}")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
