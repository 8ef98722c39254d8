"""The "Why the counts differ" panel: published counts with their dates and sources next to the event
log's count for the same reading and date, and the states behind the difference."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from dash import html

from common import i18n
from common.context import AppContext
from common.i18n import gettext as _
from common.i18n import ngettext
from components import ids
from components.data_words import note
from components.fold import below_fold_placeholder, fold
from components.links import source_link
from components.rendered import per_language, plain
from recognition.details import ASSERTER_LABELS
from recognition.disagreements import differences, headline_comparisons
from recognition.map_data import CLASS_LABELS
from recognition.params import View
from recognition.readings import READINGS
from recognition.words import N_

KIND_LABELS = {"un_members_recognising": N_("UN members recognising"),
               "total_recognitions": N_("recognitions in total"), "withdrawals_claimed": N_("withdrawals claimed"),
               "withdrawals_acknowledged": N_("withdrawals acknowledged")}


SCROLL_HINT = N_("The table scrolls sideways for more columns.")
QUOTED_MARK = "★"
QUOTED_NOTE = N_("Highlighted rows (%(mark)s) are the three counts quoted at the top of Wikipedia's article on "
                 "the international recognition of Kosovo.")


# On a phone the rows are drawn as cards (assets/style.css): the roles keep them a table for screen readers
# whatever the stylesheet's display, and the event log's count says what it is.
TABLE, ROW, CELL = {"role": "table"}, {"role": "row"}, {"role": "cell"}


def _headlines(ctx: AppContext) -> html.Div:
    log_label = _("Event log (same reading, date)")
    header = html.Tr([html.Th(t, scope="col", role="columnheader")
                      for t in (_("Date"), _("Who"), _("Published"), _("Counts"), log_label, _("Source"))], **ROW)
    body = []
    words = ctx.say()
    for h in headline_comparisons(ctx.atlas):
        quoted = [" ", html.Span(QUOTED_MARK, className="quoted-mark", title=_("quoted by Wikipedia")),
                  html.Span(" " + _("(quoted by Wikipedia)"), className="visually-hidden")] if h.in_seed else []
        body.append(html.Tr(className="quoted-headline" if h.in_seed else "", **ROW, children=[
            html.Td([words.date(h.as_of)] + quoted, **CELL), html.Td(_(ASSERTER_LABELS[h.claimant]), **CELL),
            html.Td(html.Strong(str(h.published)), **CELL), html.Td(_(KIND_LABELS[h.count_kind]), **CELL),
            html.Td(f"{h.event_log} ({_(READINGS[h.reading].label)})", **CELL, **{"data-label": log_label}),
            html.Td([source_link(h.source_url), note(ctx, h.note) if h.note else ""], **CELL),
        ]))
    table = html.Table([html.Thead(header, role="rowgroup"), html.Tbody(body, role="rowgroup")],
                       className="headline-table", **TABLE)
    return html.Div(className="headline-panel", children=[
        html.P(_(QUOTED_NOTE, mark=QUOTED_MARK), className="hint"), html.Div(table, className="scroll-x"),
        html.P(_(SCROLL_HINT), className="scroll-hint")])


def _difference_table(ctx: AppContext, day: date) -> tuple[int, html.Div | None]:
    """How many states the readings differ on on `day`, and their table (None if none); it names no date."""
    rows = differences(ctx.atlas, day)
    if not rows:
        return 0, None
    names = ctx.names()
    by_name = {d.iso3: d for d in rows}
    rows = [by_name[iso3] for iso3 in i18n.alphabetical({d.iso3: names[d.iso3] for d in rows})]
    header = html.Tr([html.Th(_("State"), scope="col")] + [html.Th(_(READINGS[k].label), scope="col")
                                                           for k in READINGS])
    # Each name is a button that opens the state's details (assets/a11y.js: data-country, data-select-into).
    body = [html.Tr([html.Th(html.Button(names[d.iso3], type="button", className="link-button",
                                         **{"data-country": d.iso3}), scope="row")]
                    + [html.Td(_(CLASS_LABELS[s])) for s in d.statuses.values()],
                    **{"data-iso3": d.iso3}) for d in rows]
    return len(rows), html.Div(html.Table([html.Thead(header), html.Tbody(body)], className="difference-table"),
                               className="scroll-x", **{"data-select-into": ids.COUNTRY_SEARCH,
                                                        "data-then-show": ids.DETAILS})


# One table per epoch (about 160) and language, ~20 KB each (measured with tracemalloc).
_drawn_difference_table = per_language(512, lambda ctx, day: (ctx, ctx.atlas.epoch_day(day)))(_difference_table)


def _differences(ctx: AppContext, view: View, table: Callable = _difference_table) -> list:
    """The sentence of the view's date and the table of its epoch (`table` draws it, cached or not)."""
    count, shown = table(ctx, view.as_of)
    when = i18n.long_date(view.as_of)
    if not count:
        return [html.P(_("As of %(date)s the readings agree on every state.", date=when))]
    return [html.P(ngettext("%(num)s state has a different status in at least one reading as of %(date)s. Choose a "
                            "state to see its dated, sourced events.",
                            "%(num)s states have a different status in at least one reading as of %(date)s. Choose "
                            "a state to see its dated, sourced events.", count, date=when)),
            shown, html.P(_(SCROLL_HINT), className="scroll-hint")]


def layout() -> html.Section:
    """The section with its heading; its body follows once the first screen is painted (published(), follow())."""
    return html.Section(id=ids.DISAGREEMENTS_SECTION, className="disagreements-panel", children=fold(
        _("Why the counts differ"), _("Published counts beside this event log's, and the states the readings "
                                      "disagree on"), [
        html.Div(id=ids.DISAGREEMENTS_PUBLISHED, children=below_fold_placeholder()),
        html.Div(id=ids.DISAGREEMENTS_PANEL),
    ]))


def published(ctx: AppContext) -> list:
    """Why the counts differ, and the counts published by each side beside the event log's."""
    return [
        html.P(_("Kosovo's government, Serbia's government and third parties publish different totals: Serbia "
                 "announces withdrawals that Kosovo disputes, some states reversed themselves, and some acts were "
                 "never confirmed. Each published figure is shown with its date and source beside the count this "
                 "event log gives for the same reading on that date. Totals published without naming the states are "
                 "shown as claims only.")),
        html.Details(open=True, children=[html.Summary(_("Published counts")), _headlines(ctx)]),
    ]


def follow(ctx: AppContext, view: View) -> list:
    """The states on which the readings differ on the view's date, as plain JSON, each epoch's table drawn once
    (components/settled.py)."""
    return plain(_differences(ctx, view, _drawn_difference_table))
