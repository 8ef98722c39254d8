"""The language switch in the header: one link per language, each named in its own language. A link
opens the same page with `lang=` set; assets/atlas.js gives it the current view's query when it is
followed, so switching keeps the date, reading, blocs and country."""

from __future__ import annotations

from dash import html

from common import i18n
from common.i18n import gettext as _
from common.routes import Key


def switch(current: str) -> html.Details:
    """A disclosure, so the four links are one Tab stop until it is opened (the keyboard path to the table
    is kept short)."""
    links = [html.A(language.native_name, href=f"?{Key.LANG}={code}", hrefLang=code, lang=code,
                    className="language", **{"data-lang": code, "aria-current": "true" if code == current else None})
             for code, language in i18n.LANGUAGES.items()]
    return html.Details(className="language-menu", children=[
        html.Summary([_("Language"), ": ", i18n.LANGUAGES[current].native_name]),
        html.Nav(links, className="languages", **{"aria-label": _("Language")}),
    ])
