"""Compare two dates: the map colours what was gained, lost or unchanged between a first date and the
as-of date (in the chosen reading), with the list of changes, their events and sources, "+N / −M",
and the same list as CSV and JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from dash import dcc, html

from common import i18n, routes
from common.context import AppContext
from common.i18n import gettext as _
from common.queries import changes_query
from components import ids
from components.links import source_link
from components.palette import COMPARE_COLOURS
from recognition.changes import GAINED, LOST, OTHER, changes_between
from recognition.details import ASSERTER_LABELS, EVENT_LABELS
from recognition.map_data import COMPARE_LABELS, compare_codes, units
from recognition.params import BadParameter, View, check_date, status_reading
from recognition.readings import READINGS
from recognition.schema import TIMELINE_START
from recognition.words import N_

DEFAULT_FROM = date(2019, 12, 31)
HEADINGS = {GAINED: N_("Now recognise Kosovo (%(num)s)"), LOST: N_("No longer recognise Kosovo (%(num)s)"),
            OTHER: N_("Other changes of status (%(num)s)")}


def layout(ctx: AppContext) -> html.Section:
    return html.Section(className="compare-panel", **{"aria-label": _("Compare two dates")}, children=[
        html.Div(className="compare-bar", children=[
            dcc.Checklist(id=ids.COMPARE_ON, options=[{"label": _("Compare with an earlier date:"), "value": "on"}],
                          value=[], inline=True),
            html.Label(_("First date"), htmlFor=ids.COMPARE_FROM, className="visually-hidden"),
            dcc.Input(id=ids.COMPARE_FROM, type="text", value=DEFAULT_FROM.isoformat(), debounce=True,
                      placeholder=_("YYYY-MM-DD"), maxLength=10, size=10, className="date-input"),
            html.Span(_("→ the as-of date"), className="hint"),
        ]),
        dcc.Store(id=ids.COMPARE_CODES),
        html.Div(id=ids.COMPARE_RESULT, className="compare-result", **{"aria-live": "polite"}),
    ])


def _result(ctx: AppContext, reading: str, start: date, end: date, route_prefix: str) -> list:
    changes = changes_between(ctx.atlas, reading, start, end)
    query = changes_query(reading, start, end)
    sections = []
    words, names = ctx.say(), ctx.names()
    for kind in (GAINED, LOST, OTHER):
        rows = changes.states[changes.states["change"] == kind]
        if rows.empty:
            continue
        items = []
        # In the alphabetical order of the names shown (the core orders them by English name).
        rows = rows.set_index("iso3", drop=False).loc[i18n.alphabetical({c: names[c] for c in rows["iso3"]})]
        for state in rows.itertuples():
            events = [html.Li([html.Strong(words.date(e.date)), f" {_(EVENT_LABELS[e.event])} ",
                               html.Span(_who(e), className="who"), " ", source_link(e.source_url)])
                      for e in changes.events_of(state.iso3).itertuples()]
            items.append(html.Li([html.Strong(names[state.iso3]), html.Ul(events, className="compare-events")],
                                 **{"data-iso3": state.iso3}))
        sections += [html.H3(_(HEADINGS[kind], num=len(rows))), html.Ul(items, className="compare-list")]
    # UN members and the others apart: the UN count moves by the UN members' gains and losses only.
    summary = _("Between %(start)s and %(end)s (%(reading)s): UN members recognising %(before)s → %(after)s "
                "(+%(un_gained)s / −%(un_lost)s); outside the UN +%(other_gained)s / −%(other_lost)s.",
                start=words.date(start), end=words.date(end), reading=_(READINGS[reading].label),
                before=changes.un_recognising_from, after=changes.un_recognising_to,
                un_gained=changes.count(GAINED, un=True), un_lost=changes.count(LOST, un=True),
                other_gained=changes.count(GAINED, un=False), other_lost=changes.count(LOST, un=False))
    links = [html.A("CSV", href=f"{route_prefix}{routes.CHANGES_CSV}?{query}", className="csv-link"), " · ",
             html.A("JSON", href=f"{route_prefix}{routes.CHANGES_JSON}?{query}", className="csv-link")]
    legend = html.Ul(className="legend", children=[
        html.Li([html.Span(className="swatch", style={"background": COMPARE_COLOURS[key]}),
                 html.Span(_(COMPARE_LABELS[key]))])
        for key in ("gained", "lost", "other", "unchanged")])
    return [html.P([html.Strong(summary, className="compare-summary"), " "] + links), legend] + \
        (sections or [html.P(_("No state changed its status between these dates."))])


def _who(event) -> str:
    """"(asserted by Serbia's government, disputed by Kosovo's government; not counted in this reading)"."""
    asserted = _(ASSERTER_LABELS[event.asserted_by])
    if isinstance(event.disputed_by, str):
        who = _("asserted by %(asserter)s, disputed by %(disputer)s", asserter=asserted,
                disputer=_(ASSERTER_LABELS[event.disputed_by]))
    else:
        who = _("asserted by %(asserter)s", asserter=asserted)
    return _("(%(who)s)", who=who) if event.counted else _("(%(who)s; not counted in this reading)", who=who)


def follower(ctx: AppContext, route_prefix: str) -> Callable[[object, object, View], tuple[dict | None, list]]:
    """The comparison of the switch, the first date and the view (components/settled.py): the compare store
    and the list of changes."""
    unit_frame = units(ctx.atlas)

    def follow(switch, first, view: View) -> tuple[dict | None, list]:
        if switch != ["on"]:
            return None, []
        try:
            start = check_date(first, ctx.today(), "the first date")
        except BadParameter:
            return None, [html.P(_("The first date must be a real date in the form YYYY-MM-DD, from %(start)s to "
                                   "today.", start=i18n.long_date(TIMELINE_START)), className="date-error")]
        if start >= view.as_of:
            return None, [html.P(_("The first date must be before the as-of date."), className="date-error")]
        reading = status_reading(view.reading)
        # The comparison the server accepted: the map paints its codes; the legend, the headline, the
        # page URL and the exported image say its two dates.
        return ({"codes": compare_codes(ctx.atlas, reading, start, view.as_of, unit_frame),
                 "from": start.isoformat(), "to": view.as_of.isoformat(), "reading": reading},
                _result(ctx, reading, start, view.as_of, route_prefix))

    return follow
