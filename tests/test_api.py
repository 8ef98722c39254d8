"""The publishers' routes through a real HTTP client: JSON API, compare CSV, Atom feed, OpenAPI.
Each answer is checked against the core (or the CSV route) for the same parameters."""

from __future__ import annotations

import html
import io
import json
import string
from datetime import date
from urllib.parse import urlencode

import feedparser
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from recognition import schema
from recognition.changes import changes_between, changes_table
from recognition.details import ASSERTER_LABELS, EVIDENCE_LABELS
from recognition.event_log import select_events
from recognition.export import neutralise, to_csv_bytes
from recognition.load import DATA_DIR
from recognition.timeline import count_steps

DATA_PREFIXES = ("/api/", "/download/", "/geometry/", "/feed.")
STATUS_FILTER = '{"status":{"filterType":"text","type":"equals","filter":"Does not recognise"}}'
STATUS_QUERIES = ["as_of=2025-12-31&bloc=EU", "as_of=2020-03-31&reading=serbia", "as_of=2020-03-31&reading=disagreements",
                  "as_of=2019-12-31&bloc=NATO&bloc=AU&q=an", "q=PLW", "",
                  urlencode({"as_of": "2025-12-31", "bloc": "EU", "filter": STATUS_FILTER, "sort": "-name"}),
                  "sort=-recognised_on,name"]
BAD_JSON_QUERIES = [
    ("/api/v1/status.json", "as_of=2019-02-30"), ("/api/v1/status.json", "bloc=ASEAN"),
    ("/api/v1/status.json", "reading=belgrade"), ("/api/v1/status.json", "q=" + "x" * 500),
    ("/api/v1/events.json", "country=XXX"), ("/api/v1/events.json", "from=2008-02-16"),
    ("/api/v1/events.json", "to=2999-01-01"), ("/api/v1/events.json", "type=rumour"),
    ("/api/v1/events.json", "from=2020-01-02&to=2020-01-01"), ("/api/v1/counts.json", "reading=disagreements"),
    ("/api/v1/changes.json", ""), ("/api/v1/changes.json", "from=2019-12-31&to=2019-12-30"),
    ("/api/v1/changes.json", "from=yesterday"), ("/api/v1/changes.json", "from=2019-12-31&reading=x"),
]


def get_json(client, path, query=""):
    response = client.get(f"{path}?{query}" if query else path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def csv_cells(value) -> str:
    """A typed JSON cell as the CSV writes it: yes/no, codes joined by ';', 'reading=status;...'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dict):
        return ";".join(f"{key}={status}" for key, status in value.items())
    return str(neutralise(value))


@pytest.mark.parametrize("query", STATUS_QUERIES)
def test_status_json_rows_equal_the_csv_rows(client, query):
    rows = get_json(client, "/api/v1/status.json", query)["rows"]
    csv = pd.read_csv(io.BytesIO(client.get(f"/download/status.csv?{query}").data), dtype=str, keep_default_na=False)
    assert len(rows) == len(csv) and all(list(row) == list(csv.columns) for row in rows)
    assert [[csv_cells(v) for v in row.values()] for row in rows] == csv.values.tolist()


def test_status_json_metadata(client, context):
    meta = get_json(client, "/api/v1/status.json", "as_of=2019-12-31&bloc=NATO&bloc=EU&reading=kosovo&sort=-name")["meta"]
    dataset = context.atlas.dataset
    latest = max(pd.read_csv(DATA_DIR / schema.EVENTS.file, dtype=str)["date"])
    assert meta == {"as_of": "2019-12-31", "reading": "kosovo", "blocs": ["NATO", "EU"], "q": None, "filter": None,
                    "sort": "-name",
                    "data_version": dataset.version, "reviewed_on": dataset.reviewed_on.isoformat(),
                    "latest_event": latest,
                    "freshness": f"Data reviewed up to {dataset.reviewed_on.isoformat()}; latest event {latest}."}
    assert get_json(client, "/api/v1/status.json")["meta"]["as_of"] == date.today().isoformat()


def test_events_json_equals_the_core(client, atlas):
    body = get_json(client, "/api/v1/events.json", "country=SRB")["events"]
    assert body == []  # Serbia recognises nothing; a known state with no events is an empty list
    body = get_json(client, "/api/v1/events.json", "from=2020-03-01&to=2023-12-31&type=withdrawal_claimed&type=claim_denied")
    core = select_events(atlas, None, date(2020, 3, 1), date(2023, 12, 31), ["withdrawal_claimed", "claim_denied"])
    assert [(e["iso3"], e["date"], e["event"], e["asserted_by"]) for e in body["events"]] == \
        [(e.iso3, e.date.isoformat(), e.event, e.asserted_by) for e in core.itertuples()]
    assert body["meta"]["from"] == "2020-03-01" and body["meta"]["type"] == ["withdrawal_claimed", "claim_denied"]
    every = get_json(client, "/api/v1/events.json")["events"]
    file = pd.read_csv(DATA_DIR / schema.EVENTS.file, dtype=str, keep_default_na=False)
    assert len(every) == len(file) and set(file.columns) <= set(every[0])
    palau = [e for e in every if e["iso3"] == "PLW"]
    assert {e["source_url"] for e in palau} == set(file.loc[file["iso3"] == "PLW", "source_url"])


@pytest.mark.parametrize("reading", ["independent", "kosovo", "serbia"])
def test_counts_json_equals_the_core(client, context, reading):
    body = get_json(client, "/api/v1/counts.json", f"reading={reading}")
    steps = count_steps(context.series[reading])
    assert [(c["date"], c["un_members_recognising"], c["un_members_withdrawn"]) for c in body["counts"]] == \
        [(s.date.isoformat(), s.un_members_recognising, s.un_members_withdrawn) for s in steps.itertuples()]
    assert body["meta"]["reading"] == reading


@pytest.mark.parametrize("reading", ["independent", "kosovo", "serbia"])
def test_changes_2019_to_2025_equal_the_core(client, atlas, reading):
    body = get_json(client, "/api/v1/changes.json", f"from=2019-12-31&to=2025-12-31&reading={reading}")
    core = changes_between(atlas, reading, date(2019, 12, 31), date(2025, 12, 31))
    assert [(c["iso3"], c["change"], c["status_from"], c["status_to"]) for c in body["changes"]] == \
        list(core.states[["iso3", "change", "status_from", "status_to"]].itertuples(index=False, name=None))
    for change in body["changes"]:
        own = core.events_of(change["iso3"])
        assert [(e["date"], e["event"], e["source_url"], e["counted"]) for e in change["events"]] == \
            [(e.date.isoformat(), e.event, e.source_url, e.counted) for e in own.itertuples()]
    assert body["summary"]["text"] == core.summary()
    assert body["summary"]["gained"] == core.count("gained") and body["summary"]["lost"] == core.count("lost")
    assert body["summary"]["un_members_recognising"] == {"from": core.un_recognising_from,
                                                         "to": core.un_recognising_to}


def test_changes_csv_is_the_compare_list(client, atlas, context):
    response = client.get("/download/changes.csv?from=2019-12-31&to=2025-12-31&reading=serbia")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    core = changes_between(atlas, "serbia", date(2019, 12, 31), date(2025, 12, 31))
    assert response.data == to_csv_bytes(changes_table(core))
    reviewed = context.atlas.dataset.reviewed_on.isoformat()
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="kosovo-recognition-changes_2019-12-31_2025-12-31_serbia_reviewed-{reviewed}.csv"'
    table = pd.read_csv(io.BytesIO(response.data), dtype=str)
    assert list(table["iso3"]) == list(core.states["iso3"])


def test_changes_to_defaults_to_today(client):
    meta = get_json(client, "/api/v1/changes.json", "from=2025-01-01")["meta"]
    assert meta["to"] == date.today().isoformat()


def test_the_status_csv_filename_says_how_fresh_the_data_is(client, context):
    disposition = client.get("/download/status.csv?as_of=2025-12-31&bloc=EU").headers["Content-Disposition"]
    reviewed = context.atlas.dataset.reviewed_on.isoformat()
    assert disposition == f'attachment; filename="kosovo-recognition_2025-12-31_EU_independent_reviewed-{reviewed}.csv"'


@pytest.mark.parametrize("path,query", BAD_JSON_QUERIES)
def test_bad_parameters_get_a_one_line_json_400(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400 and response.mimetype == "application/json"
    body = response.get_json()
    assert list(body) == ["error"] and body["error"] and "\n" not in body["error"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("query", ["", "from=2019-12-31&to=2019-12-30", "from=2019-12-31&reading=disagreements"])
def test_bad_changes_csv_parameters_get_a_one_line_400(client, query):
    response = client.get(f"/download/changes.csv?{query}")
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and text.startswith("Bad request: ") and text.count("\n") == 1


def test_an_unknown_api_route_is_a_json_404(client):
    response = client.get("/api/v1/states.json")
    assert response.status_code == 404 and "openapi.json" in response.get_json()["error"]


def conditional_routes(document):
    base = {"/api/v1/changes.json": "from=2019-12-31", "/download/changes.csv": "from=2019-12-31"}
    return [(path, base.get(path, "")) for path, item in document["paths"].items()
            if "304" in item["get"]["responses"]]


def test_every_conditional_route_answers_304_to_its_own_etag(client):
    document = get_json(client, "/api/v1/openapi.json")
    routes = conditional_routes(document)
    assert {"/api/v1/status.json", "/api/v1/events.json", "/api/v1/counts.json", "/api/v1/changes.json",
            "/download/changes.csv", "/feed.atom"} <= {path for path, _ in routes}
    for path, query in routes:
        url = f"{path}?{query}" if query else path
        first = client.get(url)
        etag = first.headers["ETag"]
        assert first.status_code == 200 and "max-age" in first.headers["Cache-Control"], path
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", path
        assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_etags_follow_the_normalised_parameters(client):
    def etag(query):
        return client.get(f"/api/v1/status.json?{query}").headers["ETag"]

    assert etag("as_of=2019-12-31&bloc=EU") == etag("bloc=EU&as_of=2019-12-31&bloc=EU&reading=independent")
    assert etag("as_of=2019-12-31&bloc=EU") != etag("as_of=2019-12-31&bloc=NATO")
    assert etag("as_of=2019-12-31") != etag("as_of=2019-12-30")
    assert etag("as_of=2019-12-31") != etag("as_of=2019-12-31&sort=-name")
    assert etag("as_of=2019-12-31") != etag("as_of=2019-12-31&" + urlencode({"filter": STATUS_FILTER}))


def test_the_feed_is_atom_and_its_newest_entry_is_the_latest_event(client, context):
    response = client.get("/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo and feed.version == "atom10"
    events = pd.read_csv(DATA_DIR / schema.EVENTS.file, dtype=str, keep_default_na=False)
    latest = events[events["date"] == max(events["date"])].iloc[-1]  # the last one of the newest day in the file
    newest = feed.entries[0]
    assert newest.id.endswith(f"event/{latest['iso3']}/{latest['date']}/{latest['event']}/{latest['asserted_by']}")
    assert newest.published.startswith(latest["date"]) and latest["source_url"] in newest.content[0].value
    assert context.atlas.names[latest["iso3"]] in newest.title
    dates = [entry.published[:10] for entry in feed.entries]
    assert dates == sorted(dates, reverse=True) and len({entry.id for entry in feed.entries}) == len(feed.entries)
    reviewed = context.atlas.dataset.reviewed_on.isoformat()
    assert feed.feed.subtitle == f"Data reviewed up to {reviewed}; latest event {latest['date']}."


def test_feed_entries_carry_parties_evidence_and_source(client):
    feed = feedparser.parse(client.get("/feed.atom").data)
    events = pd.read_csv(DATA_DIR / schema.EVENTS.file, dtype=str, keep_default_na=False)
    by_key = {f"event/{e.iso3}/{e.date}/{e.event}/{e.asserted_by}": e for e in events.itertuples()}
    disputed_entries = 0
    for entry in feed.entries:
        if "milestone/" in entry.id:  # the milestones' own test: tests/test_beyond_api.py
            continue
        event = by_key[entry.id.split(":", 2)[2]]
        content = entry.content[0].value
        disputed = f"disputed by {ASSERTER_LABELS[event.disputed_by]}." if event.disputed_by else "disputed by nobody"
        assert html.escape(f"Asserted by {ASSERTER_LABELS[event.asserted_by]}; {disputed}") in content, entry.id
        assert f"Evidence: {EVIDENCE_LABELS[event.evidence]}" in content
        assert f'Source: <a href="{html.escape(event.source_url)}">' in content
        assert entry.tags[0].term == event.event
        assert entry.link == f"http://127.0.0.1:8050/?{urlencode({'as_of': event.date, 'country': event.iso3})}"
        disputed_entries += bool(event.disputed_by)
    assert disputed_entries > 0
    again = feedparser.parse(client.get("/feed.atom").data)
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]  # stable ids


def data_routes(dash_app) -> set[str]:
    return {rule.rule for rule in dash_app.server.url_map.iter_rules()
            if rule.rule.startswith(DATA_PREFIXES) and "<" not in rule.rule}


def test_openapi_is_valid_and_lists_every_data_route(client, dash_app):
    document = get_json(client, "/api/v1/openapi.json")
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == data_routes(dash_app)
    assert "/download/status.csv" in document["paths"] and "/feed.atom" in document["paths"]


def invalid_value(schema_: dict) -> str:
    schema_ = schema_.get("items", schema_)
    if schema_.get("format") == "date":
        return "2019-02-30"
    if "maxLength" in schema_:
        return "x" * (schema_["maxLength"] + 1)
    return "not-a-value"


def test_every_documented_parameter_is_validated(client):
    """A route that stopped reading a parameter it documents would accept any value for it."""
    document = get_json(client, "/api/v1/openapi.json")
    checked = 0
    for path, item in document["paths"].items():
        parameters = item["get"]["parameters"]
        required = {p["name"]: "2019-12-31" for p in parameters if p["required"]}
        assert client.get(f"{path}?{urlencode(required)}").status_code == 200, path
        for parameter in parameters:
            query = {**required, parameter["name"]: invalid_value(parameter["schema"])}
            assert client.get(f"{path}?{urlencode(query)}").status_code == 400, (path, parameter["name"])
            checked += 1
            if parameter["required"]:
                assert client.get(path).status_code == 400, path
    assert checked >= 19  # every parameter of the status, events, counts and changes routes


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/api/v1/status.json", "/api/v1/events.json", "/api/v1/counts.json",
                             "/api/v1/changes.json", "/download/changes.csv"]),
       args=st.lists(st.tuples(st.sampled_from(["as_of", "bloc", "reading", "q", "country", "from", "to", "type", "x"]),
                               st.one_of(st.text(alphabet=string.printable, max_size=80),
                                         st.sampled_from(["2019-12-31", "2008-02-17", "EU", "serbia", "PLW",
                                                          "withdrawal", "9999-12-31", "2019-02-30"]))), max_size=8))
def test_hostile_api_queries_get_200_or_400(client, path, args):
    response = client.get(f"{path}?{urlencode(args)}")
    assert response.status_code in (200, 400)
    assert b"Traceback" not in response.data
    if path.endswith(".json"):
        json.loads(response.data)


def test_feed_links_come_from_the_configured_public_url_never_from_the_host_header(client):
    """A client's Host header must not write the links every other reader of a cached feed gets."""
    import feedparser
    forged = feedparser.parse(client.get("/feed.atom", headers={"Host": "evil.example"}).data)
    assert forged.entries and all(e.link.startswith("http://127.0.0.1:8050/?") for e in forged.entries)
    assert all(link.href.startswith("http://127.0.0.1:8050/") for link in forged.feed.links)
