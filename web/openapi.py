"""The contract of every data route: its path, parameters and responses, served as an OpenAPI 3.1
document at /api/v1/openapi.json. The routes themselves validate with recognition/params.py; the
tests check that each documented parameter is validated and that no data route is left out."""

from __future__ import annotations

from dataclasses import dataclass

from common.context import AppContext
from common.i18n import LANGUAGES
from common.routes import (
    CHANGES_CSV,
    CHANGES_JSON,
    COUNTS_JSON,
    EVENTS_JSON,
    FEED_ATOM,
    GEOMETRY,
    OPENAPI_JSON,
    STATUS_CSV,
    STATUS_JSON,
    Key,
)
from recognition.params import MAX_TEXT, VIEW_READINGS
from recognition.readings import READINGS
from recognition.schema import EVENT_KINDS, TIMELINE_START
from recognition.table_view import MAX_FILTER_TEXT


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    schema: dict
    repeatable: bool = False
    required: bool = False

    def openapi(self) -> dict:
        schema = {"type": "array", "items": self.schema} if self.repeatable else self.schema
        doc = {"name": self.name, "in": "query", "required": self.required, "description": self.description,
               "schema": schema}
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
    conditional: bool = True   # answers If-None-Match with 304


def _date(name: str, description: str, required: bool = False) -> Parameter:
    return Parameter(name, f"{description} YYYY-MM-DD, from {TIMELINE_START.isoformat()} to today.",
                     {"type": "string", "format": "date"}, required=required)


def operations(ctx: AppContext) -> list[Operation]:
    reading = Parameter(Key.READING, "Which party's account of the disputed events counts (default independent).",
                        {"type": "string", "enum": list(READINGS)})
    status_parameters = (
        _date(Key.AS_OF, "The day to show (inclusive: events on that day count); default today."),
        Parameter(Key.BLOC, "Keep only members of these blocs on as_of (the union); none means every state.",
                  {"type": "string", "enum": list(ctx.bloc_keys)}, repeatable=True),
        Parameter(Key.READING, "A reading, or disagreements: the states on which the readings differ "
                  "(default independent).", {"type": "string", "enum": list(VIEW_READINGS)}),
        Parameter(Key.SEARCH, "The table search: name contains, or exact ISO 3166-1 alpha-3 code.",
                  {"type": "string", "maxLength": MAX_TEXT}),
        Parameter(Key.FILTER, "The table's column filters: an AG Grid filter model as JSON, e.g. "
                  '{"status":{"filterType":"text","type":"equals","filter":"Recognises"}}.',
                  {"type": "string", "contentMediaType": "application/json", "maxLength": MAX_FILTER_TEXT}),
        Parameter(Key.SORT, "The table's sort: column names separated by commas, a leading '-' for descending, "
                  "e.g. -recognised_on,name.", {"type": "string"}),
        Parameter(Key.FILTER_LANG, "The language of the words in q and filter, as the page shows them (default "
                  "en); it changes which rows match, never the columns.", {"type": "string", "enum": list(LANGUAGES)}),
        Parameter(Key.LANG, "Adds name_local, the name in this language (CLDR's, else the atlas's reviewed "
                  "translation), after the other columns; codes, English names and column names never change.",
                  {"type": "string", "enum": list(LANGUAGES)}),
    )
    period = (_date(Key.FROM, "First day of the comparison (its status is the starting point).", required=True),
              _date(Key.TO, "Last day of the comparison (inclusive); default today."), reading)
    return [
        Operation(STATUS_CSV, "Status of every state as CSV",
                  "One row per state or entity; the table and the Download CSV button give the same bytes. "
                  "The file name ends with the data's review date.", status_parameters, "text/csv",
                  conditional=False),
        Operation(STATUS_JSON, "Status of every state as JSON",
                  "The rows of the CSV for the same parameters, with metadata (as of, reading, blocs, data "
                  "version, review date, latest event).", status_parameters, "application/json"),
        Operation(EVENTS_JSON, "The dated event log",
                  "Every recorded event with who asserts and who disputes it, the evidence and the source.", (
                      Parameter(Key.COUNTRY, "Only this state or entity (ISO 3166-1 alpha-3; XKX is Kosovo).",
                                {"type": "string", "pattern": "^[A-Z]{3}$"}),
                      _date(Key.FROM, "Only events on or after this day."),
                      _date(Key.TO, "Only events on or before this day."),
                      Parameter(Key.TYPE, "Only these kinds of event.", {"type": "string", "enum": list(EVENT_KINDS)},
                                repeatable=True),
                  ), "application/json"),
        Operation(COUNTS_JSON, "UN member states recognising, over time",
                  "The cumulative series: each day on which the number of UN members recognising or withdrawn "
                  "changes.", (reading,), "application/json"),
        Operation(CHANGES_JSON, "What changed between two dates",
                  "States whose status on `to` differs from their status on `from` (gained: now recognises; "
                  "lost: no longer recognises; other), each with the events in between.", period,
                  "application/json"),
        Operation(CHANGES_CSV, "What changed between two dates, as CSV",
                  "The same list as changes.json, one row per state; the file name ends with the review date.",
                  period, "text/csv"),
        Operation(FEED_ATOM, "Atom feed of the latest events",
                  "Recognitions, withdrawals, resumptions, claims and denials, newest first, each with its "
                  "parties, evidence and source.", (), "application/atom+xml"),
        Operation(GEOMETRY, "World map geometry",
                  "The map's GeoJSON (one feature per state or territory, property iso3), Kosovo included.",
                  (), "application/geo+json"),
        *beyond_operations(),
        Operation(OPENAPI_JSON, "This description", "OpenAPI 3.1 description of every data route.", (),
                  "application/json"),
    ]


ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}


def _responses(operation: Operation) -> dict:
    responses = {"200": {"description": operation.summary, "content": {operation.media_type: {}}}}
    if operation.conditional:
        responses["304"] = {"description": "Not modified: the client's copy (If-None-Match) is current."}
    if operation.parameters:
        media = operation.media_type if operation.media_type == "application/json" else "text/plain"
        error = {"schema": ERROR} if media == "application/json" else {}
        responses["400"] = {"description": "A bad parameter, with a one-line reason.", "content": {media: error}}
    return responses


def beyond_operations() -> list[Operation]:
    from web.beyond import operations  # the routes of issue 21 describe themselves
    return operations()


def document(ctx: AppContext, server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kosovo Recognition Atlas data", "version": "1",
                 "description": "Read-only, public, sourced data on the international recognition of Kosovo. "
                                "Every response of the same data version and parameters carries the same ETag.",
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
    }
