"""The README's production command as a subprocess on a free loopback port (serving tests, load test)."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
# Exactly as in README.md ("Production"); tests/test_serving.py checks that the README still says so.
README_COMMAND = "gunicorn --config gunicorn.conf.py app:server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_command(port: int) -> list[str]:
    """The README's command run by this interpreter, bound to 127.0.0.1:port through the config's KRA_BIND."""
    return ["env", f"KRA_BIND=127.0.0.1:{port}", sys.executable, "-m", *shlex.split(README_COMMAND)]


def command_or_production(parts: list[str], port: int) -> list[str]:
    """A server command given on a command line, with {port} filled in; the production command if none."""
    return [part.replace("{port}", str(port)) for part in parts] or production_command(port)


def start(port: int, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    return subprocess.Popen(production_command(port), cwd=ROOT, env={**os.environ, **(env or {})}, **popen)


def wait_until_up(url: str, timeout: float = 90, process: subprocess.Popen | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        try:
            if requests.get(url + "/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("server did not start")
