"""Production server settings: `gunicorn --config gunicorn.conf.py app:server` (README, "Production").

gevent workers read every request cooperatively, so clients that send their headers or body slowly
hold a cheap greenlet, never a worker (bench/slow_client_probe.py measures it). The app is loaded once,
in this process, before the workers fork: a data error stops the whole server at once with its one-line
message, and the workers share the loaded data copy-on-write. Environment overrides: KRA_BIND, KRA_WORKERS,
KRA_PIDFILE.

New data goes live by starting a new master beside this one (`python scripts/publish_data.py`, README
"Publishing new data"), which finds this master through its pidfile.
"""

import gc
import logging
import os
import re
from pathlib import Path

from gevent import monkey

# The app is imported in this process (preload_app): the standard library must be cooperative before
# it is, or locks and sockets created at import would block a whole worker instead of one greenlet.
monkey.patch_all()

bind = os.environ.get("KRA_BIND", "127.0.0.1:8050")
# One per instance (per address), beside this file; while a new master starts (USR2) it writes "<pidfile>.2".
pidfile = os.environ.get("KRA_PIDFILE") or str(Path(__file__).resolve().parent
                                               / f".gunicorn-{re.sub(r'[^A-Za-z0-9.]+', '-', bind)}.pid")
# gunicorn's control socket ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl) is one path for every instance
# of a user: a second instance takes it over and removes it when it stops. Nothing here uses it.
control_socket_disable = True
# Callbacks are CPU-bound Python: one worker per CPU this process may use.
workers = int(os.environ.get("KRA_WORKERS") or len(os.sched_getaffinity(0)))
worker_class = "gevent"
worker_connections = 1000      # open connections per worker, slow ones included
preload_app = True

# A gevent worker must read a whole request line and header block within `keepalive` seconds (and an
# idle kept-alive connection is closed after it): a client trickling its headers is dropped after 5 s.
keepalive = 5
timeout = 30                   # a worker whose event loop is stuck this long (a runaway request) is replaced
graceful_timeout = 20
limit_request_line = 8190      # bytes; a longer request line gets 414
limit_request_fields = 60      # header count; browsers send about 20
limit_request_field_size = 8190
# Request bodies are capped by the app before they are read, and must arrive within a deadline
# (MAX_BODY_BYTES, BODY_DEADLINE_S in web/security.py).

accesslog = None               # the load balancer or proxy in front logs requests
errorlog = "-"
loglevel = "info"
# The app's own records (a 500's one line and traceback, from web.security) go to the same
# stream in gunicorn's format; gunicorn's loggers do not propagate, so nothing is written twice.
logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
                    datefmt="[%Y-%m-%d %H:%M:%S %z]")


def pre_exec(server):
    """USR2 (scripts/publish_data.py) execs the master's command line again. Started as `python -m gunicorn`,
    that line names gunicorn/__main__.py as a script, and a script's directory (here gunicorn's own, with
    its `http` package) would shadow the standard library's: run it as a module again."""
    args = server.START_CTX["args"]
    if args[1].endswith(os.path.join("gunicorn", "__main__.py")):
        args[1:2] = ["-m", "gunicorn"]


def when_ready(server):
    """Runs in the master once the app is loaded, before the workers fork (they inherit this). gunicorn
    answers a request it cannot parse (400, 414, 431) itself, through gunicorn.util.write_error, with an
    HTML page and no security headers; it has no setting for them. This answers those as the app answers
    its own errors: one line of plain text, with the headers of an answer that has no page to run."""
    from gunicorn import util

    from web.security import BARE_ANSWER_HEADERS

    def write_error(sock, status_int, reason, mesg):
        body = f"{status_int} {reason}: {' '.join(str(mesg).split())}\n".encode("utf-8", "replace")
        head = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", "Content-Type: text/plain; charset=utf-8",
                f"Content-Length: {len(body)}", *(f"{name}: {value}" for name, value in BARE_ANSWER_HEADERS)]
        util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    util.write_error = write_error
    # The loaded data and app (~390,000 objects) live as long as the workers: out of the collector's sight, a
    # full collection in a worker takes ~45 ms instead of ~250-340 ms, during which the worker answers nothing
    # (a /health check waits), and it no longer writes to the pages the workers share with this process.
    gc.freeze()
