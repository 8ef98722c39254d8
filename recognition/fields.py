"""The columns of the machine outputs and their JSON types. Each JSON answer's rows are described once, as
Fields: from them the API types every cell (yes/no as true/false, lists of codes as arrays, the readings'
statuses as an object, a missing value as null, dates as ISO 8601 text) and the OpenAPI document builds
its JSON Schema. A column of a data file becomes a Field with `of_column` (its kind, vocabulary and
description from recognition/schema.py), so the files, the answers and the schemas never drift.

The CSV files keep their text cells ("yes", "COE;EU", "independent=recognises;..."): `SEPARATOR` and `PAIR`
are how a list or a mapping is written in one CSV cell, here and in the tables that write them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from recognition import schema

TEXT, URL, INT, NUMBER, BOOL, CHOICE, DATE, PARTIAL_DATE, CODES, BY_READING = (
    "text", "url", "int", "number", "bool", "choice", "date", "partial_date", "codes", "by_reading")
KIND_OF_COLUMN = {"text": TEXT, "url": URL, "int": INT, "float": NUMBER, "yes_no": BOOL, "choice": CHOICE,
                  "date": DATE}
SEPARATOR, PAIR = ";", "="
YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    description: str
    choices: tuple[str, ...] = ()          # CHOICE and CODES: the allowed codes; BY_READING: the statuses
    labels: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)  # what each code means
    nullable: bool = False                 # null where the value is missing
    always: bool = True                    # in every row (False: only when asked for, e.g. name_local)


def of_column(column: schema.Column, **changes) -> Field:
    """A data file's column as a field of an answer: its kind, vocabulary and description; null where the
    file may leave it empty."""
    return replace(Field(column.name, KIND_OF_COLUMN[column.kind], column.description, column.choices,
                         nullable=not column.required), **changes)


def of_table(spec: schema.TableSpec, names: Iterable[str] | None = None) -> tuple[Field, ...]:
    """The fields of a data file's columns (these names, in this order; all of them by default)."""
    columns = {column.name: column for column in spec.columns}
    return tuple(of_column(columns[name]) for name in (columns if names is None else names))


def join_pairs(pairs: Mapping[str, str]) -> str:
    return SEPARATOR.join(f"{key}{PAIR}{value}" for key, value in pairs.items())


def _plain(value: object) -> object:
    """A pandas or numpy cell as a Python value: dates as YYYY-MM-DD, a missing cell or "" as None."""
    if isinstance(value, date):
        return value.isoformat()
    if value is None or pd.isna(value) or value == "":
        return None
    return value.item() if hasattr(value, "item") else value


def json_value(described: Field, value: object) -> object:
    value = _plain(value)
    if described.kind == CODES:
        return [] if value is None else value.split(SEPARATOR)
    if value is None:
        return None
    if described.kind == BOOL:
        return value if isinstance(value, bool) else YES_NO[value]
    if described.kind == BY_READING:
        return dict(part.split(PAIR, 1) for part in value.split(SEPARATOR))
    return value


def records(frame: pd.DataFrame, fields: Sequence[Field]) -> list[dict]:
    """Rows as JSON-ready dicts in column order, each cell typed by its field. A column without a field is
    a bug (KeyError): no answer carries a value its schema does not describe."""
    described = [{f.name: f for f in fields}[column] for column in frame.columns]
    return [{f.name: json_value(f, value) for f, value in zip(described, row)}
            for row in frame.itertuples(index=False, name=None)]
