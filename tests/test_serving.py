"""The README's production command as a real server on a free loopback port: it keeps answering while
slow clients hold connections, refuses junk and oversized bodies at once, never answers 500, and a data
error stops it within seconds with the one-line message."""

from __future__ import annotations

import select
import shutil
import socket
import subprocess
import time

import pytest
import requests
from serving_process import README_COMMAND, ROOT, free_port, start, wait_until_up
from slow_clients import slow_clients

UNKNOWN_PATHS = ["/download/nothing", "/.env", "/wp-login.php", "/health/extra",
                 "/_dash-component-suites/dash/nothing.js", "/_dash-component-suites/nothing/x.js"]
OVERSIZED_BYTES = 20 * 2**20


def test_the_readme_gives_this_production_command():
    assert f"\n{README_COMMAND}\n" in (ROOT / "README.md").read_text(encoding="utf-8")


def status_line_of_oversized_post(port: int) -> tuple[bytes, float]:
    """POST a 20 MB callback body the way a client streams it; stop sending once the server has answered.
    Returns the status line and the seconds until it came."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % OVERSIZED_BYTES)
        chunk = b"x" * 2**16
        for _ in range(OVERSIZED_BYTES // len(chunk)):
            if select.select([sock], [], [], 0)[0]:
                break
            try:
                sock.sendall(chunk)
            except OSError:  # the server answered and closed while the body was still coming
                break
        reply = sock.recv(4096)
    return reply.split(b"\r\n", 1)[0], time.perf_counter() - started


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("w") as sink:
        process = start(port, stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}", process=process)
            yield port, log
        finally:
            process.terminate()
            process.wait(timeout=60)


def test_production_server_answers_at_once_while_slow_clients_hold_connections(production_server):
    port, log = production_server
    url = f"http://127.0.0.1:{port}"
    statuses = []
    with slow_clients(port, headers=30, half_bodies=1):
        for _ in range(3):  # over a few seconds: each slow socket keeps sending a header byte
            for path, expected in [("/health", b'"status"'), ("/download/status.csv?bloc=EU", b"iso3,name,status")]:
                started = time.perf_counter()
                response = requests.get(url + path, timeout=10)
                assert time.perf_counter() - started < 2, path
                assert response.status_code == 200 and expected in response.content
                statuses.append(response.status_code)
            time.sleep(1)
        for path in UNKNOWN_PATHS:
            response = requests.get(url + path, timeout=10)
            assert response.status_code == 404 and len(response.content) < 300, path
            statuses.append(response.status_code)
        status_line, seconds = status_line_of_oversized_post(port)
        assert status_line.split()[:2] == [b"HTTP/1.1", b"413"] and seconds < 5
    assert 500 not in statuses
    server_log = log.read_text(encoding="utf-8")
    assert "request failed" not in server_log and "Traceback" not in server_log


def test_production_command_stops_on_a_data_error_naming_file_row_and_column(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    states = data / "states.csv"
    lines = states.read_text(encoding="utf-8").splitlines(keepends=True)
    states.write_text("".join(lines + [lines[1]]), encoding="utf-8")  # the first state again, at the end
    process = start(free_port(), env={"KRA_DATA_DIR": str(data)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    text=True)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode not in (0, None)
    message = [line for line in stderr.splitlines() if line.startswith("Data error:")]
    assert message == [f"Data error: states.csv, row {len(lines) + 1}, column 'iso3': duplicates row 2 "
                       f"({lines[1].split(',')[0]})"]
    assert "Booting worker" not in stderr  # it stopped before starting any worker
