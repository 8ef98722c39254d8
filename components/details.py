"""Country details: status as of the date, recognition order, relations, every event with its
source, blocs and, for non-recognisers, a position summary."""

from __future__ import annotations

from dash import html

from common import i18n
from common.context import AppContext
from common.i18n import gettext as _
from common.i18n import ngettext
from components import ids
from components.data_words import data_words, note
from components.links import source_link
from components.palette import CLASS_COLOURS, text_colour_on
from recognition.details import (
    SOURCE_KIND_LABELS,
    CountryDetails,
    both_days,
    country_details,
    event_day,
    order_words,
)
from recognition.map_data import CLASS_LABELS
from recognition.map_text import voice
from recognition.params import View, status_reading
from recognition.readings import READINGS
from recognition.schema import TIMELINE_START
from recognition.table_view import YES_NO_WORDS
from recognition.timeline import count_on
from recognition.words import N_

STATUS_WORDS = {"recognises": N_("recognises Kosovo"), "withdrew": N_("withdrew recognition"),
                "does_not_recognise": N_("does not recognise Kosovo")}
PLACEHOLDER = N_("Click a country on the map, or search for one, to see its record.")


def _status_badge(status: str) -> html.Span:
    background = CLASS_COLOURS.get(status, "#999999")
    return html.Span(_(CLASS_LABELS[status]), className="badge",
                     style={"background": background, "color": text_colour_on(background)})


def _kosovo(ctx: AppContext, view: View) -> list:
    counts = [html.Li(ngettext("%(reading)s: %(num)s UN member", "%(reading)s: %(num)s UN members",
                               count_on(series, view.as_of), reading=_(READINGS[key].label)))
              for key, series in ctx.series.items()]
    return [html.H2(ctx.names()["XKX"], **{"data-country": "XKX"}),
            html.P(_("Declared independence from Serbia on %(date)s.", date=i18n.long_date(TIMELINE_START))),
            html.H3(_("UN members recognising as of %(date)s", date=i18n.long_date(view.as_of))), html.Ul(counts)]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def render(details: CountryDetails, view: View, ctx: AppContext) -> list:
    words, dated = ctx.say(), i18n.long_date
    since = (_(" since %(date)s", date=details.dated("status_since", words, dated)) if details.status_since
             else "")
    facts = [html.Dt(_("Status")), html.Dd([_status_badge(details.status), since])]
    if details.recognised_on:
        facts += [html.Dt(_("Recognised on")), html.Dd(details.dated("recognised_on", words, dated))]
    if details.order_label:
        facts += [html.Dt(_("Recognition order")), html.Dd(_capital(order_words(details.order_label, words)))]
    if details.withdrawn_on:
        facts += [html.Dt(_("Withdrew on")), html.Dd(details.dated("withdrawn_on", words, dated))]
    if details.diplomatic_relations:
        facts += [html.Dt(_("Diplomatic relations (now)")),
                  html.Dd(_capital(_(YES_NO_WORDS.get(details.diplomatic_relations, details.diplomatic_relations))))]
    facts += [html.Dt(_("UN member")), html.Dd(_("Yes") if details.un_member else _("No"))]
    facts += [html.Dt(_("By reading")), html.Dd(html.Ul(className="by-reading", children=[
        html.Li(_("%(voice)s: %(status)s", voice=_capital(voice(k, words)), status=_(STATUS_WORDS[s])))
        for k, s in details.status_by_reading.items() if s]))]
    facts += [html.Dt(_("Blocs")), html.Dd(", ".join(_(b) for b in details.blocs) or _("none of the tracked blocs"))]
    events = [html.Li(className="event" + (" future" if e.after_as_of else "") + ("" if e.confirmed else " unconfirmed"),
                      children=[
                          html.Strong(event_day(e, words, dated)), " ", _(e.label),
                          html.Span(" — " + _("asserted by %(asserter)s", asserter=_(e.asserted_by)), className="who"),
                          html.Span("; " + _("disputed by %(disputer)s", disputer=_(e.disputed_by)),
                                    className="disputed") if e.disputed_by else "",
                          html.Span(f" ({_(e.evidence)})", className="evidence"), " ", source_link(e.source_url),
                          html.Span(f" ({_(SOURCE_KIND_LABELS[e.source_kind])})", className="source-kind"),
                          html.Span(" " + _("(after the as-of date)"), className="after") if e.after_as_of else "",
                          html.Span(" · " + _("date not confirmed by the source"), className="unconfirmed-note")
                          if not e.confirmed else "",
                          html.Div(both_days(e, words, dated), className="alt") if e.alt_date else "",
                          note(ctx, e.note) if e.note else "",
                      ]) for e in details.events]
    body = [html.H2(ctx.names()[details.iso3], **{"data-country": details.iso3}), html.Dl(facts, className="facts")]
    if details.position:
        body += [html.H3(_("Position")), html.P([data_words(ctx, details.position), " ",
                                                 source_link(details.position_source),
                                                 f" ({_(SOURCE_KIND_LABELS[details.position_source_kind])})"])]
    body += [html.H3(_("History")),
             html.Ol(events, className="events") if events else html.P(_("No recorded events."))]
    return body


def layout(ctx: AppContext, view: View) -> html.Aside:
    # Only the one-line status is a live region: the whole record, read out on every date change, would
    # drown everything else a screen reader has to say.
    return html.Aside(className="details", **{"aria-label": _("Country details")}, children=[
        html.P(status_line(ctx, view), id=ids.DETAILS_STATUS, className="details-status",
               **{"aria-live": "polite"}),
        # tabIndex -1: choosing a state elsewhere on the page (a disagreement's name) moves the focus here.
        html.Div(id=ids.DETAILS, tabIndex="-1", children=_content(ctx, view)),
    ])


def status_line(ctx: AppContext, view: View) -> str:
    """"France as of 17 February 2008: does not recognise Kosovo"; empty when no country is chosen."""
    if view.country is None:
        return ""
    when, names = i18n.long_date(view.as_of), ctx.names()
    if view.country == "XKX":
        count = count_on(ctx.series[status_reading(view.reading)], view.as_of)
        return ngettext("%(name)s as of %(date)s: %(num)s UN member recognises it",
                        "%(name)s as of %(date)s: %(num)s UN members recognise it", count, name=names["XKX"], date=when)
    details = country_details(ctx.atlas, view.country, view.reading, view.as_of)
    return _("%(name)s as of %(date)s: %(status)s", name=names[view.country], date=when,
             status=_(STATUS_WORDS[details.status]))


def _content(ctx: AppContext, view: View) -> list:
    if view.country is None:
        return [html.P(_(PLACEHOLDER), className="hint")]
    if view.country == "XKX":
        return _kosovo(ctx, view)
    return render(country_details(ctx.atlas, view.country, view.reading, view.as_of), view, ctx)


def follow(ctx: AppContext, view: View) -> tuple[list, str]:
    """The record of the view's country and its one-line status (components/settled.py)."""
    return _content(ctx, view), status_line(ctx, view)
