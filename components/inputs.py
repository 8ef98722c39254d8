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

