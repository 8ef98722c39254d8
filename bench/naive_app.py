"""The two pages the benchmark compares the shipped page with: the same page, another way of
updating the map when the date moves.

Both variants are built from the shipped app's own parts: the same data core, the same geometry
served by URL (`geojson=` is a URL, never the geometry itself), the same base figure
(`components.status_map.build_figure`: shapes, small-state markers, leader lines, layout), the same
colours (the core's paint codes and their styles, `recognition.map_data`), the same date slider
and the same panels with the same server callbacks (headline, legend, bloc summary, details, table,
timeline, disagreements). Only the map differs: a server callback follows the slider's value
(updated while dragging too) and returns, for each date,

* ``fair_naive``: a whole new figure (what a careful first draft does: the geometry stays a URL);
* ``patch``: a ``Patch()`` of the arrays that change with the date (colours, outlines, hover text).

It also sets the as-of store, which the rest of the page follows, so every step of the slider runs
the page's callbacks (the shipped page waits for the date to settle). The figure carries the day it
shows in ``layout.meta`` so the benchmark can tell which day the map shows in each frame.

    python bench/naive_app.py [fair_naive|patch] [port]     # serve one variant alone, to look at it
"""

from __future__ import annotations

import sys
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402
from dash import Dash, Input, Output, Patch, dcc, html  # noqa: E402
from flask import Response  # noqa: E402

from components import bloc_summary, controls, details, disagreements, ids, status_map, table, timeline  # noqa: E402
from components.context import AppContext, day_index  # noqa: E402
from components.inputs import require_view  # noqa: E402
from components.palette import BORDER, CLASS_COLOURS  # noqa: E402
from recognition import blocs as bloc_lib  # noqa: E402
from recognition.load import geojson_text  # noqa: E402
from recognition.map_data import N_CODES, styles, units, view_codes  # noqa: E402
from recognition.params import View  # noqa: E402
from recognition.schema import TIMELINE_START  # noqa: E402

STRATEGIES = ("fair_naive", "patch")
TITLES = {"fair_naive": "Kosovo Recognition Atlas (whole figure per date)",
          "patch": "Kosovo Recognition Atlas (server Patch per date)"}
POLYGONS, MARKERS = 0, 2  # trace positions in status_map.build_figure


def shipped_app(ctx: AppContext):
    """The shipped `app` module (what `gunicorn app:server` serves), built on `ctx` rather than a
    second copy of the data (app.py builds its context when imported)."""
    import components.context as context_module

    if "app" in sys.modules:
        return sys.modules["app"]
    real_build = context_module.build_context
    context_module.build_context = lambda *args, **kwargs: ctx
    try:
        import app
    finally:
        context_module.build_context = real_build
    return app


class MapArrays:
    """Every array of the map figure that changes with the view, from the core's paint codes."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.units = units(ctx.atlas)
        self.polygons = int((self.units["shape"] == "polygon").sum())
        self.style = styles(CLASS_COLOURS, BORDER)
        self.names = [ctx.atlas.names.get(i, i) for i in self.units["iso3"]]
        n = len(self.style["fill"])  # one flat band of the colour scale per code, so z = code is exact
        self.colorscale = [pair for code, colour in enumerate(self.style["fill"])
                           for pair in ([code / n, colour], [(code + 1) / n, colour])]

    def codes(self, view: View) -> list[int]:
        atlas = self.ctx.atlas
        members = ({m for bloc in view.blocs for m in bloc_lib.members_as_of(atlas.memberships, bloc, view.as_of)}
                   if view.blocs else None)
        return [int(c) for c in view_codes(atlas, view.reading, view.as_of, self.units, members)]

    def traces(self, view: View) -> dict[int, dict]:
        """{trace position: {property path: array}} for the view, plus the day it shows."""
        codes = self.codes(view)
        s, p = self.style, self.polygons
        text = [f"{name}<br>{s['label'][c]}" for name, c in zip(self.names, codes)]
        return {
            POLYGONS: {("z",): codes[:p], ("text",): text[:p],
                       ("marker", "line", "width"): [s["width"][c] for c in codes[:p]],
                       ("marker", "line", "color"): [s["stroke"][c] for c in codes[:p]]},
            MARKERS: {("text",): text[p:], ("marker", "color"): [s["fill"][c] for c in codes[p:]],
                      ("marker", "line", "width"): [s["markerWidth"][c] for c in codes[p:]],
                      ("marker", "line", "color"): [s["markerStroke"][c] for c in codes[p:]]},
        }

    def figure(self, view: View, geojson_url: str) -> go.Figure:
        """The whole figure for a view: the shipped base figure, coloured by plotly."""
        figure = status_map.build_figure(self.ctx, geojson_url)
        hover = {"hovertemplate": "%{text}<extra></extra>", "hoverinfo": "text"}
        figure.update_traces(selector=POLYGONS, zmin=-0.5, zmax=N_CODES - 0.5, colorscale=self.colorscale, **hover)
        figure.update_traces(selector=MARKERS, **hover)
        for position, arrays in self.traces(view).items():
            figure.update_traces(selector=position, **{"_".join(path): values for path, values in arrays.items()})
        figure.update_layout(hovermode="closest", meta={"day": day_index(view.as_of)})
        return figure

    def patch(self, view: View) -> Patch:
        patch = Patch()
        for position, arrays in self.traces(view).items():
            for path, values in arrays.items():
                target = patch["data"][position]
                for key in path[:-1]:
                    target = target[key]
                target[path[-1]] = values
        patch["layout"]["meta"] = {"day": day_index(view.as_of)}
        return patch


def create_variant_app(ctx: AppContext, strategy: str) -> Dash:
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}")
    shipped = shipped_app(ctx)
    # style.css and the base map only: the shipped page scripts (assets/*.js) paint the map themselves.
    app = Dash(__name__, title=TITLES[strategy], serve_locally=True, compress=True, update_title=None,
               assets_folder=str(ROOT / "assets"), assets_ignore=r".*\.js$")
    geojson_url = status_map.GEOJSON_ROUTE
    arrays = MapArrays(ctx)
    geometry = geojson_text().encode("utf-8")

    @app.server.route(status_map.GEOJSON_ROUTE)
    def serve_geometry():
        # Compressed per request by Flask-Compress (as JSON), cached by the browser like the shipped route.
        response = Response(geometry, mimetype="application/json")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    @lru_cache(maxsize=2)
    def layout_for(today) -> html.Div:
        view = View(today, (), "independent", None)
        max_day = day_index(today)
        year_marks = {day_index(TIMELINE_START.replace(year=y, month=1, day=1)): str(y)
                      for y in range(TIMELINE_START.year + 1, today.year + 1)}
        return html.Div(className="page", children=[
            html.Header(className="header", children=[
                html.H1(TITLES[strategy]),
                html.P(shipped.headline(ctx, view), id=ids.AS_OF_HEADLINE, className="as-of-headline"),
            ]),
            html.Div(className="main", children=[
                html.Div(className="map-column", children=[
                    html.Section(className="map-panel", children=[
                        html.Ul(status_map.legend(ctx, view), id=ids.LEGEND, className="legend"),
                        dcc.Graph(id=ids.MAP, figure=arrays.figure(view, geojson_url), className="map",
                                  style={"height": "var(--map-height)"},
                                  config={"topojsonURL": app.get_asset_url("topojson/"), "displaylogo": False,
                                          "scrollZoom": True, "responsive": True}),
                    ]),
                    html.Div(className="date-bar", children=html.Div(className="slider", children=dcc.Slider(
                        id=ids.DATE_SLIDER, min=0, max=max_day, step=1, value=max_day, updatemode="drag",
                        included=True, allow_direct_input=False, marks=year_marks))),
                ]),
                html.Div(className="side-column", children=[controls.layout(ctx, view), details.layout(ctx, view)]),
            ]),
            html.Div(className="lower", children=[timeline.layout(ctx, view), bloc_summary.layout(ctx, view)]),
            table.layout(ctx, view, ""),
            disagreements.layout(ctx, view),
        ])

    app.layout = lambda: layout_for(ctx.today())

    @app.callback(Output(ids.AS_OF, "data"), Output(ids.MAP, "figure"), Output(ids.LEGEND, "children"),
                  Input(ids.DATE_SLIDER, "value"), Input(ids.READING, "value"), Input(ids.BLOCS, "value"),
                  prevent_initial_call=True)
    def follow_slider(day, reading, blocs):
        as_of = (TIMELINE_START + timedelta(days=day)).isoformat() if isinstance(day, int) else None
        view = require_view(ctx, as_of, reading, blocs)
        drawn = arrays.figure(view, geojson_url) if strategy == "fair_naive" else arrays.patch(view)
        return view.as_of.isoformat(), drawn, status_map.legend(ctx, view)

    @app.callback(Output(ids.AS_OF_HEADLINE, "children"), Input(ids.AS_OF, "data"), Input(ids.READING, "value"),
                  prevent_initial_call=True)
    def headline(as_of, reading):
        return shipped.headline(ctx, require_view(ctx, as_of, reading, []))

    for part in (bloc_summary, details, timeline, disagreements):
        part.register(app, ctx)
    table.register(app, ctx, "")
    return app


if __name__ == "__main__":
    from components.context import build_context

    chosen = sys.argv[1] if len(sys.argv) > 1 else "fair_naive"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8051
    create_variant_app(build_context(), chosen).run(host="127.0.0.1", port=port)
