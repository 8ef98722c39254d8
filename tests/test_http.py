"""The app through a real HTTP client: routes, callbacks, headers. Hostile input gets a 4xx with a
one-line reason or no update, never a 500, a traceback or a wrong map; a real bug gets a 500 (any 500
also fails the test through the `server_errors` fixture in conftest.py)."""

from __future__ import annotations

import base64
import io
import json
import re
import string
from datetime import date

import pandas as pd
import pytest
from dash._utils import split_callback_id
from dash_requests import find_callback, payload
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CALLBACK = "/_dash-update-component"


def date_change(app, as_of, reading="independent", blocs=None, output="bloc-summary.children"):
    """A date-change callback request as the page sends it (the map itself recolours in the browser)."""
    return payload(app, output, {"as-of-store.data": as_of, "reading.value": reading, "blocs.value": blocs or [],
                                 "table-search.value": None})


def test_health(client, dash_app):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "data_version": dash_app.atlas_context.atlas.dataset.version}
    assert response.headers["Cache-Control"] == "no-store"


def test_security_headers_everywhere(client, dash_app):
    responses = [client.get("/"), client.post(CALLBACK, json=date_change(dash_app, "2019-12-31")),
                 client.get("/download/status.csv?bloc=EU")]
    for response in responses:
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-eval" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_static_file_carries_nosniff_and_not_the_pages_policy(client):
    """A policy, framing and opener rules apply to documents and workers, not to the scripts, styles, images and
    data files a page loads: each of those carries only nosniff (web.static.STATIC_HEADERS)."""
    page = client.get("/").get_data(as_text=True)
    files = re.findall(r'<script src="([^"]+)"', page) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    files += ["/geometry/world_50m.topojson", "/assets/favicon.ico"]
    assert len(files) > 20
    for url in files:
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert not {"Content-Security-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy"} & set(response.headers.keys()), url
    # The service worker's script is a worker: it keeps the policy.
    worker = json.loads(re.search(r"<script type=\"application/json\" data-atlas-config>(.*?)</script>", page).group(1))
    assert "default-src 'self'" in client.get(worker["serviceWorker"]["url"]).headers["Content-Security-Policy"]


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
    assert "European Union: 23 of 28 recognise Kosovo (as of 31 December 2019)" in json.dumps(body)  # with the UK


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
                                                      "table-search.value": None,
                                                      "status-table-query.data": {"filterModel": filter_model,
                                                                                  "columnState": column_state}})
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
                                                  "status-table-query.data": {"filterModel": model, "columnState": state}})
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
    assert response.status_code in (200, 204)  # a well-formed request: its values are checked, not its shape
    if response.status_code == 200:  # only a valid request may change the map
        assert isinstance(as_of, str) and date.fromisoformat(as_of)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.text(max_size=200), st.dictionaries(st.sampled_from(["output", "outputs", "inputs", "state",
                                                                             "changedPropIds"]),
                                                          st.one_of(st.text(max_size=50), st.integers(), st.none(),
                                                                    st.lists(st.integers(), max_size=3)))))
def test_malformed_callback_bodies_get_a_one_line_400(client, body):
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(CALLBACK, data=data, content_type="application/json")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert text.startswith("400 Bad Request: ") and text.count("\n") == 1 and "Traceback" not in text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.lists(st.tuples(st.sampled_from(["as_of", "bloc", "reading", "q", "x"]),
                               st.one_of(st.text(alphabet=string.printable, max_size=80),
                                         st.sampled_from(["2019-12-31", "EU", "NATO", "disagreements", "serbia",
                                                          "kosovo", "2008-02-17"]))), max_size=8))
def test_hostile_download_queries_get_200_or_400(client, args):
    from urllib.parse import urlencode
    response = client.get("/download/status.csv?" + urlencode(args))
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.get_data(as_text=True).count("\n") == 1


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


@pytest.mark.parametrize("path, limit", [("/geometry/world_50m.geojson", 400_000),
                                         ("/geometry/world_50m.topojson", 150_000)])
def test_geometry_route_is_compressed_and_cached(client, path, limit):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert len(response.data) < limit and "max-age" in response.headers["Cache-Control"]
    again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_url_restore_callback_validates(client, dash_app):
    body = payload(dash_app, "date-slider.value@", {"url.search": "?as_of=2019-12-31&bloc=EU&bloc=bogus&reading=serbia"
                                                                 "&country=FRA"})
    out = client.post(CALLBACK, json=body).get_json()["response"]
    assert out["reading"]["value"] == "serbia" and out["blocs"]["value"] == ["EU"]
    assert out["country-search"]["value"] == "FRA"


def test_a_callback_that_raises_is_a_logged_500_not_a_client_error(client, dash_app, monkeypatch, server_errors):
    from components import header
    monkeypatch.setattr(header, "headline", lambda ctx, view: 1 / 0)  # the headline callback now has a bug
    body = payload(dash_app, "as-of-headline.children", {"as-of-store.data": "2019-12-31",
                                                        "reading.value": "independent"})
    response = client.post(CALLBACK, json=body)
    assert response.status_code == 500 and response.get_data(as_text=True) == "500 Internal Server Error\n"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    [record] = [r for r in server_errors.records if r.name == "web.security"]
    assert record.exc_info[0] is ZeroDivisionError and CALLBACK in record.getMessage()
    server_errors.clear()  # expected here; any other 500 fails its test


def _broken(body: dict, field: str, value) -> dict:
    return {**body, field: value}


@pytest.mark.parametrize("field,value,reason", [
    ("output", "no-such.children", "'output' names no server callback"),
    ("output", "status-map.figure", "'output' names no server callback"),  # a clientside callback
    ("inputs", [], "'inputs' does not match"),
    ("inputs", [{"id": "bloc-summary", "property": "children", "value": 1}] * 3, "'inputs' does not match"),
    ("inputs", [["not", "a", "dependency"]] * 3, "'inputs' does not match"),
    ("outputs", [{"id": "bloc-summary", "property": "children"}], "'outputs' does not match"),
    ("outputs", {"id": "legend", "property": "children"}, "'outputs' does not match"),
    ("outputs", None, "'outputs' does not match"),
    ("changedPropIds", [["as-of-store.data"]], "'changedPropIds' must be a list of strings"),
    ("changedPropIds", "as-of-store.data", "'changedPropIds' must be a list of strings"),
])
def test_callback_bodies_of_the_wrong_shape_get_a_400_naming_the_field(client, dash_app, field, value, reason):
    body = _broken(date_change(dash_app, "2019-12-31"), field, value)
    response = client.post(CALLBACK, json=body)
    assert response.status_code == 400 and reason in response.get_data(as_text=True)


def test_a_well_formed_body_of_each_server_callback_passes_the_shape_check(dash_app):
    from web.callback_requests import callback_body_problem
    server_callbacks = [key for key, spec in dash_app.callback_map.items() if "callback" in spec]
    for key in server_callbacks:
        assert callback_body_problem(payload(dash_app, key.lstrip("."), {}), dash_app.callback_map) is None, key


UNKNOWN_PATHS = ["/download/nothing", "/.env", "/wp-login.php", "/health/extra", "/_dash-layout/x", "/assets/x.css",
                 "/_dash-component-suites/dash/nothing.js", "/_dash-component-suites/nothing/x.js",
                 "/_dash-component-suites/os/path.py", "/_dash-component-suites/dash/../../etc/passwd",
                 "/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.min.js", "/_dash-component-suites/x"]


@pytest.mark.parametrize("path", UNKNOWN_PATHS)
def test_unknown_paths_get_a_small_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and len(response.data) < 300
    assert response.get_data(as_text=True).count("\n") == 1 and "nosniff" in response.headers.values()


def test_other_methods_on_paths_no_route_has_get_404_not_405(client):
    for method, path in [("POST", "/wp-login.php"), ("PUT", "/.env"), ("OPTIONS", "/download/nothing")]:
        assert client.open(path, method=method).status_code == 404, path


def test_every_page_serves_the_app(client):
    from common.routes import PAGES as PAGE_PATHS
    for path in PAGE_PATHS:
        response = client.get(path + "?as_of=2019-12-31")
        assert response.status_code == 200 and b'id="react-entry-point"' in response.data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.text(alphabet=string.ascii_letters + string.digits + "._-@~%", min_size=1, max_size=25),
                      min_size=1, max_size=4))
def test_any_component_suite_path_is_served_or_404(client, parts):
    response = client.get("/_dash-component-suites/" + "/".join(parts))
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("method,path,allowed", [
    ("POST", "/health", {"GET", "HEAD", "OPTIONS"}), ("GET", CALLBACK, {"POST", "OPTIONS"}),
    ("PUT", CALLBACK, {"POST", "OPTIONS"}), ("DELETE", "/download/status.csv", {"GET", "HEAD", "OPTIONS"}),
    ("POST", "/", {"GET", "HEAD", "OPTIONS"})])
def test_wrong_methods_get_405_with_allow(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == allowed


def test_bodies_over_the_cap_get_413_before_they_are_parsed(client):
    from web.security import MAX_BODY_BYTES
    not_json = b"{" * (MAX_BODY_BYTES + 1)  # a 400 if it were parsed
    response = client.post(CALLBACK, data=not_json, content_type="application/json")
    assert response.status_code == 413 and response.get_data(as_text=True).count("\n") == 1
    # Chunked, so no Content-Length: stopped while it is read (gunicorn marks such a stream terminated).
    streamed = client.post(CALLBACK, input_stream=io.BytesIO(not_json), content_type="application/json",
                           headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})
    assert streamed.status_code == 413
    assert client.get("/health", data=b"x" * (MAX_BODY_BYTES + 1)).status_code == 413


def test_csv_carries_an_etag_of_data_and_parameters_and_answers_304(client, context, monkeypatch):
    import dataclasses
    first = client.get("/download/status.csv?bloc=EU")
    tag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get("/download/status.csv?bloc=EU", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag
    today = client.get(f"/download/status.csv?bloc=EU&as_of={context.today().isoformat()}")
    assert today.headers["ETag"] == tag  # the default as-of date is today's
    for other in ("bloc=NATO", "bloc=EU&as_of=2019-12-31", "bloc=EU&reading=serbia", "bloc=EU&q=fr"):
        response = client.get(f"/download/status.csv?{other}", headers={"If-None-Match": tag})
        assert response.status_code == 200 and response.headers["ETag"] != tag, other
    new_data = dataclasses.replace(context.atlas, dataset=dataclasses.replace(context.atlas.dataset, version="next"))
    monkeypatch.setattr(context, "atlas", new_data)
    assert client.get("/download/status.csv?bloc=EU", headers={"If-None-Match": tag}).status_code == 200


def test_the_page_carries_no_copy_of_the_layout(client):
    page = client.get("/", headers={"Accept-Encoding": "identity"})
    assert page.status_code == 200 and len(page.data) < 20_000  # the layout comes once, from /_dash-layout
    assert b'"validation_layout"' not in page.data


def test_the_layout_is_encoded_and_compressed_once_per_day_and_language(client, dash_app, monkeypatch):
    """Dash encoded the layout (356 KB of JSON) and Flask-Compress compressed it on every request, a repeat
    visit's 304 included. Now: Dash's own encoding of the layout, brotli at its highest level, the same tag on
    every request, a 304 without encoding anything, the page's Vary (the language comes from the Referer)."""
    import brotli
    from dash._utils import to_json

    import app as app_module
    english = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert english.status_code == 200 and english.headers["Content-Encoding"] == "br"
    with dash_app.server.test_request_context("/_dash-layout"):
        expected = to_json(dash_app.layout()).encode("utf-8")
    assert brotli.decompress(english.data) == expected
    assert english.data == brotli.compress(expected, quality=11)
    assert {"Referer", "Accept-Language", "Accept-Encoding"} <= set(english.headers["Vary"].replace(" ", "").split(","))
    assert english.headers["Cache-Control"] == "no-cache" and "Content-Security-Policy" in english.headers

    def no_encoding(*args, **kwargs):
        raise AssertionError("the layout was encoded again")

    monkeypatch.setattr(app_module, "to_json", no_encoding)
    again = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert again.data == english.data and again.headers["ETag"] == english.headers["ETag"]
    held = client.get("/_dash-layout", headers={"Accept-Encoding": "br", "If-None-Match": english.headers["ETag"]})
    assert held.status_code == 304 and held.headers["ETag"] == english.headers["ETag"] and not held.data
    monkeypatch.undo()
    albanian = client.get("/_dash-layout", headers={"Accept-Encoding": "identity", "Referer": "http://localhost/?lang=sq"})
    assert albanian.headers["ETag"] != english.headers["ETag"] and "Content-Encoding" not in albanian.headers
    go_to_date = dash_app.atlas_context.say("sq").gettext("Go to date")
    assert go_to_date != "Go to date" and go_to_date in albanian.get_data(as_text=True)


def test_outputs_marked_as_shared_pass_with_the_mark_the_renderer_sends(client, dash_app):
    key = find_callback(dash_app, "date-slider.value@")  # the URL-restore callback
    body = payload(dash_app, key.lstrip("."), {"url.search": "?as_of=2019-12-31"})
    body["outputs"] = split_callback_id(key)  # as dash-renderer sends them: "value@<hash>"
    assert "@" in body["outputs"][0]["property"]
    response = client.post(CALLBACK, json=body)
    assert response.status_code == 200 and response.get_json()["response"]["date-slider"]["value"]
