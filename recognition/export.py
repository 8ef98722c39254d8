"""The filtered status table, exactly as the CSV export and the download route give it."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

import pandas as pd

from recognition import schema
from recognition.atlas import Atlas
from recognition.details import EVIDENCE_LABELS
from recognition.fields import (
    BOOL,
    BY_READING,
    CHOICE,
    CODES,
    INT,
    PARTIAL_DATE,
    TEXT,
    URL,
    Field,
    join_pairs,
    of_column,
)
from recognition.map_data import CLASS_LABELS
from recognition.params import DISAGREEMENTS, VIEW_READINGS, status_reading
from recognition.readings import READINGS, STATUSES
from recognition.collation import ENGLISH_KEY
from recognition.words import machine_day

_DAY = "to the precision known: YYYY-MM-DD, or YYYY-MM or YYYY where only the month or year is"
READING_LABELS = {key: reading.label for key, reading in READINGS.items()} | {
    DISAGREEMENTS: "the states on which the readings differ, with the independent status"}


def export_fields(bloc_names: Mapping[str, str]) -> tuple[Field, ...]:
    """The columns of the status table (CSV and status.json) in order; `bloc_names`: every bloc's code and name."""
    states = {column.name: column for column in schema.STATES.columns}
    return (
        of_column(states["iso3"]), of_column(states["name"]),
        Field("status", CHOICE, "the status on as_of in the reading", STATUSES,
              {code: CLASS_LABELS[code] for code in STATUSES}),
        Field("recognised_on", PARTIAL_DATE, f"the first recognition the reading counts, {_DAY}", nullable=True),
        Field("withdrawn_on", PARTIAL_DATE, f"the withdrawal the reading counts while the state stays withdrawn, "
              f"{_DAY}", nullable=True),
        Field("status_since", PARTIAL_DATE, f"the day the status began, {_DAY}", nullable=True),
        Field("recognition_order", INT, "position in the Wikipedia article's recognition table (a recogniser only)",
              nullable=True),
        Field("un_member", BOOL, "a UN member on as_of (South Sudan from 2011-07-14)"),
        Field("diplomatic_relations", BOOL, "the recognition table's diplomatic relations column (a recogniser "
              "only)", nullable=True),
        Field("blocs", CODES, "the blocs the state belongs to on as_of", tuple(bloc_names), dict(bloc_names)),
        Field("reading", CHOICE, "the reading asked for", VIEW_READINGS, READING_LABELS),
        Field("evidence", CHOICE, "the kind of document behind the event that set the status",
              schema.EVIDENCE_KINDS, EVIDENCE_LABELS, nullable=True),
        Field("contested", BOOL, "on as_of Serbia's reading says the state withdrew while Kosovo's says it still "
              "recognises"),
        Field("status_by_reading", BY_READING, "the status on as_of in each reading", STATUSES),
        Field("source_url", URL, "the source of the event that set the status, else of the position summary, "
              "else of the state row"),
        Field("source_kind", CHOICE, "who published that source", schema.SOURCE_KINDS),
        Field("name_local", TEXT, "the name in the language of `lang` (only when lang is given)", always=False),
    )


EXPORT_COLUMNS = [field.name for field in export_fields({}) if field.always]
# Spreadsheets run a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def status_table(atlas: Atlas, reading: str, as_of: date, blocs: list[str]) -> pd.DataFrame:
    """One row per state or entity that can recognise, filtered to the union of `blocs` (all when empty).

    The disagreements view lists the states whose status differs between readings, with the
    independent status and every reading's status beside it."""
    table = _all_states(atlas, reading, atlas.epoch_day(as_of))
    if blocs:
        table = table[table["iso3"].isin(atlas.members_of_any(blocs, as_of))].reset_index(drop=True)
    return table


# One table per reading and epoch, built the first time it is asked for; the most recent 256 are kept
# (all 159 epochs in all four readings would hold about 70 MB per worker).
@lru_cache(maxsize=256)
def _all_states(atlas: Atlas, reading: str, as_of: date) -> pd.DataFrame:
    shown_reading = status_reading(reading)
    status = atlas.status(shown_reading, as_of)
    by_reading = {key: atlas.status(key, as_of)["status"].to_numpy() for key in READINGS}
    states = atlas.dataset.states.set_index("iso3")
    order = atlas.dataset.recognition_order.set_index("iso3")
    positions = atlas.dataset.positions.set_index("iso3")
    un_member = pd.Series(atlas.un_member_mask(as_of), index=atlas.actors).map({True: "yes", False: "no"})
    contested = pd.Series(atlas.contested(as_of), index=atlas.actors)

    table = status.assign(status_by_reading=[join_pairs({key: values[i] for key, values in by_reading.items()})
                                             for i in range(len(status))])
    if reading == DISAGREEMENTS:
        table = table[atlas.disagreement(as_of)]
    iso3 = table["iso3"]
    recognising_now = table["status"] != "does_not_recognise"
    table = table.assign(
        name=iso3.map(states["name"]),
        un_member=iso3.map(un_member),
        recognition_order=iso3.map(order["order"]).where(recognising_now).astype("Int64"),
        diplomatic_relations=iso3.map(order["diplomatic_relations"]).where(recognising_now),
        blocs=iso3.map(atlas.membership.blocs_by_state(as_of)).fillna(""),
        reading=reading,
        contested=iso3.map(contested).map({True: "yes", False: "no"}),
        # The source of the event that set the status; else the position summary's; else the state row's.
        source_url=_first_source(table, iso3, positions, states, "source_url"),
        source_kind=_first_source(table, iso3, positions, states, "source_kind"),
    )
    # Days as far as they are known: "1992" where only the year is (data/README.md, "Precision").
    table = table.assign(**{column: [None if day is None or pd.isna(day) else
                                     machine_day(day, atlas.history.precision_of(code, day))
                                     for code, day in zip(table["iso3"], table[column])]
                            for column in ("recognised_on", "withdrawn_on", "status_since")})
    return table.sort_values("name", key=lambda names: names.map(ENGLISH_KEY), kind="stable")[EXPORT_COLUMNS].reset_index(drop=True)


def _first_source(table: pd.DataFrame, iso3: pd.Series, positions: pd.DataFrame, states: pd.DataFrame,
                  column: str) -> pd.Series:
    return table[f"event_{column}"].fillna(iso3.map(positions[column])).fillna(iso3.map(states[column]))


def neutralise(value: object) -> object:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe; it stays readable."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    table.map(neutralise).to_csv(buffer, index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return buffer.getvalue().encode("utf-8")


def export_filename(as_of: date, blocs: list[str], reading: str, reviewed_on: date, language: str | None = None) -> str:
    """The file's name also says how fresh the data is, so the CSV's columns and bytes need not; and,
    when it has local names, their language."""
    scope = "-".join(blocs) if blocs else "all"
    names = f"_names-{language}" if language else ""
    return f"kosovo-recognition_{as_of.isoformat()}_{scope}_{reading}_reviewed-{reviewed_on.isoformat()}{names}.csv"


def search_rows(table: pd.DataFrame, query: str, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The table search: a case-insensitive match on the name (in `names`, by iso3, if given) or the code."""
    query = query.strip().casefold()
    if not query:
        return table
    name = table["iso3"].map(names) if names is not None else table["name"]
    hit = name.str.casefold().str.contains(query, regex=False) | table["iso3"].str.casefold().eq(query)
    return table[hit].reset_index(drop=True)
