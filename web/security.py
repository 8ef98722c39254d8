"""What the server answers besides the app itself: response headers on every route, only real routes,
request size limits, and errors that say whose fault they are.

A request the client got wrong (unknown path, wrong method, oversized or malformed body) is a 4xx
with a one-line reason. Anything else that goes wrong is the server's: logged once with its
traceback and answered 500 with a short body, never a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

import gevent
from dash.exceptions import DependencyException
from flask import Response, request
from gevent import monkey
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    MethodNotAllowed,
    NotFound,
    RequestEntityTooLarge,
    RequestTimeout,
)
from werkzeug.routing import Map, MapAdapter

from recognition.bounded_json import TooDeep, check_depth
from web.callback_requests import MAX_BODY_DEPTH, callback_body_problem
from web.static import is_static_file

CALLBACK_PATH = "/_dash-update-component"
LAYOUT_PATH = "/_dash-layout"
# Dash's development routes (hot reload), answered only when Dash's dev tools are on (`python app.py --debug`).
DEVELOPMENT_PATHS = ("/_reload-hash",)
# Callback bodies are a few KB; nothing else takes a body at all.
MAX_BODY_BYTES = 1_000_000
# A body must arrive within this many seconds of its headers (which gunicorn's keepalive bounds likewise).
BODY_DEADLINE_S = 5
log = logging.getLogger(__name__)
# Every answer's headers, the page's policy aside; an answer with no page to run (gunicorn's own error
# pages, gunicorn.conf.py) gets the strictest policy.
COMMON_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
                  ("Cross-Origin-Opener-Policy", "same-origin"))
BARE_ANSWER_HEADERS = (("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
                       ("X-Frame-Options", "DENY"), *COMMON_HEADERS)


def sent_path() -> str:
    """The path of the request target as the client sent it (gunicorn keeps it in RAW_URI)."""
    target = request.environ.get("RAW_URI", request.path).split("?", 1)[0]
    return target if target.startswith("/") else urlsplit(target).path  # an absolute URI (a proxy's form)


def read_body(deadline_s: float) -> bytes:
    """The request body, read now and kept for Dash (which reads it again from the cache). Under the
    production server (gevent) a body not received within `deadline_s` is a 408: a client that sends
    headers and then stalls would otherwise hold its connection for as long as it likes. The development
    server reads in plain threads, which no gevent timer can interrupt."""
    if not monkey.is_module_patched("socket"):
        return request.get_data(cache=True)
    with gevent.Timeout(deadline_s, RequestTimeout(f"the request body did not arrive within {deadline_s} s")):
        return request.get_data(cache=True)


def content_security_policy(script_hashes: list[str], frame_ancestors: str = "'none'") -> str:
    # Everything is served by the app itself. 'unsafe-inline' stays for styles only: plotly.js and
    # ag-grid insert <style> elements at run time. Dash's one inline start-up script is allowed by hash.
    scripts = " ".join(["'self'"] + script_hashes)  # Dash returns the hashes already quoted
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
        "base-uri 'self'", "form-action 'self'", f"frame-ancestors {frame_ancestors}",
    ])


def client_error(error: HTTPException) -> Response:
    """A one-line plain-text answer; keeps the exception's own headers (Allow on a 405)."""
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    reason = " ".join(str(error.description).split())
    return Response(f"{error.code} {error.name}: {reason}\n", status=error.code, headers=headers,
                    mimetype="text/plain")


def register(app, pages: Iterable[str], framable: tuple[str, ...] = ()) -> None:
    """`pages`: the paths (under the app's prefix) that serve the app's page; Dash's catch-all route
    would serve the page on any path, so every other path it takes is answered 404. `framable`: the
    pages other sites may show in a frame (the embed page); no other page may be."""
    server = app.server
    prefix = app.config.routes_pathname_prefix
    policy = content_security_policy(app.csp_hashes())
    framable_policy = content_security_policy(app.csp_hashes(), frame_ancestors="*")
    page_paths = frozenset(prefix.rstrip("/") + page for page in pages)
    development_paths = frozenset(prefix.rstrip("/") + path for path in DEVELOPMENT_PATHS)
    layout_path = prefix.rstrip("/") + LAYOUT_PATH
    catch_all = prefix + "<path:path>"  # Dash names each of its routes by its rule
    suites = prefix + "_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"
    callback = prefix + CALLBACK_PATH.lstrip("/")
    # werkzeug stops reading a streamed body at this length (without an error): one byte over the cap
    # tells an oversized body from one of exactly MAX_BODY_BYTES.
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES + 1

    @functools.cache
    def other_routes() -> MapAdapter:
        # Built on first use, when every route exists (Flask takes no new route once it has served a request).
        return Map([rule.empty() for rule in server.url_map.iter_rules() if rule.endpoint != catch_all]).bind("")

    def refusal(path: str) -> HTTPException:
        """For a path that is no page but that Dash's catch-all takes (or would take with GET): 405
        naming the methods the app's other routes have for it, or 404 if they have none."""
        allowed = other_routes().allowed_methods(path)
        return MethodNotAllowed(valid_methods=allowed) if allowed else NotFound()

    @server.before_request
    def screen_request():
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            raise RequestEntityTooLarge(f"request bodies are limited to {MAX_BODY_BYTES} bytes")
        # A streamed (chunked) body has no length: werkzeug reads at most MAX_CONTENT_LENGTH of it.
        body = read_body(BODY_DEADLINE_S)
        if len(body) > MAX_BODY_BYTES:
            raise RequestEntityTooLarge(f"request bodies are limited to {MAX_BODY_BYTES} bytes")
        # No link has "//"; werkzeug would route "/api/v1//counts.json" as if it had one slash, and
        # gunicorn reads a target starting "//" as a host ("//health" reaches the app as "/").
        if "//" in sent_path():
            raise NotFound("the path has an empty segment")
        if request.path in development_paths and not app._dev_tools.hot_reload:  # Dash sets it for --debug
            raise NotFound()
        if request.endpoint == catch_all and request.path not in page_paths:
            raise refusal(request.path)
        if request.endpoint == callback:  # POST only: Dash's route takes no other method
            try:  # before json.loads, whose recursion would fail on deep nesting
                check_depth(body.decode("utf-8", "replace"), MAX_BODY_DEPTH)
            except TooDeep as error:
                raise BadRequest(f"the body is {error}") from None
            problem = callback_body_problem(request.get_json(), app.callback_map)
            if problem:
                raise BadRequest(problem)

    serve_component_file = server.view_functions[suites]

    @functools.wraps(serve_component_file)
    def component_file_or_404(**kwargs):
        try:
            return serve_component_file(**kwargs)
        except DependencyException:  # Dash's answer to a package or file it does not serve
            raise NotFound() from None

    server.view_functions[suites] = component_file_or_404

    @server.after_request
    def add_headers(response: Response) -> Response:
        if is_static_file(response):
            return response  # with its own headers (web.static.STATIC_HEADERS)
        framed = request.path in framable
        response.headers["Content-Security-Policy"] = framable_policy if framed else policy
        if not framed:
            response.headers["X-Frame-Options"] = "DENY"
        response.headers.update(COMMON_HEADERS)
        # The page's words are in the language of its `lang`, else of Accept-Language; the layout's in
        # that of the page it belongs to, read from the Referer (common.i18n.request_language).
        if request.path in page_paths:
            response.vary.add("Accept-Language")
        elif request.path == layout_path:
            response.vary.update(("Referer", "Accept-Language"))
        return response

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, MethodNotAllowed) and request.path not in page_paths:
            error = refusal(request.path)  # the catch-all's GET is no method of a path that is no page
        if error.code is not None and error.code >= 500:
            return internal_error(error)
        return client_error(error)

    @server.errorhandler(Exception)
    def internal_error(error: Exception):
        log.error("request failed: %s %s", request.method, request.path, exc_info=error)
        return Response("500 Internal Server Error\n", status=500, mimetype="text/plain")
