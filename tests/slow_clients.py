"""Hostile slow clients for serving tests and the load test: sockets that trickle a request header one
byte at a time, and a POST whose body never finishes. Loopback only; everything closes on exit."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

SLOW_HEADER = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\n" + b"X-Trickle: " + b"a" * 4000


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


@contextlib.contextmanager
def slow_clients(port: int, headers: int = 30, half_bodies: int = 1, every: float = 2.0) -> Iterator[None]:
    """While inside: `headers` sockets each send one more header byte every `every` seconds (the header
    never ends) and `half_bodies` sockets hold a callback POST that announced 1,000 body bytes and sent 10."""
    trickling = [_connect(port) for _ in range(headers)]
    half_sent = [_connect(port) for _ in range(half_bodies)]
    for sock in half_sent:
        sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"output\":")
    stop = threading.Event()

    def trickle() -> None:
        for position in range(len(SLOW_HEADER)):
            for sock in trickling:
                with contextlib.suppress(OSError):  # the server may close a socket it gave up on
                    sock.send(SLOW_HEADER[position:position + 1])
            if stop.wait(every):
                return

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    time.sleep(every / 2)  # every socket has sent its first byte: a sync worker is now waiting on each
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
        for sock in trickling + half_sent:
            sock.close()
