"""The filtered states as a sortable, searchable table, and the CSV export of exactly the rows it displays.

The button gives, byte for byte, what the download route (web/downloads.py) serves for the same view,
search, column filters and sort: both take their rows from common/status_rows.py."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import ClientsideFunction, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from common import i18n, routes
from common.context import AppContext
from common.i18n import gettext as _
from common.queries import StatusRequest, status_query, valid_search
from common.status_rows import grid_rows, prebuild_default_rows, status_csv
from components import ids
from components.disagreements import SCROLL_HINT
from components.fold import fold
from components.inputs import require_view
from recognition.params import MAX_TEXT, BadParameter, View
from recognition.readings import DEFAULT_READING
from recognition.table_view import (
    UNSET_GRID_QUERY,
    TableQuery,
    check_filter_model,
    check_sort,
    sort_from_column_state,
)
from recognition.words import N_

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
    "cancelFilter": N_("Cancel"), "noMatchingRows": N_("No matching rows"), "blanks": N_("(Blanks)"),
    # The paging panel (present though paging is off), the filter inputs and the headers, as screen readers say them.
    "pageSizeSelectorLabel": N_("Page size:"), "ariaPageSizeSelectorLabel": N_("Page size"),
    "firstPage": N_("First page"), "previousPage": N_("Previous page"), "nextPage": N_("Next page"),
    "lastPage": N_("Last page"), "page": N_("Page"), "of": N_("of"), "to": N_("to"), "more": N_("more"),
    "ariaColumnFiltered": N_("Column filtered"), "ariaFilterColumn": N_("Press Ctrl+Enter to open the filter"),
    "ariaFilterFromValue": N_("Filter from value"), "ariaFilterToValue": N_("Filter to value"),
    "ariaFilterInput": N_("Filter input"), "ariaFilterValue": N_("Filter value"),
    "ariaFilterMenuOpen": N_("Open the filter menu"), "ariaFilteringOperator": N_("Filtering operator"),
    "ariaLabelColumnFilter": N_("Column filter"), "ariaLabelColumnMenu": N_("Column menu"),
    "ariaMenuColumn": N_("Press Alt+Down to open the column menu"), "ariaSortableColumn": N_("Press Enter to sort"),
    "ariaChecked": N_("checked"), "ariaUnchecked": N_("unchecked"),
}
COLUMNS = [
    # Sorted by the names' order in the page's language (name_rank, recognition/table_view.py SORTED_BY).
    {"field": "name", "headerName": N_("State"), "pinned": "left", "minWidth": 110,
     "comparator": {"function": "nodeA.data.name_rank - nodeB.data.name_rank"}},
    {"field": "status", "headerName": N_("Status"), "minWidth": 140},
    {"field": "recognised_on", "headerName": N_("Recognised"), "minWidth": 100},
    {"field": "withdrawn_on", "headerName": N_("Withdrew"), "minWidth": 95},
    # Sorted and filtered by the number; shown in the details' words (common/status_rows.py order_text).
    {"field": "recognition_order", "headerName": N_("Order"), "type": "numericColumn",
     "filter": "agNumberColumnFilter", "minWidth": 110,
     "valueFormatter": {"function": "params.data && params.data.order_text ? params.data.order_text : params.value"}},
    {"field": "un_member", "headerName": N_("UN member"), "minWidth": 95},
    {"field": "diplomatic_relations", "headerName": N_("Relations (now)"), "minWidth": 110},
    {"field": "blocs", "headerName": N_("Blocs"), "minWidth": 170},
    {"field": "evidence", "headerName": N_("Evidence"), "minWidth": 120},
    {"field": "contested", "headerName": N_("Contested"), "minWidth": 95},
    {"field": "iso3", "headerName": N_("Code"), "minWidth": 75},
]
TABLE_ABOUT = N_("Every state and entity with its status, dates and blocs; search, filters and a CSV download")


def layout(ctx: AppContext, view: View, route_prefix: str) -> html.Section:
    # tabIndex -1: the target of the "Skip to the table" link takes the focus.
    panel = {"id": ids.TABLE_PANEL, "className": "table-panel", "tabIndex": "-1", "aria-label": _("States table")}
    return html.Section(**panel, children=fold(_("States"), _(TABLE_ABOUT), [
        html.Div(className="table-tools", children=[
            html.Div(className="table-search-field", children=[
                html.Label(_("Search states"), htmlFor=ids.TABLE_SEARCH, className="table-search-label"),
                dcc.Input(id=ids.TABLE_SEARCH, type="search", placeholder=_("Name or code"), debounce=True,
                          className="table-search", maxLength=MAX_TEXT),
            ]),
            html.Button(_("Download CSV"), id=ids.EXPORT_BUTTON, className="export"),
            html.A(_("CSV link"), id=ids.EXPORT_LINK, href=f"{route_prefix}{routes.STATUS_CSV}?{status_query(view)}",
                   className="csv-link"),
            html.Span(_("The CSV holds the rows shown, with the table's filters and sort."), className="hint"),
            dcc.Download(id=ids.EXPORT_DOWNLOAD),
        ]),
        # The grid's code (dash-ag-grid, ~500 KB) is loaded when the table comes near the viewport or the
        # focus comes into this panel (assets/on_demand.js), then the grid is put in its place here.
        dcc.Store(id=ids.TABLE_WANTED),
        dcc.Store(id=ids.TABLE_QUERY, data=UNSET_GRID_QUERY),
        html.Div(id=ids.TABLE_SLOT, className="table-slot"),
        html.P(_(SCROLL_HINT), className="scroll-hint"),
    ]))


def grid(ctx: AppContext, view: View, search: str = "") -> dag.AgGrid:
    return dag.AgGrid(id=ids.TABLE, columnDefs=[{**column, "headerName": _(column["headerName"])} for column in COLUMNS],
                      rowData=grid_rows(ctx, view, search), getRowId="params.data.iso3",
                      # Headers and cells wrap instead of being cut ("Does not reco…").
                      defaultColDef={"sortable": True, "resizable": True, "filter": "agTextColumnFilter",
                                     "wrapHeaderText": True, "autoHeaderHeight": True, "wrapText": True,
                                     "autoHeight": True, "cellStyle": {"lineHeight": "1.35", "wordBreak": "normal"}},
                      columnSize="responsiveSizeToFit",
                      # The grid is one stop for Tab: arrow keys move inside it, Tab and Shift+Tab leave it
                      # (false hands the key back to the browser), as for any other single control.
                      dashGridOptions={"animateRows": False, "pagination": False,
                                       "localeText": {key: _(text) for key, text in GRID_WORDS.items()},
                                       "tabToNextCell": {"function": "false"},
                                       "tabToNextHeader": {"function": "false"}},
                      className="ag-theme-alpine", style={"height": "420px"})


def _grid_query(query: dict | None) -> TableQuery:
    """The grid's filters and sort, on the words of the page's language."""
    language = i18n.current()
    filter_model, column_state = (query or {}).get("filterModel"), (query or {}).get("columnState")
    try:
        return TableQuery(check_filter_model(filter_model), check_sort(sort_from_column_state(column_state)),
                          None if language == i18n.DEFAULT else language)
    except BadParameter:
        raise PreventUpdate from None


def export_link(view: View, search, grid_query, route_prefix: str) -> str:
    """The CSV link of the view, the search and the grid's filters and sort (components/settled.py); no update
    for a search or grid state that is no such thing."""
    if not valid_search(search):
        raise PreventUpdate
    return f"{route_prefix}{routes.STATUS_CSV}?{status_query(view, search or '', _grid_query(grid_query))}"


def register(app, ctx: AppContext, route_prefix: str) -> None:
    prebuild_default_rows(ctx, DEFAULT_READING)

    @app.callback(Output(ids.TABLE_SLOT, "children"), Input(ids.TABLE_WANTED, "data"),
                  State(ids.AS_OF, "data"), State(ids.READING, "value"), State(ids.BLOCS, "value"),
                  State(ids.TABLE_SEARCH, "value"), prevent_initial_call=True)
    def place_grid(_wanted, as_of, reading, blocs, search):
        return grid(ctx, require_view(ctx, as_of, reading, blocs), search if valid_search(search) and search else "")

    # The link and the export read the grid's filters and sort from this store, which exists before the grid.
    # It changes only when they do (not when the grid is put in place or a column is resized).
    app.clientside_callback(ClientsideFunction(namespace="atlasTable", function_name="query"),
                            Output(ids.TABLE_QUERY, "data"), Input(ids.TABLE, "filterModel"),
                            Input(ids.TABLE, "columnState"), State(ids.TABLE_QUERY, "data"), prevent_initial_call=True)

    @app.callback(Output(ids.TABLE, "rowData"),
                  Input(ids.AS_OF, "data"), Input(ids.READING, "value"), Input(ids.BLOCS, "value"),
                  Input(ids.TABLE_SEARCH, "value"), prevent_initial_call=True)
    def refresh(as_of, reading, blocs, search):
        view = require_view(ctx, as_of, reading, blocs)
        if not valid_search(search):
            raise PreventUpdate
        return grid_rows(ctx, view, search or "")

    @app.callback(Output(ids.EXPORT_DOWNLOAD, "data"), Input(ids.EXPORT_BUTTON, "n_clicks"),
                  State(ids.AS_OF, "data"), State(ids.READING, "value"), State(ids.BLOCS, "value"),
                  State(ids.TABLE_SEARCH, "value"), State(ids.TABLE_QUERY, "data"), prevent_initial_call=True)
    def export(_clicks, as_of, reading, blocs, search, grid_query):
        view = require_view(ctx, as_of, reading, blocs)
        if not valid_search(search):
            raise PreventUpdate
        content, filename = status_csv(ctx, StatusRequest(view, search or "", _grid_query(grid_query),
                                                          None))
        return dcc.send_bytes(content, filename, type="text/csv")
