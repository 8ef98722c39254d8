"""GET /geometry/world_50m.geojson?v=<hash>: the map's shapes, compressed once at start-up (brotli, gzip)
and, at the address that names their hash, cached by the browser as immutable."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, request

from common.routes import GEOMETRY, Key
from recognition.load import geojson_text
from web.static import IMMUTABLE, StaticFile, compress_once, respond

UNVERSIONED_MAX_AGE = 86400  # a day, for the address without the hash


@cache
def geometry_file() -> StaticFile:
    return compress_once(geojson_text().encode("utf-8"), "application/geo+json")


def url(prefix: str) -> str:
    """The geometry's address under the app's prefix, fingerprinted with the hash of its content."""
    return f"{prefix.rstrip('/')}{GEOMETRY}?{Key.VERSION}={geometry_file().etag}"


def blueprint() -> Blueprint:
    geometry = Blueprint("geometry", __name__)
    file = geometry_file()

    @geometry.route(GEOMETRY)
    def world():
        fingerprinted = request.args.get(Key.VERSION) == file.etag
        return respond(file, IMMUTABLE if fingerprinted else f"public, max-age={UNVERSIONED_MAX_AGE}")

    return geometry
