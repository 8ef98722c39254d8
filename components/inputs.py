"""Request values checked on the server: in a callback a forged or broken value means no update; in a
route it is a BadParameter (a 400 with its one-line reason)."""

from __future__ import annotations

from collections.abc import Mapping

from dash.exceptions import PreventUpdate

from components.context import AppContext
from recognition.params import BadParameter, View, check_blocs, check_country, check_date, check_reading, check_search


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


def status_request(args: Mapping, ctx: AppContext) -> tuple[View, str]:
    """The parameters of the status table's routes (the CSV and its JSON twin), checked and normalised:
    `as_of` (default today), repeatable `bloc`, `reading`, `q` (the table search). `args` is a
    werkzeug MultiDict (request.args). Raises BadParameter."""
    view = View(
        as_of=check_date(args["as_of"], ctx.today()) if "as_of" in args else ctx.today(),
        blocs=tuple(check_blocs(args.getlist("bloc"), set(ctx.bloc_keys))),
        reading=check_reading(args.get("reading")),
        country=None)
    return view, check_search(args.get("q", ""))
