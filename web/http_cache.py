"""Conditional GET for read-only data routes: an ETag from the data version and the request, the answer
built once per tag (web.answers), and 304 when the client already holds the representation it would get.

The 304 is decided last, once Flask-Compress has chosen the representation: a gzip body and a plain one
are different representations with different tags (Flask-Compress appends ":gzip" to a strong tag), and
the client's If-None-Match is compared with the tag of the one this request would get, weakly (W/"..."
matches), as RFC 9110 requires. A 304 keeps ETag, Cache-Control and Vary (werkzeug drops only the
entity headers)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Flask, Response, request

from web.answers import AnswerCache

ANSWERS = AnswerCache()


def etag_for(data_version: str, *parts: object) -> str:
    """The same data and the same normalised parameters give the same tag; anything else another."""
    digest = hashlib.sha256(data_version.encode("utf-8"))
    for part in parts:
        digest.update(b"\0" + repr(part).encode("utf-8"))
    return digest.hexdigest()[:32]


def cacheable(response: Response, etag: str, max_age: int) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


def conditional(data_version: str, parts: tuple, build: Callable[[], Response], max_age: int) -> Response:
    """The answer for this data version and these parameters, built only the first time it is asked for,
    tagged; `register`'s last step turns it into a 304 if the client holds it."""
    etag = etag_for(data_version, *parts)
    return cacheable(ANSWERS.response(etag, build), etag, max_age)


def not_modified_if_held(response: Response) -> Response:
    if request.method in ("GET", "HEAD") and response.status_code == 200 and response.get_etag()[0]:
        response.make_conditional(request)
    return response


def register(server: Flask) -> None:
    # Flask runs after-request functions last-registered first: at the front of the list, this one runs
    # after every other, Flask-Compress (which sets a compressed body's tag) included.
    server.after_request_funcs.setdefault(None, []).insert(0, not_modified_if_held)
