"""Put edited data live without dropping a request: check it, start a new server beside the running one,
then stop the old one once the new one serves.

    python scripts/publish_data.py [--pidfile PATH] [--data-dir DIR] [--timeout 120]

The production server loads the data once, in its master, before its workers fork (preload_app), so
`kill -HUP` (new workers from the same master) keeps the old data. Instead:

1. `python -m recognition check` validates the data directory the server reads; a bad file stops here,
   with its one-line reason, and the server is not touched.
2. USR2 to the master: gunicorn starts a new master from the same command, environment and working
   directory, which loads the data anew and shares the listening socket. It writes "<pidfile>.2" only
   once the data has loaded; if loading fails it exits (code 2, its reason in the server's log) and the
   old master goes on serving the old data.
3. Once the new master has its workers, TERM to the old master: it stops accepting, finishes the
   requests it holds (up to gunicorn's graceful_timeout) and exits; meanwhile every new connection
   goes to the new workers. The new master then takes over the pidfile.

Exit 0 when the new data is live, 1 if the check refused it, 2 if the new master did not start (the
old one still serving), 3 if no running server was found.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KRA_DATA_DIR") or ROOT / "data")


def default_pidfile() -> Path:
    """The pidfile gunicorn.conf.py gives the server with this environment (KRA_PIDFILE, else per KRA_BIND)."""
    if os.environ.get("KRA_PIDFILE"):
        return Path(os.environ["KRA_PIDFILE"])
    bind = os.environ.get("KRA_BIND", "127.0.0.1:8050")
    return ROOT / f".gunicorn-{re.sub(r'[^A-Za-z0-9.]+', '-', bind)}.pid"


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def alive(pid: int) -> bool:
    """Running: neither gone nor a zombie (a master that has exited but that its parent has not reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def started_by_usr2(child: int, master: int) -> bool:
    """Whether `child` is the new master that USR2 made: gunicorn execs it with GUNICORN_PID=<old master>
    (a worker, forked without exec, has the environment the old master started with)."""
    try:
        environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"GUNICORN_PID={master}".encode() in environ


class PublishFailed(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def wait_for(condition, timeout: float, what: str, code: int) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise PublishFailed(f"timed out after {timeout:.0f} s waiting for {what}", code)
        time.sleep(0.1)


def check_data(data_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "recognition", "check", "--data-dir", str(data_dir)],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["the check failed"])[-1]
        raise PublishFailed(f"not published, the server keeps the data it has: {reason}", 1)


def publish(pidfile: Path, timeout: float) -> int:
    """Replace the master in `pidfile` by a new one with freshly loaded data; the new master's pid."""
    old = read_pid(pidfile)
    if old is None or not alive(old):
        raise PublishFailed(f"no running server in {pidfile}", 3)
    new_pidfile = Path(f"{pidfile}.2")
    os.kill(old, signal.SIGUSR2)
    new: list[int] = []

    def new_master_loaded() -> bool:
        if not new:
            new.extend(child for child in children(old) if started_by_usr2(child, old))
        if read_pid(new_pidfile) is not None:
            return True
        if new and not alive(new[0]):
            raise PublishFailed("the new server did not start (its reason is in the server's log); "
                                "the running one keeps serving the data it has", 2)
        return False

    wait_for(new_master_loaded, timeout, "the new server to load the data", 2)
    started = read_pid(new_pidfile)
    wait_for(lambda: bool(children(started)), timeout, "the new server's workers", 2)
    os.kill(old, signal.SIGTERM)
    # The old master exits once its workers have finished their requests; the new one then takes the pidfile.
    wait_for(lambda: not alive(old) and read_pid(pidfile) == started, timeout, "the old server to stop", 2)
    return started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pidfile", type=Path, default=None, help="default: as gunicorn.conf.py sets it")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="default: data/ or $KRA_DATA_DIR")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for each step (default 120)")
    args = parser.parse_args(argv)
    try:
        check_data(args.data_dir)
        pid = publish(args.pidfile or default_pidfile(), args.timeout)
    except PublishFailed as failure:
        print(failure, file=sys.stderr)
        return failure.code
    print(f"published: the server (master pid {pid}) serves the data in {args.data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
