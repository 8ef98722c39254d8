"""Callback inputs checked on the server: a forged or broken value means no update."""

from __future__ import annotations

from dash.exceptions import PreventUpdate

from recognition.params import BadParameter, View, check_blocs, check_country, check_date, check_reading

from components.context import AppContext


def view_from_inputs(ctx: AppContext, as_of, reading, blocs, country=None) -> View | None:
    try:
        return View(
            as_of=check_date(as_of, ctx.today()),
            reading=check_reading(reading),
            blocs=tuple(check_blocs(blocs, set(ctx.bloc_keys))),
            country=check_country(country, ctx.countries | {"XKX"}),
        )
    except BadParameter:
        return None


def require_view(ctx: AppContext, as_of, reading, blocs, country=None) -> View:
    """The checked view, or no update at all for a forged or broken request."""
    view = view_from_inputs(ctx, as_of, reading, blocs, country)
    if view is None:
        raise PreventUpdate
    return view
