"""Links built from data: only http(s) URLs become links, opened without the referrer."""

from __future__ import annotations

from dash import html


def source_link(url: str | None, text: str = "source") -> html.A | html.Span:
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return html.Span("no source link")
    return html.A(text, href=url, target="_blank", rel="noopener noreferrer nofollow", className="source")
