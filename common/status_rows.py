"""The status table's rows, as the grid shows them (in the page's words) and as the CSV and status.json
give them (codes, in the order the grid displays them): one source for the page, the download and the API."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from common import i18n
from common.context import AppContext
from common.queries import StatusRequest
from recognition.details import order_short
from recognition.export import export_filename, search_rows, status_table, to_csv_bytes
from recognition.params import View
from recognition.table_view import TableQuery, apply_query, display_table


def shown_in(ctx: AppContext, table: pd.DataFrame, search: str, language: str) -> pd.DataFrame:
    """The table as the grid shows it in a language: searched on that language's names, in its words."""
    names = ctx.names(language)
    found = search_rows(table, search, names)
    shown = display_table(found, ctx.atlas.bloc_names, names, ctx.catalogs[language].gettext, ctx.say(language).sort_key)
    # The Order column's words, as the details say it ("shared 2nd–8th"); the number stays for sorting and filters.
    order = ctx.atlas.dataset.recognition_order
    labels = order[order["table"] == "un_members"].set_index("iso3")["order_label"]  # as the details: UN members
    words = ctx.say(language)
    placed = shown["recognition_order"].notna()
    return shown.assign(order_text=[order_short(str(labels[code]), words) if has and code in labels.index else ""
                                    for code, has in zip(shown["iso3"], placed)])


def _grid_rows(ctx: AppContext, reading: str, epoch_day, blocs: tuple[str, ...], search: str,
               language: str) -> tuple[dict, ...]:
    table = status_table(ctx.atlas, reading, epoch_day, list(blocs))
    return tuple(shown_in(ctx, table, search, language).to_dict("records"))


# Views in the same epoch share their rows (see Atlas.epoch_day). Only unsearched views are kept: a key
# of free text typed by a reader would let any client fill the cache.
@lru_cache(maxsize=512)
def _unsearched_rows(ctx: AppContext, reading: str, epoch_day, language: str) -> tuple[dict, ...]:
    """Every state's row (chosen blocs keep their members' rows: grid_rows)."""
    return _grid_rows(ctx, reading, epoch_day, (), "", language)


def grid_rows(ctx: AppContext, view: View, search: str = "") -> list[dict]:
    """The grid's rows in the page's language; in every language in the same order (by English name),
    so that the CSV of a view is the same file whatever language the page is in. Unsearched rows of chosen
    blocs are the rows of all states kept for the epoch, those of the blocs' members."""
    epoch = ctx.atlas.epoch_day(view.as_of)
    if search:
        return list(_grid_rows(ctx, view.reading, epoch, view.blocs, search, i18n.current()))
    rows = _unsearched_rows(ctx, view.reading, epoch, i18n.current())
    if not view.blocs:
        return list(rows)
    members = ctx.atlas.members_of_any(list(view.blocs), epoch)
    return _ranked([row for row in rows if row["iso3"] in members])


def _ranked(rows: list[dict]) -> list[dict]:
    """The rows, each with `name_rank` its place among these rows by name, as display_table ranks a table."""
    rank = [0] * len(rows)
    for place, index in enumerate(sorted(range(len(rows)), key=lambda i: rows[i]["name_rank"])):
        rank[index] = place
    return [{**row, "name_rank": place} for row, place in zip(rows, rank)]


def prebuild_default_rows(ctx: AppContext, reading: str) -> None:
    """The default view's rows for every epoch, in English, built at start-up (about 2 s) so that scrubbing
    never waits for one; another language builds an epoch's rows the first time a page in it settles there."""
    for day in ctx.atlas.epoch_days(ctx.today()):
        _unsearched_rows(ctx, reading, day, i18n.DEFAULT)


def export_rows(ctx: AppContext, view: View, search: str, query: TableQuery) -> pd.DataFrame:
    """The export rows the grid displays for this view, search, filters and sort, in display order
    (the CSV and status.json)."""
    table = status_table(ctx.atlas, view.reading, view.as_of, list(view.blocs))
    if not (search or query.filters or query.sort):
        return table  # the grid shows every row in the table's own order
    shown = apply_query(shown_in(ctx, table, search, query.language or i18n.DEFAULT), query)
    return table.set_index("iso3").loc[shown["iso3"]].reset_index()[table.columns]


def with_local_names(ctx: AppContext, rows: pd.DataFrame, language: str | None) -> pd.DataFrame:
    """The rows as they are, or with `name_local` last: the name in `language` (the `lang` parameter of
    the machine outputs). The page's language never changes them: scripts rely on the English names."""
    if language is None:
        return rows
    return rows.assign(name_local=rows["iso3"].map(ctx.names(language)))


def requested_rows(ctx: AppContext, asked: StatusRequest) -> pd.DataFrame:
    return with_local_names(ctx, export_rows(ctx, asked.view, asked.search, asked.query), asked.language)


def status_csv(ctx: AppContext, asked: StatusRequest) -> tuple[bytes, str]:
    """The CSV bytes and file name of a status request (the download route and the page's button)."""
    view = asked.view
    filename = export_filename(view.as_of, list(view.blocs), view.reading, ctx.atlas.dataset.reviewed_on,
                               asked.language)
    return to_csv_bytes(requested_rows(ctx, asked)), filename
