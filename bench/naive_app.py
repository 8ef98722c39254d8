"""The NAIVE variant the benchmark compares the shipped app against.

Same data core (recognition.*), same figure (status_map.build_figure), same date controls and the
same two-step chain as the shipped page (date input / slider -> as-of store -> map + legend), but
built the way a first-draft dashboard would be:

* the geometry is embedded in the figure as a GeoJSON dict (it is loaded once at start-up, but
  every figure carries all of it), and
* every date change returns a whole new ``go.Figure``, i.e. geometry, colours, hover text and
  layout travel again on every step.

The geometry is the same simplified 50m file the shipped app serves, so the naive variant is no
bigger than it has to be; the comparison is about the update strategy, not about the data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MAIN = Path(__file__).resolve().parent.parent
if str(MAIN) not in sys.path:
    sys.path.insert(0, str(MAIN))

from dash import Dash, Input, Output, callback_context, dcc, html
from dash.exceptions import PreventUpdate

from components import ids, status_map
from components.context import AppContext, day_from_index, day_index
from components.controls import _year_marks
from components.inputs import view_from_inputs
from recognition.load import geojson_text
from recognition.params import BadParameter, View, check_date
from recognition.schema import TIMELINE_START

TITLE = "Kosovo Recognition Atlas (naive)"


def create_naive_app(ctx: AppContext) -> Dash:
    geojson = json.loads(geojson_text())  # one dict, embedded in every figure the app sends
    app = Dash(__name__, title=TITLE, serve_locally=True, compress=True, update_title=None,
               assets_folder=str(MAIN / "assets"))
    topojson_url = app.get_asset_url("topojson/")

    def layout() -> html.Div:
        today = ctx.today()
        view = View(today, (), "independent", None)
        return html.Div(className="page", children=[
            html.Header(className="header", children=[html.H1(TITLE)]),
            html.Div(className="main", children=[
                html.Section(className="controls", children=[
                    html.Div(className="date-row", children=[
                        html.Label("As of", htmlFor=ids.DATE_INPUT),
                        dcc.Input(id=ids.DATE_INPUT, type="date", value=today.isoformat(),
                                  min=TIMELINE_START.isoformat(), max=today.isoformat(), debounce=True,
                                  className="date-input"),
                    ]),
                    html.Div(className="slider", children=dcc.Slider(
                        id=ids.DATE_SLIDER, min=0, max=day_index(today), step=1, value=day_index(today),
                        marks=_year_marks(today), updatemode="drag", included=True)),
                    dcc.Store(id=ids.AS_OF, data=today.isoformat()),
                ]),
                html.Section(className="map-panel", children=[
                    html.Ul(status_map.legend(ctx, view), id=ids.LEGEND, className="legend"),
                    dcc.Graph(id=ids.MAP, figure=status_map.build_figure(ctx, view, geojson), className="map",
                              config={"topojsonURL": topojson_url, "displaylogo": False, "scrollZoom": True,
                                      "responsive": True,
                                      "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"]}),
                ]),
            ]),
        ])

    app.layout = layout

    @app.callback(Output(ids.AS_OF, "data"), Output(ids.DATE_SLIDER, "value"), Output(ids.DATE_INPUT, "value"),
                  Input(ids.DATE_SLIDER, "value"), Input(ids.DATE_INPUT, "value"), prevent_initial_call=True)
    def sync_as_of(slider, typed):
        today = ctx.today()
        try:
            if callback_context.triggered_id == ids.DATE_SLIDER:
                chosen = day_from_index(min(max(int(slider), 0), day_index(today)))
            else:
                chosen = check_date(typed, today)
        except (BadParameter, TypeError, ValueError):
            raise PreventUpdate
        return chosen.isoformat(), day_index(chosen), chosen.isoformat()

    @app.callback(Output(ids.MAP, "figure"), Output(ids.LEGEND, "children"), Input(ids.AS_OF, "data"),
                  prevent_initial_call=True)
    def redraw(as_of):
        view = view_from_inputs(ctx, as_of, "independent", [])
        if view is None:
            raise PreventUpdate
        # The naive way: a whole new figure, geometry included, on every change.
        return status_map.build_figure(ctx, view, geojson), status_map.legend(ctx, view)

    return app


if __name__ == "__main__":  # python bench/naive_app.py [port]: look at it by hand
    from components.context import build_context

    create_naive_app(build_context()).run(host="127.0.0.1", port=int(sys.argv[1]) if len(sys.argv) > 1 else 8051)
