"""The controls: one as-of date (slider, typed date, timeline click, play), the reading, blocs and
the searchable country list; and the page URL that restores them."""

from __future__ import annotations

from datetime import date

from dash import ClientsideFunction, Input, Output, State, ctx as callback_context, dcc, html, no_update
from dash.exceptions import PreventUpdate

from components import ids
from components.context import AppContext, day_index
from components.status_map import owner_of_click
from recognition.params import DISAGREEMENTS, View, view_from_query
from recognition.readings import READINGS
from urllib.parse import parse_qs

PLAY_INTERVAL_MS = 700
READING_OPTIONS = [{"label": r.label, "value": key} for key, r in READINGS.items()] + [
    {"label": "Disagreements only", "value": DISAGREEMENTS}]


def _year_marks(today: date) -> dict[int, str]:
    # Every third year fits the narrow control column; the tooltip shows the exact day.
    return {day_index(date(year, 1, 1)): str(year) for year in range(2010, today.year + 1, 3)}


def layout(ctx: AppContext, view: View) -> html.Section:
    today = ctx.today()
    atlas = ctx.atlas
    countries = sorted(atlas.actors + ["XKX"], key=lambda c: atlas.names[c].casefold())
    return html.Section(className="controls", children=[
        html.Div(className="date-row", children=[
            html.Label("As of", htmlFor=ids.DATE_INPUT),
            # A text box, not type="date": dcc.Input moves the caret after each update, which a date
            # input refuses with a console error. Enter or leaving the box applies the date.
            dcc.Input(id=ids.DATE_INPUT, type="text", value=view.as_of.isoformat(), debounce=True,
                      placeholder="YYYY-MM-DD", pattern=r"\d{4}-\d{2}-\d{2}", maxLength=10, size=10,
                      className="date-input"),
            html.Button("▶ Play", id=ids.PLAY, n_clicks=0, className="play", **{"aria-pressed": "false"}),
            dcc.Interval(id=ids.PLAY_TIMER, interval=PLAY_INTERVAL_MS, disabled=True),
        ]),
        html.Div(className="slider", children=dcc.Slider(
            id=ids.DATE_SLIDER, min=0, max=day_index(today), step=1, value=day_index(view.as_of),
            marks=_year_marks(today), updatemode="drag", included=True, allow_direct_input=False,
            # The tooltip shows the date, not the day number (assets/atlas.js).
            tooltip={"placement": "bottom", "always_visible": False, "transform": "dayToDate"})),
        html.Fieldset(className="reading", children=[
            html.Legend("Reading"),
            dcc.RadioItems(id=ids.READING, options=READING_OPTIONS, value=view.reading, inline=False),
        ]),
        html.Fieldset(className="blocs", children=[
            html.Legend("Blocs"),
            dcc.Checklist(id=ids.BLOCS, value=list(view.blocs), inline=True,
                          options=[{"label": atlas.bloc_names[b], "value": b} for b in ctx.bloc_keys]),
        ]),
        html.Div(className="country-search", children=[
            html.Label("Country", htmlFor=ids.COUNTRY_SEARCH),
            dcc.Dropdown(id=ids.COUNTRY_SEARCH, value=view.country, placeholder="Search a country…",
                         options=[{"label": atlas.names[c], "value": c} for c in countries], clearable=True),
        ]),
        dcc.Store(id=ids.AS_OF, data=view.as_of.isoformat()),
        dcc.Store(id=ids.SETTLED_AS_OF, data=view.as_of.isoformat()),
        dcc.Store(id=ids.SELECTED, data=view.country),
    ])


def register(app, ctx: AppContext) -> None:
    # Every way of setting the date ends in one clientside callback (assets/atlas.js), so they
    # never disagree and a date change reaches the map without a server round trip. The server
    # callbacks downstream check the date again.
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="syncAsOf"),
        Output(ids.AS_OF, "data"), Output(ids.DATE_SLIDER, "value"), Output(ids.DATE_INPUT, "value"),
        Output(ids.PLAY_TIMER, "disabled", allow_duplicate=True),
        Input(ids.DATE_SLIDER, "value"), Input(ids.DATE_INPUT, "value"), Input(ids.TIMELINE, "clickData"),
        Input(ids.PLAY_TIMER, "n_intervals"), State(ids.AS_OF, "data"), State(ids.DATE_SLIDER, "max"),
        State(ids.MAP_DATA, "data"), State(ids.READING, "value"), State(ids.BLOCS, "value"),
        prevent_initial_call=True,
    )
    # The big panels (table, disagreements) follow the date once it stops moving, so scrubbing and
    # playing redraw the map first and do not queue a table render per step.
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="settle"),
        Output(ids.SETTLED_AS_OF, "data"), Input(ids.AS_OF, "data"), prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="togglePlay"),
        Output(ids.PLAY_TIMER, "disabled"), Output(ids.DATE_SLIDER, "value", allow_duplicate=True),
        Output(ids.PLAY, "children"), Output(ids.PLAY, "aria-pressed"),
        Input(ids.PLAY, "n_clicks"), Input(ids.PLAY_TIMER, "disabled"), State(ids.AS_OF, "data"),
        State(ids.MAP_DATA, "data"),
        prevent_initial_call=True,
    )

    @app.callback(Output(ids.SELECTED, "data"), Output(ids.COUNTRY_SEARCH, "value"),
                  Input(ids.MAP, "clickData"), Input(ids.COUNTRY_SEARCH, "value"), prevent_initial_call=True)
    def select_country(click, searched):
        if callback_context.triggered_id == ids.MAP:
            chosen = owner_of_click(ctx, click)
            if chosen is None:
                raise PreventUpdate
            return chosen, chosen
        if searched is None:
            return None, no_update
        if not isinstance(searched, str) or searched not in ctx.selectable:
            raise PreventUpdate
        return searched, no_update

    @app.callback(Output(ids.DATE_SLIDER, "value", allow_duplicate=True),
                  Output(ids.READING, "value"), Output(ids.BLOCS, "value"), Output(ids.COUNTRY_SEARCH, "value",
                                                                                  allow_duplicate=True),
                  Input(ids.URL, "search"), prevent_initial_call="initial_duplicate")
    def restore_view(search):
        """Opening a shared link restores its view; invalid values fall back to the defaults."""
        if not isinstance(search, str) or len(search) > 2000:
            raise PreventUpdate
        view = view_from_query(parse_qs(search.lstrip("?")), ctx.today(), set(ctx.bloc_keys),
                               ctx.selectable)
        return day_index(view.as_of), view.reading, list(view.blocs), view.country

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="writeUrl"),
        Output(ids.URL_SINK, "data"),
        Input(ids.AS_OF, "data"), Input(ids.BLOCS, "value"), Input(ids.READING, "value"), Input(ids.SELECTED, "data"),
    )
