"""Each data file, corrupted in each way the validator knows, stops loading with one message that
names the file, the row and the column; the app itself then exits non-zero with that message."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from recognition.errors import DataError
from recognition.load import DATA_DIR, load_dataset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def set_cell(data: Path, file: str, line: int, column: str, value: str) -> None:
    rows = read_rows(data / file)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(data / file, rows)


def find_line(data: Path, file: str, **match: str) -> int:
    rows = read_rows(data / file)
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if all(row[header.index(k)] == v for k, v in match.items()):
            return number
    raise LookupError(match)


def expect_error(data: Path, file: str, line: int | None, column: str | None, words: str) -> DataError:
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    error = caught.value
    assert (error.file, error.row, error.column) == (file, line, column), str(error)
    assert words in error.message, str(error)
    assert file in str(error) and (line is None or f"row {line}" in str(error))
    return error


TOMORROW = (date.today() + timedelta(days=1)).isoformat()

CELL_CASES = [
    ("events.csv", "iso3", "XXX", "is not a state"),
    ("events.csv", "date", "18/02/2008", "not a YYYY-MM-DD date"),
    ("events.csv", "date", "2019-02-30", "not a real date"),
    ("events.csv", "date", "2008-02-16", "before 2008-02-17"),
    ("events.csv", "date", TOMORROW, "in the future"),
    ("events.csv", "source_url", "", "is empty"),
    ("events.csv", "source_url", "javascript:alert(1)", "not an http(s) URL"),
    ("events.csv", "event", "recognised", "is not one of"),
    ("events.csv", "asserted_by", "belgrade", "is not one of"),
    ("states.csv", "un_member", "maybe", "must be yes or no"),
    ("states.csv", "kind", "", "is empty"),
    ("recognition_order.csv", "order", "first", "not a number"),
    ("recognition_order.csv", "iso3", "ZZZ", "is not a state"),
    ("bloc_memberships.csv", "iso3", "ZZZ", "is not a state"),
    ("bloc_memberships.csv", "bloc", "ASEAN", "is not a bloc"),
    ("bloc_memberships.csv", "joined", "2020-13-01", "not a real date"),
    ("bloc_definitions.csv", "source_url", "", "is empty"),
    ("positions.csv", "source_url", "ftp://example.org/x", "not an http(s) URL"),
    ("positions.csv", "iso3", "QQQ", "is not a state"),
    ("headline_counts.csv", "count", "about 110", "not a number"),
    ("headline_counts.csv", "claimant", "wikipedia", "is not one of"),
    ("code_crosswalk.csv", "iso3", "ABC", "is not a state"),
    ("geometry/small_states.csv", "lon", "east", "not a number"),
]


@pytest.mark.parametrize("file, column, value, words", CELL_CASES)
def test_a_bad_cell_names_file_row_and_column(data_copy, file, column, value, words):
    line = 3
    set_cell(data_copy, file, line, column, value)
    expect_error(data_copy, file, line, column, words)


def test_a_duplicate_event(data_copy):
    rows = read_rows(data_copy / "events.csv")
    rows.append(rows[5])
    write_rows(data_copy / "events.csv", rows)
    expect_error(data_copy, "events.csv", len(rows), "iso3", "duplicates row 6")


def test_a_withdrawal_without_an_earlier_recognition(data_copy):
    line = find_line(data_copy, "events.csv", iso3="NRU", event="withdrawal")
    recognition = find_line(data_copy, "events.csv", iso3="NRU", event="recognition")
    set_cell(data_copy, "events.csv", recognition, "date", "2020-01-01")
    expect_error(data_copy, "events.csv", line, "event", "has no earlier recognition")


def test_a_territory_whose_sovereign_is_unknown(data_copy):
    line = find_line(data_copy, "states.csv", iso3="GRL")
    set_cell(data_copy, "states.csv", line, "sovereign_iso3", "XYZ")
    expect_error(data_copy, "states.csv", line, "sovereign_iso3", "is not a UN member")


def test_a_bloc_membership_that_ends_before_it_starts(data_copy):
    line = find_line(data_copy, "bloc_memberships.csv", bloc="NATO", iso3="FIN")
    set_cell(data_copy, "bloc_memberships.csv", line, "left", "2020-01-01")
    expect_error(data_copy, "bloc_memberships.csv", line, "left", "is not after joined")


def test_a_wrong_header(data_copy):
    rows = read_rows(data_copy / "positions.csv")
    rows[0][1] = "summary"
    write_rows(data_copy / "positions.csv", rows)
    expect_error(data_copy, "positions.csv", 1, None, "header is")


def test_a_short_row(data_copy):
    rows = read_rows(data_copy / "states.csv")
    rows[9] = rows[9][:3]
    write_rows(data_copy / "states.csv", rows)
    expect_error(data_copy, "states.csv", 10, None, "has 3 cells")


def test_a_missing_file(data_copy):
    (data_copy / "headline_counts.csv").unlink()
    expect_error(data_copy, "headline_counts.csv", None, None, "file is missing")


def test_geometry_missing_a_state(data_copy):
    path = data_copy / "geometry" / "world_50m.geojson"
    collection = json.loads(path.read_text())
    collection["features"] = [f for f in collection["features"] if f["properties"]["iso3"] != "XKX"]
    path.write_text(json.dumps(collection))
    expect_error(data_copy, "geometry/world_50m.geojson", None, "iso3", "no feature for XKX")


def test_geometry_with_an_unknown_feature(data_copy):
    path = data_copy / "geometry" / "world_50m.geojson"
    collection = json.loads(path.read_text())
    collection["features"][4]["properties"]["iso3"] = "NOPE"
    path.write_text(json.dumps(collection))
    expect_error(data_copy, "geometry/world_50m.geojson", 5, "iso3", "not in states.csv")


def test_the_app_refuses_to_start_on_bad_data(data_copy):
    set_cell(data_copy, "events.csv", 7, "date", "2008-02-31")
    result = subprocess.run([sys.executable, "app.py", "--port", "0"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "KRA_DATA_DIR": str(data_copy)})
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()
    assert message == ["Data error: events.csv, row 7, column 'date': '2008-02-31' is not a real date"]
    assert "Traceback" not in result.stderr
