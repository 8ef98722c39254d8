"""A first visit on a phone and a visit without network, in headless Chromium.

- the first screen loads plotly's geo bundle (not the full plotly.js) and no grid code; the skip link
  to the table brings the grid at once;
- the service worker keeps what the page loaded: with the network gone (emulated offline and the server
  stopped) the atlas opens on the last data it saw, with its legend and review date; a server with a new
  data version replaces the worker and the old cache.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import chrome_options
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import build_plotly_bundle as bundle

TIMEOUT = 40
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}


def wait_until(driver, condition, message, timeout: float = TIMEOUT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException:
        raise TimeoutException(message() if callable(message) else message) from None


class Server:
    """The app served by werkzeug in a thread on a fixed port (a service worker belongs to its origin)."""

    def __init__(self, app, port: int):
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.http = make_server("127.0.0.1", port, app.server, threaded=True)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()
        self.thread.join(10)


@pytest.fixture()
def driver():
    options = chrome_options()
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    chrome.set_script_timeout(30)
    yield chrome
    chrome.quit()


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def map_drawn(driver, map_id: str) -> bool:
    return driver.execute_script(
        "const m = document.getElementById(arguments[0]);"
        "return Boolean(m && m.querySelectorAll('.choroplethlocation').length > 200 && window.atlasMap"
        " && window.atlasMap.codes());", map_id)


CACHED = """const done = arguments[arguments.length - 1];
caches.keys().then(async (names) => {
    const out = {};
    for (const name of names) { out[name] = (await (await caches.open(name)).keys()).map((r) => r.url); }
    done(out);
});"""


@pytest.mark.browser
def test_the_first_screen_loads_the_geo_bundle_and_no_grid_and_the_skip_link_brings_the_grid(dash_app, driver):
    from components import ids

    server = Server(dash_app, free_port())
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        driver.get(f"http://127.0.0.1:{server.http.server_port}/")
        wait_until(driver, lambda d: map_drawn(d, ids.MAP), "the map was not drawn")
        names = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
        assert any("plotly-geo.min.js" in name for name in names), names
        assert not any("plotly.min.js" in name and "plotly-geo" not in name for name in names), names
        assert driver.execute_script("return Plotly.version") == bundle.plotly_js_version()
        # Below the fold: the grid's code is fetched only after the first screen is drawn.
        from app import FIRST_SCREEN_MARK
        late = driver.execute_script("""const [mark] = performance.getEntriesByName(arguments[0]);
            return performance.getEntriesByType('resource').filter((e) => e.name.includes('dash_ag_grid'))
                .map((e) => e.startTime >= mark.startTime);""", FIRST_SCREEN_MARK)
        assert all(late), "grid code was fetched before the map was drawn"
        # plotly.js reads only the objects of the base-map layers it shows: the trimmed base map has them all.
        from app import BASE_MAP
        shown = driver.execute_script("""const geo = document.querySelector('#' + arguments[0] + ' .js-plotly-plot')
            ._fullLayout.geo; return ['ocean', 'land', 'lakes', 'rivers', 'countries', 'coastlines', 'subunits']
            .filter((layer) => geo['show' + layer]);""", ids.MAP)
        base_map = json.loads((Path(dash_app.config.assets_folder) / BASE_MAP).read_text(encoding="utf-8"))
        assert shown and set(shown) <= set(base_map["objects"]), (shown, list(base_map["objects"]))
        # The image export's figure draws only traces and layout components the bundle has, and reaches no stub.
        wait_until(driver, lambda d: d.execute_script("return window.atlasImage !== undefined;"),
                   "the image export's code did not come once the page was idle")
        image = driver.execute_script("return window.atlasImage.composed(1200, 675)")
        text = bundle.BUNDLE.read_bytes()
        traces = {trace["type"] for trace in image["data"]}
        assert traces and traces <= bundle.trace_types(text), traces
        used = bundle.components_used(image, image["config"])
        assert {"shapes", "annotations"} <= used <= bundle.registered_components(text), used
        assert bundle.stubbed_uses(image) == []
        # A stubbed module, were it reached, says so: the map in a projection d3-geo lacks (the console's
        # errors so far are read first: the stub's error is the only one after).
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
        reached = driver.execute_async_script("""const done = arguments[arguments.length - 1];
            const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot'), holder = document.createElement('div');
            const layout = JSON.parse(JSON.stringify(gd.layout));
            layout.geo.projection = {type: 'robinson'};
            new Promise((resolve) => resolve(Plotly.newPlot(holder, JSON.parse(JSON.stringify(gd.data)), layout, {topojsonURL: gd._context.topojsonURL})))
                .then(() => done('drawn'), (error) => done(error.message)).finally(() => Plotly.purge(holder));""", ids.MAP)
        assert "not in the atlas's plotly.js bundle" in reached, reached
        assert {"not in the atlas's plotly.js bundle" in e["message"]
                for e in driver.get_log("browser") if e["level"] == "SEVERE"} <= {True}
        # The keyboard: the second Tab stop is the skip link to the table; Enter brings the grid.
        driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
        ActionChains(driver).send_keys(Keys.TAB).send_keys(Keys.TAB).perform()
        assert driver.execute_script("return document.activeElement.textContent") == "Skip to the table of states"
        ActionChains(driver).send_keys(Keys.ENTER).perform()
        wait_until(driver, lambda d: d.execute_script(
            "return document.querySelectorAll('#' + arguments[0] + ' .ag-row').length", ids.TABLE) > 10,
            "the skip link did not bring the grid")
        # The first screen's component code, preloaded with the page's scripts, is fetched once (the preload used).
        names = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
        from app import FIRST_SCREEN_CHUNKS
        for chunk in FIRST_SCREEN_CHUNKS:
            assert sum(name.endswith("/" + chunk) for name in names) == 1, (chunk, names)
        assert driver.execute_script("return document.activeElement.id") == ids.TABLE_PANEL
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        server.stop()


def with_data_version(ctx, version: str):
    """A copy of the context whose data carries another version (the same facts)."""
    other = copy.copy(ctx)
    other.atlas = copy.copy(ctx.atlas)
    object.__setattr__(other.atlas, "dataset", dataclasses.replace(ctx.atlas.dataset, version=version))  # frozen
    return other


@pytest.mark.browser
def test_the_service_worker_opens_the_atlas_offline_and_a_new_data_version_replaces_its_cache(context, driver):
    from app import create_app
    from components import ids
    from recognition.words import english_date
    from web import offline

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    first_cache = f"atlas-{offline.version(context)}"
    server = Server(create_app(context), port)
    try:
        driver.get(url)
        wait_until(driver, lambda d: map_drawn(d, ids.MAP), "the map was not drawn")
        # The worker keeps what the page loaded: the page, its layout (the paint data) and the geometry.
        def kept_the_first_screen(d) -> bool:
            kept = d.execute_async_script(CACHED)
            return set(kept) == {first_cache} and all(any(part in url for url in kept[first_cache])
                                                      for part in ("/_dash-layout", "/geometry/", "plotly-geo"))

        wait_until(driver, kept_the_first_screen, lambda: f"not kept: {driver.execute_async_script(CACHED)}")
        # Installable: the manifest, linked once the map is painted, is one Chrome reads without errors.
        manifest = driver.execute_cdp_cmd("Page.getAppManifest", {})
        assert manifest["url"].endswith("/manifest.webmanifest") and manifest["errors"] == [], manifest
    finally:
        server.stop()

    # No network at all: emulated offline, and nobody listening.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                                 "downloadThroughput": -1, "uploadThroughput": -1})
    driver.get(url + "?lang=en")
    wait_until(driver, lambda d: map_drawn(d, ids.MAP), "offline: the map was not drawn")
    legend = driver.find_element("id", ids.LEGEND).text
    assert "UN member" in legend, legend
    freshness = driver.find_element("id", ids.FRESHNESS).text
    assert english_date(context.atlas.dataset.reviewed_on) in freshness, freshness

    # Online again, and the server has a new data version: the next visit installs its worker, which
    # drops the old cache.
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                                 "downloadThroughput": -1, "uploadThroughput": -1})
    newer = with_data_version(context, "0" * 16)
    second_cache = f"atlas-{offline.version(newer)}"
    assert second_cache != first_cache
    server = Server(create_app(newer), port)
    try:
        driver.get(url)
        wait_until(driver, lambda d: map_drawn(d, ids.MAP), "the map was not drawn")
        wait_until(driver, lambda d: set(d.execute_async_script(CACHED)) == {second_cache},
                   lambda: f"caches: {sorted(driver.execute_async_script(CACHED))}")
    finally:
        server.stop()
        time.sleep(0.1)


HOLD_CALLBACKS = """const send = window.fetch;
window.fetch = function (resource) {
    const url = String((resource && resource.url) || resource);
    return url.includes(arguments[0]) ? new Promise(() => {}) : send.apply(this, arguments);
};"""


@pytest.mark.browser
def test_the_map_is_painted_before_any_server_callback_answers_unless_the_link_asks_for_a_view(page):
    from components import ids
    from components.palette import CLASS_COLOURS
    from web.security import CALLBACK_PATH

    source = "(function () {" + HOLD_CALLBACKS.replace("arguments[0]", repr(CALLBACK_PATH)) + "})();"
    script = page.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})["identifier"]
    usa = "const p = [...document.querySelectorAll('.choroplethlocation')].find((p) => p.__data__.loc === 'USA');" \
          " return p ? getComputedStyle(p).fill : null;"
    recognises = "rgb({}, {}, {})".format(*(int(CLASS_COLOURS["recognises"][i:i + 2], 16) for i in (1, 3, 5)))
    try:
        page.open("/")
        wait_until(page.driver, lambda d: d.execute_script(usa) == recognises,
                   lambda: f"no first paint without the server: USA is {page.driver.execute_script(usa)}")
        # A shared link waits for its own view (no other view shown first): with no answer, no paint.
        page.open("/?reading=serbia")
        wait_until(page.driver, lambda d: map_drawn_shapes(d, ids.MAP), "the map's shapes were not drawn")
        page.driver.execute_async_script("setTimeout(arguments[0], 1000)")
        assert page.driver.execute_script("return window.atlasMap.codes()") is None
    finally:
        page.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script})


def map_drawn_shapes(driver, map_id: str) -> bool:
    return driver.execute_script("const m = document.getElementById(arguments[0]);"
                                 " return Boolean(m && m.querySelectorAll('.choroplethlocation').length > 200);", map_id)


@pytest.mark.browser
def test_the_image_export_code_comes_on_first_use(page):
    """Not a page script: loaded once the page is idle after the map is painted, or at the first click on a
    download button, which is answered once the code is there. Here the page is never idle."""
    from test_browser import downloaded_file

    from app import IMAGE_EXPORT_SCRIPT
    from components import ids

    never_idle = "window.requestIdleCallback = function () { return 0; };"
    script = page.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": never_idle})["identifier"]
    loaded = "return performance.getEntriesByType('resource').some((e) => e.name.includes(arguments[0]));"
    try:
        page.open("/")
        wait_until(page.driver, lambda d: map_drawn_shapes(d, ids.MAP), "the map's shapes were not drawn")
        assert not page.driver.execute_script(loaded, IMAGE_EXPORT_SCRIPT)
        assert page.driver.execute_script("return window.atlasImage === undefined;")
        page.driver.find_element("css selector", "[data-image-format=svg]").click()
        svg = downloaded_file(Path(page.download_path)).read_text(encoding="utf-8")
        assert "Recognition of Kosovo as of" in svg
        assert page.driver.execute_script(loaded, IMAGE_EXPORT_SCRIPT)
        assert page.get_logs() == []
    finally:
        page.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script})
