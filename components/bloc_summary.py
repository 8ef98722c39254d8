"""For each chosen bloc: "22 of 27 EU members recognise (as of D)", with membership as of D."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from dash import html

from common.context import AppContext
from common.i18n import gettext as _
from common.i18n import ngettext
from components import ids
from components.fold import fold
from components.rendered import per_language, plain
from recognition.blocs import bloc_summary, dated_claim
from recognition.params import View, status_reading


def _bloc(ctx: AppContext, reading: str, day: date, bloc: str) -> tuple[str, list]:
    """A bloc's claim on `day` ("European Union: 22 of 27 recognise Kosovo"), and what follows the sentence
    that dates it: the bar and the members that do not recognise."""
    summary = bloc_summary(ctx.atlas.status(reading, day), ctx.atlas.membership, bloc,
                           _(ctx.atlas.bloc_names[bloc]), day)
    share = summary.recognising / summary.members if summary.members else 0
    others = ", ".join(ctx.say().sorted_names([ctx.names()[c] for c in summary.other_members]))
    return summary.claim(ctx.say()), [
        html.Div(className="bar", children=html.Div(className="bar-fill", style={"width": f"{share:.0%}"})),
        html.Details([html.Summary(ngettext("Members not recognising (%(num)s)", "Members not recognising (%(num)s)",
                                            len(summary.other_members))),
                      html.P(others or _("none"))]) if summary.members else "",
    ]


# One per reading (3), epoch (about 160), bloc (11) and language, ~3 KB each (measured with tracemalloc).
_drawn_bloc = per_language(4096, lambda ctx, reading, day, bloc: (ctx, reading, ctx.atlas.epoch_day(day), bloc))(
    _bloc)


def _content(ctx: AppContext, view: View, bloc_part: Callable = _bloc) -> list:
    """The chosen blocs on the view's date; `bloc_part` draws each bloc (cached or not)."""
    if not view.blocs:
        return [html.P(_("Choose one or more blocs to compare them; the map dims the states outside them."),
                       className="hint")]
    items = []
    for bloc in view.blocs:
        claim, rest = bloc_part(ctx, status_reading(view.reading), view.as_of, bloc)
        items.append(html.Li(className="bloc", **{"data-bloc": bloc}, children=[
            html.Div(dated_claim(claim, view.as_of, ctx.say()), className="bloc-sentence"), *rest]))
    return [html.Ul(items, className="bloc-list")]


def layout(ctx: AppContext, view: View) -> html.Section:
    return html.Section(className="bloc-panel", children=fold(
        _("Blocs"), _("How many members of each chosen bloc recognise Kosovo"),
        [html.Div(_content(ctx, view), id=ids.BLOC_SUMMARY)]))


def follow(ctx: AppContext, view: View) -> list:
    """The panel's content for the view as plain JSON, each bloc's epoch drawn once (components/settled.py)."""
    return plain(_content(ctx, view, _drawn_bloc))
