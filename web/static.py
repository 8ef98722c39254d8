"""Static files (assets/, Dash's component suites) compressed once, at the highest level, and cached by
the browser for as long as their address holds.

At start-up every file in assets/ and every script the page loads from the component libraries is
compressed with brotli (quality 11) and gzip (level 9); the libraries' on-demand chunks (a graph's or the
grid's code, loaded when such a component first renders) are compressed the same way when first asked
for, once. A request gets the smallest encoding its Accept-Encoding allows, else the file as it is,
never compressed per request. The compressed bytes are kept in a directory (KRA_STATIC_CACHE, default
build/static-cache) under the hash of the file, so only the first start after an upgrade pays for brotli
(about 1 s per 200 KB on this machine). Fingerprinted addresses (Dash's `name.v<version>m<mtime>.js`,
an asset's `?m=<mtime>`) never change content: `Cache-Control: public, max-age=31536000, immutable`.
Any other address is revalidated (`no-cache` and an ETag)."""

from __future__ import annotations

import gzip
import hashlib
import logging
import mimetypes
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import brotli
from dash import dash_table, dcc, html
from dash._dash_renderer import _js_dist, _js_dist_dependencies
from dash.development.base_component import ComponentRegistry
from dash.fingerprint import check_fingerprint
from flask import Response, request

from common import routes

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CACHE_DIR = Path(os.environ.get("KRA_STATIC_CACHE", Path(__file__).resolve().parent.parent / "build" / "static-cache"))
ASSET_FINGERPRINT = "m"  # Dash's asset addresses end in ?m=<modification time>
# Addresses whose content never changes, as path + query (also for the service worker, in JavaScript's
# regular-expression syntax): Dash's component files (name.v<version>m<mtime>.ext), assets (?m=), and
# the geometry in either form (?v=<hash>, web/geometry.py).
FINGERPRINTED = (re.compile(r"/_dash-component-suites/.+\.v[\w-]+m[0-9a-fA-F]+\.[^/?]+$"),
                 re.compile(r"/assets/[^?]+\?m=[0-9.]+$"),
                 *(re.compile(re.escape(path) + r"\?" + routes.Key.VERSION + r"=[0-9a-f]+$")
                   for path in (routes.GEOMETRY, routes.TOPOLOGY)))
# A file's own security headers (web/security.py adds the page's to every other answer). A policy
# (Content-Security-Policy), framing and opener rules apply to a document or a worker, never to a script,
# stylesheet, image or data file that a page loads, and each response carried them for nothing: 440 bytes,
# uncompressed, times the 25 files of a first visit. What does apply is nosniff: a file is run or read only as
# the type it is served as. The service worker's script is served by web/offline.py, with the policy.
STATIC_HEADERS = (("X-Content-Type-Options", "nosniff"),)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaticFile:
    mimetype: str
    etag: str
    encodings: dict[str, bytes]  # "identity", "br", "gzip"


def _compressed(data: bytes, digest: str, encoding: str) -> bytes:
    cached = CACHE_DIR / f"{digest}.{encoding}"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    body = brotli.compress(data, quality=11) if encoding == "br" else gzip.compress(data, compresslevel=9, mtime=0)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        # A name of this process's own: two servers starting at once (test workers, a re-exec) never write one file.
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        partial.write_bytes(body)
        partial.replace(cached)
    except OSError:
        log.warning("cannot keep compressed static files in %s; they are compressed again at the next start", CACHE_DIR)
    return body


def load(path: Path) -> StaticFile:
    return compress_once(path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream")


def compress_once(data: bytes, mimetype: str) -> StaticFile:
    digest = hashlib.sha256(data).hexdigest()
    encodings = {"identity": data}
    for encoding in ("br", "gzip"):
        body = _compressed(data, digest, encoding)
        if len(body) < len(data):
            encodings[encoding] = body
    return StaticFile(mimetype, digest[:32], encodings)


def component_files() -> dict[tuple[str, str], tuple[Path, bool]]:
    """(namespace, path in the package) -> (file, loaded on demand), for every script and stylesheet a
    component library of this app declares (source maps and development bundles left out)."""
    declared = [*_js_dist_dependencies, *_js_dist, *dcc._js_dist, *html._js_dist, *dash_table._js_dist]
    for namespace in ComponentRegistry.registry:
        module = sys.modules[namespace]
        declared += [*getattr(module, "_js_dist", []), *getattr(module, "_css_dist", [])]
    files = {}
    for resource in declared:
        relative = resource.get("relative_package_path")
        if isinstance(relative, dict):
            relative = relative.get("prod")
        if not relative or resource.get("dynamic") or resource.get("dev_only"):
            continue
        namespace = resource["namespace"]
        for path in [relative] if isinstance(relative, str) else relative:
            file = Path(sys.modules[namespace].__file__).parent / path
            if file.is_file():
                files[(namespace, path)] = (file, resource.get("async") is not None)
    return files


def preferred(accept_encoding: str, available: dict[str, bytes]) -> str:
    accepted = {part.split(";")[0].strip() for part in accept_encoding.lower().split(",")}
    for encoding in ("br", "gzip"):
        if encoding in accepted and encoding in available:
            return encoding
    return "identity"


def respond(file: StaticFile, cache_control: str, page_headers: bool = False) -> Response:
    """The representation Accept-Encoding allows, tagged as Flask-Compress tags what it compresses (the
    plain body's digest, `:br` / `:gzip` appended), or 304 when the client holds that one (compared weakly).
    `page_headers`: an answer of the app's own (the layout), which web/security.py gives the page's headers
    (its Vary included), not a file's."""
    encoding = preferred(request.headers.get("Accept-Encoding", ""), file.encodings)
    etag = file.etag if encoding == "identity" else f"{file.etag}:{encoding}"
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(file.encodings[encoding], mimetype=file.mimetype)
        if encoding != "identity":
            response.headers["Content-Encoding"] = encoding
    response.set_etag(etag)
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = cache_control
    if not page_headers:
        response.headers.update(STATIC_HEADERS)
        response.static_file = True  # is_static_file: web/security.py adds no page headers
    return response


def is_static_file(response: Response) -> bool:
    return getattr(response, "static_file", False)


def revalidated(response: Response) -> Response:
    """The layout (with the paint data), the callback graph, the service worker and the manifest change with the
    data, the day and the language: asked again on every visit, answered 304 (a few hundred bytes) while they are the same bytes.
    (The page itself differs on every request: Dash writes a new random id into it.) Flask-Compress, which runs after this, tags the
    compressed body and answers the conditional request."""
    if response.status_code == 200 and not response.is_streamed:
        response.add_etag()
        response.headers["Cache-Control"] = REVALIDATE
    return response


def register(app) -> None:
    server = app.server
    prefix = app.config.routes_pathname_prefix
    suites_endpoint = prefix + "_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"
    assets_rule = f"{prefix}{app.config.assets_url_path.strip('/')}/<path:filename>"
    assets_endpoint = next(rule.endpoint for rule in server.url_map.iter_rules() if rule.rule == assets_rule)
    assets_dir = Path(app.config.assets_folder)
    assets = {path.relative_to(assets_dir).as_posix(): load(path)
              for path in sorted(assets_dir.rglob("*")) if path.is_file()}
    declared = component_files()
    suites = {key: load(path) for key, (path, on_demand) in declared.items() if not on_demand}
    lock = threading.Lock()

    def component_file(key: tuple[str, str]) -> StaticFile | None:
        if key not in suites and key in declared:
            with lock:
                if key not in suites:
                    suites[key] = load(declared[key][0])
        return suites.get(key)

    # The service worker and the manifest too: a browser asks for them on every visit.
    revalidated_paths = {prefix + "_dash-layout", prefix + "_dash-dependencies",
                         prefix.rstrip("/") + routes.SERVICE_WORKER, prefix.rstrip("/") + routes.MANIFEST}

    @server.after_request
    def page_and_layout(response: Response) -> Response:
        return revalidated(response) if request.method == "GET" and request.path in revalidated_paths else response

    @server.before_request
    def precompressed():
        if request.method not in ("GET", "HEAD") or not request.view_args:
            return None
        if request.endpoint == assets_endpoint:
            file = assets.get(request.view_args["filename"])
            return respond(file, IMMUTABLE if ASSET_FINGERPRINT in request.args else REVALIDATE) if file else None
        if request.endpoint == suites_endpoint:
            path, fingerprinted = check_fingerprint(request.view_args["fingerprinted_path"])
            file = component_file((request.view_args["package_name"], path))
            return respond(file, IMMUTABLE if fingerprinted else REVALIDATE) if file else None
        return None
