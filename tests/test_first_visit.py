"""What the first page holds and leaves for later: the grid's code on demand, every callback's ids in the
layout or the grid (the renderer's own check is off, the grid arriving later), the manifest and worker."""

from __future__ import annotations

import json
import re


def page_config(page: str) -> dict:
    return json.loads(re.search(r"<script type=\"application/json\" data-atlas-config>(.*?)</script>", page,
                                re.DOTALL).group(1))


def component_ids(component) -> set[str]:
    found = set()
    if getattr(component, "id", None):
        found.add(component.id)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found |= component_ids(child)
    return found


def test_the_page_leaves_out_the_grid_code_and_names_it_for_later(client):
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert not any("dash_ag_grid" in src or "dash_table" in src for src in scripts), scripts
    # Of @babel/polyfill the page needs only the regenerator runtime, which it has before Dash's scripts.
    assert not any("polyfill" in src for src in scripts), scripts
    runtime = next(i for i, src in enumerate(scripts) if "/assets/vendor/regenerator-runtime.js" in src)
    assert all(i > runtime for i, src in enumerate(scripts) if "/_dash-component-suites/" in src
               and "/deps/" not in src), scripts
    grid = page_config(page)["onDemand"]["parts"]["grid"]
    assert grid["scripts"] and all("/_dash-component-suites/dash_ag_grid/" in src for src in grid["scripts"])
    for src in grid["scripts"]:
        assert client.get(src).status_code == 200


def test_every_callback_id_is_in_the_layout_or_the_grid(dash_app, context):
    from app import build_layout
    from components import table
    from recognition.params import View

    with dash_app.server.test_request_context("/"):
        view = View(context.today(), (), "independent", None)
        present = component_ids(build_layout(dash_app, context, view)) | component_ids(table.grid(context, view))
    named = set()
    for key, callback in dash_app.callback_map.items():
        named |= {item["id"] for item in callback["inputs"] + callback["state"]}
        named |= {output.split(".")[0] for output in key.strip(".").split("...")}
    assert named - present == set()


def test_the_page_preloads_the_shapes_and_links_the_manifest_and_worker(client):
    page = client.get("/").get_data(as_text=True)
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous">', page)
    # The map's shapes are asked for once the scripts have run (assets/geometry.js), not with them.
    assert not any("/geometry/" in url for url in preloaded), preloaded
    assert any(url.endswith("/topojson/world_110m.json") for url in preloaded), preloaded
    chunks = re.findall(r'<link rel="preload" href="([^"]+)" as="script">', page)
    assert {url.rsplit("/", 1)[1] for url in chunks} == {"async-graph.js", "async-slider.js", "async-dropdown.js"}
    for url in chunks:  # dcc's own addresses, without a version: revalidated
        answer = client.get(url, headers={"Accept-Encoding": "br"})
        assert answer.status_code == 200 and answer.headers["Content-Encoding"] == "br"
        assert client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": answer.headers["ETag"]}).status_code == 304
    # Linked by the page once the map is painted (assets/offline.js), at the address the config names.
    assert 'rel="manifest"' not in page
    manifest_url = page_config(page)["serviceWorker"]["manifest"]
    manifest = client.get(manifest_url)
    described = json.loads(manifest.data)
    assert described["start_url"] == "/" and described["display"] == "standalone"
    for icon in described["icons"]:
        assert client.get(icon["src"]).status_code == 200
    worker = page_config(page)["serviceWorker"]
    answer = client.get(worker["url"])
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache"
    assert answer.mimetype == "text/javascript"
    assert worker["url"].split("=")[1] in answer.get_data(as_text=True)  # the cache is named after it
    # Asked for on every visit: revalidated, a 304 while they are the same bytes.
    for url, held in ((worker["url"], answer), (manifest_url, manifest)):
        again = client.get(url, headers={"If-None-Match": held.headers["ETag"]})
        assert again.status_code == 304 and again.headers["Cache-Control"] == "no-cache", url


def test_the_layout_is_revalidated_not_downloaded_again(client):
    first = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert first.headers["Cache-Control"] == "no-cache" and first.headers["ETag"]
    again = client.get("/_dash-layout", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_before_its_scripts_run_the_page_says_what_it_is_and_how_fresh(client, context):
    from recognition.words import english_date

    page = client.get("/").get_data(as_text=True)
    screen = re.search(r'<div class="loading-screen" role="status">(.*?)</div>', page, re.DOTALL).group(1)
    assert "Kosovo Recognition Atlas" in screen and "Loading the map…" in screen
    assert english_date(context.atlas.dataset.reviewed_on) in screen
    serbian = client.get("/?lang=sr").get_data(as_text=True)
    assert "Карта се учитава…" in serbian
