"""The filtered status table, exactly as the CSV export and the download route give it."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from recognition import blocs as bloc_lib
from recognition.atlas import Atlas
from recognition.params import DISAGREEMENTS
from recognition.readings import DEFAULT_READING, READINGS

EXPORT_COLUMNS = [
    "iso3", "name", "status", "recognised_on", "withdrawn_on", "status_since", "recognition_order",
    "un_member", "diplomatic_relations", "blocs", "reading", "evidence", "contested", "status_by_reading",
    "source_url",
]
# Spreadsheets run a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def status_table(atlas: Atlas, reading: str, as_of: date, blocs: list[str]) -> pd.DataFrame:
    """One row per state or entity that can recognise, filtered to the union of `blocs` (all when empty).

    The disagreements view lists the states whose status differs between readings, with the
    independent status and every reading's status beside it."""
    status_reading = DEFAULT_READING if reading == DISAGREEMENTS else reading
    status = atlas.status(status_reading, as_of)
    by_reading = {key: atlas.status(key, as_of)["status"].to_numpy() for key in READINGS}
    states = atlas.dataset.states.set_index("iso3")
    order = atlas.dataset.recognition_order.set_index("iso3")
    positions = atlas.dataset.positions.set_index("iso3")["source_url"]
    contested = pd.Series(atlas.contested(as_of), index=atlas.actors)

    table = status.assign(status_by_reading=[";".join(f"{key}={values[i]}" for key, values in by_reading.items())
                                             for i in range(len(status))])
    if reading == DISAGREEMENTS:
        table = table[atlas.disagreement(as_of)]
    if blocs:
        table = table[table["iso3"].isin(atlas.members_of_any(blocs, as_of))]
    iso3 = table["iso3"]
    recognising_now = table["status"] != "does_not_recognise"
    table = table.assign(
        name=iso3.map(states["name"]),
        un_member=iso3.map(states["un_member"]),
        recognition_order=iso3.map(order["order"]).where(recognising_now).astype("Int64"),
        diplomatic_relations=iso3.map(order["diplomatic_relations"]).where(recognising_now),
        blocs=iso3.map(_blocs_by_state(atlas, as_of)).fillna(""),
        reading=reading,
        contested=iso3.map(contested).map({True: "yes", False: "no"}),
        source_url=table["event_source_url"].fillna(iso3.map(positions)).fillna(iso3.map(states["source_url"])),
    )
    return table.sort_values("name", key=lambda s: s.str.casefold())[EXPORT_COLUMNS].reset_index(drop=True)


def _blocs_by_state(atlas: Atlas, as_of: date) -> dict[str, str]:
    """"EU;NATO;..." per state on `as_of`: one pass per bloc rather than one filter per state."""
    found: dict[str, list[str]] = {}
    for bloc in sorted(atlas.bloc_names):
        if bloc in (bloc_lib.UN_BLOC, bloc_lib.NON_UN_BLOC):
            continue
        for code in bloc_lib.members_as_of(atlas.memberships, bloc, as_of):
            found.setdefault(code, []).append(bloc)
    return {code: ";".join(blocs) for code, blocs in found.items()}


def neutralise(value: object) -> object:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe; it stays readable."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    table.map(neutralise).to_csv(buffer, index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return buffer.getvalue().encode("utf-8")


def to_records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts in column order: dates as YYYY-MM-DD, missing cells as None."""
    def cell(value: object) -> object:
        if isinstance(value, date):
            return value.isoformat()
        if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
            return None
        return value.item() if hasattr(value, "item") else value

    return [{column: cell(value) for column, value in zip(frame.columns, row)}
            for row in frame.itertuples(index=False, name=None)]


def export_filename(as_of: date, blocs: list[str], reading: str, reviewed_on: date) -> str:
    """The file's name also says how fresh the data is, so the CSV's columns and bytes need not."""
    scope = "-".join(blocs) if blocs else "all"
    return f"kosovo-recognition_{as_of.isoformat()}_{scope}_{reading}_reviewed-{reviewed_on.isoformat()}.csv"


def search_rows(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """The table search: a case-insensitive match on the name or the code."""
    query = query.strip().casefold()
    if not query:
        return table
    hit = table["name"].str.casefold().str.contains(query, regex=False) | table["iso3"].str.casefold().eq(query)
    return table[hit].reset_index(drop=True)
