"""GET /geometry/world_50m.geojson: the map's shapes, compressed once at start-up and cached by the browser.

The gzip body and the plain one are two representations, each with its own ETag (the plain body's
digest, with ":gzip" for the compressed one, as Flask-Compress tags the bodies it compresses); the 304
itself comes from web.http_cache, once for every tagged route."""

from __future__ import annotations

import gzip
import hashlib

from flask import Blueprint, Response, request

from common.routes import GEOMETRY
from recognition.load import geojson_text

MAX_AGE = 86400  # a day


def blueprint() -> Blueprint:
    geometry = Blueprint("geometry", __name__)
    body = geojson_text().encode("utf-8")
    compressed = gzip.compress(body, compresslevel=9, mtime=0)
    etag = hashlib.sha256(body).hexdigest()[:32]

    @geometry.route(GEOMETRY)
    def world():
        gzipped = request.accept_encodings["gzip"] > 0  # gzip;q=0 refuses it
        response = Response(compressed if gzipped else body, mimetype="application/geo+json")
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        response.set_etag(f"{etag}:gzip" if gzipped else etag)
        return response

    return geometry
