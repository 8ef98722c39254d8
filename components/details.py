"""Country details: status as of the date, recognition order, relations, every event with its
source, blocs and, for non-recognisers, a position summary."""

from __future__ import annotations

from dash import Input, Output, html

from components import ids
from components.context import AppContext
from components.inputs import require_view
from components.links import source_link
from components.palette import CLASS_COLOURS, text_colour_on
from recognition.details import SOURCE_KIND_LABELS, CountryDetails, both_days, country_details, order_words
from recognition.map_data import CLASS_LABELS
from recognition.map_text import READING_VOICES, counted, long_date, status_reading
from recognition.params import View
from recognition.readings import READINGS
from recognition.timeline import count_on

STATUS_WORDS = {"recognises": "recognises Kosovo", "withdrew": "withdrew recognition",
                "does_not_recognise": "does not recognise Kosovo"}
PLACEHOLDER = "Click a country on the map, or search for one, to see its record."


def _status_badge(status: str) -> html.Span:
    background = CLASS_COLOURS.get(status, "#999999")
    return html.Span(CLASS_LABELS.get(status, status), className="badge",
                     style={"background": background, "color": text_colour_on(background)})


def _kosovo(ctx: AppContext, view: View) -> list:
    counts = [html.Li(f"{READINGS[key].label}: {count_on(series, view.as_of)} UN members")
              for key, series in ctx.series.items()]
    return [html.H2("Kosovo"), html.P("Declared independence from Serbia on 17 February 2008."),
            html.H3(f"UN members recognising as of {view.as_of.isoformat()}"), html.Ul(counts)]


def render(details: CountryDetails, view: View) -> list:
    facts = [html.Dt("Status"), html.Dd([_status_badge(details.status),
                                          f" since {details.status_since.isoformat()}" if details.status_since else ""])]
    if details.recognised_on:
        facts += [html.Dt("Recognised on"), html.Dd(details.recognised_on.isoformat())]
    if details.order_label:
        words = order_words(details.order_label)
        facts += [html.Dt("Recognition order"), html.Dd(words[0].upper() + words[1:])]
    if details.withdrawn_on:
        facts += [html.Dt("Withdrew on"), html.Dd(details.withdrawn_on.isoformat())]
    if details.diplomatic_relations:
        facts += [html.Dt("Diplomatic relations (now)"), html.Dd(details.diplomatic_relations.capitalize())]
    facts += [html.Dt("UN member"), html.Dd("Yes" if details.un_member else "No")]
    facts += [html.Dt("By reading"), html.Dd(html.Ul(className="by-reading", children=[
        html.Li(f"{READING_VOICES[k][0].upper()}{READING_VOICES[k][1:]}: {STATUS_WORDS[s]}")
        for k, s in details.status_by_reading.items() if s]))]
    facts += [html.Dt("Blocs"), html.Dd(", ".join(details.blocs) or "none of the tracked blocs")]
    events = [html.Li(className="event" + (" future" if e.after_as_of else "") + ("" if e.confirmed else " unconfirmed"),
                      children=[
                          html.Strong(e.date.isoformat()), " ", e.label,
                          html.Span(f" — asserted by {e.asserted_by}", className="who"),
                          html.Span(f"; disputed by {e.disputed_by}", className="disputed") if e.disputed_by else "",
                          html.Span(f" ({e.evidence})", className="evidence"), " ", source_link(e.source_url),
                          html.Span(f" ({SOURCE_KIND_LABELS[e.source_kind]})", className="source-kind"),
                          html.Span(" (after the as-of date)", className="after") if e.after_as_of else "",
                          html.Span(" · date not confirmed by the source", className="unconfirmed-note")
                          if not e.confirmed else "",
                          html.Div(both_days(e), className="alt") if e.alt_date else "",
                          html.Div(e.note, className="note") if e.note else "",
                      ]) for e in details.events]
    body = [html.H2(details.name), html.Dl(facts, className="facts")]
    if details.position:
        body += [html.H3("Position"), html.P([details.position, " ", source_link(details.position_source),
                                              f" ({SOURCE_KIND_LABELS[details.position_source_kind]})"])]
    body += [html.H3("History"), html.Ol(events, className="events") if events else html.P("No recorded events.")]
    return body


def layout(ctx: AppContext, view: View) -> html.Aside:
    # Only the one-line status is a live region: the whole record, read out on every date change, would
    # drown everything else a screen reader has to say.
    return html.Aside(className="details", **{"aria-label": "Country details"}, children=[
        html.P(status_line(ctx, view), id=ids.DETAILS_STATUS, className="details-status",
               **{"aria-live": "polite"}),
        # tabIndex -1: choosing a state elsewhere on the page (a disagreement's name) moves the focus here.
        html.Div(id=ids.DETAILS, tabIndex="-1", children=_content(ctx, view)),
    ])


def status_line(ctx: AppContext, view: View) -> str:
    """"France as of 17 February 2008: does not recognise Kosovo"; empty when no country is chosen."""
    if view.country is None:
        return ""
    when = f"as of {long_date(view.as_of)}"
    if view.country == "XKX":
        count = count_on(ctx.series[status_reading(view.reading)], view.as_of)
        return f"Kosovo {when}: {counted(count, 'UN member recognises', 'UN members recognise')} it"
    details = country_details(ctx.atlas, view.country, view.reading, view.as_of)
    return f"{details.name} {when}: {STATUS_WORDS[details.status]}"


def _content(ctx: AppContext, view: View) -> list:
    if view.country is None:
        return [html.P(PLACEHOLDER, className="hint")]
    if view.country == "XKX":
        return _kosovo(ctx, view)
    return render(country_details(ctx.atlas, view.country, view.reading, view.as_of), view)


def register(app, ctx: AppContext) -> None:
    @app.callback(Output(ids.DETAILS, "children"), Output(ids.DETAILS_STATUS, "children"),
                  Input(ids.SELECTED, "data"), Input(ids.AS_OF, "data"), Input(ids.READING, "value"),
                  prevent_initial_call=True)
    def show(country, as_of, reading):
        view = require_view(ctx, as_of, reading, [], country)
        return _content(ctx, view), status_line(ctx, view)
