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
from recognition import schema
from recognition.load import DATA_DIR, load_dataset
from recognition.package import write_package

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
    ("events.csv", "source_kind", "blog", "is not one of"),
    ("events.csv", "accessed_on", TOMORROW, "in the future"),
    ("events.csv", "date_kind", "", "is empty"),
    ("positions.csv", "source_kind", "", "is empty"),
    ("bloc_memberships.csv", "accessed_on", "28/11/2026", "not a YYYY-MM-DD date"),
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


def line_of_both_days(data: Path, date_kind: str, alt_date_kind: str) -> int:
    rows = read_rows(data / "events.csv")
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if row[header.index("date_kind")] == date_kind and row[header.index("alt_date_kind")] == alt_date_kind:
            return number
    raise LookupError((date_kind, alt_date_kind))


def test_an_alternative_day_without_its_kind(data_copy):
    line = line_of_both_days(data_copy, "act", "announcement")
    set_cell(data_copy, "events.csv", line, "alt_date_kind", "")
    expect_error(data_copy, "events.csv", line, "alt_date_kind", "go together")


def test_an_alternative_day_equal_to_the_date(data_copy):
    line = line_of_both_days(data_copy, "act", "announcement")
    set_cell(data_copy, "events.csv", line, "alt_date", read_rows(data_copy / "events.csv")[line - 1][1])
    expect_error(data_copy, "events.csv", line, "alt_date", "same day as date")


def test_the_acts_day_must_come_first(data_copy):
    """The policy: Madagascar's note is dated 5 Dec 2018, announced 7 Dec; the other way round is refused."""
    line = find_line(data_copy, "events.csv", iso3="MDG", event="withdrawal")
    set_cell(data_copy, "events.csv", line, "date_kind", "announcement")
    set_cell(data_copy, "events.csv", line, "alt_date_kind", "act")
    expect_error(data_copy, "events.csv", line, "alt_date_kind", "the act's day goes in date")


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


def test_a_topology_missing_a_unit_of_the_geojson(data_copy):
    path = data_copy / "geometry" / "world_50m.topojson"
    topology = json.loads(path.read_text())
    units = topology["objects"]["units"]["geometries"]
    units[:] = [g for g in units if g["properties"]["iso3"] != "XKX"]
    path.write_text(json.dumps(topology))
    expect_error(data_copy, "geometry/world_50m.topojson", None, "iso3", "no shape for XKX")


def test_a_topology_with_a_unit_the_geojson_lacks(data_copy):
    path = data_copy / "geometry" / "world_50m.topojson"
    topology = json.loads(path.read_text())
    topology["objects"]["units"]["geometries"][4]["properties"]["iso3"] = "NOPE"
    path.write_text(json.dumps(topology))
    expect_error(data_copy, "geometry/world_50m.topojson", 5, "iso3", "not a feature of geometry/world_50m.geojson")


def test_a_topology_that_is_not_one(data_copy):
    (data_copy / "geometry" / "world_50m.topojson").write_text('{"type": "Topology", "objects": {}}')
    expect_error(data_copy, "geometry/world_50m.topojson", None, None, "is not a TopoJSON with the object 'units'")


def test_the_app_refuses_to_start_on_bad_data(data_copy):
    set_cell(data_copy, "events.csv", 7, "date", "2008-02-31")
    result = subprocess.run([sys.executable, "app.py", "--port", "0"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "KRA_DATA_DIR": str(data_copy)})
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()
    assert message == ["Data error: events.csv, row 7, column 'date': '2008-02-31' is not a real date"]
    assert "Traceback" not in result.stderr


def dataset_rows(data: Path) -> dict[str, list]:
    """Every table as plain records (the `_row` line numbers left out), to compare two loads."""
    dataset = load_dataset(data)
    return {name: getattr(dataset, name).drop(columns="_row").astype(str).values.tolist()
            for name in ("states", "events", "positions", "bloc_memberships")}


def test_files_saved_by_spreadsheets_and_editors_load_the_same(data_copy, tmp_path):
    """A byte-order mark, CRLF line ends and blank lines at the end are honest edits."""
    expected = dataset_rows(DATA_DIR)
    for path in sorted(data_copy.rglob("*.csv")):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + (text.replace("\n", "\r\n") + "\r\n\n").encode("utf-8"))
    assert dataset_rows(data_copy) == expected


def test_an_unknown_extra_column_is_ignored_with_one_warning(data_copy):
    from recognition.load import UnknownColumnWarning
    rows = read_rows(data_copy / "positions.csv")
    write_rows(data_copy / "positions.csv", [row[:2] + [f"extra {i}"] + row[2:] for i, row in enumerate(rows)])
    write_package(data_copy)  # an intended edit is followed by `python -m recognition package`
    with pytest.warns(UnknownColumnWarning) as caught:
        loaded = dataset_rows(data_copy)
    assert [str(w.message) for w in caught] == ["positions.csv: ignoring unknown column(s) extra 0"]
    assert loaded == dataset_rows(DATA_DIR)


def quoted_note_line(data: Path, file: str) -> tuple[int, int]:
    """A line whose last cell is quoted, and the byte offset of that opening quote in the file."""
    raw = (data / file).read_bytes()
    offset = 0
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if number > 20 and line.endswith(b'"') and b',"' in line:
            return number, offset + line.rindex(b',"') + 1
        offset += len(line) + 1
    raise LookupError(file)


def cut(data: Path, file: str, at: int) -> None:
    path = data / file
    path.write_bytes(path.read_bytes()[:at])


def test_a_file_cut_inside_a_quoted_note_is_refused(data_copy):
    """The csv module would read the rest of the file into one cell; the app must not start without those rows."""
    line, quote = quoted_note_line(data_copy, "events.csv")
    cut(data_copy, "events.csv", quote + 12)
    expect_error(data_copy, "events.csv", line, None, "never closed")


def test_a_lost_closing_quote_is_refused_where_the_quote_opens(data_copy):
    line, quote = quoted_note_line(data_copy, "events.csv")
    path = data_copy / "events.csv"
    raw = path.read_bytes()
    end = raw.index(b'"\n', quote + 1)
    path.write_bytes(raw[:end] + raw[end + 1:])
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    assert (caught.value.file, caught.value.row) == ("events.csv", line), str(caught.value)
    assert "quote" in caught.value.message


def test_a_file_cut_inside_a_row_is_refused(data_copy):
    raw = (data_copy / "bloc_memberships.csv").read_bytes()
    lines = raw.split(b"\n")
    cut(data_copy, "bloc_memberships.csv", len(b"\n".join(lines[:40])) + 1 + 12)
    expect_error(data_copy, "bloc_memberships.csv", 41, None, "cut short?")


def test_a_file_cut_inside_its_header_is_refused(data_copy):
    cut(data_copy, "events.csv", 30)
    expect_error(data_copy, "events.csv", 1, None, "header lacks")


def test_a_file_cut_to_nothing_is_refused(data_copy):
    cut(data_copy, "states.csv", 0)
    expect_error(data_copy, "states.csv", 1, None, "is empty")


def test_a_file_cut_after_its_header_is_refused(data_copy):
    raw = (data_copy / "headline_counts.csv").read_bytes()
    cut(data_copy, "headline_counts.csv", raw.index(b"\n") + 1)
    expect_error(data_copy, "headline_counts.csv", 2, None, "no rows")


def test_a_file_cut_inside_a_character_is_refused(data_copy):
    raw = (data_copy / "recognition_order.csv").read_bytes()
    inside = raw.index("–".encode("utf-8")) + 1  # the en dash of "2–8" takes three bytes
    cut(data_copy, "recognition_order.csv", inside)
    expect_error(data_copy, "recognition_order.csv", raw[:inside].count(b"\n") + 1, None, "not UTF-8")


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "recognition", "check", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_the_maintainers_check_passes_on_the_shipped_data():
    result = run_check("--data-dir", str(DATA_DIR))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("Independent (third-party sources): ") == 2  # as of today and as of the review date
    latest = max(row[1] for row in read_rows(DATA_DIR / "events.csv")[1:])
    assert f"Latest event: {latest} " in out
    assert "events.csv row" in out and "Reference and other sources still cited" in out
    assert "https://en.wikipedia.org/wiki/List_of_states_with_limited_recognition" in out


def test_the_maintainers_check_fails_with_one_line_on_a_broken_copy(data_copy):
    line, quote = quoted_note_line(data_copy, "events.csv")
    cut(data_copy, "events.csv", quote + 12)
    result = run_check("--data-dir", str(data_copy))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Data error: events.csv, row {line}: a quoted cell is never closed: the file ends inside it (cut short?)"]


# A file cut at a line break parses cleanly: only the row count recorded in datapackage.json shows it.
TRUNCATIONS = {spec.file: 240 if spec.file == "bloc_memberships.csv" else None for spec in schema.ALL_TABLES}


@pytest.mark.parametrize("file", sorted(TRUNCATIONS))
def test_a_file_cut_at_a_line_break_is_refused_naming_both_counts(data_copy, file):
    """bloc_memberships.csv cut to 240 of its lines once loaded silently (the Council of Europe fell to 25)."""
    path = data_copy / file
    lines = path.read_bytes().split(b"\n")[:-1]
    keep = TRUNCATIONS[file] or max(2, len(lines) - 3)
    path.write_bytes(b"\n".join(lines[:keep]) + b"\n")
    error = expect_error(data_copy, file, None, None, f"has {keep - 1} rows but datapackage.json records "
                                                      f"{len(lines) - 1}")
    assert "python -m recognition package" in str(error)


def test_an_edit_without_regenerating_the_package_is_refused_then_accepted_after_it(data_copy):
    line = find_line(data_copy, "positions.csv", iso3="DZA")
    set_cell(data_copy, "positions.csv", line, "source_date", "2019")
    expect_error(data_copy, "positions.csv", None, None, "differs from the file datapackage.json describes")
    result = subprocess.run([sys.executable, "-m", "recognition", "package", "--data-dir", str(data_copy)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert load_dataset(data_copy).positions.set_index("iso3").loc["DZA", "source_date"] == "2019"


def test_the_package_command_refuses_broken_data_and_leaves_the_package_alone(data_copy):
    before = (data_copy / "datapackage.json").read_bytes()
    set_cell(data_copy, "events.csv", 7, "date", "2008-02-31")
    result = subprocess.run([sys.executable, "-m", "recognition", "package", "--data-dir", str(data_copy)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "events.csv, row 7, column 'date'" in result.stderr
    assert (data_copy / "datapackage.json").read_bytes() == before


@pytest.mark.parametrize("file, match, column, value, words", [
    ("bloc_memberships.csv", {"bloc": "OIC", "iso3": "ALB"}, "joined", "1992-09-25", "write the year's first day"),
    ("bloc_memberships.csv", {"bloc": "NATO", "iso3": "FIN"}, "date_precision", "month", "the month's first day"),
    ("events.csv", {"iso3": "MDG", "event": "withdrawal"}, "date_precision", "year", "write the year's first day"),
])
def test_a_day_written_more_precisely_than_known_is_refused(data_copy, file, match, column, value, words):
    line = find_line(data_copy, file, **match)
    set_cell(data_copy, file, line, column, value)
    expect_error(data_copy, file, line, "joined" if file == "bloc_memberships.csv" else "date", words)


def test_a_confirmed_row_without_its_evidence_is_refused(data_copy):
    line = find_line(data_copy, "events.csv", iso3="MDG", event="withdrawal")
    set_cell(data_copy, "events.csv", line, "confirmed", "yes")
    set_cell(data_copy, "events.csv", line, "date_evidence", "")
    expect_error(data_copy, "events.csv", line, "date_evidence", "is empty on a confirmed row")


@pytest.mark.parametrize("iso3, column, value, words", [
    ("TWN", "un_member", "yes", "while kind is non_un"),       # non-UN and a UN member at once
    ("FRA", "un_member", "no", "while kind is un_member"),
    ("TWN", "un_admitted", "2011-07-14", "not a UN member"),   # an admission day on a non-member
    ("FRA", "sovereign_iso3", "DEU", "not a territory"),
])
def test_a_state_row_that_contradicts_itself_is_refused(data_copy, iso3, column, value, words):
    line = find_line(data_copy, "states.csv", iso3=iso3)
    set_cell(data_copy, "states.csv", line, column, value)
    expect_error(data_copy, "states.csv", line, column, words)


def test_overlapping_membership_spells_are_refused(data_copy):
    rows = read_rows(data_copy / "bloc_memberships.csv")
    header = rows[0]
    rejoined = next(row for row in rows if row[:2] == ["COE", "GRC"] and row[header.index("left")] == "")
    rejoined[header.index("joined")] = "1960-01-01"
    write_rows(data_copy / "bloc_memberships.csv", rows)
    expect_error(data_copy, "bloc_memberships.csv", rows.index(rejoined) + 1, "joined", "overlaps the COE spell")


def test_the_check_lists_every_row_that_cannot_be_confirmed():
    result = run_check("--data-dir", str(DATA_DIR))
    unconfirmed = [row for row in read_rows(DATA_DIR / "events.csv")[1:]
                   if row[read_rows(DATA_DIR / "events.csv")[0].index("confirmed")] == "no"]
    assert f"Rows that cannot be confirmed ({len(unconfirmed)})" in result.stdout
    listed = [line for line in result.stdout.splitlines() if line.startswith("  events.csv row ")]
    assert len(listed) == len(unconfirmed)


def test_the_check_ranks_weak_sources_that_alone_decide_a_status_first(data_copy):
    """Madagascar's withdrawal (the event that sets its status in every reading) given a Wikipedia source
    ranks among the rows that decide a status; a denial given the same source ranks below them."""
    wikipedia = "https://en.wikipedia.org/wiki/International_recognition_of_Kosovo"
    line = find_line(data_copy, "events.csv", iso3="MDG", event="withdrawal")
    denial = find_line(data_copy, "events.csv", iso3="SUR", event="claim_denied")
    for number in (line, denial):
        set_cell(data_copy, "events.csv", number, "source_url", wikipedia)
        set_cell(data_copy, "events.csv", number, "source_kind", "reference")
    write_package(data_copy)
    out = run_check("--data-dir", str(data_copy)).stdout
    first = out.split("  1. Events whose weak source alone decides")[1].split("  2. Other events")[0]
    second = out.split("  2. Other events")[1].split("  3. Other files")[0]
    assert f"events.csv row {line}: MDG 2018-12-05 withdrawal -> withdrew in independent, kosovo, serbia" in first
    assert f"events.csv row {denial}: SUR" in second and "MDG" not in second


# ---------------------------------------------------------------------------------------------- translations

def test_an_edited_note_without_its_translation_is_refused(data_copy):
    """The English changed, translations.csv did not: the edited cell is named (and then its former
    translation, which no cell needs any more)."""
    line = find_line(data_copy, "headline_counts.csv", note="Nauru called the 17th")
    set_cell(data_copy, "headline_counts.csv", line, "note", "Nauru called the seventeenth")
    expect_error(data_copy, "headline_counts.csv", line, "note", "no Albanian and Serbian translation")


def test_a_translation_that_no_cell_needs_is_refused(data_copy):
    rows = read_rows(data_copy / "translations.csv")
    write_rows(data_copy / "translations.csv", rows + [["A note nobody wrote", "Një shënim", "Белешка"]])
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["path"] == "translations.csv")
    resource["stats"]["rows"] += 1  # recorded as if packaged: the rule itself must refuse the row
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    expect_error(data_copy, "translations.csv", len(rows) + 1, "en", "no longer the text of any translated cell")


@pytest.mark.parametrize(("column", "value", "words"), [
    ("sq", "Reuters: {{en|more than 120}} vende", "not in the English text"),
    ("sr", "Ројтерс: {{en|more than 110} земаља", "not a quotation"),
    ("sr", "Ројтерс: {{fr|plus de 110}} земаља", "not a quotation"),
])
def test_a_quotation_must_be_marked_and_be_the_sources_words(data_copy, column, value, words):
    line = find_line(data_copy, "translations.csv", en='Reuters on Kenya recognising Kosovo: "more than 110" countries '
                                                      '(a lower bound, all countries, not only UN members)')
    set_cell(data_copy, "translations.csv", line, column, value)
    expect_error(data_copy, "translations.csv", line, column, words)


def test_serbian_in_latin_script_is_derived_and_quotations_stay_english(atlas):
    texts = atlas.dataset.texts
    english = 'Reuters on Kenya recognising Kosovo: "more than 110" countries (a lower bound, all countries, not only UN members)'
    latin = texts.translate(english, "sr_Latn")
    assert latin[0].text.startswith("Rojters") and latin[0].lang is None
    assert (latin[1].text, latin[1].lang) == ("more than 110", "en")
    assert texts.translate(english, "en") is None
