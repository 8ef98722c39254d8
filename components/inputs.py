"""Callback inputs checked on the server: a forged or broken value means no update."""

from __future__ import annotations

from dash.exceptions import PreventUpdate

from common.context import AppContext
from recognition.params import (
    BadParameter,
    View,
    check_blocs,
    check_country,
    check_date,
    check_reading,
)


def require_view(ctx: AppContext, as_of, reading, blocs, country=None) -> View:
    """The checked view, or no update at all for a forged or broken request."""
    try:
        return View(
            as_of=check_date(as_of, ctx.today()),
            reading=check_reading(reading),
            blocs=tuple(check_blocs(blocs, set(ctx.bloc_keys))),
            country=check_country(country, ctx.selectable),
        )
    except BadParameter:
        raise PreventUpdate from None


def compare_matches(compared, view: View) -> bool:
    """Whether the compare store (written by components/compare.py: {"codes", "from", "to", "reading"})
    is a comparison that ends on the view's date; anything else (none, forged, stale) is no comparison."""
    if not isinstance(compared, dict) or compared.get("to") != view.as_of.isoformat():
        return False
    try:
        first = check_date(compared.get("from"), view.as_of)
        check_reading(compared.get("reading"))
    except BadParameter:
        return False
    return first < view.as_of
