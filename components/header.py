"""The header: the title, the language switch, the headline count, the share button and how fresh the data
is; the headline and the freshness follow the settled date and the reading."""

from __future__ import annotations

from datetime import date

from dash import html

from common import i18n
from common.context import AppContext
from common.i18n import gettext as _
from components import ids, languages, share
from recognition.event_log import freshness
from recognition.map_text import compare_headline
from recognition.map_text import headline as headline_text
from recognition.params import View
from recognition.timeline import count_on
from recognition.words import N_

TITLE = N_("Kosovo Recognition Atlas")


def headline(ctx: AppContext, view: View) -> str:
    return headline_text(ctx.atlas, ctx.series, view.reading, view.as_of, ctx.say())


def layout(ctx: AppContext, view: View) -> html.Header:
    return html.Header(className="header", children=[
        html.H1(_(TITLE)),
        languages.switch(i18n.current()),
        html.P(headline(ctx, view), id=ids.AS_OF_HEADLINE, className="as-of-headline"),
        # On the embed page, under the headline: the chosen blocs (assets/share.js), so the frame states its view.
        html.P(id=ids.EMBED_VIEW, className="embed-only embed-view"),
        share.button(),
        html.P(freshness(ctx.atlas).sentence(view.as_of, ctx.say()), id=ids.FRESHNESS, className="freshness"),
    ])


def follow(ctx: AppContext, view: View, compared: dict | None) -> tuple[str, str]:
    """The headline of the view, or of the comparison the server accepted (`compared`), and how fresh the data is."""
    line = compare_headline_of(ctx, compared) if compared else headline(ctx, view)
    return line, freshness(ctx.atlas).sentence(view.as_of, ctx.say())


def compare_headline_of(ctx: AppContext, compared: dict) -> str:
    reading, start, end = compared["reading"], date.fromisoformat(compared["from"]), date.fromisoformat(compared["to"])
    series = ctx.series[reading]
    return compare_headline(reading, start, end, count_on(series, start), count_on(series, end), ctx.say())
