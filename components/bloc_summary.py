"""For each chosen bloc: "22 of 27 EU members recognise (as of D)", with membership as of D."""

from __future__ import annotations

from dash import html

from common.context import AppContext
from common.i18n import gettext as _
from common.i18n import ngettext
from components import ids
from components.fold import fold
from recognition.blocs import bloc_summary
from recognition.params import View, status_reading


def _content(ctx: AppContext, view: View) -> list:
    if not view.blocs:
        return [html.P(_("Choose one or more blocs to compare them; the map dims the states outside them."),
                       className="hint")]
    reading = status_reading(view.reading)
    status = ctx.atlas.status(reading, view.as_of)
    items = []
    words, names = ctx.say(), ctx.names()
    for bloc in view.blocs:
        summary = bloc_summary(status, ctx.atlas.membership, bloc, _(ctx.atlas.bloc_names[bloc]), view.as_of)
        share = summary.recognising / summary.members if summary.members else 0
        others = ", ".join(words.sorted_names([names[c] for c in summary.other_members]))
        items.append(html.Li(className="bloc", **{"data-bloc": bloc}, children=[
            html.Div(summary.sentence(words), className="bloc-sentence"),
            html.Div(className="bar", children=html.Div(className="bar-fill", style={"width": f"{share:.0%}"})),
            html.Details([html.Summary(ngettext("Members not recognising (%(num)s)", "Members not recognising (%(num)s)",
                                                len(summary.other_members))),
                          html.P(others or _("none"))]) if summary.members else "",
        ]))
    return [html.Ul(items, className="bloc-list")]


def layout(ctx: AppContext, view: View) -> html.Section:
    return html.Section(className="bloc-panel", children=fold(
        _("Blocs"), _("How many members of each chosen bloc recognise Kosovo"),
        [html.Div(_content(ctx, view), id=ids.BLOC_SUMMARY)]))


def follow(ctx: AppContext, view: View) -> list:
    """The panel's content for the view (components/settled.py)."""
    return _content(ctx, view)
