"""The CSV and status.json hold the rows the grid displays: AG Grid's filter semantics for every filter type
and operator, blanks included, and every sort key. The expectations are written by hand from AG Grid's rules
(its text and number filters' evaluateNullValue with the default filterParams; an exclusive inRange);
tests/test_browser_table.py proves the same matrix against the real grid."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from recognition.table_view import TableQuery, apply_query, check_filter_model

# Three rows: a number and a text column with one blank each.
SHOWN = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC"], "recognition_order": [5, 7, None],
                      "status": ["Recognises Kosovo", None, "Does not recognise"]}).astype(object)
SHOWN = SHOWN.where(SHOWN.notna(), None)

# (column, operator, value) -> the codes AG Grid keeps. Blank cells: text keeps them for notEqual,
# notContains and blank; number keeps them for blank only.
EXPECTED = {
    ("recognition_order", "equals", 5): ["AAA"],
    ("recognition_order", "notEqual", 5): ["BBB"],
    ("recognition_order", "greaterThan", 5): ["BBB"],
    ("recognition_order", "greaterThanOrEqual", 5): ["AAA", "BBB"],
    ("recognition_order", "lessThan", 7): ["AAA"],
    ("recognition_order", "lessThanOrEqual", 7): ["AAA", "BBB"],
    ("recognition_order", "inRange", (5, 7)): [],
    ("recognition_order", "inRange", (4, 8)): ["AAA", "BBB"],
    ("recognition_order", "blank", None): ["CCC"],
    ("recognition_order", "notBlank", None): ["AAA", "BBB"],
    ("status", "contains", "recog"): ["AAA", "CCC"],
    ("status", "notContains", "not"): ["AAA", "BBB"],
    ("status", "equals", "recognises kosovo"): ["AAA"],
    ("status", "notEqual", "recognises kosovo"): ["BBB", "CCC"],
    ("status", "startsWith", "does"): ["CCC"],
    ("status", "endsWith", "kosovo"): ["AAA"],
    ("status", "blank", None): ["BBB"],
    ("status", "notBlank", None): ["AAA", "CCC"],
}


def condition(column: str, operator: str, value) -> dict:
    model = {"filterType": "number" if column == "recognition_order" else "text", "type": operator}
    if operator == "inRange":
        model["filter"], model["filterTo"] = value
    elif value is not None:
        model["filter"] = value
    return model


@pytest.mark.parametrize("case", sorted(EXPECTED, key=str), ids=lambda c: f"{c[0]}-{c[1]}")
def test_each_filter_type_and_operator_keeps_what_ag_grid_keeps(case):
    query = TableQuery(check_filter_model({case[0]: condition(*case)}))
    assert list(apply_query(SHOWN, query)["iso3"]) == EXPECTED[case]


def test_two_conditions_join_with_and_or_or():
    both = {"recognition_order": {"filterType": "number", "operator": "OR", "conditions": [
        condition("recognition_order", "equals", 5), condition("recognition_order", "blank", None)]}}
    assert list(apply_query(SHOWN, TableQuery(check_filter_model(both)))["iso3"]) == ["AAA", "CCC"]
    both["recognition_order"]["operator"] = "AND"
    assert list(apply_query(SHOWN, TableQuery(check_filter_model(both)))["iso3"]) == []


def test_every_sort_key_counts_and_blanks_come_first_ascending():
    shown = pd.DataFrame({"iso3": ["A", "B", "C", "D"], "un_member": ["Yes", "No", "Yes", None],
                          "name": ["Alpha", "Beta", "Gamma", "Delta"], "name_rank": [0, 1, 3, 2]}).astype(object)
    shown = shown.where(shown.notna(), None)
    sort = TableQuery(sort=(("un_member", True), ("name", False)))
    assert list(apply_query(shown, sort)["iso3"]) == ["D", "B", "C", "A"]
    sort = TableQuery(sort=(("un_member", False), ("name", True)))
    assert list(apply_query(shown, sort)["iso3"]) == ["A", "C", "B", "D"]


def test_a_number_filter_on_the_real_table_drops_the_blank_orders(client):
    """Order ≠ 5 on 2025-12-31: the states without an order (non-recognisers) are not displayed."""
    model = json.dumps({"recognition_order": {"filterType": "number", "type": "notEqual", "filter": 5}})
    rows = client.get("/api/v1/status.json", query_string={"as_of": "2025-12-31", "filter": model}).get_json()["rows"]
    assert rows and all(row["recognition_order"] not in (None, "", 5) for row in rows)


def test_the_second_sort_key_orders_the_ties_of_the_first(client):
    rows = client.get("/api/v1/status.json", query_string={"as_of": "2025-12-31", "bloc": "EU",
                                                           "sort": "status,-name"}).get_json()["rows"]
    statuses = [row["status"] for row in rows]
    assert statuses == sorted(statuses)
    for status in set(statuses):
        names = [row["name"] for row in rows if row["status"] == status]
        assert names == sorted(names, reverse=True), status


def test_the_table_shows_an_empty_cell_not_a_placeholder_where_a_state_has_no_date(client, context):
    """A state that never withdrew has an empty Withdrew cell in the grid (once it read "nan"), and a "blank"
    filter on it keeps every such state."""
    from datetime import date

    from recognition.export import status_table
    from recognition.table_view import display_table
    shown = display_table(status_table(context.atlas, "independent", date(2025, 12, 31), []), context.atlas.bloc_names)
    never = shown[shown["iso3"] == "FRA"].iloc[0]
    assert never["withdrawn_on"] is None and never["recognised_on"] == "2008-02-18"
    assert shown[shown["iso3"] == "SRB"].iloc[0]["recognised_on"] is None
    rows = client.get("/api/v1/status.json", query_string={
        "as_of": "2025-12-31", "filter": json.dumps({"withdrawn_on": {"filterType": "text", "type": "blank"}})}
    ).get_json()["rows"]
    assert len(rows) > 150 and all(row["withdrawn_on"] is None for row in rows)
