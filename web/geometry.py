"""The map's shapes, compressed once at start-up (brotli, gzip) and, at an address that names their hash, cached
by the browser as immutable:

- GET /geometry/world_50m.topojson?v=<hash>: as the page gets them, quantised TopoJSON (assets/geometry.js
  decodes it into the GeoJSON plotly.js draws), about half the bytes;
- GET /geometry/world_50m.geojson?v=<hash>: the same shapes as GeoJSON, the address the map's figure names
  (plotly.js fetches it itself only if the page has not decoded the TopoJSON) and a download."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, request

from common.routes import GEOMETRY, TOPOLOGY, Key
from recognition.load import geojson_text, topology_text
from web.static import IMMUTABLE, StaticFile, compress_once, respond

UNVERSIONED_MAX_AGE = 86400  # a day, for an address without the hash


@cache
def geometry_files() -> dict[str, StaticFile]:
    return {GEOMETRY: compress_once(geojson_text().encode("utf-8"), "application/geo+json"),
            TOPOLOGY: compress_once(topology_text().encode("utf-8"), "application/json")}


def url(prefix: str, path: str = GEOMETRY) -> str:
    """The address of the shapes (`path`: GEOMETRY or TOPOLOGY) under the app's prefix, fingerprinted with the
    hash of its content."""
    return f"{prefix.rstrip('/')}{path}?{Key.VERSION}={geometry_files()[path].etag}"


def blueprint() -> Blueprint:
    geometry = Blueprint("geometry", __name__)

    def serve(path: str) -> None:
        file = geometry_files()[path]

        def shapes():
            fingerprinted = request.args.get(Key.VERSION) == file.etag
            return respond(file, IMMUTABLE if fingerprinted else f"public, max-age={UNVERSIONED_MAX_AGE}")

        geometry.add_url_rule(path, endpoint=path.rsplit(".", 1)[-1], view_func=shapes)

    for path in (GEOMETRY, TOPOLOGY):
        serve(path)
    return geometry
