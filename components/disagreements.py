"""The "Why the counts differ" panel: published counts with their dates and sources next to the event
log's count for the same reading and date, and the states behind the difference."""

from __future__ import annotations

from dash import Input, Output, html

from components import ids
from components.context import AppContext
from components.inputs import require_view
from components.links import source_link
from recognition.details import ASSERTER_LABELS
from recognition.disagreements import differences, headline_comparisons
from recognition.map_data import CLASS_LABELS
from recognition.map_text import counted
from recognition.params import View
from recognition.readings import READINGS

KIND_LABELS = {"un_members_recognising": "UN members recognising", "total_recognitions": "recognitions in total",
               "withdrawals_claimed": "withdrawals claimed", "withdrawals_acknowledged": "withdrawals acknowledged"}


SCROLL_HINT = "The table scrolls sideways for more columns."
QUOTED_MARK = "★"
QUOTED_NOTE = (f"Highlighted rows ({QUOTED_MARK}) are the three counts quoted at the top of Wikipedia's article on "
               "the international recognition of Kosovo.")


def _headlines(ctx: AppContext) -> html.Div:
    header = html.Tr([html.Th(t, scope="col") for t in ("Date", "Who", "Published", "Counts",
                                                        "Event log (same reading, date)", "Source")])
    body = []
    for h in headline_comparisons(ctx.atlas):
        quoted = [" ", html.Span(QUOTED_MARK, className="quoted-mark", title="quoted by Wikipedia"),
                  html.Span(" (quoted by Wikipedia)", className="visually-hidden")] if h.in_seed else []
        body.append(html.Tr(className="quoted-headline" if h.in_seed else "", children=[
            html.Td([h.as_of.isoformat()] + quoted), html.Td(ASSERTER_LABELS[h.claimant]),
            html.Td(html.Strong(str(h.published))), html.Td(KIND_LABELS[h.count_kind]),
            html.Td(f"{h.event_log} ({READINGS[h.reading].label})"),
            html.Td([source_link(h.source_url), html.Div(h.note, className="note") if h.note else ""]),
        ]))
    return html.Div([html.P(QUOTED_NOTE, className="hint"),
                     html.Div(html.Table([html.Thead(header), html.Tbody(body)], className="headline-table"),
                              className="scroll-x"),
                     html.P(SCROLL_HINT, className="scroll-hint")])


def _differences(ctx: AppContext, view: View) -> list:
    rows = differences(ctx.atlas, view.as_of)
    if not rows:
        return [html.P(f"As of {view.as_of.isoformat()} the readings agree on every state.")]
    header = html.Tr([html.Th("State", scope="col")] + [html.Th(READINGS[k].label, scope="col") for k in READINGS])
    # Each name is a button that opens the state's details (assets/a11y.js: data-country, data-select-into).
    body = [html.Tr([html.Th(html.Button(d.name, type="button", className="link-button", **{"data-country": d.iso3}),
                             scope="row")] + [html.Td(CLASS_LABELS[s]) for s in d.statuses.values()],
                    **{"data-iso3": d.iso3}) for d in rows]
    states = counted(len(rows), "state has", "states have")
    return [html.P(f"{states} a different status in at least one reading as of {view.as_of.isoformat()}. "
                   "Choose a state to see its dated, sourced events."),
            html.Div(html.Table([html.Thead(header), html.Tbody(body)], className="difference-table"),
                     className="scroll-x", **{"data-select-into": ids.COUNTRY_SEARCH, "data-then-show": ids.DETAILS}),
            html.P(SCROLL_HINT, className="scroll-hint")]


def layout(ctx: AppContext, view: View) -> html.Section:
    return html.Section(className="disagreements-panel", children=[
        html.H2("Why the counts differ"),
        html.P("Kosovo's government, Serbia's government and third parties publish different totals: Serbia "
               "announces withdrawals that Kosovo disputes, some states reversed themselves, and some acts were "
               "never confirmed. Each published figure is shown with its date and source beside the count this "
               "event log gives for the same reading on that date. Totals published without naming the states are "
               "shown as claims only."),
        html.Details(open=True, children=[html.Summary("Published counts"), _headlines(ctx)]),
        html.Div(_differences(ctx, view), id=ids.DISAGREEMENTS_PANEL),
    ])


def register(app, ctx: AppContext) -> None:
    @app.callback(Output(ids.DISAGREEMENTS_PANEL, "children"), Input(ids.AS_OF, "data"), prevent_initial_call=True)
    def refresh(as_of):
        view = require_view(ctx, as_of, None, [])
        return _differences(ctx, view)
