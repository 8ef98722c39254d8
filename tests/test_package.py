"""data/datapackage.json: generated from the schema, valid for the frictionless library, and strict enough
that frictionless itself catches a broken link between files or a value outside a vocabulary."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from frictionless import validate
from test_validation import find_line, set_cell

from recognition import schema
from recognition.load import DATA_DIR, read_reviewed_on
from recognition.package import package_text


def test_the_committed_package_is_the_generated_one():
    committed = (DATA_DIR / schema.PACKAGE_FILE).read_text(encoding="utf-8")
    expected = package_text(read_reviewed_on(DATA_DIR, date.today()))
    assert committed == expected, "run: python scripts/build_datapackage.py"


def test_every_csv_file_is_described():
    text = (DATA_DIR / schema.PACKAGE_FILE).read_text(encoding="utf-8")
    on_disk = {p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.csv")}
    assert on_disk == {spec.file for spec in schema.ALL_TABLES}
    assert all(f'"path": "{file}"' in text for file in on_disk)


def errors(report) -> list[tuple]:
    """(resource, row, field, error type) for every error of every file."""
    return [(task.name, getattr(error, "row_number", None), getattr(error, "field_name", None), error.type)
            for task in report.tasks for error in task.errors]


def test_frictionless_finds_the_shipped_package_valid():
    report = validate(DATA_DIR / schema.PACKAGE_FILE)
    assert report.valid, errors(report)[:10]


@pytest.fixture()
def package_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.mark.parametrize("file, match, column, value, resource, kind", [
    ("events.csv", {"iso3": "MDG", "event": "withdrawal"}, "iso3", "QQQ", "events", "foreign-key"),
    ("bloc_memberships.csv", {"bloc": "NATO", "iso3": "FIN"}, "bloc", "ASEAN", "bloc-memberships", "foreign-key"),
    ("events.csv", {"iso3": "MDG", "event": "withdrawal"}, "source_kind", "blog", "events", "constraint-error"),
    ("positions.csv", {"iso3": "DZA"}, "source_url", "", "positions", "constraint-error"),
    ("events.csv", {"iso3": "MDG", "event": "withdrawal"}, "date", "2008-01-01", "events", "constraint-error"),
])
def test_frictionless_catches_what_the_package_declares(package_copy, file, match, column, value, resource, kind):
    line = find_line(package_copy, file, **match)
    set_cell(package_copy, file, line, column, value)
    report = validate(package_copy / schema.PACKAGE_FILE)
    assert (resource, line, kind) in {(r, row, k) for r, row, _, k in errors(report)}, errors(report)
