"""Links built from data: only http(s) URLs become links, opened without the referrer."""

from __future__ import annotations

from dash import html

from common.i18n import gettext as _


def source_link(url: str | None, text: str | None = None) -> html.A | html.Span:
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return html.Span(_("no source link"))
    return html.A(text or _("source"), href=url, target="_blank", rel="noopener noreferrer nofollow",
                  className="source")
