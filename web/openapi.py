"""The contract of every data route: its path, parameters (each with an example that answers something),
responses and their JSON Schema, served as an OpenAPI 3.1 document at /api/v1/openapi.json. The routes
validate with recognition/params.py; the schemas of their rows are built from the same fields that type
their cells (recognition/fields.py), and the tests run every example through the app and validate each
answer against its schema."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from common.context import AppContext
from common.i18n import LANGUAGES
from common.routes import (
    API,
    CHANGES_CSV,
    CHANGES_JSON,
    COUNTS_JSON,
    EVENTS_JSON,
    FEED_ATOM,
    GEOMETRY,
    OPENAPI_JSON,
    STATUS_CSV,
    STATUS_JSON,
    TOPOLOGY,
    Key,
)
from recognition import table_view
from recognition.changes import CHANGE_EVENT_FIELDS, CHANGE_KINDS, STATE_FIELDS
from recognition.event_log import EVENT_FIELDS
from recognition.export import READING_LABELS, export_fields
from recognition.fields import (
    BOOL,
    BY_READING,
    CHOICE,
    CODES,
    DATE,
    INT,
    NUMBER,
    PARTIAL_DATE,
    TEXT,
    URL,
    Field,
)
from recognition.params import MAX_TEXT, VIEW_READINGS, BadParameter, check_date
from recognition.readings import READINGS
from recognition.schema import EVENT_KINDS, TIMELINE_START
from recognition.table_view import (
    DISPLAY_COLUMNS,
    MAX_FILTER_TEXT,
    NUMBER_TYPES,
    TEXT_TYPES,
)
from recognition.timeline import COUNT_FIELDS

VERSION = "1.1"  # of the API under /api/v1: 1.1 gave the JSON typed values (README, "JSON API")
PARTIAL_DAY = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"  # ISO 8601 to the precision known: 2008-02-17, 1992-03, 1992
# An example of the table's filter that keeps rows (the words the table shows, in English).
FILTER_EXAMPLE = json.dumps({"status": {"filterType": "text", "type": "equals", "filter": "Recognises Kosovo"}},
                            separators=(",", ":"))



def _reason(check) -> str:
    try:
        check()
    except BadParameter as error:
        return str(error)
    raise AssertionError("the check accepted its bad example")


# The 400 example: the reason the routes give for as_of=2019-02-30.
BAD_DATE_REASON = _reason(lambda: check_date("2019-02-30", date.max))


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    schema: dict
    example: object                 # a value that, with the operation's other examples, answers something
    repeatable: bool = False
    required: bool = False

    def openapi(self) -> dict:
        schema = {"type": "array", "items": self.schema} if self.repeatable else self.schema
        doc = {"name": self.name, "in": "query", "required": self.required, "description": self.description,
               "schema": schema, "example": self.example}
        if self.repeatable:
            doc.update(style="form", explode=True)
        return doc


@dataclass(frozen=True)
class Operation:
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    media_type: str
    schema: dict                     # of the 200 answer's body
    conditional: bool = True         # answers If-None-Match with 304


def _date(name: str, description: str, example: str, required: bool = False) -> Parameter:
    return Parameter(name, f"{description} YYYY-MM-DD, from {TIMELINE_START.isoformat()} to today.",
                     {"type": "string", "format": "date"}, example, required=required)


def _nullable(schema: dict) -> dict:
    nullable = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        nullable["enum"] = [*schema["enum"], None]
    return nullable


def choice(codes: Sequence[str], labels: Mapping[str, str] | None = None, description: str = "") -> dict:
    """A string from a vocabulary; with labels, what each code means (in the description and as
    x-enumDescriptions, which documentation tools show beside the values)."""
    schema: dict = {"type": "string", "enum": list(codes)}
    if labels:
        meanings = "; ".join(f"{code}: {labels[code]}" for code in codes)
        description = f"{description} ({meanings})" if description else meanings
        schema["x-enumDescriptions"] = {code: labels[code] for code in codes}
    if description:
        schema["description"] = description
    return schema


def field_schema(field: Field) -> dict:
    """The JSON Schema of one typed cell (recognition.fields.json_value)."""
    description = field.description
    if field.kind in (CHOICE, CODES):
        schema = choice(field.choices, field.labels)
        meanings = schema.pop("description", "")
        description = f"{description} ({meanings})" if meanings else description
        if field.kind == CODES:
            schema = {"type": "array", "items": schema, "uniqueItems": True}
    elif field.kind == BY_READING:
        schema = {"type": "object", "properties": {key: choice(field.choices) for key in READINGS},
                  "required": list(READINGS), "additionalProperties": False}
    else:
        schema = {TEXT: {"type": "string"}, URL: {"type": "string", "format": "uri"}, INT: {"type": "integer"},
                  NUMBER: {"type": "number"}, BOOL: {"type": "boolean"}, DATE: {"type": "string", "format": "date"},
                  PARTIAL_DATE: {"type": "string", "pattern": PARTIAL_DAY}}[field.kind]
    schema = _nullable(schema) if field.nullable else schema
    return {"description": description, **schema} if description else schema


def row_schema(fields: Sequence[Field], description: str) -> dict:
    return {"type": "object", "description": description,
            "properties": {field.name: field_schema(field) for field in fields},
            "required": [field.name for field in fields if field.always], "additionalProperties": False}


def _object(properties: dict, description: str = "", optional: Sequence[str] = ()) -> dict:
    schema = {"type": "object", "properties": properties,
              "required": [name for name in properties if name not in optional], "additionalProperties": False}
    return {"description": description, **schema} if description else schema


def _array(items: dict, description: str) -> dict:
    return {"type": "array", "description": description, "items": items}


DAY = {"type": "string", "format": "date"}
TEXT_OR_NULL = {"type": ["string", "null"]}
DAY_OR_NULL = {"type": ["string", "null"], "format": "date"}
COUNT = {"type": "integer", "minimum": 0}
FRESHNESS = {
    "data_version": {"type": "string", "description": "the data's version (a hash of the data files)"},
    "reviewed_on": {**DAY, "description": "the last day the sources were checked for new events"},
    "latest_event": {**DAY, "description": "the day of the newest event in the data"},
    "freshness": {"type": "string", "description": "'Data reviewed up to D; latest event D.', plus 'Events after "
                  "D may be missing.' when the day asked for is after the review day"},
}
ERROR = _object({"error": {"type": "string", "description": "why, in one line"}}, "What was wrong with the request.")


def schemas(ctx: AppContext) -> dict:
    """The document's reusable schemas (components.schemas)."""
    changed = row_schema(STATE_FIELDS, "A state whose status differs between from and to, with its events.")
    changed["properties"]["events"] = _array(ref("ChangeEvent"), "oldest first")
    changed["required"].append("events")
    return {
        "Error": ERROR,
        "StatusRow": row_schema(export_fields(ctx.atlas.bloc_names), "One state or entity on as_of in the reading."),
        "Event": row_schema(EVENT_FIELDS, "A dated event with its parties, evidence and source."),
        "CountStep": row_schema(COUNT_FIELDS, "A day on which a count of UN members changed."),
        "ChangedState": changed,
        "ChangeEvent": row_schema(CHANGE_EVENT_FIELDS, "An event of a changed state after from, up to to."),
    }


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _meta(properties: dict, optional: Sequence[str] = ()) -> dict:
    return _object({**properties, **FRESHNESS}, "What was asked (null where not given), and which data answered.",
                   optional)


def operations(ctx: AppContext) -> list[Operation]:
    blocs = ctx.atlas.bloc_names
    reading = Parameter(Key.READING, "Which party's account of the disputed events counts (default independent).",
                        choice(list(READINGS), READING_LABELS), "serbia")
    view_reading = choice(list(VIEW_READINGS), READING_LABELS)
    bloc = choice(list(ctx.bloc_keys), blocs)

    def columns(kind: str) -> str:
        return ", ".join(column for column, of_kind in DISPLAY_COLUMNS.items() if of_kind == kind)

    filter_words = (f"types for the text columns ({columns(table_view.TEXT)}): {', '.join(TEXT_TYPES)}; for the "
                    f"number column ({columns(table_view.NUMBER)}): {', '.join(NUMBER_TYPES)}")
    status_parameters = (
        _date(Key.AS_OF, "The day to show (inclusive: events on that day count); default today.", "2025-12-31"),
        Parameter(Key.BLOC, "Keep only members of these blocs on as_of (the union); none means every state.",
                  bloc, ["EU"], repeatable=True),
        Parameter(Key.READING, "A reading, or disagreements: the states on which the readings differ "
                  "(default independent).", view_reading, "independent"),
        Parameter(Key.SEARCH, "The table search: name contains, or exact ISO 3166-1 alpha-3 code.",
                  {"type": "string", "maxLength": MAX_TEXT}, "an"),
        Parameter(Key.FILTER, "The table's column filters: an AG Grid filter model as JSON, on the words the table "
                  f"shows (in filter_lang), e.g. {FILTER_EXAMPLE}; {filter_words}; or "
                  '{"operator":"AND"|"OR","conditions":[two of those]} per column. An unknown column, type or '
                  "operator is a 400; words that match no row give no rows.",
                  {"type": "string", "contentMediaType": "application/json", "maxLength": MAX_FILTER_TEXT},
                  FILTER_EXAMPLE),
        Parameter(Key.SORT, "The table's sort: column names separated by commas, a leading '-' for descending, "
                  f"of {', '.join(DISPLAY_COLUMNS)}.", {"type": "string"}, "-recognised_on,name"),
        Parameter(Key.FILTER_LANG, "The language of the words in q and filter, as the page shows them (default "
                  "en); it changes which rows match, never the columns.", choice(list(LANGUAGES)), "en"),
        Parameter(Key.LANG, "Adds name_local, the name in this language (CLDR's, else the atlas's reviewed "
                  "translation), after the other columns; codes, English names and column names never change.",
                  choice(list(LANGUAGES)), "sq"),
    )
    period = (_date(Key.FROM, "First day of the comparison (its status is the starting point).", "2019-12-31",
                    required=True),
              _date(Key.TO, "Last day of the comparison (inclusive); default today.", "2025-12-31"),
              Parameter(reading.name, reading.description, reading.schema, "independent"))
    csv = {"type": "string", "description": "CSV (UTF-8, a header row, LF line ends); cells a spreadsheet would run "
           "as a formula start with '."}
    status_meta = _meta({Key.AS_OF: DAY, Key.READING: view_reading, "blocs": _array(bloc, "the blocs asked for"),
                         Key.SEARCH: TEXT_OR_NULL, Key.FILTER: {**TEXT_OR_NULL, "description": "the filter, as "
                                                                  "canonical JSON"},
                         Key.SORT: TEXT_OR_NULL, Key.LANG: choice(list(LANGUAGES))}, optional=(Key.LANG,))
    return [
        Operation(STATUS_CSV, "Status of every state as CSV",
                  "One row per state or entity; the table and the Download CSV button give the same bytes. "
                  "The file name ends with the data's review date. Columns as StatusRow, with yes/no for the "
                  "booleans, blocs as codes joined by ';' and status_by_reading as 'reading=status;...'.",
                  status_parameters, "text/csv", csv, conditional=False),
        Operation(STATUS_JSON, "Status of every state as JSON",
                  "The rows of the CSV for the same parameters, typed, with metadata (as of, reading, blocs, data "
                  "version, review date, latest event).", status_parameters, "application/json",
                  _object({"meta": status_meta, "rows": _array(ref("StatusRow"), "the rows the table shows, in "
                                                                "its order")})),
        Operation(EVENTS_JSON, "The dated event log",
                  "Every recorded event with who asserts and who disputes it, the evidence and the source.", (
                      Parameter(Key.COUNTRY, "Only this state or entity (ISO 3166-1 alpha-3; XKX is Kosovo).",
                                {"type": "string", "pattern": "^[A-Z]{3}$"}, "GHA"),
                      _date(Key.FROM, "Only events on or after this day.", "2019-01-01"),
                      _date(Key.TO, "Only events on or before this day.", "2023-12-31"),
                      Parameter(Key.TYPE, "Only these kinds of event.", choice(list(EVENT_KINDS)),
                                ["withdrawal_claimed", "claim_denied"], repeatable=True),
                  ), "application/json", _object({
                      "meta": _meta({Key.COUNTRY: TEXT_OR_NULL, Key.FROM: DAY_OR_NULL, Key.TO: DAY_OR_NULL,
                                     Key.TYPE: _array(choice(list(EVENT_KINDS)), "the kinds asked for")}),
                      "events": _array(ref("Event"), "in date order (file order within a day)")})),
        Operation(COUNTS_JSON, "UN member states recognising, over time",
                  "The cumulative series: each day on which the number of UN members recognising or withdrawn "
                  "changes.", (reading,), "application/json", _object({
                      "meta": _meta({Key.READING: reading.schema}),
                      "counts": _array(ref("CountStep"), "oldest first")})),
        Operation(CHANGES_JSON, "What changed between two dates",
                  "States whose status on `to` differs from their status on `from` (gained: now recognises; "
                  "lost: no longer recognises; other), each with the events in between.", period,
                  "application/json", _object({
                      "meta": _meta({Key.FROM: DAY, Key.TO: DAY, Key.READING: reading.schema}),
                      "summary": _object({**{kind: COUNT for kind in CHANGE_KINDS},
                                          "text": {"type": "string", "description": "'+gained / −lost'"},
                                          "un_members_recognising": _object({"from": COUNT, "to": COUNT},
                                                                            "on from and on to")}),
                      "changes": _array(ref("ChangedState"), "gained, then lost, then other; by name within each")})),
        Operation(CHANGES_CSV, "What changed between two dates, as CSV",
                  "The same list as changes.json, one row per state; the file name ends with the review date.",
                  period, "text/csv", csv),
        Operation(FEED_ATOM, "Atom feed of the latest events",
                  "Recognitions, withdrawals, resumptions, claims and denials, newest first, each with its "
                  "parties, evidence and source.", (), "application/atom+xml",
                  {"type": "string", "description": "An Atom 1.0 document (RFC 4287)."}),
        Operation(GEOMETRY, "World map geometry",
                  "The map's GeoJSON (one feature per state or territory, property iso3), Kosovo included.",
                  (), "application/geo+json", _object({
                      "type": {"const": "FeatureCollection"},
                      "features": _array({"type": "object", "required": ["type", "geometry", "properties"]},
                                         "RFC 7946 features")}, "A GeoJSON FeatureCollection (RFC 7946).")
                  | {"additionalProperties": True}),
        Operation(TOPOLOGY, "World map geometry, compact",
                  "The same shapes as TopoJSON (one object, units; property iso3), quantised to 20,000 steps across "
                  "the world: about half the bytes. The map decodes it with topojson-client.",
                  (), "application/json", _object({
                      "type": {"const": "Topology"},
                      "objects": {"type": "object", "required": ["units"]},
                      "arcs": {"type": "array"},
                      "transform": {"type": "object", "required": ["scale", "translate"]}},
                      "A TopoJSON topology (topojson-specification 1.0).")
                  | {"additionalProperties": True}),
        *beyond_operations(),
        Operation(OPENAPI_JSON, "This description", "OpenAPI 3.1 description of every data route.", (),
                  "application/json", {"type": "object", "description": "An OpenAPI 3.1 document.",
                                       "required": ["openapi", "info", "paths"],
                                       "properties": {"openapi": {"const": "3.1.0"}}}),
    ]


def _responses(operation: Operation) -> dict:
    ok = {"description": operation.summary, "content": {operation.media_type: {"schema": operation.schema}}}
    responses = {"200": ok}
    if operation.conditional:
        responses["304"] = {"description": "Not modified: the client's copy (If-None-Match) is current."}
    if operation.parameters:
        if operation.media_type == "application/json":
            error = {"application/json": {"schema": ref("Error"), "example": {"error": BAD_DATE_REASON}}}
        else:
            error = {"text/plain": {"schema": {"type": "string", "pattern": "^Bad request: .*\n$"}}}
        responses["400"] = {"description": "A bad parameter, with a one-line reason.", "content": error}
    return responses


def beyond_operations() -> list[Operation]:
    from web.beyond import operations  # the routes of issue 21 describe themselves
    return operations()


def document(ctx: AppContext, server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {"title": "Kosovo Recognition Atlas data", "version": VERSION,
                 "description": "Read-only, public, sourced data on the international recognition of Kosovo. "
                                "Every response of the same data version and parameters carries the same ETag. "
                                "JSON values are typed: booleans, arrays, objects, null where a value is missing, "
                                "dates as ISO 8601 text (YYYY-MM-DD, or YYYY-MM / YYYY where only that is known). "
                                f"Any other path under {API}/ is a 404 with a JSON error; a method other than GET, "
                                "HEAD or OPTIONS is a 405 naming them in Allow.",
                 "license": {"name": "CC-BY-4.0", "identifier": "CC-BY-4.0"}},
        "servers": [{"url": server_url}],
        "paths": {
            operation.path: {"get": {
                "operationId": operation.path.strip("/").replace("/", "_").replace(".", "_"),
                "summary": operation.summary, "description": operation.description,
                "parameters": [parameter.openapi() for parameter in operation.parameters],
                "responses": _responses(operation),
            }} for operation in operations(ctx)
        },
        "components": {"schemas": schemas(ctx)},
    }
