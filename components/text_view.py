"""The map in words, under the map: the counts of the view in a sentence, what Serbia claims and Kosovo
disputes, the recognisers outside the UN, each chosen bloc's "N of M", and the latest changes.

The summary is a polite live region: once the date settles (or the reading or blocs change) a screen
reader says the new counts; the list of changes is not, so that it is not read out on every step."""

from __future__ import annotations

from dash import html

from common.context import AppContext
from common.i18n import gettext as _
from components import ids
from recognition.map_text import map_text
from recognition.params import View
from recognition.words import N_

HEADING = N_("The map in words")


def _content(ctx: AppContext, view: View) -> tuple[list, list]:
    text = map_text(ctx.atlas, view.reading, view.as_of, view.blocs, ctx.say())
    return [html.P(sentence) for sentence in text.summary], [html.Li(change) for change in text.changes]


def layout(ctx: AppContext, view: View) -> html.Section:
    summary, changes = _content(ctx, view)
    return html.Section(className="map-text-panel", **{"aria-label": _(HEADING)}, children=[
        html.H2(_(HEADING)),
        html.Div(summary, id=ids.MAP_TEXT, className="map-text", **{"aria-live": "polite"}),
        html.H3(_("Latest changes")),
        html.Ul(changes, id=ids.MAP_CHANGES, className="map-changes"),
        # Words, not a link: the skip link at the top of the page leads there, one Tab stop fewer.
        html.P(_("Every state's status is in the table of states below the chart."), className="hint"),
    ])


def follow(ctx: AppContext, view: View) -> tuple[list, list]:
    """The summary and the latest changes of the view (components/settled.py)."""
    return _content(ctx, view)
