"""The app through a real HTTP client: routes, callbacks, headers. Hostile input never gets a 500,
a traceback or a wrong map."""

from __future__ import annotations

import base64
import io
import json
import string
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dash_requests import payload

CALLBACK = "/_dash-update-component"


def date_change(app, as_of, reading="independent", blocs=None, output="bloc-summary.children"):
    """A date-change callback request as the page sends it (the map itself recolours in the browser)."""
    return payload(app, output, {"as-of-store.data": as_of, "reading.value": reading, "blocs.value": blocs or [],
                                 "table-search.value": None})


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_security_headers_everywhere(client, dash_app):
    responses = [client.get("/"), client.post(CALLBACK, json=date_change(dash_app, "2019-12-31")),
                 client.get("/download/status.csv?bloc=EU")]
    for response in responses:
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-eval" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_map_figure_and_paint_data_are_sent_once_and_never_by_a_callback(client, dash_app):
    outputs = " ".join(dash_app.callback_map)
    assert "status-map.figure" not in outputs and "map-data.data" not in outputs  # painted in the browser
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "world_50m.geojson" in layout and '"coordinates"' not in layout
    assert layout.count('"beside"') == 1  # the paint data, once


def test_a_date_change_updates_the_legend_counts(client, dash_app):
    body = client.post(CALLBACK, json=date_change(dash_app, "2019-12-31", output="legend.children"))
    assert body.status_code == 200
    text = json.dumps(body.get_json()["response"])
    assert '"data-un": 9' in text.replace("'", '"') or '"data-un":9' in text.replace(" ", "")


def test_a_date_change_updates_the_bloc_summary(client, dash_app):
    body = client.post(CALLBACK, json=date_change(dash_app, "2019-12-31", blocs=["EU"])).get_json()
    assert "23 of 28 EU members recognise Kosovo (as of 2019-12-31)" in json.dumps(body)  # with the UK


def test_download_route_matches_the_export(client, context):
    response = client.get("/download/status.csv?as_of=2025-12-31&bloc=EU")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert "max-age" in response.headers["Cache-Control"]
    table = pd.read_csv(io.BytesIO(response.data))
    assert len(table) == 27 and (table["status"] == "recognises").sum() == 22
    assert {"iso3", "name", "status", "recognised_on", "withdrawn_on", "un_member", "blocs", "source_url",
            "reading", "evidence"} <= set(table.columns)


def test_download_with_no_bloc_has_every_state(client, context):
    table = pd.read_csv(io.BytesIO(client.get("/download/status.csv").data), keep_default_na=False)
    assert set(table["iso3"]) == set(context.atlas.actors)


def test_download_by_reading(client):
    serbia = pd.read_csv(io.BytesIO(client.get("/download/status.csv?as_of=2020-03-31&reading=serbia").data))
    assert (serbia["status"] == "withdrew").sum() >= 18 and set(serbia["reading"]) == {"serbia"}
    disputed = pd.read_csv(io.BytesIO(client.get("/download/status.csv?as_of=2020-03-31&reading=disagreements").data))
    assert 0 < len(disputed) < 40
    for cell in disputed["status_by_reading"]:
        assert len({part.split("=")[1] for part in cell.split(";")}) > 1


@pytest.mark.parametrize("query", ["as_of=2019-02-30", "as_of=2008-02-16", "as_of=2999-01-01", "as_of=today",
                                   "bloc=ASEAN", "reading=belgrade", "as_of=" + "9" * 5000, "q=" + "x" * 500,
                                   "bloc=" + "&bloc=".join(["EU"] * 30)])
def test_download_rejects_bad_parameters_with_a_one_line_400(client, query):
    response = client.get(f"/download/status.csv?{query}")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert text.startswith("Bad request: ") and text.count("\n") == 1 and "Traceback" not in text


def export_button(client, dash_app, filter_model=None, column_state=None) -> dict:
    body = payload(dash_app, "export-download.data", {"export-button.n_clicks": 1, "as-of-store.data": "2025-12-31",
                                                      "reading.value": "independent", "blocs.value": ["EU"],
                                                      "table-search.value": None, "status-table.filterModel": filter_model,
                                                      "status-table.columnState": column_state})
    download = client.post(CALLBACK, json=body).get_json()["response"]["export-download"]["data"]
    content = base64.b64decode(download["content"]) if download["base64"] else download["content"].encode()
    return {"content": content, "filename": download["filename"]}


def test_export_button_gives_the_same_bytes_as_the_route(client, dash_app, context):
    download = export_button(client, dash_app)
    assert download["content"] == client.get("/download/status.csv?as_of=2025-12-31&bloc=EU").data
    reviewed = context.atlas.dataset.reviewed_on.isoformat()
    assert download["filename"] == f"kosovo-recognition_2025-12-31_EU_independent_reviewed-{reviewed}.csv"


def test_export_with_column_filters_and_sort_matches_the_route_and_the_link(client, dash_app):
    model = {"status": {"filterType": "text", "type": "equals", "filter": "Does not recognise"}}
    state = [{"colId": "name", "sort": "desc", "sortIndex": 0}, {"colId": "status", "sort": None}]
    download = export_button(client, dash_app, model, state)
    rows = pd.read_csv(io.BytesIO(download["content"]))
    assert list(rows["iso3"]) == ["ESP", "SVK", "ROU", "GRC", "CYP"]  # the EU's five, Z to A
    link = payload(dash_app, "export-link.href", {"as-of-store.data": "2025-12-31", "reading.value": "independent",
                                                  "blocs.value": ["EU"], "table-search.value": None,
                                                  "status-table.filterModel": model, "status-table.columnState": state})
    href = client.post(CALLBACK, json=link).get_json()["response"]["export-link"]["href"]
    assert client.get(href).data == download["content"]


@pytest.mark.parametrize("query", ["filter=notjson", 'filter={"nosuch":{"type":"equals","filter":"x"}}',
                                   'filter={"status":{"type":"regex","filter":"x"}}',
                                   'filter={"recognition_order":{"type":"equals","filter":"x"}}',
                                   "sort=nosuch", "sort=name,name"])
def test_bad_table_filters_get_a_one_line_400(client, query):
    response = client.get(f"/download/status.csv?{query}")
    assert response.status_code == 400 and response.get_data(as_text=True).count("\n") == 1


hostile_text = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=300),
                         st.lists(st.text(max_size=20), max_size=30), st.dictionaries(st.text(max_size=5), st.integers()),
                         st.sampled_from(["2019-12-31", "2008-02-16", "9999-12-31", "2019-02-30", "EU", "serbia",
                                          "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "../../etc/passwd"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(as_of=hostile_text, reading=hostile_text, blocs=hostile_text)
def test_hostile_callback_payloads_never_fail_the_server(client, dash_app, as_of, reading, blocs):
    response = client.post(CALLBACK, json=date_change(dash_app, as_of, reading, blocs))
    assert response.status_code in (200, 204, 400)
    assert b"Traceback" not in response.data
    if response.status_code == 200:  # only a valid request may change the map
        assert isinstance(as_of, str) and date.fromisoformat(as_of)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.text(max_size=200), st.dictionaries(st.sampled_from(["output", "outputs", "inputs", "state",
                                                                             "changedPropIds"]),
                                                          st.one_of(st.text(max_size=50), st.integers(), st.none(),
                                                                    st.lists(st.integers(), max_size=3)))))
def test_malformed_callback_bodies_get_4xx(client, body):
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(CALLBACK, data=data, content_type="application/json")
    assert 200 <= response.status_code < 500
    assert b"Traceback" not in response.data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.lists(st.tuples(st.sampled_from(["as_of", "bloc", "reading", "q", "x"]),
                               st.one_of(st.text(alphabet=string.printable, max_size=80),
                                         st.sampled_from(["2019-12-31", "EU", "NATO", "disagreements", "serbia",
                                                          "kosovo", "2008-02-17"]))), max_size=8))
def test_hostile_download_queries_get_200_or_400(client, args):
    from urllib.parse import urlencode
    response = client.get("/download/status.csv?" + urlencode(args))
    assert response.status_code in (200, 400)
    assert b"Traceback" not in response.data


def test_the_app_still_answers_correctly_after_hostile_requests(client, dash_app, context):
    for bad in ({"as_of": 1}, {"as_of": "2019-12-31", "reading": "x"}, {"as_of": "2019-12-31", "blocs": "EU"}):
        client.post(CALLBACK, json=date_change(dash_app, **bad))
    client.post(CALLBACK, data="{not json", content_type="application/json")
    test_a_date_change_updates_the_bloc_summary(client, dash_app)


def test_forged_callback_values_give_no_update(client, dash_app):
    for as_of in ("2008-02-16", "2999-01-01", "not-a-date", None, ["2019-12-31"]):
        assert client.post(CALLBACK, json=date_change(dash_app, as_of)).status_code == 204
    assert client.post(CALLBACK, json=date_change(dash_app, "2019-12-31", blocs=["EU"] * 50)).status_code == 204
    assert client.post(CALLBACK, json=date_change(dash_app, "2019-12-31", reading="moscow")).status_code == 204


def test_geometry_route_is_compressed_and_cached(client):
    response = client.get("/geometry/world_50m.geojson", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert len(response.data) < 400_000 and "max-age" in response.headers["Cache-Control"]
    again = client.get("/geometry/world_50m.geojson", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_url_restore_callback_validates(client, dash_app):
    body = payload(dash_app, "date-slider.value@", {"url.search": "?as_of=2019-12-31&bloc=EU&bloc=bogus&reading=serbia"
                                                                 "&country=FRA"})
    out = client.post(CALLBACK, json=body).get_json()["response"]
    assert out["reading"]["value"] == "serbia" and out["blocs"]["value"] == ["EU"]
    assert out["country-search"]["value"] == "FRA"
