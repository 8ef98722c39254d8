"""The two pages the benchmark compares the shipped page with: the same page, another way of
updating the map when the date moves.

Each variant is a second copy of the shipped app (`app.create_app`: every panel, callback, language
and header) with the map machinery swapped: the page scripts that move the date and paint the map
(assets/atlas.js, assets/map.js) and their clientside callbacks are left out, and a server callback
on the slider's value (updated while dragging too) sets the as-of date, which the rest of the page
follows at once (the shipped page waits for the date to settle), and returns, for each date,

* ``fair_naive``: a whole new figure (what a careful first draft does: the geometry stays a URL);
* ``patch``: a ``Patch()`` of the arrays that change with the date (colours, outlines, hover text).

The figure is the shipped base figure (`components.status_map.build_figure`: the same geometry by
URL, shapes, small-state markers, leader lines, layout) coloured by plotly from the core's paint codes
and styles (`recognition.map_data`), so all three pages draw the same colours. It carries the day it
shows in ``layout.meta`` so the benchmark can tell which day the map shows in each frame. Without
atlas.js the variants' date box, URL and slider tooltip do not follow the date.

    python bench/naive_app.py [fair_naive|patch] [port]     # serve one variant alone, to look at it
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402
from dash import Dash, Input, Output, Patch, html  # noqa: E402

import web.geometry  # noqa: E402
from components import ids, status_map  # noqa: E402
from common.context import AppContext, day_index  # noqa: E402
from components.inputs import require_view  # noqa: E402
from components.palette import BORDER, CLASS_COLOURS  # noqa: E402
from recognition import blocs as bloc_lib  # noqa: E402
from recognition.map_data import N_CODES, styles, units, view_codes  # noqa: E402
from recognition.params import View  # noqa: E402
from recognition.schema import TIMELINE_START  # noqa: E402

STRATEGIES = ("fair_naive", "patch")
# The shipped page's own scripts for the date and the map, and the namespaces of their clientside callbacks.
PAGE_SCRIPTS = r"^(atlas|map)\.js$"
PAGE_SCRIPT_NAMESPACES = {"atlas", "atlasMap"}
TITLES = {"fair_naive": "Kosovo Recognition Atlas (whole figure per date)",
          "patch": "Kosovo Recognition Atlas (server Patch per date)"}
POLYGONS, MARKERS = 0, 2  # trace positions in status_map.build_figure


def shipped_app(ctx: AppContext):
    """The shipped `app` module (what `gunicorn app:server` serves), built on `ctx` rather than a
    second copy of the data (app.py builds its context when imported)."""
    import common.context as context_module

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


def without_clientside(app: Dash, namespaces: set[str]) -> None:
    """Unregister the clientside callbacks of these namespaces (their scripts are not in the page)."""
    kept = []
    for entry in app._callback_list:  # noqa: SLF001 - Dash keeps its callbacks here and in callback_map
        function = entry.get("clientside_function")
        if function and function["namespace"] in namespaces:
            app.callback_map.pop(entry["output"], None)
        else:
            kept.append(entry)
    app._callback_list[:] = kept  # noqa: SLF001


def create_variant_app(ctx: AppContext, strategy: str) -> Dash:
    """A second copy of the shipped page (every panel, callback, language and header) without the
    page scripts that move the date and paint the map (assets/atlas.js, assets/map.js) and their
    clientside callbacks; a server callback on the slider's value sets the as-of date, which the
    rest of the page follows, and redraws the map the `strategy`'s way."""
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}")
    app = shipped_app(ctx).create_app(ctx)
    app.title = TITLES[strategy]
    app.config.assets_ignore = PAGE_SCRIPTS
    without_clientside(app, PAGE_SCRIPT_NAMESPACES)
    geojson_url = web.geometry.url(app.config.requests_pathname_prefix)
    arrays = MapArrays(ctx)
    shipped_layout = app.layout

    def layout() -> html.Div:
        page = shipped_layout()  # the shipped app's cached tree: every change below is idempotent
        for component in page._traverse():  # noqa: SLF001 - Dash's walk over a layout
            if getattr(component, "id", None) == ids.MAP:
                component.figure = arrays.figure(View(ctx.today(), (), "independent", None), geojson_url)
            elif getattr(component, "id", None) == ids.DATE_SLIDER:
                # The value follows the hand while dragging; no tooltip (its date format is in atlas.js).
                component.updatemode, component.tooltip = "drag", None
        return page

    app.layout = layout

    @app.callback(Output(ids.AS_OF, "data"), Output(ids.MAP, "figure"),
                  Input(ids.DATE_SLIDER, "value"), Input(ids.READING, "value"), Input(ids.BLOCS, "value"),
                  prevent_initial_call=True)
    def follow_slider(day, reading, blocs):
        as_of = (TIMELINE_START + timedelta(days=day)).isoformat() if isinstance(day, int) else None
        view = require_view(ctx, as_of, reading, blocs)
        drawn = arrays.figure(view, geojson_url) if strategy == "fair_naive" else arrays.patch(view)
        return view.as_of.isoformat(), drawn

    return app


if __name__ == "__main__":
    from common.context import build_context

    chosen = sys.argv[1] if len(sys.argv) > 1 else "fair_naive"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8051
    create_variant_app(build_context(), chosen).run(host="127.0.0.1", port=port)
