"""GET /health: a load balancer's check that a worker answers, and with which data (after a data update,
scripts/publish_data.py and a load balancer can see which workers serve the new version)."""

from __future__ import annotations

from flask import Blueprint

from common import routes
from common.context import AppContext


def blueprint(ctx: AppContext) -> Blueprint:
    health = Blueprint("health", __name__)
    data_version = ctx.atlas.dataset.version

    @health.route(routes.HEALTH)
    def check():
        # A load balancer's check must reach a worker, never a cache.
        return {"status": "ok", "data_version": data_version}, {"Cache-Control": "no-store"}

    return health
