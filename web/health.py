"""GET /health: a load balancer's check that a worker answers."""

from __future__ import annotations

from flask import Blueprint

from common import routes


def blueprint() -> Blueprint:
    health = Blueprint("health", __name__)

    @health.route(routes.HEALTH)
    def check():
        # A load balancer's check must reach a worker, never a cache.
        return {"status": "ok"}, {"Cache-Control": "no-store"}

    return health
