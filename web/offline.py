"""The installable, offline atlas: the web app manifest (GET /manifest.webmanifest) and the service worker
(GET /sw.js?v=<version>, web/service_worker.js), whose cache is named after the data version and the
worker's own code, so a new data version installs a new worker that drops the old cache. The worker's
settings (cache name, callback path, which addresses are fingerprinted) come from here."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, Response

from common import routes
from common.context import AppContext
from web.security import CALLBACK_PATH
from web.static import FINGERPRINTED

WORKER_SOURCE = Path(__file__).with_name("service_worker.js").read_text(encoding="utf-8")
THEME_COLOUR = "#0b3d2e"
BACKGROUND_COLOUR = "#ffffff"
ICON_SIZES = (192, 512)
# A new worker's installing waits this long at most for the page to name the files it loaded.
KEEP_WAIT_MS = 10_000


def version(ctx: AppContext) -> str:
    return f"{ctx.atlas.dataset.version}-{hashlib.sha256(WORKER_SOURCE.encode('utf-8')).hexdigest()[:8]}"


def browser_config(prefix: str, ctx: AppContext) -> dict:
    """For assets/offline.js: where the worker is and what it may control."""
    root = prefix.rstrip("/")
    return {"url": f"{root}{routes.SERVICE_WORKER}?{routes.Key.VERSION}={version(ctx)}", "scope": root + "/",
            "callback": root + CALLBACK_PATH, "manifest": root + routes.MANIFEST}


def manifest(name: str, short_name: str, prefix: str, icon_url) -> dict:
    root = prefix.rstrip("/")
    return {"name": name, "short_name": short_name, "start_url": root + routes.HOME, "scope": root + "/",
            "display": "standalone", "theme_color": THEME_COLOUR, "background_color": BACKGROUND_COLOUR,
            "icons": [{"src": icon_url(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
                       "purpose": "any"} for size in ICON_SIZES]}


def blueprint(ctx: AppContext, name: str, short_name: str, prefix: str, icon_url) -> Blueprint:
    offline = Blueprint("offline", __name__)
    settings = {"cache": f"atlas-{version(ctx)}", "callback": prefix.rstrip("/") + CALLBACK_PATH,
                "keepWaitMs": KEEP_WAIT_MS,
                "fingerprinted": [pattern.pattern for pattern in FINGERPRINTED]}
    worker = ("self.atlasWorker = " + json.dumps(settings) + ";\n" + WORKER_SOURCE).encode("utf-8")
    described = json.dumps(manifest(name, short_name, prefix, icon_url), ensure_ascii=False).encode("utf-8")

    @offline.route(routes.SERVICE_WORKER)
    def service_worker():
        # Always asked again: a new version must reach every reader on their next visit.
        return Response(worker, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})

    @offline.route(routes.MANIFEST)
    def web_app_manifest():
        return Response(described, mimetype="application/manifest+json", headers={"Cache-Control": "no-cache"})

    return offline
