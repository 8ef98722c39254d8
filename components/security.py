"""Response headers for every route, a health check, and errors that never leak a traceback."""

from __future__ import annotations

import logging

from flask import Response, request
from werkzeug.exceptions import HTTPException

CALLBACK_PATH = "/_dash-update-component"


def content_security_policy(script_hashes: list[str], frame_ancestors: str = "'none'") -> str:
    # Everything is served by the app itself. 'unsafe-inline' stays for styles only: plotly.js and
    # ag-grid insert <style> elements at run time. Dash's one inline start-up script is allowed by hash.
    scripts = " ".join(["'self'"] + script_hashes)  # Dash returns the hashes already quoted
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
        "base-uri 'self'", "form-action 'self'", f"frame-ancestors {frame_ancestors}",
    ])


def register(app, framable: tuple[str, ...] = ()) -> None:
    """`framable`: the page paths other sites may show in a frame (the embed page); no other page may be."""
    server = app.server
    policy = content_security_policy(app.csp_hashes())
    framable_policy = content_security_policy(app.csp_hashes(), frame_ancestors="*")

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

    @server.route("/health")
    def health():
        return {"status": "ok"}

    @server.errorhandler(Exception)
    def handle(error: Exception):
        if isinstance(error, HTTPException):
            return Response(f"{error.code} {error.name}\n", status=error.code, mimetype="text/plain")
        logging.getLogger(__name__).exception("request failed: %s %s", request.method, request.path)
        # A callback request the app cannot process was malformed: the client's error, not the server's.
        if request.path.endswith(CALLBACK_PATH):
            return Response("Bad request\n", status=400, mimetype="text/plain")
        return Response("Internal error\n", status=500, mimetype="text/plain")
