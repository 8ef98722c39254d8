"""Production server settings: `gunicorn --config gunicorn.conf.py app:server` (README, "Production").

gevent workers read every request cooperatively, so clients that send their headers or body slowly
hold a cheap greenlet, never a worker (bench/slow_client_probe.py measures it). The app is loaded once,
in this process, before the workers fork: a data error stops the whole server at once with its one-line
message, and the workers share the loaded data copy-on-write. Environment overrides: KRA_BIND, KRA_WORKERS.
"""

import logging
import os

from gevent import monkey

# The app is imported in this process (preload_app): the standard library must be cooperative before
# it is, or locks and sockets created at import would block a whole worker instead of one greenlet.
monkey.patch_all()

bind = os.environ.get("KRA_BIND", "127.0.0.1:8050")
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
# Request bodies are capped by the app (MAX_BODY_BYTES in components/security.py) before they are read.

accesslog = None               # the load balancer or proxy in front logs requests
errorlog = "-"
loglevel = "info"
# The app's own records (a 500's one line and traceback, from web.security) go to the same
# stream in gunicorn's format; gunicorn's loggers do not propagate, so nothing is written twice.
logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
                    datefmt="[%Y-%m-%d %H:%M:%S %z]")
