"""The header: the title, the language switch, the headline count, the share button and how fresh the data
is; the headline and the freshness follow the settled date and the reading."""

from __future__ import annotations

from dash import Input, Output, html

from common import i18n
from common.context import AppContext
from common.i18n import gettext as _
from components import ids, languages, share
from components.inputs import require_view
from recognition.event_log import freshness
from recognition.map_text import headline as headline_text
from recognition.params import View
from recognition.words import N_

TITLE = N_("Kosovo Recognition Atlas")


def headline(ctx: AppContext, view: View) -> str:
    return headline_text(ctx.atlas, ctx.series, view.reading, view.as_of, ctx.say())


def layout(ctx: AppContext, view: View) -> html.Header:
    return html.Header(className="header", children=[
        html.H1(_(TITLE)),
        languages.switch(i18n.current()),
        html.P(headline(ctx, view), id=ids.AS_OF_HEADLINE, className="as-of-headline"),
        share.button(),
        html.P(freshness(ctx.atlas).sentence(view.as_of, ctx.say()), id=ids.FRESHNESS, className="freshness"),
    ])


def register(app, ctx: AppContext) -> None:
    data_freshness = freshness(ctx.atlas)

    @app.callback(Output(ids.AS_OF_HEADLINE, "children"), Output(ids.FRESHNESS, "children"),
                  Input(ids.AS_OF, "data"), Input(ids.READING, "value"), prevent_initial_call=True)
    def update_headline(as_of, reading):
        view = require_view(ctx, as_of, reading, [])
        return headline(ctx, view), data_freshness.sentence(view.as_of, ctx.say())
