"""Compare two dates: the map colours what was gained, lost or unchanged between a first date and the
as-of date (in the chosen reading), with the list of changes, their events and sources, "+N / −M",
and the same list as CSV and JSON."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from dash import Input, Output, dcc, html

from components import ids
from components.context import AppContext
from components.inputs import require_view
from components.links import source_link
from components.palette import COMPARE_COLOURS
from recognition.changes import GAINED, LOST, OTHER, changes_between
from recognition.details import ASSERTER_LABELS, EVENT_LABELS
from recognition.map_data import COMPARE_LABELS, compare_codes, units
from recognition.params import DISAGREEMENTS, BadParameter, check_date
from recognition.readings import DEFAULT_READING, READINGS

COMPARE_ROUTES = {"csv": "/download/changes.csv", "json": "/api/v1/changes.json"}
DEFAULT_FROM = date(2019, 12, 31)
HEADINGS = {GAINED: "Now recognise Kosovo", LOST: "No longer recognise Kosovo", OTHER: "Other changes of status"}


def layout(ctx: AppContext) -> html.Section:
    return html.Section(className="compare-panel", **{"aria-label": "Compare two dates"}, children=[
        html.Div(className="compare-bar", children=[
            dcc.Checklist(id=ids.COMPARE_ON, options=[{"label": "Compare with an earlier date:", "value": "on"}],
                          value=[], inline=True),
            html.Label("First date", htmlFor=ids.COMPARE_FROM, className="visually-hidden"),
            dcc.Input(id=ids.COMPARE_FROM, type="text", value=DEFAULT_FROM.isoformat(), debounce=True,
                      placeholder="YYYY-MM-DD", maxLength=10, size=10, className="date-input"),
            html.Span("→ the as-of date", className="hint"),
        ]),
        dcc.Store(id=ids.COMPARE_CODES),
        html.Div(id=ids.COMPARE_RESULT, className="compare-result", **{"aria-live": "polite"}),
    ])


def _result(ctx: AppContext, reading: str, start: date, end: date, route_prefix: str) -> list:
    changes = changes_between(ctx.atlas, reading, start, end)
    query = urlencode({"from": start.isoformat(), "to": end.isoformat(), "reading": reading})
    sections = []
    for kind in (GAINED, LOST, OTHER):
        rows = changes.states[changes.states["change"] == kind]
        if rows.empty:
            continue
        items = []
        for state in rows.itertuples():
            events = [html.Li([html.Strong(e.date.isoformat()), f" {EVENT_LABELS[e.event]} ",
                               html.Span(f"(asserted by {ASSERTER_LABELS[e.asserted_by]}"
                                         + (f", disputed by {ASSERTER_LABELS[e.disputed_by]}"
                                            if isinstance(e.disputed_by, str) else "")
                                         + (")" if e.counted else "; not counted in this reading)"), className="who"),
                               " ", source_link(e.source_url)])
                      for e in changes.events_of(state.iso3).itertuples()]
            items.append(html.Li([html.Strong(state.name), html.Ul(events, className="compare-events")],
                                 **{"data-iso3": state.iso3}))
        sections += [html.H3(f"{HEADINGS[kind]} ({len(rows)})"), html.Ul(items, className="compare-list")]
    summary = (f"Between {start.isoformat()} and {end.isoformat()} ({READINGS[reading].label}): "
               f"{changes.summary()}; UN members recognising {changes.un_recognising_from} → "
               f"{changes.un_recognising_to}.")
    links = [html.A("CSV", href=f"{route_prefix}{COMPARE_ROUTES['csv']}?{query}", className="csv-link"), " · ",
             html.A("JSON", href=f"{route_prefix}{COMPARE_ROUTES['json']}?{query}", className="csv-link")]
    legend = html.Ul(className="legend", children=[
        html.Li([html.Span(className="swatch", style={"background": COMPARE_COLOURS[key]}),
                 html.Span(COMPARE_LABELS[key])])
        for key in ("gained", "lost", "other", "unchanged")])
    return [html.P([html.Strong(summary, className="compare-summary"), " "] + links), legend] + \
        (sections or [html.P("No state changed its status between these dates.")])


def register(app, ctx: AppContext, route_prefix: str) -> None:
    unit_frame = units(ctx.atlas)

    @app.callback(Output(ids.COMPARE_CODES, "data"), Output(ids.COMPARE_RESULT, "children"),
                  Input(ids.COMPARE_ON, "value"), Input(ids.COMPARE_FROM, "value"), Input(ids.AS_OF, "data"),
                  Input(ids.READING, "value"))
    def compare(switch, first, as_of, reading):
        if switch != ["on"]:
            return None, []
        view = require_view(ctx, as_of, reading, [])
        try:
            start = check_date(first, ctx.today(), "the first date")
        except BadParameter as error:
            return None, [html.P(str(error).capitalize() + ".", className="date-error")]
        if start >= view.as_of:
            return None, [html.P("The first date must be before the as-of date.", className="date-error")]
        status_reading = DEFAULT_READING if view.reading == DISAGREEMENTS else view.reading
        return (compare_codes(ctx.atlas, status_reading, start, view.as_of, unit_frame),
                _result(ctx, status_reading, start, view.as_of, route_prefix))
