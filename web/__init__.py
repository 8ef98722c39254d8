"""The HTTP layer: routes as Flask blueprints (downloads, API and its OpenAPI document, feed, geometry,
health) and the plumbing every route shares (security headers and errors, conditional GET, callback body
checks). It renders what common/ and recognition/ compute; it never imports the visible parts."""

from __future__ import annotations

from common import routes
from common.context import AppContext
from web import (
    api,
    beyond,
    downloads,
    feed,
    geometry,
    health,
    http_cache,
    offline,
    security,
    static,
)


def register(app, ctx: AppContext, short_name: str) -> None:
    prefix = app.config.requests_pathname_prefix
    for blueprint in (downloads.blueprint(ctx), api.blueprint(ctx), feed.blueprint(ctx), geometry.blueprint(),
                      health.blueprint(ctx), beyond.blueprint(ctx),
                      offline.blueprint(ctx, app.title, short_name, prefix, app.get_asset_url)):
        app.server.register_blueprint(blueprint)
    security.register(app, routes.PAGES, framable=routes.FRAMABLE)
    static.register(app)
    http_cache.register(app.server)
