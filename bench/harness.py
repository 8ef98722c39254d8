"""Servers, payloads and HTTP measurements for bench/run.py (no browser here).

Everything binds to 127.0.0.1 and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import requests

ROOT = Path(__file__).resolve().parent.parent
CALLBACK_PATH = "/_dash-update-component"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no data."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))  # ceil(q/100 * n)
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


# --------------------------------------------------------------------------------------------------
# In-process servers with a timing wrapper


LOG_PATH = "/__bench/callback-log"


class CallbackTimer:
    """WSGI wrapper: times every callback POST inside the server (from the WSGI call to the last body
    byte, so Dash dispatch, the callback, JSON serialisation and compression all count), adds a
    `Server-Timing: app;dur=<ms>` header and keeps a log of (output, ms, body bytes, encoding), which
    `GET /__bench/callback-log?since=N` returns from entry N on (the server may run in another process)."""

    def __init__(self, app):
        self.app = app
        self.log: list[dict] = []
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == LOG_PATH:
            since = int(parse_qs(environ.get("QUERY_STRING", "")).get("since", ["0"])[0])
            with self._lock:
                body = json.dumps(self.log[since:]).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        if environ.get("PATH_INFO") != CALLBACK_PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        request_body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(request_body)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            return lambda chunk: captured.setdefault("written", []).append(chunk)

        start = time.perf_counter()
        result = self.app(environ, capture)
        try:
            body = b"".join(captured.get("written", [])) + b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        elapsed_ms = (time.perf_counter() - start) * 1000
        headers = captured["headers"] + [("Server-Timing", f"app;dur={elapsed_ms:.3f}")]
        try:
            output = json.loads(request_body).get("output", "?")
        except ValueError:
            output = "?"
        encoding = dict((k.lower(), v) for k, v in headers).get("content-encoding", "identity")
        with self._lock:
            self.log.append({"output": output, "ms": elapsed_ms, "bytes": len(body), "encoding": encoding,
                             "status": int(captured["status"].split()[0]), "t": time.time()})
        start_response(captured["status"], headers)
        return [body]


BYTES_PATH = "/__bench/bytes"


class ByteCounter:
    """WSGI wrapper: logs every response the app sends (path, status, bytes = status line, headers and
    body as written, time), which `GET /__bench/bytes?since=N` returns from entry N on. This counts what
    leaves the server whoever asked for it (the page, or a service worker, whose requests the page's
    DevTools session does not see)."""

    def __init__(self, app):
        self.app = app
        self.log: list[dict] = []
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == BYTES_PATH:
            since = int(parse_qs(environ.get("QUERY_STRING", "")).get("since", ["0"])[0])
            with self._lock:
                body = json.dumps(self.log[since:]).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        record = {"path": environ.get("PATH_INFO", ""), "query": environ.get("QUERY_STRING", ""), "bytes": 0}

        def counting_start(status, headers, exc_info=None):
            record["status"] = int(status.split()[0])
            record["bytes"] += len(f"HTTP/1.1 {status}\r\n\r\n") + sum(len(k) + len(v) + 4 for k, v in headers)
            write = start_response(status, headers, exc_info)
            return lambda chunk: (record.__setitem__("bytes", record["bytes"] + len(chunk)), write(chunk))

        return self._counted(self.app(environ, counting_start), record)

    def _counted(self, result, record: dict):
        try:
            for chunk in result:
                record["bytes"] += len(chunk)
                yield chunk
        finally:
            if hasattr(result, "close"):
                result.close()
            record["t"] = time.time()
            with self._lock:
                self.log.append(record)


@dataclass
class ForkedServer:
    """An app served by werkzeug (threaded, like the browser's parallel callbacks need) in a forked
    copy of this process: the app is already built, so this costs nothing, and the server's work
    competes neither with the benchmark's timers nor its input schedule for the GIL. Fork before
    this process starts any thread; `stop()` ends it."""

    name: str
    app: object  # the Dash app
    pid: int = 0
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> "ForkedServer":
        from werkzeug.serving import make_server

        self.port = free_port()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: serve until SIGTERM, never return into the caller's code
            code = 0
            try:
                signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
                signal.signal(signal.SIGINT, lambda *_: os._exit(0))
                logging.getLogger("werkzeug").setLevel(logging.ERROR)
                make_server(HOST, self.port, ByteCounter(CallbackTimer(self.app.server)), threaded=True).serve_forever()
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        self.pid = pid
        wait_http(self.url + "/health", timeout=30)
        return self

    def log(self, since: int = 0) -> list[dict]:
        """The server's callback log from entry `since` on."""
        return requests.get(f"{self.url}{LOG_PATH}?since={since}", timeout=30).json()

    def sent(self, since: int = 0) -> list[dict]:
        """Every response the server sent from entry `since` on, with its bytes."""
        return requests.get(f"{self.url}{BYTES_PATH}?since={since}", timeout=30).json()

    def stop(self) -> None:
        stop_forked(self.pid)
        self.pid = 0


def stop_forked(pid: int | None) -> None:
    if not pid:
        return
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


class CpuSampler(threading.Thread):
    """Once a second, CPU time of every process on the machine, split into this benchmark's own
    process tree and everything else, so a run disturbed by other work can be told apart."""

    def __init__(self, interval: float = 1.0):
        super().__init__(name="cpu-sampler", daemon=True)
        self.interval = interval
        self.started_at = time.time()
        self.first: dict = {}
        self.last: dict = {}
        self.mine: set = set()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def sample(self) -> None:
        import psutil

        me = os.getpid()
        try:
            mine = {me} | {p.pid for p in psutil.Process(me).children(recursive=True)}
        except psutil.Error:
            mine = {me}
        for proc in psutil.process_iter():
            try:
                times = proc.cpu_times()
                key = (proc.pid, proc.create_time())
            except psutil.Error:
                continue
            used = times.user + times.system
            self.first.setdefault(key, used if key[1] < self.started_at else 0.0)
            self.last[key] = used
            if proc.pid in mine:
                self.mine.add(key)

    def stop(self) -> dict:
        self._stop_event.set()
        self.sample()
        wall = time.time() - self.started_at
        capacity = wall * (os.cpu_count() or 1)
        other = sum(self.last[k] - self.first[k] for k in self.last if k not in self.mine)
        own = sum(self.last[k] - self.first[k] for k in self.last if k in self.mine)
        return {"background_cpu_share": round(other / capacity, 3) if capacity else None,
                "own_cpu_share": round(own / capacity, 3) if capacity else None}


# --------------------------------------------------------------------------------------------------
# Subprocesses (python app.py, gunicorn): own process group, always killed in `stop_process`


def start_process(cmd: list[str], log_path: Path, env: dict | None = None) -> subprocess.Popen:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, env={**os.environ, **(env or {})})
    proc._bench_log = log  # closed in stop_process
    return proc


def stop_process(proc: subprocess.Popen | None) -> None:
    """SIGTERM to the process group this benchmark created (the child and its own children, e.g.
    gunicorn's workers), SIGKILL after 10 s."""
    if proc is None:
        return
    try:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        else:  # the leader is gone; make sure nothing it started is left behind
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    finally:
        log = getattr(proc, "_bench_log", None)
        if log:
            log.close()


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None, interval: float = 0.02) -> float:
    """Poll until GET url answers 200; returns the time.time() of success."""
    deadline = time.monotonic() + timeout
    session = requests.Session()
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode} before answering {url}")
        try:
            if session.get(url, timeout=2).status_code == 200:
                return time.time()
        except requests.RequestException:
            pass
        time.sleep(interval)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def wait_workers_idle(master_pid: int, workers: int, timeout: float) -> None:
    """gunicorn logs 'Booting worker' before a worker has imported the app; wait until `workers`
    children exist and their CPU time has stopped growing (the app is loaded in each)."""
    import psutil

    master = psutil.Process(master_pid)
    deadline = time.monotonic() + timeout
    quiet_rounds = 0
    last = None
    while time.monotonic() < deadline:
        children = master.children()
        if len(children) >= workers:
            try:
                now = {c.pid: sum(c.cpu_times()[:2]) for c in children}
            except psutil.NoSuchProcess:
                now = None
            if now and last and now.keys() == last.keys() and all(now[p] - last[p] < 0.05 for p in now):
                quiet_rounds += 1
                if quiet_rounds >= 2:
                    return
            else:
                quiet_rounds = 0
            last = now
        time.sleep(0.3)
    raise TimeoutError(f"gunicorn workers not ready within {timeout:.0f} s")


# --------------------------------------------------------------------------------------------------
# The callbacks a date change fires, as the browser sent them


MAP_OUTPUTS = ("status-map.figure", "legend.children")


def map_update_mode(app) -> str:
    """'server' when a server callback outputs the map figure, else 'browser' (the page paints it)."""
    for key, entry in app.callback_map.items():
        if entry.get("callback") is not None and "status-map.figure" in key:
            return "server"
    return "browser"


def clientside_functions(app) -> list[list[str]]:
    """[namespace, function] of every clientside callback the app registers (the page counts their runs)."""
    found = []
    for entry in app._callback_list:  # noqa: SLF001 - Dash keeps the clientside functions only here
        function = entry.get("clientside_function")
        if function:
            found.append([function["namespace"], function["function_name"]])
    return found


def is_map_panel(output: str) -> bool:
    """A callback that updates the map or its legend (the old benchmark's 'map panel')."""
    return any(part in output for part in MAP_OUTPUTS)


def retarget(body: dict, as_of: str) -> dict:
    """The body the page would send for the same change on `as_of`: every date value replaced (the
    as-of store's ISO date, the slider's day number), everything else as the browser sent it."""
    from recognition.map_data import day_number

    values = {("as-of-store", "data"): as_of, ("date-slider", "value"): day_number(as_of)}
    out = json.loads(json.dumps(body))
    for key in ("inputs", "state"):
        for item in out.get(key) or []:
            if isinstance(item, dict) and (item.get("id"), item.get("property")) in values:
                item["value"] = values[(item["id"], item["property"])]
    return out


def sample_dates(ctx, n: int, seed: int = 5) -> list[str]:
    """n as-of dates, half on event dates (something changes that day), half uniform over the
    timeline, no two neighbours equal."""
    from recognition.schema import TIMELINE_START

    rng = random.Random(seed)
    today = ctx.today()
    events = [d for d in (date.fromisoformat(str(x)) for x in ctx.atlas.history.dates) if TIMELINE_START <= d <= today]
    span = (today - TIMELINE_START).days
    out: list[str] = []
    while len(out) < n:
        day = rng.choice(events) if len(out) % 2 else TIMELINE_START + timedelta(days=rng.randint(0, span))
        if not out or out[-1] != day.isoformat():
            out.append(day.isoformat())
    return out


# --------------------------------------------------------------------------------------------------
# Byte counts


CHROMIUM_ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium 156 sends to http://127.0.0.1


def get_sizes(url: str, accept: str = "gzip") -> dict:
    """Body bytes of one GET without compression and as sent with Accept-Encoding: `accept` (wire bytes)."""
    raw = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=60)
    raw.raise_for_status()
    zipped = requests.get(url, headers={"Accept-Encoding": accept}, timeout=60, stream=True)
    wire = zipped.raw.read(decode_content=False)
    return {"raw": len(raw.content), "gzip": len(wire), "encoding": zipped.headers.get("Content-Encoding", "identity")}


def initial_bytes(base: str, extra_paths: list[str]) -> dict:
    parts = {path: get_sizes(base + path) for path in ["/", "/_dash-layout", *extra_paths]}
    return {"parts": parts, "raw": sum(p["raw"] for p in parts.values()),
            "gzip": sum(p["gzip"] for p in parts.values())}


# --------------------------------------------------------------------------------------------------
# Server time per date change: sequential POSTs through the real endpoint


def replay(base: str, changes: list[list[bytes]], warmup: int = 3, timeout: float = 60) -> list[list[dict]]:
    """For each date change, POST its callback bodies one after the other (Accept-Encoding: gzip) and
    record per callback: the server's own time (Server-Timing header), the client round trip, the
    raw and the gzip (wire) body size, the status. The first `warmup` changes are sent twice."""
    session = requests.Session()
    headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
    results = []
    for i, bodies in enumerate(changes[:warmup] + changes):
        records = []
        for body in bodies:
            record = {"output": json.loads(body)["output"], "status": None, "server_ms": None, "rtt_ms": None,
                      "raw": None, "wire": None, "body": None}
            start = time.perf_counter()
            try:
                response = session.post(base + CALLBACK_PATH, data=body, headers=headers, stream=True,
                                        timeout=timeout)
                wire = response.raw.read(decode_content=False)
            except requests.RequestException as error:
                record["status"] = repr(error)
                records.append(record)
                continue
            record["rtt_ms"] = (time.perf_counter() - start) * 1000
            record["status"] = response.status_code
            timing = response.headers.get("Server-Timing", "")
            record["server_ms"] = float(timing.split("dur=")[1]) if "dur=" in timing else None
            decoded = gzip.decompress(wire) if response.headers.get("Content-Encoding") == "gzip" else wire
            record.update(raw=len(decoded), wire=len(wire), body=decoded)
            records.append(record)
        if i >= warmup:
            results.append(records)
    return results


def response_breakdown(body: bytes) -> dict:
    """Bytes of each part of a callback response, encoded as Dash encodes it (plotly's JSON encoder,
    which writes < > / as \\u003c \\u003e \\u002f): one entry per Patch operation or output."""
    from plotly.io.json import to_json_plotly

    parts = {}
    for component, props in json.loads(body).get("response", {}).items():
        for prop, value in props.items():
            if isinstance(value, dict) and value.get("__dash_patch_update"):
                for op in value.get("operations", []):
                    where = ".".join(str(x) for x in op.get("location", []))
                    parts[f"{component}.{prop}: {op.get('operation')} {where}"] = len(to_json_plotly(op))
            else:
                parts[f"{component}.{prop}"] = len(to_json_plotly(value))
    return dict(sorted(parts.items(), key=lambda kv: -kv[1]))


# --------------------------------------------------------------------------------------------------
# Throughput: a bounded asyncio client (one connection per request: gunicorn's sync workers close
# the connection after each response anyway)


def _request_bytes(port: int, body: bytes) -> bytes:
    head = (f"POST {CALLBACK_PATH} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
            f"Accept-Encoding: gzip\r\nConnection: close\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def _parse_response(data: bytes) -> tuple[int, bool]:
    """(status, complete): complete when the body has Content-Length bytes."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = next((int(line.split(b":", 1)[1]) for line in lines[1:] if line.lower().startswith(b"content-length:")),
                  None)
    return status, length is None or len(body) == length


async def _load(port: int, bodies: list[bytes], total: int, concurrency: int, per_request_timeout: float,
                deadline_s: float) -> dict:
    requests_bytes = [_request_bytes(port, b) for b in bodies]
    latencies: list[float] = []
    errors = {"status": 0, "incomplete": 0, "exception": 0, "not_sent": 0}
    counter = iter(range(total))
    stop_at = time.perf_counter() + deadline_s

    ok = 0

    async def one(raw: bytes) -> bool:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            writer.write(raw)
            await writer.drain()
            data = await reader.read(-1)
        finally:
            writer.close()
        status, complete = _parse_response(data)
        if status not in (200, 204):
            errors["status"] += 1
        elif not complete:
            errors["incomplete"] += 1
        return status in (200, 204) and complete

    async def worker() -> None:
        nonlocal ok
        for i in counter:
            if time.perf_counter() > stop_at:
                errors["not_sent"] += 1
                continue
            start = time.perf_counter()
            try:
                success = await asyncio.wait_for(one(requests_bytes[i % len(requests_bytes)]), per_request_timeout)
                latencies.append((time.perf_counter() - start) * 1000)
                ok += success  # after the await: no lost update between the workers
            except (OSError, asyncio.TimeoutError, ValueError, IndexError):
                errors["exception"] += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    return {"requests": total, "ok": ok, "elapsed_s": elapsed, "rps": ok / elapsed,
            "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
            "errors": sum(errors.values()), "error_kinds": errors}


def throughput(port: int, bodies: list[bytes], total: int = 5000, concurrency: int = 16,
               per_request_timeout: float = 10, deadline_s: float = 120) -> dict:
    return asyncio.run(_load(port, bodies, total, concurrency, per_request_timeout, deadline_s))
