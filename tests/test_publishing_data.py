"""Publishing new data to the README's production command (scripts/publish_data.py), through real HTTP on
loopback: requests sent throughout are all answered, the new data version is served at the end, and bad
data, refused by the check or failing in the new master itself, leaves the old data serving."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

import pytest
import requests

from serving_process import ROOT, free_port, start, wait_until_up

PUBLISH = ROOT / "scripts" / "publish_data.py"
STEADY_PATHS = ["/api/v1/counts.json", "/health", "/download/status.csv?bloc=EU", "/api/v1/counts.json?reading=serbia"]


def served_version(url: str) -> str:
    return requests.get(url + "/api/v1/counts.json", timeout=10).json()["meta"]["data_version"]


@contextlib.contextmanager
def steady_requests(url: str, clients: int = 3):
    """While inside: `clients` keep-alive clients each send a request every 50 ms. Yields the list of
    failures (anything but a 200, or no answer), filled in as they happen, and the count of answers."""
    failures: list[str] = []
    answered = [0]
    stop = threading.Event()

    def client(offset: int) -> None:
        session = requests.Session()
        turn = offset
        while not stop.is_set():
            path = STEADY_PATHS[turn % len(STEADY_PATHS)]
            turn += 1
            try:
                status = session.get(url + path, timeout=30).status_code
                if status != 200:
                    failures.append(f"{path}: {status}")
            except requests.RequestException as error:
                failures.append(f"{path}: {error}")
            answered[0] += 1
            stop.wait(0.05)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    try:
        yield failures, answered
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=40)


def publish(pidfile, data, timeout: float = 40) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PUBLISH), "--pidfile", str(pidfile), "--data-dir", str(data),
                           "--timeout", str(timeout)], cwd=ROOT, capture_output=True, text=True, timeout=timeout + 30)


def set_reviewed_on(data, day: date) -> None:
    package = data / "datapackage.json"
    content = json.loads(package.read_text(encoding="utf-8"))
    content["reviewed_on"] = day.isoformat()
    package.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def duplicate_first_state(data) -> None:
    states = data / "states.csv"
    lines = states.read_text(encoding="utf-8").splitlines(keepends=True)
    states.write_text("".join(lines + [lines[1]]), encoding="utf-8")


def load_publish_script():
    spec = importlib.util.spec_from_file_location("publish_data", PUBLISH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


publish_data = load_publish_script()


def stop_server(process: subprocess.Popen, pidfile) -> None:
    """Quick shutdown (SIGQUIT) of the master serving at the end, which need not be `process`: a master
    that USR2 made is no child of this one, so it is found by the pidfile."""
    for path in (pidfile, pidfile.with_name(pidfile.name + ".2")):
        pid = publish_data.read_pid(path)
        if pid is not None and pid != process.pid and publish_data.alive(pid):
            os.kill(pid, signal.SIGQUIT)
            deadline = time.time() + 30
            while publish_data.alive(pid) and time.time() < deadline:
                time.sleep(0.2)
    process.send_signal(signal.SIGQUIT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture()
def served_data(tmp_path):
    """The production command serving a copy of data/ with its own pidfile; yields (url, data dir, pidfile)."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    pidfile = tmp_path / "server.pid"
    port = free_port()
    with (tmp_path / "server.log").open("w") as log:
        process = start(port, env={"KRA_DATA_DIR": str(data), "KRA_PIDFILE": str(pidfile)},
                        stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}", process=process)
            yield f"http://127.0.0.1:{port}", data, pidfile
        finally:
            stop_server(process, pidfile)


def test_new_data_goes_live_while_every_request_is_answered_and_bad_data_is_refused(served_data):
    url, data, pidfile = served_data
    old_version = served_version(url)
    reviewed = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))["reviewed_on"]
    with steady_requests(url) as (failures, answered):
        set_reviewed_on(data, date.fromisoformat(reviewed) - timedelta(days=1))
        published = publish(pidfile, data)
        assert published.returncode == 0, published.stderr
        new_version = served_version(url)
        assert new_version != old_version
        answered_by_then = answered[0]

        duplicate_first_state(data)
        refused = publish(pidfile, data)
        assert refused.returncode == 1
        assert refused.stderr.startswith("not published, the server keeps the data it has: Data error: states.csv")
        time.sleep(1)
    assert failures == [] and answered_by_then > 50
    assert served_version(url) == new_version


def test_a_new_master_that_fails_to_load_leaves_the_old_one_serving(served_data):
    """Data that breaks between the check and the new master's start (the check is skipped here)."""
    url, data, pidfile = served_data
    old_version = served_version(url)
    duplicate_first_state(data)
    with steady_requests(url) as (failures, answered):
        with pytest.raises(publish_data.PublishFailed) as failed:
            publish_data.publish(pidfile, timeout=40)
        time.sleep(1)
    assert failed.value.code == 2 and "did not start" in str(failed.value)
    assert failures == [] and answered[0] > 20
    assert served_version(url) == old_version
    assert publish_data.read_pid(pidfile) is not None  # the old master still holds its pidfile
