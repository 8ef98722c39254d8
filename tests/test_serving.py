"""The README's production command as a real server on a free loopback port: it keeps answering while
slow clients hold connections and half-sent bodies (408 after the deadline), refuses junk, deep JSON and
oversized bodies at once, never answers 500, tells caches the truth, serves no development route, has
security headers even on gunicorn's own error pages, makes no shared control socket, and a data error
stops it within seconds with the one-line message."""

from __future__ import annotations

import select
import selectors
import shutil
import socket
import subprocess
import time
from urllib.parse import quote

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
    directory = tmp_path_factory.mktemp("server")
    log = directory / "server.log"
    # gunicorn's default control socket would be $XDG_RUNTIME_DIR/gunicorn.ctl: here, a directory of this test.
    (directory / "runtime").mkdir()
    with log.open("w") as sink:
        process = start(port, env={"XDG_RUNTIME_DIR": str(directory / "runtime")}, stdout=sink,
                        stderr=subprocess.STDOUT)
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


def test_no_control_socket_is_shared_between_instances(production_server):
    port, log = production_server
    assert not (log.parent / "runtime" / "gunicorn.ctl").exists()


# More connections than the server holds at once on this 2-core machine (2 workers x 1,000).
HALF_BODIES = 2100


def test_half_sent_bodies_get_408_at_the_deadline_and_health_keeps_answering(production_server):
    from web.security import BODY_DEADLINE_S
    port, log = production_server
    url = f"http://127.0.0.1:{port}"
    half_sent = []
    try:
        for _ in range(HALF_BODIES):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{")
            half_sent.append(sock)
        sent = time.monotonic()
        waits = []
        while time.monotonic() - sent < 2 * BODY_DEADLINE_S:
            started = time.monotonic()
            assert requests.get(url + "/health", timeout=2 * BODY_DEADLINE_S + 5).status_code == 200
            waits.append(time.monotonic() - started)
            time.sleep(0.5)
        assert max(waits) < 2 * BODY_DEADLINE_S + 3 and waits[-1] < 1
        status_lines = []
        with selectors.DefaultSelector() as waiting:  # epoll: select() takes no descriptor over 1,023
            for sock in half_sent:
                waiting.register(sock, selectors.EVENT_READ)
            while waiting.get_map() and time.monotonic() - sent < 4 * BODY_DEADLINE_S:
                for key, _ in waiting.select(timeout=1):
                    waiting.unregister(key.fileobj)
                    status_lines.append(key.fileobj.recv(4096).split(b"\r\n", 1)[0])
        assert len(status_lines) == HALF_BODIES and {line.split()[1] for line in status_lines} == {b"408"}
    finally:
        for sock in half_sent:
            sock.close()


def test_json_nested_too_deep_gets_a_one_line_400_never_a_recursion_error(production_server):
    port, log = production_server
    url = f"http://127.0.0.1:{port}"
    deep = "[" * 990 + "]" * 990  # under the filter's 2,000-character cap
    for path in ("/download/status.csv", "/api/v1/status.json"):
        response = requests.get(f"{url}{path}?filter={quote(deep)}", timeout=10)
        assert response.status_code == 400 and "nested more than 4 levels deep" in response.text, path
    body = '{"output": "legend.children", "inputs": ' + "[" * 5000 + "]" * 5000 + "}"
    response = requests.post(url + "/_dash-update-component", data=body, timeout=10,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.text == "400 Bad Request: the body is JSON nested more than 32 levels deep\n"
    server_log = log.read_text(encoding="utf-8")
    assert "RecursionError" not in server_log and "Traceback" not in server_log


def test_caching_headers_tell_the_truth(production_server):
    port, _ = production_server
    url = f"http://127.0.0.1:{port}"
    page, layout = requests.get(url + "/", timeout=10), requests.get(url + "/_dash-layout", timeout=10)
    assert "Accept-Language" in page.headers["Vary"]
    assert {"Referer", "Accept-Language"} <= {v.strip() for v in layout.headers["Vary"].split(",")}

    for path in ("/geometry/world_50m.geojson", "/api/v1/counts.json", "/download/status.csv?bloc=EU"):
        gzipped = requests.get(url + path, headers={"Accept-Encoding": "gzip"}, timeout=10)
        plain = requests.get(url + path, headers={"Accept-Encoding": "identity"}, timeout=10)
        assert gzipped.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers, path
        assert gzipped.headers["ETag"] != plain.headers["ETag"], path  # one tag per representation
        for representation, encoding in ((gzipped, "gzip"), (plain, "identity")):
            tag = representation.headers["ETag"]
            for held in (tag, "W/" + tag):  # a weak validator matches as well (RFC 9110 weak comparison)
                again = requests.get(url + path, headers={"Accept-Encoding": encoding, "If-None-Match": held},
                                     timeout=10)
                assert again.status_code == 304 and again.content == b"", (path, encoding, held)
                assert again.headers["ETag"] == tag, (path, encoding)
                assert again.headers["Cache-Control"] == representation.headers["Cache-Control"], path
                assert "Accept-Encoding" in again.headers["Vary"], path
        other = requests.get(url + path, headers={"Accept-Encoding": "identity",
                                                  "If-None-Match": gzipped.headers["ETag"]}, timeout=10)
        assert other.status_code == 200, path  # the gzip body's tag does not validate the plain one


@pytest.mark.parametrize("path", ["/_reload-hash", "/api/v1//counts.json", "//health", "/download//status.csv"])
def test_development_routes_and_empty_path_segments_are_404(production_server, path):
    port, _ = production_server
    response = requests.get(f"http://127.0.0.1:{port}{path}", timeout=10)
    assert response.status_code == 404 and response.headers["X-Content-Type-Options"] == "nosniff", path


def raw_reply(port: int, request: bytes) -> tuple[bytes, dict[str, str], bytes]:
    """Status line, headers and body of the answer to a raw request (which requests would refuse to send)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status.encode(), {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}, body


@pytest.mark.parametrize("request_bytes,status", [
    (b"NOT HTTP\r\n\r\n", b"400"),
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
    (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(80)) + b"\r\n", b"431"),
])
def test_gunicorns_own_error_pages_carry_the_security_headers(production_server, request_bytes, status):
    port, _ = production_server
    status_line, headers, body = raw_reply(port, request_bytes)
    assert status_line.split()[1] == status
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert body.count(b"\n") == 1 and body.startswith(status)
