"""The OpenAPI document as a program uses it: every parameter example, alone and all together, answers
something through the real app, and every answer (200 and 400) is valid against the operation's JSON
Schema (Draft 2020-12, as OpenAPI 3.1 uses). The JSON carries typed values, never "", "nan" or a CSV cell."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

import feedparser
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:kosovo-recognition-atlas:openapi"


@pytest.fixture(scope="module")
def document(dash_app):
    answer = dash_app.server.test_client().get("/api/v1/openapi.json")
    assert answer.status_code == 200
    return answer.get_json()


def validator(document: dict, pointer: str) -> Draft202012Validator:
    """A validator of the schema at `pointer` in the document, its $refs resolved within the document."""
    registry = Registry().with_resource(DOCUMENT_URI, Resource.from_contents(document, DRAFT202012))
    return Draft202012Validator({"$ref": f"{DOCUMENT_URI}#{pointer}"}, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def example_queries(operation: dict) -> list[list[tuple[str, str]]]:
    """Each parameter's example with the required parameters' examples, and all the examples together."""
    def pairs(parameter):
        value = parameter["example"]
        return [(parameter["name"], v) for v in value] if isinstance(value, list) else [(parameter["name"], value)]

    parameters = operation["parameters"]
    required = [pair for p in parameters if p["required"] for pair in pairs(p)]
    alone = [required + pairs(p) for p in parameters if not p["required"]]
    together = [pair for p in parameters for pair in pairs(p)]
    return [required] + alone + ([together] if len(parameters) > 1 else [])


def body_of(response, media_type: str):
    if media_type.endswith("json"):
        return json.loads(response.data)
    return response.get_data(as_text=True)


def answers_something(body, media_type: str) -> bool:
    """Rows, events, counts, changes, members and acts, milestones, features, entries or CSV records."""
    if media_type == "text/csv":
        return len(list(csv.reader(io.StringIO(body)))) > 1
    if media_type == "application/atom+xml":
        return len(feedparser.parse(body).entries) > 0
    if "paths" in body:  # the document itself
        return bool(body["paths"])
    lists = [value for key, value in body.items() if isinstance(value, list)]
    return bool(lists) and all(lists)


def test_the_document_is_valid_openapi_3_1_with_a_schema_for_every_answer(document):
    validate(document)
    assert document["openapi"] == "3.1.0"
    Draft202012Validator.check_schema(document["components"]["schemas"]["StatusRow"])
    for path, item in document["paths"].items():
        for status, response in item["get"]["responses"].items():
            for media_type, content in response.get("content", {}).items():
                assert "schema" in content, (path, status, media_type)
        for parameter in item["get"]["parameters"]:
            assert "example" in parameter and parameter["description"], (path, parameter["name"])


def test_every_example_answers_something_valid_against_its_schema(client, document):
    checked = 0
    for path, item in document["paths"].items():
        operation = item["get"]
        (media_type,) = operation["responses"]["200"]["content"]
        check = validator(document, f"/paths/{escape(path)}/get/responses/200/content/{escape(media_type)}/schema")
        for query in example_queries(operation):
            url = f"{path}?{urlencode(query)}" if query else path
            response = client.get(url)
            assert response.status_code == 200, (url, response.get_data(as_text=True)[:200])
            assert response.mimetype == media_type, url
            body = body_of(response, media_type)
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(body)]
            assert not errors, (url, errors[:5])
            assert answers_something(body, media_type), f"{url} answers nothing"
            checked += 1
    assert checked >= 40


def bad_value(schema: dict) -> str:
    schema = schema.get("items", schema)
    return "2019-02-30" if schema.get("format") == "date" else "not-a-value"


def test_every_documented_400_is_what_the_route_answers(client, document):
    checked = 0
    for path, item in document["paths"].items():
        operation = item["get"]
        if not operation["parameters"]:
            assert "400" not in operation["responses"]
            continue
        (media_type,) = operation["responses"]["400"]["content"]
        check = validator(document, f"/paths/{escape(path)}/get/responses/400/content/{escape(media_type)}/schema")
        first = operation["parameters"][0]
        response = client.get(f"{path}?{urlencode({first['name']: bad_value(first['schema'])})}")
        assert response.status_code == 400 and response.mimetype == media_type, path
        check.validate(body_of(response, media_type))
        example = operation["responses"]["400"]["content"][media_type].get("example")
        if example is not None:
            check.validate(example)
            if first["name"] == "as_of":  # the example is the answer to as_of=2019-02-30
                assert response.get_json() == example, path
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize("model", [
    {"state": {"filterType": "text", "type": "equals", "filter": "x"}},          # no such column
    {"status": {"filterType": "text", "type": "is", "filter": "x"}},             # no such type
    {"status": {"operator": "XOR", "conditions": [{"type": "blank"}]}},          # no such operator
])
def test_a_filter_naming_an_unknown_column_type_or_operator_is_a_400(client, model):
    response = client.get("/api/v1/status.json", query_string={"filter": json.dumps(model)})
    assert response.status_code == 400
    reason = response.get_json()["error"]
    assert reason and "\n" not in reason


def walk(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from walk(inner)
    else:
        yield value


@pytest.mark.parametrize("url", ["/api/v1/status.json?as_of=2020-03-31&reading=disagreements",
                                 "/api/v1/status.json?as_of=2009-06-30", "/api/v1/events.json",
                                 "/api/v1/changes.json?from=2008-02-17", "/api/v1/layer.json?layer=icj",
                                 "/api/v1/organisations.json"])
def test_json_values_are_typed_never_empty_text_or_nan(client, url):
    body = client.get(url).get_json()
    cells = list(walk(body))
    assert "" not in cells and "nan" not in cells and "NaN" not in cells and "yes" not in cells and "no" not in cells


def test_a_status_row_is_typed(client):
    rows = client.get("/api/v1/status.json?as_of=2025-12-31&bloc=EU").get_json()["rows"]
    austria = next(row for row in rows if row["iso3"] == "AUT")
    assert austria["un_member"] is True and austria["contested"] is False and austria["diplomatic_relations"] is True
    assert austria["blocs"] == ["COE", "EU"] and austria["withdrawn_on"] is None
    assert austria["status_by_reading"] == {"independent": "recognises", "kosovo": "recognises", "serbia": "recognises"}
