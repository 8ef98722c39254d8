"""Our own words in the data (notes, position summaries) in the page's language: the translation from
data/translations.csv, with any quotation kept in English marked lang="en" and said to be in English; a text
without a translation (a column not yet translated) stays in English, marked lang="en"."""

from __future__ import annotations

from dash import html

from common import i18n
from common.context import AppContext
from common.i18n import gettext as _

QUOTE_CLASS = "quote-en"


def data_words(ctx: AppContext, text: str, **props) -> html.Span:
    segments = ctx.atlas.dataset.texts.translate(text, i18n.LANGUAGES[i18n.current()].locale)
    if segments is None:
        return html.Span(text, lang="en", **props)
    children = []
    for segment in segments:
        if segment.lang is None:
            children.append(segment.text)
        else:  # a quotation: in its own language, in quotation marks, and said to be so
            children += [html.Q(segment.text, lang=segment.lang, className=QUOTE_CLASS),
                         html.Span(" " + _("(in English)"), className="quote-language")]
    return html.Span(children, **props)


def note(ctx: AppContext, text: str) -> html.Div:
    """A note of the data, in the page's language."""
    return html.Div(data_words(ctx, text), className="note")
