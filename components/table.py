"""The filtered states as a sortable, searchable table, and the CSV export of exactly the rows it displays.

The same CSV is served at GET /download/status.csv (parameters in README.md), byte for byte what the
button gives for the same view, search, column filters and sort."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from flask import Response, request
from flask_babel import gettext as _

from components import http_cache, i18n, ids
from components.context import AppContext
from components.disagreements import SCROLL_HINT
from components.inputs import require_view
from recognition.export import export_filename, search_rows, status_table, to_csv_bytes
from recognition.readings import DEFAULT_READING
from recognition.words import N_
from recognition.params import MAX_TEXT, BadParameter, View, check_blocs, check_date, check_reading
from recognition.table_view import (TableQuery, apply_query, check_filter_model, check_sort, display_table,
                                    sort_from_column_state)

DOWNLOAD_ROUTE = "/download/status.csv"
FILTER_LANGUAGE = "filter_lang"
# Minimum widths that add up to less than a wide screen (the columns then share it: columnSize) and, for the
# first three, to a phone's width (State, Status and Recognised stay in view; the rest scrolls).
# AG Grid's own words that a reader meets (the column filter menu), by AG Grid's localeText keys.
GRID_WORDS = {
    "filterOoo": N_("Filter…"), "contains": N_("Contains"), "notContains": N_("Does not contain"),
    "equals": N_("Equals"), "notEqual": N_("Does not equal"), "startsWith": N_("Begins with"),
    "endsWith": N_("Ends with"), "blank": N_("Blank"), "notBlank": N_("Not blank"), "lessThan": N_("Less than"),
    "greaterThan": N_("Greater than"), "lessThanOrEqual": N_("Less than or equal to"),
    "greaterThanOrEqual": N_("Greater than or equal to"), "inRange": N_("Between"), "inRangeStart": N_("From"),
    "inRangeEnd": N_("To"), "andCondition": N_("AND"), "orCondition": N_("OR"), "noRowsToShow": N_("No rows to show"),
    "loadingOoo": N_("Loading…"), "applyFilter": N_("Apply"), "resetFilter": N_("Reset"), "clearFilter": N_("Clear"),
    "cancelFilter": N_("Cancel"),
}
COLUMNS = [
    {"field": "name", "headerName": N_("State"), "pinned": "left", "minWidth": 110},
    {"field": "status", "headerName": N_("Status"), "minWidth": 140},
    {"field": "recognised_on", "headerName": N_("Recognised"), "minWidth": 100},
    {"field": "withdrawn_on", "headerName": N_("Withdrew"), "minWidth": 95},
    {"field": "recognition_order", "headerName": N_("Order"), "type": "numericColumn",
     "filter": "agNumberColumnFilter", "minWidth": 80},
    {"field": "un_member", "headerName": N_("UN member"), "minWidth": 95},
    {"field": "diplomatic_relations", "headerName": N_("Relations (now)"), "minWidth": 110},
    {"field": "blocs", "headerName": N_("Blocs"), "minWidth": 170},
    {"field": "evidence", "headerName": N_("Evidence"), "minWidth": 120},
    {"field": "contested", "headerName": N_("Contested"), "minWidth": 95},
    {"field": "iso3", "headerName": N_("Code"), "minWidth": 75},
]


def shown_in(ctx: AppContext, table: pd.DataFrame, search: str, language: str) -> pd.DataFrame:
    """The table as the grid shows it in a language: searched on that language's names, in its words."""
    names = ctx.names(language)
    found = search_rows(table, search, names)
    return display_table(found, ctx.atlas.bloc_names, names, ctx.catalogs[language].gettext)


@lru_cache(maxsize=512)
def _rows(ctx: AppContext, reading: str, epoch_day, blocs: tuple[str, ...], search: str,
          language: str) -> tuple[dict, ...]:
    """The grid's rows for a view; views in the same epoch share them (see Atlas.epoch_day)."""
    table = status_table(ctx.atlas, reading, epoch_day, list(blocs))
    return tuple(shown_in(ctx, table, search, language).to_dict("records"))


def rows(ctx: AppContext, view: View, search: str = "") -> list[dict]:
    """The grid's rows in the page's language; in every language in the same order (by English name),
    so that the CSV of a view is the same file whatever language the page is in."""
    return list(_rows(ctx, view.reading, ctx.atlas.epoch_day(view.as_of), view.blocs, search, i18n.current()))


def table_request(ctx: AppContext, args) -> tuple[View, str, TableQuery]:
    """The view, table search and column query of a download request; BadParameter if any is wrong.
    `filter_lang` says which language the words of `q` and `filter` are in (the page's); it changes
    which rows match, never the columns."""
    view = View(
        as_of=check_date(args["as_of"], ctx.today()) if "as_of" in args else ctx.today(),
        blocs=tuple(check_blocs(args.getlist("bloc"), set(ctx.bloc_keys))),
        reading=check_reading(args.get("reading")),
        country=None)
    search = args.get("q", "")
    if not _valid_search(search):
        raise BadParameter(f"q must be text of at most {MAX_TEXT} characters")
    language = i18n.check_language(args.get(FILTER_LANGUAGE))
    return view, search, TableQuery(check_filter_model(args.get("filter")), check_sort(args.get("sort")),
                                    None if language == i18n.DEFAULT else language)


def download_query(view: View, search: str = "", query: TableQuery = TableQuery()) -> str:
    params = [("as_of", view.as_of.isoformat())] + [("bloc", b) for b in view.blocs] + [("reading", view.reading)]
    if search:
        params.append(("q", search))
    if query.filters:
        params.append(("filter", query.filter_param()))
    if query.sort:
        params.append(("sort", query.sort_param()))
    if query.language and (search or query.filters):
        params.append((FILTER_LANGUAGE, query.language))
    return urlencode(params)


def export_rows(ctx: AppContext, view: View, search: str, query: TableQuery) -> pd.DataFrame:
    """The export rows the grid displays for this view, search, filters and sort, in display order
    (the CSV and status.json)."""
    table = status_table(ctx.atlas, view.reading, view.as_of, list(view.blocs))
    shown = apply_query(shown_in(ctx, table, search, query.language or i18n.DEFAULT), query)
    return table.set_index("iso3").loc[shown["iso3"]].reset_index()[table.columns]


def with_local_names(ctx: AppContext, rows: pd.DataFrame, language: str | None) -> pd.DataFrame:
    """The rows as they are, or with `name_local` last: the name in `language` (the `lang` parameter of
    the machine outputs). The page's language never changes them: scripts rely on the English names."""
    if language is None:
        return rows
    return rows.assign(name_local=rows["iso3"].map(ctx.names(language)))


def csv_response(ctx: AppContext, view: View, search: str, query: TableQuery,
                 language: str | None = None) -> tuple[bytes, str]:
    filename = export_filename(view.as_of, list(view.blocs), view.reading, ctx.atlas.dataset.reviewed_on, language)
    return to_csv_bytes(with_local_names(ctx, export_rows(ctx, view, search, query), language)), filename


def layout(ctx: AppContext, view: View, route_prefix: str) -> html.Section:
    # tabIndex -1: the target of the "Skip to the table" link takes the focus.
    panel = {"id": ids.TABLE_PANEL, "className": "table-panel", "tabIndex": "-1", "aria-label": _("States table")}
    return html.Section(**panel, children=[
        html.Div(className="table-tools", children=[
            html.H2(_("States")),
            html.Div(className="table-search-field", children=[
                html.Label(_("Search states"), htmlFor=ids.TABLE_SEARCH, className="table-search-label"),
                dcc.Input(id=ids.TABLE_SEARCH, type="search", placeholder=_("Name or code"), debounce=True,
                          className="table-search", maxLength=MAX_TEXT),
            ]),
            html.Button(_("Download CSV"), id=ids.EXPORT_BUTTON, className="export"),
            html.A(_("CSV link"), id=ids.EXPORT_LINK, href=f"{route_prefix}{DOWNLOAD_ROUTE}?{download_query(view)}",
                   className="csv-link"),
            html.Span(_("The CSV holds the rows shown, with the table's filters and sort."), className="hint"),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ]),
        dag.AgGrid(id=ids.TABLE, columnDefs=[{**column, "headerName": _(column["headerName"])} for column in COLUMNS],
                   rowData=rows(ctx, view), getRowId="params.data.iso3",
                   defaultColDef={"sortable": True, "resizable": True, "filter": "agTextColumnFilter"},
                   columnSize="responsiveSizeToFit",
                   # The grid is one stop for Tab: arrow keys move inside it, Tab and Shift+Tab leave it
                   # (false hands the key back to the browser), as for any other single control.
                   dashGridOptions={"animateRows": False, "pagination": False,
                                    "localeText": {key: _(text) for key, text in GRID_WORDS.items()},
                                    "tabToNextCell": {"function": "false"}, "tabToNextHeader": {"function": "false"}},
                   className="ag-theme-alpine", style={"height": "420px"}),
        html.P(_(SCROLL_HINT), className="scroll-hint"),
    ])


def _grid_query(filter_model, column_state) -> TableQuery:
    """The grid's filters and sort, on the words of the page's language."""
    language = i18n.current()
    try:
        return TableQuery(check_filter_model(filter_model), check_sort(sort_from_column_state(column_state)),
                          None if language == i18n.DEFAULT else language)
    except BadParameter:
        raise PreventUpdate from None


def register(app, ctx: AppContext, route_prefix: str) -> None:
    # The default view's rows for every epoch, built now (about 2 s) so that scrubbing never waits for one;
    # in English only (each language would add as much time and memory): another language builds an
    # epoch's rows the first time a page in it settles there.
    for day in ctx.atlas.epoch_days(ctx.today()):
        _rows(ctx, DEFAULT_READING, day, (), "", i18n.DEFAULT)

    @app.callback(Output(ids.TABLE, "rowData"),
                  Input(ids.AS_OF, "data"), Input(ids.READING, "value"), Input(ids.BLOCS, "value"),
                  Input(ids.TABLE_SEARCH, "value"), prevent_initial_call=True)
    def refresh(as_of, reading, blocs, search):
        view = require_view(ctx, as_of, reading, blocs)
        if not _valid_search(search):
            raise PreventUpdate
        return rows(ctx, view, search or "")

    @app.callback(Output(ids.EXPORT_LINK, "href"),
                  Input(ids.AS_OF, "data"), Input(ids.READING, "value"), Input(ids.BLOCS, "value"),
                  Input(ids.TABLE_SEARCH, "value"), Input(ids.TABLE, "filterModel"), Input(ids.TABLE, "columnState"),
                  prevent_initial_call=True)
    def link(as_of, reading, blocs, search, filter_model, column_state):
        view = require_view(ctx, as_of, reading, blocs)
        if not _valid_search(search):
            raise PreventUpdate
        query = _grid_query(filter_model, column_state)
        return f"{route_prefix}{DOWNLOAD_ROUTE}?{download_query(view, search or '', query)}"

    @app.callback(Output(ids.EXPORT_DOWNLOAD, "data"), Input(ids.EXPORT_BUTTON, "n_clicks"),
                  State(ids.AS_OF, "data"), State(ids.READING, "value"), State(ids.BLOCS, "value"),
                  State(ids.TABLE_SEARCH, "value"), State(ids.TABLE, "filterModel"), State(ids.TABLE, "columnState"),
                  prevent_initial_call=True)
    def export(_clicks, as_of, reading, blocs, search, filter_model, column_state):
        view = require_view(ctx, as_of, reading, blocs)
        if not _valid_search(search):
            raise PreventUpdate
        content, filename = csv_response(ctx, view, search or "", _grid_query(filter_model, column_state))
        return dcc.send_bytes(content, filename, type="text/csv")

    @app.server.route(DOWNLOAD_ROUTE)
    def download():
        try:
            view, search, query = table_request(ctx, request.args)
            language = i18n.check_language(request.args.get(i18n.QUERY_KEY))
        except BadParameter as error:
            return Response(f"Bad request: {error}\n", status=400, mimetype="text/plain")
        # The resolved as_of is in the tag: without one, the CSV is of today and changes at midnight.
        tag = http_cache.etag_for(ctx.atlas.dataset.version, view.as_of, view.blocs, view.reading, search, query,
                                  language)
        unchanged = http_cache.not_modified(tag)
        if unchanged:
            return unchanged
        content, filename = csv_response(ctx, view, search, query, language)
        response = Response(content, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return http_cache.cacheable(response, tag, max_age=300)


def _valid_search(search: object) -> bool:
    return search is None or (isinstance(search, str) and len(search) <= MAX_TEXT)
