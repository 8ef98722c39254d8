"""Sections a reader can fold away: a native <details> whose <summary> is the section's heading and a line
saying what the section holds (the line shows while the section is folded).

The page is served with every fold open. On a phone (the media query below) assets/fold.js folds those it
renders once, so the page is short; a link or a URL fragment that leads into a fold opens it."""

from __future__ import annotations

from dash import html

from common.i18n import gettext as _

FOLD_CLASS = "fold"
# Where folds start closed: one column, a phone's width (the stylesheet's phone layout starts at the same width).
PHONE_QUERY = "(max-width: 700px)"


def fold(heading: str, about: str, body: list) -> html.Details:
    return html.Details(className=FOLD_CLASS, open=True, children=[
        html.Summary(className="fold-summary", children=[html.H2(heading), html.Span(about, className="fold-about")]),
        html.Div(body, className="fold-body"),
    ])


def below_fold_placeholder() -> html.P:
    """What a section below the fold holds until its body is drawn, once the first screen is painted."""
    return html.P(_("Loading…"), className="hint below-fold-loading")


def browser_config(revealed_when_filled: list[str]) -> dict:
    """What assets/fold.js needs: which elements are folds, where they start closed, and the ids of the elements
    whose folds open when a callback fills them (the milestone a click on the timeline reads out)."""
    return {"selector": "details." + FOLD_CLASS, "phone": PHONE_QUERY, "revealedWhenFilled": revealed_when_filled}
