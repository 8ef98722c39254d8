"""The states table as the reader sees it (words, not codes) and the table's own column filters and sort,
applied here with AG Grid's semantics, so the CSV holds exactly the rows displayed, in display order.

Filters use AG Grid's filter model (what the grid reports, and what the download route accepts as
the `filter` parameter, as JSON); the sort is `sort=name,-recognised_on` (a leading '-' is descending).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recognition import bounded_json
from recognition.collation import ENGLISH_KEY
from recognition.details import EVIDENCE_LABELS
from recognition.fields import SEPARATOR
from recognition.map_data import CLASS_LABELS
from recognition.params import BadParameter
from recognition.words import N_

# The grid's columns: field -> kind of AG Grid filter. Text cells compare as text, case-insensitively.
TEXT, NUMBER = "text", "number"
DISPLAY_COLUMNS = {
    "name": TEXT, "status": TEXT, "recognised_on": TEXT, "withdrawn_on": TEXT, "recognition_order": NUMBER,
    "un_member": TEXT, "diplomatic_relations": TEXT, "blocs": TEXT, "evidence": TEXT, "contested": TEXT,
    "iso3": TEXT,
}
TEXT_TYPES = ("contains", "notContains", "equals", "notEqual", "startsWith", "endsWith", "blank", "notBlank")
NUMBER_TYPES = ("equals", "notEqual", "greaterThan", "greaterThanOrEqual", "lessThan", "lessThanOrEqual",
                "inRange", "blank", "notBlank")
# The filter types that match an empty cell, as AG Grid decides (its filters' evaluateNullValue, with the
# default filterParams): a text filter lets "does not equal" and "does not contain" keep empty cells; a
# number filter keeps them only for "blank" (includeBlanksInNotEqual and its siblings default to false).
NULL_MATCHES = {TEXT: ("notEqual", "notContains", "blank"), NUMBER: ("blank",)}
MAX_FILTER_TEXT = 2000
# The deepest model the table sends, a column's two conditions, is 4 levels: {column: {conditions: [{...}]}}.
MAX_FILTER_DEPTH = 4
YES_NO_WORDS = {"yes": N_("Yes"), "no": N_("No")}


# The grid sorts the State column by the names' order in the page's language (components/table.py), not by
# code unit, so "The Bahamas" comes under B and Albanian Ç after C.
SORTED_BY = {"name": "name_rank"}


def display_table(table: pd.DataFrame, bloc_names: Mapping[str, str], names: Mapping[str, str] | None = None,
                  word: Callable[[str], str] = str, sort_key: Callable[[str], object] = ENGLISH_KEY) -> pd.DataFrame:
    """The export table in words: one row per state, the columns of the grid, empty cells as None. In
    another language: `names` gives every state's name (by iso3), `word` each English label's translation,
    `sort_key` the order of its names (`name_rank`: the place of the row's name in that order)."""
    def words(column: str, labels: dict[str, str]) -> pd.Series:
        return table[column].map({key: word(label) for key, label in labels.items()})

    shown = pd.DataFrame({
        "iso3": table["iso3"],
        "name": table["iso3"].map(names) if names is not None else table["name"],
        "status": words("status", CLASS_LABELS),
        # Already text in the export table, to the precision known (2008-02-17, 1992-03, 1992).
        "recognised_on": table["recognised_on"].map(lambda d: d if isinstance(d, str) and d else None),
        "withdrawn_on": table["withdrawn_on"].map(lambda d: d if isinstance(d, str) and d else None),
        "recognition_order": table["recognition_order"],
        "un_member": words("un_member", YES_NO_WORDS),
        "diplomatic_relations": words("diplomatic_relations", YES_NO_WORDS),
        "blocs": table["blocs"].map(lambda codes: ", ".join(word(bloc_names.get(c, c)) for c in codes.split(SEPARATOR))
                                    if codes else None),
        "evidence": words("evidence", EVIDENCE_LABELS),
        "contested": words("contested", YES_NO_WORDS),
    })
    keys = [sort_key(name) for name in shown["name"]]
    rank = [0] * len(keys)
    for place, row in enumerate(sorted(range(len(keys)), key=keys.__getitem__)):
        rank[row] = place
    shown["name_rank"] = rank
    return shown.astype(object).where(shown.notna(), None)


@dataclass(frozen=True)
class TableQuery:
    """The grid's column filters (AG Grid filter model) and sort, both already checked."""

    filters: tuple[tuple[str, str], ...] = ()   # (column, canonical JSON of its filter)
    sort: tuple[tuple[str, bool], ...] = ()      # (column, ascending)
    language: str | None = None                  # the language of the words filtered on (None: English)

    def filter_param(self) -> str:
        return json.dumps({c: json.loads(f) for c, f in self.filters}, separators=(",", ":"), sort_keys=True) \
            if self.filters else ""

    def sort_param(self) -> str:
        return ",".join(("" if ascending else "-") + column for column, ascending in self.sort)


def _check_condition(column: str, condition: object) -> dict:
    kind = DISPLAY_COLUMNS[column]
    if not isinstance(condition, dict):
        raise BadParameter(f"filter for {column} must be an object")
    types = TEXT_TYPES if kind == TEXT else NUMBER_TYPES
    if condition.get("type") not in types:
        raise BadParameter(f"filter type for {column} must be one of {', '.join(types)}")
    kept = {"filterType": kind, "type": condition["type"]}
    if condition["type"] in ("blank", "notBlank"):
        return kept
    for key in ("filter", "filterTo") if condition["type"] == "inRange" else ("filter",):
        value = condition.get(key)
        if kind == TEXT and not isinstance(value, str):
            raise BadParameter(f"filter for {column} needs a text value")
        if kind == NUMBER and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise BadParameter(f"filter for {column} needs a number")
        kept[key] = value
    return kept


def check_filter_model(text: object) -> tuple[tuple[str, str], ...]:
    """AG Grid's filter model (JSON text or the parsed object) -> checked, canonical filters."""
    if text is None or text == "" or text == {}:
        return ()
    if isinstance(text, str):
        if len(text) > MAX_FILTER_TEXT:
            raise BadParameter(f"filter must be at most {MAX_FILTER_TEXT} characters")
        try:
            text = bounded_json.loads(text, MAX_FILTER_DEPTH)
        except bounded_json.TooDeep as error:
            raise BadParameter(f"filter: {error}") from None
        except ValueError:
            raise BadParameter("filter must be a JSON object (the table's filter model)") from None
    if not isinstance(text, dict):
        raise BadParameter("filter must be a JSON object (the table's filter model)")
    checked = []
    for column, model in sorted(text.items()):
        if column not in DISPLAY_COLUMNS:
            raise BadParameter(f"cannot filter on unknown column {str(column)[:40]!r}")
        if isinstance(model, dict) and "conditions" in model:
            operator = model.get("operator")
            conditions = model["conditions"]
            if operator not in ("AND", "OR") or not isinstance(conditions, list) or not 1 <= len(conditions) <= 2:
                raise BadParameter(f"filter for {column}: operator AND or OR with one or two conditions")
            kept = {"filterType": DISPLAY_COLUMNS[column], "operator": operator,
                    "conditions": [_check_condition(column, c) for c in conditions]}
        else:
            kept = _check_condition(column, model)
        checked.append((column, json.dumps(kept, separators=(",", ":"), sort_keys=True)))
    return tuple(checked)


def check_sort(text: object) -> tuple[tuple[str, bool], ...]:
    if text is None or text == "":
        return ()
    if not isinstance(text, str) or len(text) > 300:
        raise BadParameter("sort must be column names separated by commas")
    order = []
    for part in text.split(","):
        column = part.lstrip("-")
        if column not in DISPLAY_COLUMNS or column in (c for c, _ in order):
            raise BadParameter(f"cannot sort on {column[:40]!r}")
        order.append((column, not part.startswith("-")))
    return tuple(order)


# What of a column's state (AG Grid's columnState) the sort is read from: the page keeps only these, of the
# sorted columns (assets/on_demand.js), so that a column's width changing asks nothing of the server.
SORT_FIELDS = ("colId", "sort", "sortIndex")
# The grid's filters and sort before the reader has set any: the same as the page keeps once the grid is there.
UNSET_GRID_QUERY = {"filterModel": None, "columnState": []}


def sort_from_column_state(state: object) -> str:
    """The grid's column state -> the `sort` parameter (columns by sortIndex)."""
    if not isinstance(state, list):
        return ""
    sorted_columns = [c for c in state if isinstance(c, dict) and c.get("sort") in ("asc", "desc")
                      and c.get("colId") in DISPLAY_COLUMNS]
    sorted_columns.sort(key=lambda c: c.get("sortIndex") if isinstance(c.get("sortIndex"), int) else 0)
    return ",".join(("" if c["sort"] == "asc" else "-") + c["colId"] for c in sorted_columns)


def _matches(values: pd.Series, kind: str, condition: dict) -> np.ndarray:
    kind_of = condition["type"]
    present = values.notna().to_numpy()
    if kind_of == "blank":
        return ~present
    if kind_of == "notBlank":
        return present
    if kind == TEXT:
        cells = values.fillna("").astype(str).str.lower()
        wanted = condition["filter"].lower()
        tests = {"contains": lambda: cells.str.contains(wanted, regex=False),
                 "notContains": lambda: ~cells.str.contains(wanted, regex=False),
                 "equals": lambda: cells == wanted, "notEqual": lambda: cells != wanted,
                 "startsWith": lambda: cells.str.startswith(wanted), "endsWith": lambda: cells.str.endswith(wanted)}
        hit = tests[kind_of]().to_numpy()
    else:
        cells = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        low = condition["filter"]
        tests = {"equals": lambda: cells == low, "notEqual": lambda: cells != low,
                 "greaterThan": lambda: cells > low, "greaterThanOrEqual": lambda: cells >= low,
                 "lessThan": lambda: cells < low, "lessThanOrEqual": lambda: cells <= low,
                 "inRange": lambda: (cells > low) & (cells < condition.get("filterTo", low))}
        with np.errstate(invalid="ignore"):
            hit = np.asarray(tests[kind_of](), dtype=bool)
    return np.where(present, hit, kind_of in NULL_MATCHES[kind])


def apply_query(shown: pd.DataFrame, query: TableQuery) -> pd.DataFrame:
    """The rows the grid displays for these filters, in the order it displays them."""
    keep = np.ones(len(shown), dtype=bool)
    for column, text in query.filters:
        model = json.loads(text)
        kind = DISPLAY_COLUMNS[column]
        if "conditions" in model:
            parts = [_matches(shown[column], kind, c) for c in model["conditions"]]
            hit = np.logical_and.reduce(parts) if model["operator"] == "AND" else np.logical_or.reduce(parts)
        else:
            hit = _matches(shown[column], kind, model)
        keep &= hit
    result = shown[keep]
    # AG Grid's default comparator: empty cells first when ascending, text by code unit, a stable sort.
    for column, ascending in reversed(query.sort):
        key = result[SORTED_BY.get(column, column)].map(lambda v: (v is not None, v if v is not None else ""))
        result = result.iloc[sorted(range(len(result)), key=lambda i: key.iloc[i], reverse=not ascending)]
    return result
