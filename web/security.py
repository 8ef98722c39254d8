"""What the server answers besides the app itself: response headers on every route, only real routes,
request size limits, and errors that say whose fault they are.

A request the client got wrong (unknown path, wrong method, oversized or malformed body) is a 4xx
with a one-line reason. Anything else that goes wrong is the server's: logged once with its
traceback and answered 500 with a short body, never a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    MethodNotAllowed,
    NotFound,
    RequestEntityTooLarge,
)
from werkzeug.routing import Map, MapAdapter

from web.callback_requests import callback_body_problem

CALLBACK_PATH = "/_dash-update-component"
# Callback bodies are a few KB; nothing else takes a body at all.
MAX_BODY_BYTES = 1_000_000
log = logging.getLogger(__name__)


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
        size = request.content_length
        if size is None:  # a streamed (chunked) body, or none: werkzeug reads at most MAX_CONTENT_LENGTH of it
            size = len(request.get_data(cache=True))
        if size > MAX_BODY_BYTES:
            raise RequestEntityTooLarge(f"request bodies are limited to {MAX_BODY_BYTES} bytes")
        if request.endpoint == catch_all and request.path not in page_paths:
            raise refusal(request.path)
        if request.endpoint == callback:  # POST only: Dash's route takes no other method
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
        framed = request.path in framable
        response.headers["Content-Security-Policy"] = framable_policy if framed else policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not framed:
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
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
