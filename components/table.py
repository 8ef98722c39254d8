"""The filtered states as a sortable, searchable table, and the CSV export of exactly those rows.

The same CSV is served at GET /download/status.csv?as_of=YYYY-MM-DD&bloc=EU&reading=independent&q=,
byte for byte what the button gives for the same settings."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from flask import Response, request

from components import http_cache, ids
from components.context import AppContext
from components.inputs import require_view
from recognition.export import export_filename, search_rows, status_table, to_csv_bytes
from recognition.params import MAX_TEXT, BadParameter, View, check_blocs, check_date, check_reading

DOWNLOAD_ROUTE = "/download/status.csv"
COLUMNS = [
    {"field": "name", "headerName": "State", "pinned": "left", "minWidth": 180},
    {"field": "status", "headerName": "Status"},
    {"field": "recognised_on", "headerName": "Recognised"},
    {"field": "withdrawn_on", "headerName": "Withdrew"},
    {"field": "recognition_order", "headerName": "Order", "type": "numericColumn"},
    {"field": "un_member", "headerName": "UN"},
    {"field": "diplomatic_relations", "headerName": "Relations"},
    {"field": "blocs", "headerName": "Blocs"},
    {"field": "evidence", "headerName": "Evidence"},
    {"field": "contested", "headerName": "Contested"},
    {"field": "iso3", "headerName": "ISO3", "maxWidth": 90},
]


def rows(ctx: AppContext, view: View, query: str = "") -> list[dict]:
    table = search_rows(status_table(ctx.atlas, view.reading, view.as_of, list(view.blocs)), query)
    return table.astype(object).where(table.notna(), None).assign(
        recognised_on=lambda t: t["recognised_on"].map(lambda d: d.isoformat() if d else None),
        withdrawn_on=lambda t: t["withdrawn_on"].map(lambda d: d.isoformat() if d else None),
        status_since=lambda t: t["status_since"].map(lambda d: d.isoformat() if d else None),
    ).to_dict("records")


def download_query(view: View, query: str = "") -> str:
    params = [("as_of", view.as_of.isoformat())] + [("bloc", b) for b in view.blocs] + [("reading", view.reading)]
    if query:
        params.append(("q", query))
    return urlencode(params)


def layout(ctx: AppContext, view: View, route_prefix: str) -> html.Section:
    return html.Section(className="table-panel", children=[
        html.Div(className="table-tools", children=[
            html.H2("States"), html.Label("Search", htmlFor=ids.TABLE_SEARCH, className="visually-hidden"),
            dcc.Input(id=ids.TABLE_SEARCH, type="search", placeholder="Search the table…", debounce=True,
                      className="table-search", maxLength=MAX_TEXT),
            html.Button("Download CSV", id=ids.EXPORT_BUTTON, className="export"),
            html.A("CSV link", id=ids.EXPORT_LINK, href=f"{route_prefix}{DOWNLOAD_ROUTE}?{download_query(view)}",
                   className="csv-link"),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ]),
        dag.AgGrid(id=ids.TABLE, columnDefs=COLUMNS, rowData=rows(ctx, view), getRowId="params.data.iso3",
                   defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 90},
                   dashGridOptions={"animateRows": False, "pagination": False},
                   className="ag-theme-alpine", style={"height": "420px"}),
    ])


def csv_response(ctx: AppContext, view: View, query: str) -> tuple[bytes, str]:
    table = search_rows(status_table(ctx.atlas, view.reading, view.as_of, list(view.blocs)), query)
    return to_csv_bytes(table), export_filename(view.as_of, list(view.blocs), view.reading)


def register(app, ctx: AppContext, route_prefix: str) -> None:
    @app.callback(Output(ids.TABLE, "rowData"), Output(ids.EXPORT_LINK, "href"),
                  Input(ids.SETTLED_AS_OF, "data"), Input(ids.READING, "value"), Input(ids.BLOCS, "value"),
                  Input(ids.TABLE_SEARCH, "value"), prevent_initial_call=True)
    def refresh(as_of, reading, blocs, query):
        view = require_view(ctx, as_of, reading, blocs)
        if not _valid_query(query):
            raise PreventUpdate
        return rows(ctx, view, query or ""), f"{route_prefix}{DOWNLOAD_ROUTE}?{download_query(view, query or '')}"

    @app.callback(Output(ids.EXPORT_DOWNLOAD, "data"), Input(ids.EXPORT_BUTTON, "n_clicks"),
                  State(ids.SETTLED_AS_OF, "data"), State(ids.READING, "value"), State(ids.BLOCS, "value"),
                  State(ids.TABLE_SEARCH, "value"), prevent_initial_call=True)
    def export(_clicks, as_of, reading, blocs, query):
        view = require_view(ctx, as_of, reading, blocs)
        if not _valid_query(query):
            raise PreventUpdate
        content, filename = csv_response(ctx, view, query or "")
        return dcc.send_bytes(content, filename, type="text/csv")

    @app.server.route(DOWNLOAD_ROUTE)
    def download():
        try:
            view = View(
                as_of=check_date(request.args["as_of"], ctx.today()) if "as_of" in request.args else ctx.today(),
                blocs=tuple(check_blocs(request.args.getlist("bloc"), set(ctx.bloc_keys))),
                reading=check_reading(request.args.get("reading")),
                country=None)
            query = request.args.get("q", "")
            if not _valid_query(query):
                raise BadParameter(f"q must be text of at most {MAX_TEXT} characters")
        except BadParameter as error:
            return Response(f"Bad request: {error}\n", status=400, mimetype="text/plain")
        # The resolved as_of is in the tag: without one, the CSV is of today and changes at midnight.
        tag = http_cache.etag_for(ctx.atlas.dataset.version, view.as_of, view.blocs, view.reading, query)
        unchanged = http_cache.not_modified(tag)
        if unchanged:
            return unchanged
        content, filename = csv_response(ctx, view, query)
        response = Response(content, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return http_cache.cacheable(response, tag, max_age=300)


def _valid_query(query: object) -> bool:
    return query is None or (isinstance(query, str) and len(query) <= MAX_TEXT)
