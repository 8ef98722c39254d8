"""Conditional GET for read-only data routes: an ETag from the data version and the request, 304 on a match."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, request


def etag_for(data_version: str, *parts: object) -> str:
    """The same data and the same normalised parameters give the same tag; anything else another."""
    digest = hashlib.sha256(data_version.encode("utf-8"))
    for part in parts:
        digest.update(b"\0" + repr(part).encode("utf-8"))
    return digest.hexdigest()[:32]


def not_modified(etag: str) -> Response | None:
    """A 304 when the client already holds this version, else None."""
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return response
    return None


def cacheable(response: Response, etag: str, max_age: int) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


def conditional(data_version: str, parts: tuple, build: Callable[[], Response], max_age: int) -> Response:
    """304 when the client holds this version; otherwise build the response (only then) and tag it."""
    etag = etag_for(data_version, *parts)
    return not_modified(etag) or cacheable(build(), etag, max_age)
