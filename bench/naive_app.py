"""The NAIVE variant the benchmark compares the shipped app against.

Same data core (recognition.*), same geometry file, same colours and the same date controls and
chain as the shipped page (date input / slider -> server callback -> as-of store -> map + legend),
but built the way a first-draft dashboard is:

* the geometry is embedded in the figure as a GeoJSON dict (loaded once at start-up, but every
  figure carries all of it), and
* every date change returns a whole new ``go.Figure`` (geometry, colours, hover text, layout).

It depends only on the core (recognition.*) and the shipped palette, so it keeps working while
the shipped app's components change. The geometry is the same
simplified file the shipped app serves: the comparison is about the update strategy, not the data.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

MAIN = Path(__file__).resolve().parent.parent
if str(MAIN) not in sys.path:
    sys.path.insert(0, str(MAIN))

import numpy as np  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
from dash import Dash, Input, Output, callback_context, dcc, html  # noqa: E402
from dash.exceptions import PreventUpdate  # noqa: E402

from recognition.atlas import MAP_CLASSES  # noqa: E402
from recognition.load import geojson_text  # noqa: E402
from recognition.schema import TIMELINE_START  # noqa: E402

try:  # the shipped app's colours, so both maps draw the same fills
    from components.palette import CLASS_COLOURS  # noqa: E402
except ImportError:  # pragma: no cover
    CLASS_COLOURS = {"does_not_recognise": "#CC79A7", "recognises": "#0072B2", "withdrew": "#E69F00",
                     "kosovo": "#009E73", "no_data": "#D9D9D9"}

# The same component ids as the shipped page (the benchmark's page code looks for them).
DATE_INPUT, DATE_SLIDER, AS_OF, MAP, LEGEND = "date-input", "date-slider", "as-of-store", "status-map", "legend"
TITLE = "Kosovo Recognition Atlas (naive)"
READING = "independent"
LABELS = {"recognises": "Recognises Kosovo", "withdrew": "Withdrew recognition",
          "does_not_recognise": "Does not recognise", "kosovo": "Kosovo", "no_data": "Not a state / no data"}
COLOURS = [CLASS_COLOURS[name] for name in MAP_CLASSES]


def day_index(day: date) -> int:
    return (day - TIMELINE_START).days


def day_from_index(index: int) -> date:
    return TIMELINE_START + timedelta(days=index)


def check_date(text, today: date) -> date:
    day = date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    if day is None or not TIMELINE_START <= day <= today:
        raise ValueError(text)
    return day


def _colorscale() -> list[list]:
    n = len(COLOURS)
    return [pair for k, c in enumerate(COLOURS) for pair in ([k / n, c], [(k + 1) / n, c])]


def _unit_arrays(atlas, units, as_of: date) -> tuple[list[int], list[str], list[bool]]:
    classes = atlas.map_classes(READING, as_of, units)
    actor = units["actor_index"].to_numpy()
    contested = (actor >= 0) & atlas.contested(as_of)[np.maximum(actor, 0)] & (units["fixed_class"].to_numpy() < 0)
    text = [f"<b>{name}</b><br>{LABELS[MAP_CLASSES[c]]}" + ("<br><i>Withdrawal disputed</i>" if k else "")
            for name, c, k in zip(units["name"], classes, contested)]
    return [int(c) for c in classes], text, [bool(k) for k in contested]


def naive_figure(ctx, as_of: date, geojson: dict) -> go.Figure:
    atlas = ctx.atlas
    z, text, contested = _unit_arrays(atlas, atlas.geoframe, as_of)
    mz, mtext, mcontested = _unit_arrays(atlas, atlas.markers, as_of)
    scale = {"colorscale": _colorscale()}
    figure = go.Figure([
        go.Choropleth(geojson=geojson, featureidkey="properties.iso3", locations=list(atlas.geoframe["iso3"]),
                      z=z, zmin=-0.5, zmax=len(COLOURS) - 0.5, showscale=False, text=text,
                      hovertemplate="%{text}<extra></extra>", name="states", **scale,
                      marker={"line": {"width": [2.5 if k else 0.4 for k in contested],
                                       "color": ["#000000" if k else "#FFFFFF" for k in contested]}}),
        go.Scattergeo(lon=list(atlas.markers["lon"]), lat=list(atlas.markers["lat"]),
                      customdata=list(atlas.markers["iso3"]), mode="markers", text=mtext,
                      hovertemplate="%{text}<extra></extra>", name="small states",
                      marker={"size": 7, "color": mz, "cmin": -0.5, "cmax": len(COLOURS) - 0.5, **scale,
                              "line": {"width": [2.5 if k else 1 for k in mcontested],
                                       "color": ["#000000" if k else "#555555" for k in mcontested]}}),
    ])
    figure.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False, showland=False,
                       showcountries=False, showocean=True, oceancolor="#F4F8FB", lataxis_range=[-58, 86],
                       bgcolor="rgba(0,0,0,0)")
    figure.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, dragmode="pan",
                         paper_bgcolor="rgba(0,0,0,0)", hoverlabel={"bgcolor": "white", "font": {"size": 13}})
    return figure


def naive_legend(ctx, as_of: date) -> list:
    counts = ctx.atlas.status(READING, as_of)["status"].value_counts()
    return [html.Li([html.Span(className="swatch", style={"background": CLASS_COLOURS[name]}),
                     html.Span(LABELS[name], className="legend-label"),
                     html.Span(f"{int(counts.get(name, 0))} states", className="legend-count")])
            for name in ("recognises", "withdrew", "does_not_recognise")]


def create_naive_app(ctx) -> Dash:
    geojson = json.loads(geojson_text())  # one dict, embedded in every figure the app sends
    app = Dash(__name__, title=TITLE, serve_locally=True, compress=True, update_title=None,
               assets_folder=str(MAIN / "assets"))
    topojson_url = app.get_asset_url("topojson/")

    def layout() -> html.Div:
        today = ctx.today()
        marks = {day_index(date(y, 1, 1)): str(y) for y in range(2010, today.year + 1, 3)}
        return html.Div(className="page", children=[
            html.Header(className="header", children=[html.H1(TITLE)]),
            html.Div(className="main", children=[
                html.Section(className="controls", children=[
                    html.Div(className="date-row", children=[
                        html.Label("As of", htmlFor=DATE_INPUT),
                        dcc.Input(id=DATE_INPUT, type="date", value=today.isoformat(),
                                  min=TIMELINE_START.isoformat(), max=today.isoformat(), debounce=True,
                                  className="date-input"),
                    ]),
                    html.Div(className="slider", children=dcc.Slider(
                        id=DATE_SLIDER, min=0, max=day_index(today), step=1, value=day_index(today),
                        marks=marks, updatemode="drag", included=True)),
                    dcc.Store(id=AS_OF, data=today.isoformat()),
                ]),
                html.Section(className="map-panel", children=[
                    html.Ul(naive_legend(ctx, today), id=LEGEND, className="legend"),
                    dcc.Graph(id=MAP, figure=naive_figure(ctx, today, geojson), className="map",
                              config={"topojsonURL": topojson_url, "displaylogo": False, "scrollZoom": True,
                                      "responsive": True}),
                ]),
            ]),
        ])

    app.layout = layout

    @app.callback(Output(AS_OF, "data"), Output(DATE_SLIDER, "value"), Output(DATE_INPUT, "value"),
                  Input(DATE_SLIDER, "value"), Input(DATE_INPUT, "value"), prevent_initial_call=True)
    def sync_as_of(slider, typed):
        today = ctx.today()
        try:
            if callback_context.triggered_id == DATE_SLIDER:
                chosen = day_from_index(min(max(int(slider), 0), day_index(today)))
            else:
                chosen = check_date(typed, today)
        except (TypeError, ValueError):
            raise PreventUpdate
        return chosen.isoformat(), day_index(chosen), chosen.isoformat()

    @app.callback(Output(MAP, "figure"), Output(LEGEND, "children"), Input(AS_OF, "data"),
                  prevent_initial_call=True)
    def redraw(as_of):
        try:
            day = check_date(as_of, ctx.today())
        except (TypeError, ValueError):
            raise PreventUpdate
        # The naive way: a whole new figure, geometry included, on every change.
        return naive_figure(ctx, day, geojson), naive_legend(ctx, day)

    return app


if __name__ == "__main__":  # python bench/naive_app.py [port]: look at it by hand
    from components.context import build_context

    create_naive_app(build_context()).run(host="127.0.0.1", port=int(sys.argv[1]) if len(sys.argv) > 1 else 8051)
