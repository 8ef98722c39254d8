"""The controls: one as-of date (slider, typed date, timeline click, play), the reading, blocs and
the searchable country list; and the page URL that restores them."""

from __future__ import annotations

from datetime import date

import numpy as np
from dash import ClientsideFunction, Input, Output, State, ctx as callback_context, dcc, html, no_update
from dash.exceptions import PreventUpdate

from components import ids
from components.context import AppContext, day_from_index, day_index
from components.status_map import owner_of_click
from recognition.params import (DISAGREEMENTS, BadParameter, View, check_date, check_reading,
                                view_from_query)
from recognition.readings import READINGS
from recognition.schema import TIMELINE_START
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
            dcc.Input(id=ids.DATE_INPUT, type="date", value=view.as_of.isoformat(), min=TIMELINE_START.isoformat(),
                      max=today.isoformat(), debounce=True, className="date-input"),
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
        dcc.Store(id=ids.SELECTED, data=view.country),
    ])


def next_event_date(ctx: AppContext, current: date) -> date | None:
    """The first event date after `current` (play steps through the dates on which something changed)."""
    dates = ctx.atlas.history.dates[1:]
    position = int(np.searchsorted(dates, np.datetime64(current, "D"), side="right"))
    return None if position >= len(dates) else date.fromisoformat(str(dates[position]))


def register(app, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.AS_OF, "data"), Output(ids.DATE_SLIDER, "value"), Output(ids.DATE_INPUT, "value"),
        Output(ids.PLAY_TIMER, "disabled", allow_duplicate=True),
        Input(ids.DATE_SLIDER, "value"), Input(ids.DATE_INPUT, "value"), Input(ids.TIMELINE, "clickData"),
        Input(ids.PLAY_TIMER, "n_intervals"), State(ids.AS_OF, "data"),
        prevent_initial_call=True,
    )
    def sync_as_of(slider, typed, timeline_click, _ticks, current):
        """Every way of setting the date ends here, so they never disagree."""
        today = ctx.today()
        trigger = callback_context.triggered_id
        stop_playing = no_update
        try:
            if trigger == ids.DATE_SLIDER:
                if not isinstance(slider, int) or isinstance(slider, bool):
                    raise BadParameter("slider")
                chosen = day_from_index(min(max(slider, 0), day_index(today)))
            elif trigger == ids.DATE_INPUT:
                chosen = check_date(typed, today)
            elif trigger == ids.TIMELINE:
                chosen = check_date(str(timeline_click["points"][0]["x"])[:10], today)
            elif trigger == ids.PLAY_TIMER:
                step = next_event_date(ctx, check_date(current, today))
                chosen, stop_playing = (step, no_update) if step else (today, True)
            else:
                raise PreventUpdate
        except (BadParameter, TypeError, KeyError, IndexError):
            raise PreventUpdate
        return chosen.isoformat(), day_index(chosen), chosen.isoformat(), stop_playing

    @app.callback(Output(ids.PLAY_TIMER, "disabled"), Output(ids.DATE_SLIDER, "value", allow_duplicate=True),
                  Input(ids.PLAY, "n_clicks"), State(ids.PLAY_TIMER, "disabled"), State(ids.AS_OF, "data"),
                  prevent_initial_call=True)
    def toggle_play(_clicks, disabled, current):
        if disabled:
            # Playing from the last date starts again from the beginning.
            restart = current is not None and next_event_date(ctx, date.fromisoformat(current)) is None
            return False, 0 if restart else no_update
        return True, no_update

    @app.callback(Output(ids.PLAY, "children"), Output(ids.PLAY, "aria-pressed"),
                  Input(ids.PLAY_TIMER, "disabled"), prevent_initial_call=True)
    def play_label(disabled):
        return ("▶ Play", "false") if disabled else ("⏸ Pause", "true")

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
        if not isinstance(searched, str) or searched not in ctx.countries | {"XKX"}:
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
                               ctx.countries | {"XKX"})
        return day_index(view.as_of), view.reading, list(view.blocs), view.country

    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="writeUrl"),
        Output(ids.URL_SINK, "data"),
        Input(ids.AS_OF, "data"), Input(ids.BLOCS, "value"), Input(ids.READING, "value"), Input(ids.SELECTED, "data"),
    )
