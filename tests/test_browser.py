"""The dashboard through the real page, in headless Chromium (one browser and one server for the session;
see tests/conftest.py: ``page``).

Run: ``python -m pytest tests/test_browser.py -q --headless`` (``-m browser`` selects these tests,
``-m "not browser"`` skips them). Screenshots go to ``screenshots/`` at the repository root (gitignored);
the screenshot test prints the folder.

Map paint codes (``window.atlasMap.codes()``, one per unit: polygons, then markers, as the core ships
them in recognition/map_data.py): class + 5 * contested + 10 * faded, with classes 0 does not recognise,
1 recognises, 2 withdrew, 3 Kosovo, 4 no data.
"""

from __future__ import annotations

import csv
import io
import socket
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from conftest import new_browser
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from recognition.words import english_date as long_date

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "screenshots"
GRAPH = "#status-map .js-plotly-plot"
TIMEOUT = 30
N_CLASSES = 5
DOES_NOT_RECOGNISE, RECOGNISES, WITHDREW, KOSOVO, NO_DATA = range(N_CLASSES)
READING_KEYS = ("independent", "kosovo", "serbia")


# ---------------------------------------------------------------------------------------------- helpers

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(driver, condition, message: str, timeout: float = TIMEOUT):
    """Polls `condition(driver)` until it returns something truthy; fails with `message`."""
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))
    except TimeoutException:
        raise TimeoutException(message() if callable(message) else message) from None


def js(driver, script: str, *args):
    return driver.execute_script(script, *args)


MAP_STATE = """
const map = window.atlasMap;
if (!map || !map.codes() || !map.config()) return null;
const units = map.config().paint.units;
return {iso3: units.iso3, polygons: units.polygons, codes: map.codes().slice()};
"""
FADED = 2 * N_CLASSES


def map_state(driver) -> dict:
    return js(driver, MAP_STATE)


def codes(driver) -> dict[str, dict[str, int]]:
    """Painted code per ISO3 code, for the polygons and for the markers."""
    state = map_state(driver)
    n = state["polygons"]
    return {"polygons": dict(zip(state["iso3"][:n], state["codes"][:n])),
            "markers": dict(zip(state["iso3"][n:], state["codes"][n:]))}


def status_class(code: int) -> int:
    return code % N_CLASSES


def map_ready(driver) -> bool:
    return bool(js(driver, f"""
        const gd = document.querySelector('{GRAPH}');
        return !!(gd && gd._fullLayout && gd._fullLayout.geo && window.atlasMap && window.atlasMap.codes()
                  && document.querySelectorAll('#status-map .choroplethlocation').length > 200
                  && document.querySelectorAll('#status-map .scattergeo .point').length === gd.data[2].customdata.length
                  && window.store && !window.store.getState().isLoading
                  && /[?&](as_of|to)=/.test(window.location.search));
    """))


def wait_for_map(driver, timeout: float = TIMEOUT) -> None:
    wait_until(driver, map_ready, "the map did not finish drawing", timeout)


def wait_for_timeline(driver) -> None:
    """The timeline's chart is drawn after the map's first paint (assets/on_demand.js): wait for its traces."""
    wait_until(driver, lambda d: js(d, "const gd = document.querySelector('#timeline .js-plotly-plot');"
                                       "return !!(gd && gd.data && gd.data.length);"), "the timeline was not drawn")


def idle(driver) -> bool:
    return bool(js(driver, "return !!(window.store && !window.store.getState().isLoading);"))


def query(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def legend_numbers(driver) -> dict[str, int]:
    # Read in one script: the legend is re-rendered as the view changes, so elements found first go stale.
    return js(driver, """return Object.fromEntries([...document.querySelectorAll('#legend .legend-count')]
                            .map(el => [el.dataset.class, Number(el.dataset.un)]));""")


def expected_legend(context, reading: str, day: date) -> dict[str, int]:
    from recognition.map_data import legend_counts
    return {name: counts["un"] for name, counts in legend_counts(context.atlas, reading, day).items()}


def details_title(driver) -> str:
    return js(driver, "const h = document.querySelector('#details h2'); return h ? h.innerText.trim() : '';")


def click_at(driver, x: float, y: float) -> None:
    """A real mouse click at viewport coordinates."""
    action = ActionBuilder(driver)
    action.pointer_action.move_to_location(int(round(x)), int(round(y)))
    action.pointer_action.click()
    action.perform()


def hover_at(driver, x: float, y: float) -> None:
    action = ActionBuilder(driver)
    action.pointer_action.move_to_location(int(round(x)), int(round(y)))
    action.perform()


# A viewport point inside a country's drawn shape, inside the visible map, not inside any other shape, and as
# far as possible (up to `clearance` px) from the small-state markers; among the clear points, the one nearest
# the middle of the visible part of the shape. Plotly's own hit test decides what a click opens, so the point
# must be unambiguous.
INTERIOR_POINT = """
const [code, clearance] = [arguments[0], arguments[1]];
const paths = [...document.querySelectorAll('#status-map .choroplethlocation')];
const path = paths.find(p => p.__data__ && p.__data__.loc === code);
if (!path) return null;
const area = document.querySelector('#status-map .geo .layer.bg rect').getBoundingClientRect();
const box = path.getBoundingClientRect();
const r = {left: Math.max(box.left, area.left + 2), right: Math.min(box.right, area.right - 2, innerWidth - 1),
           top: Math.max(box.top, area.top + 2), bottom: Math.min(box.bottom, area.bottom - 2, innerHeight - 1)};
if (r.left >= r.right || r.top >= r.bottom) return null;
const others = paths.filter(p => p !== path).map(p => [p, p.getBoundingClientRect()])
    .filter(([p, b]) => b.right > r.left && b.left < r.right && b.bottom > r.top && b.top < r.bottom);
const markers = [...document.querySelectorAll('#status-map .scattergeo .point')].map(m => {
    const b = m.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; });
const inside = (p, x, y) => p.isPointInFill(new DOMPoint(x, y).matrixTransform(p.getScreenCTM().inverse()));
const step = Math.max(0.5, Math.min(r.right - r.left, r.bottom - r.top) / 40);
const points = [];
for (let x = r.left + step / 2; x < r.right; x += step) {
    for (let y = r.top + step / 2; y < r.bottom; y += step) {
        if (!inside(path, x, y)) continue;
        if (others.some(([p, b]) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom && inside(p, x, y))) continue;
        const clear = Math.min(1e9, ...markers.map(([mx, my]) => Math.hypot(mx - x, my - y)));
        points.push([x, y, Math.min(clear, clearance)]);
    }
}
if (!points.length) return null;
const best = Math.max(...points.map(p => p[2]));
const good = points.filter(p => p[2] >= best);
const cx = good.reduce((s, p) => s + p[0], 0) / good.length, cy = good.reduce((s, p) => s + p[1], 0) / good.length;
good.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
return {x: good[0][0], y: good[0][1], clearance: best, width: box.width, height: box.height};
"""

MARKER_CENTRE = f"""
const gd = document.querySelector('{GRAPH}');
const index = gd.data[2].customdata.indexOf(arguments[0]);
const point = [...document.querySelectorAll('#status-map .scattergeo .point')].find(
    p => p.__data__.i === index && p.closest('.trace').__data__[0].trace.index === 2);
if (!point) return null;
const b = point.getBoundingClientRect();
return {{x: b.x + b.width / 2, y: b.y + b.height / 2, index: index}};
"""


def interior_point(driver, code: str, clearance: float = 30) -> dict | None:
    return js(driver, INTERIOR_POINT, code, clearance)


def geo_scale(driver) -> float:
    return js(driver, f"return document.querySelector('{GRAPH}')._fullLayout.geo.projection.scale;")


def zoom_map_at(driver, code: str, min_scale: float) -> None:
    """Zooms the map with the mouse wheel over a country until the projection scale reaches `min_scale`."""
    for _ in range(30):
        scale = geo_scale(driver)
        if scale >= min_scale:
            return
        point = interior_point(driver, code, clearance=0)
        assert point, f"{code} is not visible on the map"
        origin = ScrollOrigin.from_viewport(int(point["x"]), int(point["y"]))
        ActionChains(driver).scroll_from_origin(origin, 0, -200).perform()
        wait_until(driver, lambda d: geo_scale(d) > scale, "the wheel did not zoom the map", 5)
    raise AssertionError(f"could not zoom to scale {min_scale}; at {geo_scale(driver)}")


def click_country(driver, code: str) -> None:
    point = interior_point(driver, code)
    assert point, f"no clickable point of {code} on the map"
    click_at(driver, point["x"], point["y"])


def click_marker(driver, code: str) -> None:
    centre = js(driver, MARKER_CENTRE, code)
    assert centre, f"no marker for {code}"
    click_at(driver, centre["x"], centre["y"])


def wait_for_details(driver, name: str, code: str) -> None:
    wait_until(driver, lambda d: details_title(d) == name and query(d).get("country") == [code],
               f"the details panel did not open for {name}; it shows {details_title(driver)!r}, url {driver.current_url}")


def type_slowly(driver, text: str) -> None:
    """Types like a person, who sees each character in the box before typing the next. dcc.Input restores the
    caret on a timer after each keystroke; a key sent before that timer has run (selenium's default, or a
    fixed pause on a busy machine) lands at a stale caret position and scrambles the text."""
    for typed in range(1, len(text) + 1):
        ActionChains(driver).send_keys(text[typed - 1]).perform()
        wait_until(driver, lambda d: d.execute_script("return document.activeElement.value;") == text[:typed],
                   lambda: f"typing {text!r}: the box shows "
                           f"{driver.execute_script('return document.activeElement.value;')!r}", timeout=5)
        # dcc.Input puts the caret back with setTimeout(0) after each keystroke, and Chromium runs a queued key
        # before a queued timer: wait for that timer (timers run in order) before the next key.
        driver.execute_async_script("setTimeout(arguments[arguments.length - 1], 0);")


def set_date(driver, day: date) -> None:
    """Types the date (YYYY-MM-DD) into the date box, replacing what is there, and presses Enter."""
    field = driver.find_element(By.ID, "date-input")
    field.click()
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    type_slowly(driver, day.isoformat())
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_until(driver, lambda d: field.get_attribute("value") == day.isoformat()
               and query(d).get("as_of") == [day.isoformat()]
               and f"As of {long_date(day)}:" in d.find_element(By.ID, "as-of-headline").text and idle(d),
               lambda: f"the as-of date did not become {day}: box {field.get_attribute('value')!r}, url {driver.current_url}")


def choose_country(driver, name: str) -> None:
    """The keyboard path: open the searchable country list, type a name, press Enter."""
    driver.find_element(By.ID, "country-search").click()
    search = wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "input.dash-dropdown-search"),
                        "the country list did not open")[0]
    # The focus is in the open list: on its search box, or on the chosen state (assets/a11y.js then sends
    # what is typed to the search box).
    wait_until(driver, lambda d: js(d, "return !!document.activeElement.closest('.dash-dropdown-content');"),
               "the focus is not in the open list", 5)
    ActionChains(driver).send_keys(name).perform()
    wait_until(driver, lambda d: search.get_attribute("value") == name, "the search text was not typed", 5)
    ActionChains(driver).send_keys(Keys.ENTER).perform()


def toggle_bloc(driver, bloc: str) -> None:
    """Opens the bloc drawer if it is closed (as a reader would), then ticks or unticks the bloc."""
    drawer = driver.find_element(By.ID, "bloc-drawer")
    if not drawer.get_attribute("open"):
        drawer.find_element(By.TAG_NAME, "summary").click()
    driver.find_element(By.CSS_SELECTOR, f"#blocs input[value='{bloc}']").find_element(By.XPATH, "./ancestor::label").click()


def choose_reading(driver, reading: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"#reading input[value='{reading}']").find_element(By.XPATH, "./ancestor::label").click()


def downloaded_file(folder: Path, timeout: float = TIMEOUT) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if not p.name.endswith((".crdownload", ".tmp"))]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no download arrived in {folder}: {list(folder.iterdir())}")


def viewport(driver, width: int, height: int, mobile: bool = False) -> None:
    """A viewport of exactly width x height CSS pixels (the window size alone leaves room for browser chrome)."""
    driver.set_window_size(max(width, 500), height + 200)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    if not mobile:  # a mobile viewport only applies once a page with a viewport meta tag is loaded
        wait_until(driver, lambda d: js(d, "return document.documentElement.clientWidth;") <= width,
                   f"the viewport did not become {width} wide", 10)


def map_width(driver) -> float:
    return js(driver, "const s = document.querySelector('#status-map .main-svg'); return s ? s.getBoundingClientRect().width : 0;")


# ---------------------------------------------------------------------------------------------- fixtures

@pytest.fixture
def atlas(page):
    """The atlas opened by a new reader, map drawn (in this module and those that import it, `atlas` is the
    page; elsewhere it is the core's Atlas)."""
    page.open()
    wait_for_map(page.driver)
    return page


@pytest.fixture
def today(context) -> date:
    return context.today()


# ---------------------------------------------------------------------------------------------- 1. loading

@pytest.mark.browser
def test_page_loads_offline_without_console_errors(atlas):
    driver = atlas.driver
    origin = atlas.server_url.rstrip("/")

    assert atlas.get_logs() == [], "console errors (SEVERE, including CSP violations) while loading"

    resources = js(driver, "return performance.getEntriesByType('resource').map(e => e.name);")
    # The shapes came as TopoJSON, decoded in the page: plotly.js never had to fetch the GeoJSON.
    assert any("/geometry/world_50m.topojson" in name for name in resources), resources
    assert not any("/geometry/world_50m.geojson" in name for name in resources), resources
    assert any("plotly" in name for name in resources), resources
    outside = [name for name in resources + [driver.current_url] if not name.startswith(origin + "/")]
    assert outside == [], f"requests leaving {origin}: {outside}"
    referenced = js(driver, """return [...document.querySelectorAll('script[src], link[href], img[src], iframe[src]')]
                               .map(e => e.src || e.href);""")
    assert all(url.startswith(origin + "/") for url in referenced), referenced

    shapes = js(driver, "return [...document.querySelectorAll('#status-map .choroplethlocation')].map(p => p.__data__.loc);")
    assert len(shapes) > 200
    assert "XKX" in shapes, "Kosovo has no shape of its own on the map"
    assert codes(driver)["polygons"]["XKX"] == KOSOVO


# ---------------------------------------------------------------------------------------------- 2. details

@pytest.mark.browser
def test_clicking_monaco_kosovo_and_france_opens_their_details(atlas):
    driver = atlas.driver

    click_marker(driver, "MCO")  # at the default zoom: markers are clickable like polygons
    wait_for_details(driver, "Monaco", "MCO")

    # Kosovo is about 3 px wide at the default zoom (test_clicking_small_countries_at_default_zoom clicks it
    # there); here zoom in with the wheel first, as a reader would, which also exercises zooming.
    zoom_map_at(driver, "XKX", min_scale=4)
    click_country(driver, "XKX")
    wait_for_details(driver, "Kosovo", "XKX")
    assert "Declared independence" in driver.find_element(By.ID, "details").text

    click_country(driver, "FRA")
    wait_for_details(driver, "France", "FRA")
    text = driver.find_element(By.ID, "details").text
    assert "Recognised on\n18 February 2008" in text, text

    assert atlas.get_logs() == []


@pytest.mark.browser
def test_searchable_list_opens_tuvalu(atlas):
    driver = atlas.driver
    choose_country(driver, "Tuvalu")
    wait_for_details(driver, "Tuvalu", "TUV")
    assert "Recognises Kosovo" in driver.find_element(By.ID, "details").text
    assert atlas.get_logs() == []


@pytest.mark.browser
def test_searchable_list_replaces_an_existing_selection(page):
    """Dash 4's dropdown opens on the chosen option, where typing went nowhere and Enter unchose Monaco
    (the details emptied): the name typed now goes to the search box, and Space still ticks an option."""
    driver = page.driver
    driver.get(f"{page.server_url.rstrip('/')}/?country=MCO")
    wait_for_map(driver)
    wait_for_details(driver, "Monaco", "MCO")
    driver.find_element(By.ID, "country-search").click()
    wait_until(driver, lambda d: js(d, "return document.activeElement.value;") == "MCO",
               "the list did not open on the chosen state")
    typed = "Tuvalu"
    ActionChains(driver).send_keys(typed).perform()
    wait_until(driver, lambda d: js(d, "return document.activeElement.matches('input.dash-dropdown-search') && "
                                       "document.activeElement.value;") == typed,
               "the typed name did not go to the search box")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_for_details(driver, "Tuvalu", "TUV")
    assert query(driver).get("country") == ["TUV"]

    driver.find_element(By.ID, "country-search").click()
    wait_until(driver, lambda d: js(d, "return document.activeElement.value;") == "TUV", "the list did not open on Tuvalu")
    ActionChains(driver).send_keys(Keys.ARROW_DOWN).perform()
    following = wait_until(driver, lambda d: (v := js(d, "return document.activeElement.value;")) != "TUV" and v,
                           "the down arrow did not move to the next state")
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    wait_until(driver, lambda d: query(d).get("country") == [following], f"Space did not choose {following}")


# Integer viewport points (as a mouse gives them) inside a state's drawn shape, inside the visible map and
# off the modebar, every `step` px.
GRID_POINTS = f"""
const [code, step] = arguments;
const path = [...document.querySelectorAll('#status-map .choroplethlocation')].find(p => p.__data__.loc === code);
const area = document.querySelector('{GRAPH} .geo .bg rect, {GRAPH} .geo .bglayer rect').getBoundingClientRect();
const bar = document.querySelector('{GRAPH} .modebar');
const m = bar ? bar.getBoundingClientRect() : null;
const b = path.getBoundingClientRect(), points = [];
for (let x = Math.ceil(b.left); x < b.right; x += step) for (let y = Math.ceil(b.top); y < b.bottom; y += step) {{
    if (x < area.left || x > area.right || y < area.top || y > area.bottom || y >= innerHeight || x >= innerWidth) continue;
    if (m && x >= m.left && x <= m.right && y >= m.top && y <= m.bottom) continue;
    if (path.isPointInFill(new DOMPoint(x, y).matrixTransform(path.getScreenCTM().inverse()))) points.push([x, y]);
}}
return points;
"""
# Records the state each click asks the page to open instead of opening it (hundreds of clicks would
# otherwise each run the details callback); the click itself goes through the page's own handler.
RECORD_SELECTIONS = """
window.__opened = [];
const original = window.dash_clientside.set_props;
window.dash_clientside.set_props = function (id, props) {
    if (id === arguments[0] && props && 'value' in props) { window.__opened.push(props.value); return; }
    return original.apply(this, arguments);
};
""".replace("arguments[0]", "'country-search'")


def cdp_click(driver, x: int, y: int) -> None:
    """A real mouse click (press and release) at viewport pixel (x, y)."""
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                             "clickCount": 1})


def opened_by_click(driver, x: int, y: int) -> str | None:
    js(driver, "window.__opened = [];")
    cdp_click(driver, x, y)
    return js(driver, "return window.__opened.length ? window.__opened[0] : null;")


@pytest.mark.browser
def test_a_click_anywhere_inside_a_state_opens_it_at_the_default_view(atlas):
    """Every pixel of the grid inside the drawn shape, not one chosen point: markers for small states sit
    beside them (over the sea) or yield to the shape under the pointer, so they hide no neighbour."""
    driver = atlas.driver
    js(driver, RECORD_SELECTIONS)
    for code, step in (("FRA", 3), ("DEU", 3), ("ITA", 2), ("ESP", 3), ("BEL", 1), ("SRB", 1)):
        points = js(driver, GRID_POINTS, code, step)
        assert len(points) >= 25, f"{code}: only {len(points)} grid points"
        opened = [opened_by_click(driver, x, y) for x, y in points]
        share = sum(o == code for o in opened) / len(points)
        wrong = {o: opened.count(o) for o in set(opened) if o != code}
        assert share >= 0.9, f"{code}: {share:.0%} of {len(points)} clicks open it; others: {wrong}"


@pytest.mark.browser
def test_every_small_state_marker_and_kosovos_callout_open_their_state(atlas):
    driver = atlas.driver
    js(driver, RECORD_SELECTIONS)
    markers = js(driver, f"""const gd = document.querySelector('{GRAPH}');
        return [...gd.querySelectorAll('.scattergeo .point')].filter(p => p.closest('.trace').__data__[0].trace.index === 2)
            .map(p => {{ const b = p.getBoundingClientRect();
                         return [gd.data[2].customdata[p.__data__.i], b.x + b.width / 2, b.y + b.height / 2, b.width]; }});""")
    assert len(markers) == len(atlas_markers()) and any(m[0] == "XKX" for m in markers)
    wrong = {code: opened for code, x, y, width in markers
             if (opened := opened_by_click(driver, int(x), int(y))) != code}
    assert wrong == {}, f"markers that open another state: {wrong}"
    kosovo = next(m for m in markers if m[0] == "XKX")
    assert kosovo[3] >= 8, "Kosovo's callout is smaller than 8 px"


def atlas_markers() -> list[str]:
    from common.context import build_context
    return list(build_context().atlas.markers["iso3"])


@pytest.mark.browser
def test_clicking_a_state_opens_and_outlines_it(atlas):
    driver = atlas.driver
    click_country(driver, "SRB")
    wait_for_details(driver, "Serbia", "SRB")
    outline = wait_until(driver, lambda d: js(d, "return document.querySelectorAll('#status-map .selection-outline path').length;"),
                         "the selected state is not outlined")
    assert outline == 2  # its halo and its line, on Serbia's one shape
    driver.find_element(By.ID, "zoom-selected").click()
    wait_until(driver, lambda d: geo_scale(d) > 4, "Zoom to selected did not zoom in")
    driver.find_element(By.CSS_SELECTOR, "[data-region=world]").click()
    wait_until(driver, lambda d: abs(geo_scale(d) - 1) < 0.01, "World did not return to the world view")


# ---------------------------------------------------------------------------------------------- 3. as-of date

def move_to(driver, context, day: date) -> dict[str, int]:
    """Set the as-of date and wait until the legend shows the core's counts for it; returns them."""
    set_date(driver, day)
    expected = expected_legend(context, "independent", day)
    wait_until(driver, lambda d: legend_numbers(d) == expected, "the legend counts did not follow the date")
    return expected


@pytest.mark.browser
def test_as_of_date_shows_nauru_and_palau_withdrawals_and_palau_returning(atlas, context, today):
    driver = atlas.driver
    now = expected_legend(context, "independent", today)
    assert legend_numbers(driver) == now

    end_2019 = move_to(driver, context, date(2019, 12, 31))
    assert end_2019 != now
    wait_until(driver, lambda d: status_class(codes(d)["markers"]["NRU"]) == WITHDREW, "Nauru is not drawn as withdrawn")
    shown = codes(driver)
    for code in ("NRU", "PLW"):
        assert status_class(shown["polygons"][code]) == WITHDREW, code
        assert status_class(shown["markers"][code]) == WITHDREW, code
    assert shown["polygons"]["FRA"] == RECOGNISES and shown["polygons"]["SRB"] == DOES_NOT_RECOGNISE

    # The tooltip under the pointer over Nauru's marker says so.
    centre = js(driver, MARKER_CENTRE, "NRU")
    hover_at(driver, centre["x"], centre["y"])
    label = wait_until(driver, lambda d: js(d, "const h = document.querySelector('#map-tooltip');"
                                               "return h && !h.hidden ? h.textContent : '';"), "no tooltip over Nauru")
    assert "Nauru" in label and "Withdrew recognition" in label, label

    start_2024 = move_to(driver, context, date(2024, 1, 1))
    assert start_2024 != end_2019
    wait_until(driver, lambda d: status_class(codes(d)["markers"]["PLW"]) == RECOGNISES,
               "Palau does not recognise again in 2024")
    shown = codes(driver)
    assert status_class(shown["polygons"]["PLW"]) == RECOGNISES
    assert status_class(shown["polygons"]["NRU"]) == WITHDREW and status_class(shown["markers"]["NRU"]) == WITHDREW
    assert atlas.get_logs() == []


@pytest.mark.browser
def test_slider_is_keyboard_operable(atlas, today):
    driver = atlas.driver
    thumb = driver.find_element(By.CSS_SELECTOR, "#date-slider [role=slider]")
    thumb.send_keys(Keys.HOME)
    wait_until(driver, lambda d: d.find_element(By.ID, "date-input").get_attribute("value") == "2008-02-17"
               and query(d).get("as_of") == ["2008-02-17"], "Home did not move the date to 2008-02-17")
    # The slider speaks in dates: its tooltip shows the day, and there is no raw day-number box.
    wait_until(driver, lambda d: js(d, "const t = document.querySelector('#date-slider [id$=tooltip-1-content]');"
                                       "return t ? t.textContent : '';") == "17 February 2008", "the tooltip does not show the date")
    assert driver.find_elements(By.CSS_SELECTOR, "#date-slider input") == []
    thumb.send_keys(Keys.ARROW_RIGHT)
    wait_until(driver, lambda d: d.find_element(By.ID, "date-input").get_attribute("value") == "2008-02-18",
               "the right arrow did not step one day")
    thumb.send_keys(Keys.END)
    wait_until(driver, lambda d: d.find_element(By.ID, "date-input").get_attribute("value") == today.isoformat(),
               "End did not move the date to today")
    assert atlas.get_logs() == []


def press(driver, key: str, code: int, kind: str = "rawKeyDown", repeat: bool = False) -> None:
    """A key event as the keyboard sends it (CDP), to whatever has the focus."""
    driver.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key, "autoRepeat": repeat,
                                                      "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code})


def slide_to(driver, day: int) -> None:
    js(driver, "window.dash_clientside.set_props('date-slider', {value: arguments[0]});", day)
    wait_until(driver, lambda d: js(d, "return window.atlasMap.view().day;") == day, f"the map did not reach day {day}")


def core_fills(context, reading: str, as_of: date, blocs: list[str]) -> list[str]:
    """The fill the core decides for every unit in this view, as the browser reports colours."""
    from components.palette import BORDER, CLASS_COLOURS
    from recognition.map_data import styles, units, view_codes
    members = context.atlas.members_of_any(blocs, as_of) if blocs else None
    fill = styles(CLASS_COLOURS, BORDER)["fill"]
    return [rgb_text(fill[c]) for c in view_codes(context.atlas, reading, as_of, units(context.atlas), members)]


def rgb_text(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


PAINTED_FILLS = f"""
const units = window.atlasMap.config().paint.units, gd = document.querySelector('{GRAPH}');
const fills = new Array(units.iso3.length).fill(null);
gd.querySelectorAll('.choroplethlocation').forEach(p => {{ fills[p.__data__.index] = getComputedStyle(p).fill; }});
gd.querySelectorAll('.scattergeo .point').forEach(p => {{
    if (p.closest('.trace').__data__[0].trace.index === 2) fills[units.polygons + p.__data__.i] = getComputedStyle(p).fill;
}});
return fills;
"""


@pytest.mark.browser
def test_painted_colours_equal_the_cores_classes_for_200_random_views(atlas, context, today):
    import random
    driver = atlas.driver
    rng = random.Random(2026)
    last = (today - date(2008, 2, 17)).days
    event_days = [(d - date(2008, 2, 17)).days for d in context.atlas.history.change_dates()]
    readings = list(READING_KEYS) + ["disagreements"]
    # 20 random readings and bloc choices, each at 10 random days: the days move the slider only, so
    # each view is read within the settle delay and the server is asked once per reading and blocs.
    for _ in range(20):
        reading, blocs = rng.choice(readings), rng.sample(context.bloc_keys, rng.choice([0, 0, 1, 2]))
        js(driver, "window.dash_clientside.set_props('reading', {value: arguments[0]});"
                   "window.dash_clientside.set_props('blocs', {value: arguments[1]});", reading, blocs)
        wait_until(driver, lambda d: js(d, "const v = window.atlasMap.view(); return [v.reading, v.blocs];") == [reading, blocs],
                   f"the painter did not take reading {reading} and blocs {blocs}")
        for _ in range(10):
            day = rng.choice([rng.randint(0, last), rng.choice(event_days), max(rng.choice(event_days) - 1, 0)])
            slide_to(driver, day)
            painted = js(driver, PAINTED_FILLS)
            expected = core_fills(context, reading, date(2008, 2, 17) + timedelta(days=day), blocs)
            differ = [context.atlas.geoframe["iso3"].tolist()[i] if i < len(context.atlas.geoframe) else i
                      for i, (p, e) in enumerate(zip(painted, expected)) if p is not None and p != e]
            assert differ == [], f"{reading} {blocs} day {day}: painted colours differ from the core for {differ[:10]}"
            assert sum(p is not None for p in painted) > 220


@pytest.mark.browser
def test_a_held_arrow_key_ends_on_the_right_day_with_the_right_colours(atlas, context):
    driver = atlas.driver
    start = (date(2019, 10, 1) - date(2008, 2, 17)).days
    slide_to(driver, start)
    js(driver, "document.querySelector('#date-slider [role=slider]').focus();")
    press(driver, "ArrowRight", 39)
    for _ in range(59):
        time.sleep(0.033)
        press(driver, "ArrowRight", 39, repeat=True)
    press(driver, "ArrowRight", 39, kind="keyUp")
    end = date(2008, 2, 17) + timedelta(days=start + 60)
    wait_until(driver, lambda d: query(d).get("as_of") == [end.isoformat()] and idle(d),
               lambda: f"after 60 presses the date is {query(driver).get('as_of')}, not {end}")
    assert js(driver, PAINTED_FILLS)[:len(context.atlas.geoframe)] == \
        core_fills(context, "independent", end, [])[:len(context.atlas.geoframe)]
    assert legend_numbers(driver) == expected_legend(context, "independent", end)
    assert driver.find_element(By.ID, "date-label").text.startswith(f"{end.day} {end:%B %Y}")


@pytest.mark.browser
def test_the_timeline_is_drawn_after_the_map_with_the_marker_of_the_view(page):
    """The chart comes with the page (offline too) but is drawn once the map is painted; a view opened from a
    link is drawn with its own date line and its reading's thicker line (widths: independent, Kosovo, Serbia)."""
    from app import FIRST_SCREEN_MARK
    driver = page.driver
    page.open("?as_of=2019-12-31&reading=serbia")
    wait_for_map(driver)
    wait_for_timeline(driver)
    assert js(driver, "return performance.getEntriesByName(arguments[0]).length;", FIRST_SCREEN_MARK) == 1
    drawn = js(driver, """const gd = document.querySelector('#timeline .js-plotly-plot');
                          return {line: gd.layout.shapes[0].x0, widths: gd.data.slice(0, 3).map(t => t.line.width)};""")
    assert drawn == {"line": "2019-12-31", "widths": [1.5, 1.5, 3]}
    # Drawn with the view settled before it (here the page's own function, given the figure the page came with).
    from test_i18n import find

    from components import ids
    layout = requests.get(page.server_url.rstrip("/") + "/_dash-layout", timeout=30).json()
    figure, marker = find(layout, ids.TIMELINE_FIGURE)["data"], find(layout, ids.TIMELINE_MARKER)["data"]
    assert figure["layout"]["shapes"][0]["x0"] != "2010-05-05"
    drawn = js(driver, """const f = window.dash_clientside.atlas.timeline(arguments[1], arguments[2], true, null,
                                                                         arguments[0], arguments[3]);
                          return {line: [f.layout.shapes[0].x0, f.layout.shapes[0].x1],
                                  widths: f.data.slice(0, 3).map(t => t.line.width)};""",
               figure, "2010-05-05", "kosovo", marker)
    assert drawn == {"line": ["2010-05-05", "2010-05-05"], "widths": [1.5, 3, 1.5]}
    assert page.get_logs() == []


@pytest.mark.browser
def test_a_click_at_mid_height_on_the_timeline_sets_the_date(atlas):
    driver = atlas.driver
    wait_for_timeline(driver)
    target = date(2015, 6, 1)
    point = js(driver, """const gd = document.querySelector('#timeline .js-plotly-plot');
        gd.scrollIntoView({block: 'center'});
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
        return [box.left + xa._offset + xa.d2p(arguments[0]), box.top + ya._offset + ya._length / 2];""",
               target.isoformat())
    cdp_click(driver, int(point[0]), int(point[1]))
    def near(d) -> bool:  # one pixel of the axis is about two days
        shown = query(d).get("as_of", [""])[0]
        return bool(shown) and abs((date.fromisoformat(shown) - target).days) <= 4

    wait_until(driver, near, lambda: f"the date did not move to about {target}: {query(driver).get('as_of')}")


@pytest.mark.browser
def test_play_moves_the_date_and_pauses(atlas):
    driver = atlas.driver
    slide_to(driver, 0)
    driver.find_element(By.ID, "play-button").click()
    wait_until(driver, lambda d: js(d, "return window.atlasMap.view().day;") > 200, "Play did not move the date")
    assert driver.find_element(By.ID, "play-button").get_attribute("aria-pressed") == "true"
    driver.find_element(By.ID, "play-button").click()
    paused = js(driver, "return window.atlasMap.view().day;")
    time.sleep(0.5)
    assert js(driver, "return window.atlasMap.view().day;") == paused
    wait_until(driver, lambda d: query(d).get("as_of") == [(date(2008, 2, 17) + timedelta(days=paused)).isoformat()],
               "the paused date did not settle")


def type_date_text(driver, text: str, expect: str | None = None) -> None:
    """Type `text` and press Enter; the box then shows `expect` (a refused date reverts to the date
    in force), by default `text` itself."""
    field = driver.find_element(By.ID, "date-input")
    field.click()
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    type_slowly(driver, text)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    shown = text if expect is None else expect
    wait_until(driver, lambda d: field.get_attribute("value") == shown and idle(d),
               f"after typing {text!r} the box does not show {shown!r}")


@pytest.mark.browser
def test_refused_typed_dates_say_why_and_change_nothing(atlas):
    """A refused date keeps the date in force and says why beside the box (no console error: with
    dcc.Input(type="date") every typed digit once logged an 'Uncaught DOMException')."""
    driver = atlas.driver
    set_date(driver, date(2019, 12, 31))
    reasons = {"2007-01-01": "starts on 17 February 2008", "2019-02-30": "not a real date",
               "2019-13-45": "not a real date", "yesterday": "not a real date", "2999-01-01": "in the future"}
    for bad, reason in reasons.items():
        type_date_text(driver, bad)
        message = wait_until(driver, lambda d: d.find_element(By.ID, "date-error").text, f"no reason shown for {bad!r}")
        assert reason in message, (bad, message)
        time.sleep(0.3)  # give a (wrong) update the chance to arrive
        assert query(driver).get("as_of") == ["2019-12-31"], bad
        assert "As of 31 December 2019:" in driver.find_element(By.ID, "as-of-headline").text, bad
    type_date_text(driver, "2020-01-05")
    wait_until(driver, lambda d: query(d).get("as_of") == ["2020-01-05"] and d.find_element(By.ID, "date-error").text == "",
               "a good date after a refused one did not apply and clear the message")
    logs = atlas.get_logs()
    assert logs == [], [e["message"] for e in logs]


# ---------------------------------------------------------------------------------------------- 4. blocs, export

@pytest.mark.browser
def test_eu_bloc_summary_and_csv_export_match_the_download_route(atlas, today):
    driver = atlas.driver
    toggle_bloc(driver, "EU")
    wait_until(driver, lambda d: "22 of 27" in d.find_element(By.ID, "bloc-summary").text and query(d).get("bloc") == ["EU"],
               "the EU summary did not say 22 of 27")
    sentence = driver.find_element(By.CSS_SELECTOR, "#bloc-summary [data-bloc=EU] .bloc-sentence").text
    assert "22 of 27" in sentence and long_date(today) in sentence, sentence

    # Non-members are dimmed, members keep their colour.
    wait_until(driver, lambda d: codes(d)["polygons"]["USA"] >= FADED, "non-members were not dimmed")
    shown = codes(driver)["polygons"]
    assert shown["FRA"] == RECOGNISES and shown["ESP"] == DOES_NOT_RECOGNISE
    assert shown["SRB"] == DOES_NOT_RECOGNISE + FADED

    wait_until(driver, idle, "callbacks still running")
    driver.find_element(By.ID, "export-button").click()
    file = downloaded_file(Path(atlas.download_path))
    assert file.name.startswith(f"kosovo-recognition_{today.isoformat()}_EU_independent_reviewed-"), file.name
    content = file.read_bytes()

    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 27
    assert sum(row["status"] == "recognises" for row in rows) == 22
    assert {row["status"] for row in rows} <= {"recognises", "withdrew", "does_not_recognise"}
    assert {"iso3", "name", "status", "recognised_on", "withdrawn_on", "un_member", "blocs", "source_url"} <= set(rows[0])

    response = requests.get(f"{atlas.server_url.rstrip('/')}/download/status.csv",
                            params={"as_of": today.isoformat(), "bloc": "EU", "reading": "independent"}, timeout=30)
    assert response.status_code == 200
    assert response.content == content, "the button's CSV differs from /download/status.csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{file.name}"'
    link = driver.find_element(By.ID, "export-link").get_attribute("href")
    assert parse_qs(urlsplit(link).query) == {"as_of": [today.isoformat()], "bloc": ["EU"], "reading": ["independent"]}
    assert atlas.get_logs() == []


@pytest.mark.browser
def test_csv_holds_exactly_the_rows_the_table_displays_with_its_filter_and_sort(atlas, today):
    driver = atlas.driver
    toggle_bloc(driver, "EU")
    wait_until(driver, lambda d: query(d).get("bloc") == ["EU"] and idle(d), "EU not chosen")
    # The grid's code comes when the table is near the viewport, as a reader scrolls to it.
    js(driver, "document.getElementById('states').scrollIntoView();")
    wait_until(driver, lambda d: js(d, "return !!window.dash_ag_grid;") and idle(d), "the table did not load")
    js(driver, """dash_ag_grid.getApiAsync('status-table').then(async (api) => {
        await api.setColumnFilterModel('status', {filterType: 'text', type: 'contains', filter: 'not'});
        api.onFilterChanged();
        api.applyColumnState({state: [{colId: 'un_member', sort: 'asc'}, {colId: 'name', sort: 'desc'}]});
    });""")
    shown_rows = """const done = arguments[arguments.length - 1];
        dash_ag_grid.getApiAsync('status-table').then((api) => {
            const codes = []; api.forEachNodeAfterFilterAndSort((n) => codes.push(n.data.iso3)); done(codes); });"""
    wait_until(driver, lambda d: len(d.execute_async_script(shown_rows)) == 5 and "filter=" in
               d.find_element(By.ID, "export-link").get_attribute("href") and idle(d),
               "the table did not show the EU's five non-recognisers")
    displayed = driver.execute_async_script(shown_rows)
    driver.find_element(By.ID, "export-button").click()
    content = downloaded_file(Path(atlas.download_path)).read_bytes()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert [row["iso3"] for row in rows] == displayed
    assert {row["status"] for row in rows} == {"does_not_recognise"}
    link = driver.find_element(By.ID, "export-link").get_attribute("href")
    assert requests.get(link, timeout=30).content == content, "the CSV link differs from the button"
    assert atlas.get_logs() == []


@pytest.mark.browser
def test_png_and_svg_downloads_are_composed_for_publication(atlas):
    import struct
    driver = atlas.driver
    slide_to(driver, (date(2019, 12, 31) - date(2008, 2, 17)).days)
    wait_until(driver, lambda d: query(d).get("as_of") == ["2019-12-31"] and idle(d), "the date did not settle")
    folder = Path(atlas.download_path)
    driver.find_element(By.CSS_SELECTOR, "#image-size option[value=print]").click()
    driver.find_element(By.CSS_SELECTOR, "[data-image-format=png]").click()
    png = downloaded_file(folder)
    assert png.name == "kosovo-recognition-map_2019-12-31.png"
    width, height = struct.unpack(">II", png.read_bytes()[16:24])
    assert (width, height) == (3000, 1688)
    png.unlink()
    driver.find_element(By.CSS_SELECTOR, "#image-size option[value=web]").click()
    driver.find_element(By.CSS_SELECTOR, "[data-image-format=svg]").click()
    svg = downloaded_file(folder).read_text(encoding="utf-8")
    for words in ("Recognition of Kosovo as of 31 December 2019", "Reading: Independent", "Source: Kosovo Recognition Atlas",
                  "as_of=2019-12-31", 'width="1200"'):
        assert words in svg, words
    assert atlas.get_logs() == []


def framing_page(app_url: str, path: str) -> str:
    """A page of another site (another origin) with the atlas at `path` in an <iframe>, served on a free port."""
    import http.server
    import threading

    html_text = (f'<!doctype html><html lang="en"><head><title>A newsroom</title><link rel="icon" href="data:,">'
                 f'</head><body><iframe id="atlas" src="{app_url.rstrip("/")}{path}" width="900" height="560" '
                 f'title="Map"></iframe></body></html>').encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the handler API
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html_text)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.mark.browser
def test_embed_loads_inside_another_sites_iframe_and_the_main_page_refuses(page):
    driver = page.driver
    app_url = page.server_url.replace("localhost", "127.0.0.1")
    driver.get(framing_page(app_url, "/embed?as_of=2019-12-31&bloc=EU"))
    driver.switch_to.frame(driver.find_element(By.ID, "atlas"))
    wait_for_map(driver)
    assert js(driver, "return document.getElementById('page').className;") == "page embed"
    assert not driver.find_element(By.ID, "states").is_displayed()
    assert driver.find_element(By.ID, "embed-link").is_displayed()
    shown = codes(driver)["polygons"]
    assert shown["FRA"] == RECOGNISES and shown["USA"] >= FADED  # the link's date and bloc
    driver.switch_to.default_content()
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []

    driver.get(framing_page(app_url, "/?as_of=2019-12-31"))
    refused = wait_until(driver, lambda d: [e for e in d.get_log("browser") if "frame-ancestors" in e["message"]],
                         "the main page was framed by another site")
    assert refused


@pytest.mark.browser
def test_share_dialog_gives_the_link_and_the_embed_snippet_of_the_view(atlas):
    driver = atlas.driver
    slide_to(driver, (date(2019, 12, 31) - date(2008, 2, 17)).days)
    toggle_bloc(driver, "EU")
    wait_until(driver, lambda d: query(d) == {"as_of": ["2019-12-31"], "bloc": ["EU"]} and idle(d), "view not set")
    driver.find_element(By.ID, "share-button").click()
    wait_until(driver, lambda d: d.find_element(By.ID, "share-dialog").is_displayed(), "the dialog did not open")
    link = driver.find_element(By.ID, "share-link").get_attribute("value")
    snippet = driver.find_element(By.ID, "share-embed").get_attribute("value")
    assert link.endswith("/?as_of=2019-12-31&bloc=EU"), link
    assert snippet.startswith('<iframe src="') and "/embed?as_of=2019-12-31&bloc=EU" in snippet and 'title="' in snippet
    driver.find_element(By.CSS_SELECTOR, "[data-copy=share-link]").click()
    wait_until(driver, lambda d: d.find_element(By.ID, "share-status").text, "the copy button said nothing")
    driver.find_element(By.CSS_SELECTOR, "[data-close-dialog=share-dialog]").click()
    wait_until(driver, lambda d: not d.find_element(By.ID, "share-dialog").is_displayed(), "the dialog did not close")


@pytest.mark.browser
def test_compare_mode_lists_and_paints_what_the_core_says_changed_and_its_url_restores_it(atlas, context):
    from recognition.changes import changes_between
    from recognition.map_data import compare_codes, decode, units
    driver = atlas.driver
    start, end = date(2019, 12, 31), date(2025, 12, 31)
    driver.get(f"{atlas.server_url.rstrip('/')}/?from={start}&to={end}")
    wait_for_map(driver)
    expected = changes_between(context.atlas, "independent", start, end).states["iso3"].tolist()
    wait_until(driver, lambda d: query(d).get("to") == [end.isoformat()] and idle(d), "the as-of date did not settle")
    listed = wait_until(driver, lambda d: js(d, "return [...document.querySelectorAll('#compare-result [data-iso3]')]"
                                               ".map(li => li.dataset.iso3);"), "the compare list did not appear")
    assert listed == expected and len(expected) >= 5
    assert "+6 / −0" in driver.find_element(By.ID, "compare-result").text
    painted = decode(compare_codes(context.atlas, "independent", start, end, units(context.atlas)))
    wait_until(driver, lambda d: map_state(d)["codes"] == painted, "the map does not show the core's comparison")
    wait_until(driver, lambda d: query(d) == {"from": [start.isoformat()], "to": [end.isoformat()]} and idle(d),
               lambda: f"the compare URL was not kept: {driver.current_url}")
    csv_link = driver.find_element(By.CSS_SELECTOR, "#compare-result a[href*='changes.csv']").get_attribute("href")
    rows = list(csv.DictReader(io.StringIO(requests.get(csv_link, timeout=30).text)))
    assert [row["iso3"] for row in rows] == expected
    driver.find_element(By.CSS_SELECTOR, "#compare-on input").click()  # compare off: back to the as-of map
    wait_until(driver, lambda d: query(d) == {"as_of": [end.isoformat()]} and map_state(d)["codes"] != painted,
               "leaving compare mode did not restore the map and the URL")
    assert atlas.get_logs() == []


# ---------------------------------------------------------------------------------------------- 5. shared URL

@pytest.mark.browser
def test_copied_url_restores_the_view_in_a_fresh_browser(atlas):
    driver = atlas.driver
    set_date(driver, date(2019, 12, 31))
    toggle_bloc(driver, "EU")
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#bloc-summary [data-bloc=EU]") and idle(d),
               "EU summary missing")
    choose_country(driver, "France")
    wait_for_details(driver, "France", "FRA")
    wait_until(driver, idle, "callbacks still running")
    url = js(driver, "return window.location.href;")
    assert query(driver) == {"as_of": ["2019-12-31"], "bloc": ["EU"], "country": ["FRA"]}, url
    before = map_state(driver)
    summary = driver.find_element(By.ID, "bloc-summary").text
    assert "31 December 2019" in summary

    fresh = new_browser()
    try:
        fresh.get(url)
        wait_for_map(fresh)
        wait_until(fresh, lambda d: d.find_element(By.ID, "date-input").get_attribute("value") == "2019-12-31",
                   "the date was not restored")
        wait_until(fresh, lambda d: js(d, "return document.querySelector('#blocs input[value=EU]').checked;"),
                   "the EU checkbox was not restored")
        wait_until(fresh, lambda d: details_title(d) == "France", "the selected country was not restored")
        wait_until(fresh, lambda d: map_state(d) == before, "the map colours were not restored")
        wait_until(fresh, lambda d: d.find_element(By.ID, "bloc-summary").text == summary, "the bloc summary differs")
        wait_until(fresh, lambda d: parse_qs(urlsplit(d.current_url).query) == query(driver), "the URL changed on load")
        unchecked = js(fresh, "return [...document.querySelectorAll('#blocs input:checked')].map(i => i.value);")
        assert unchecked == ["EU"]
        assert [e for e in fresh.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        fresh.quit()


@pytest.mark.browser
def test_invalid_url_values_fall_back_to_defaults(page, today):
    driver = page.driver
    driver.get(f"{page.server_url.rstrip('/')}/?as_of=1999-99-99&bloc=NOPE&reading=martian&country=ZZZ")
    wait_for_map(driver)
    wait_until(driver, lambda d: d.find_element(By.ID, "date-input").get_attribute("value") == today.isoformat(),
               "the date did not fall back to today")
    assert js(driver, "return [...document.querySelectorAll('#blocs input:checked')].length;") == 0
    assert js(driver, "return document.querySelector('#reading input:checked').value;") == "independent"
    assert details_title(driver) == ""
    assert page.get_logs() == []


# ---------------------------------------------------------------------------------------------- 6. readings

@pytest.mark.browser
def test_reading_switch_changes_legend_url_and_disagreements_dims_agreeing_states(atlas, context, today):
    driver = atlas.driver
    independent = expected_legend(context, "independent", today)
    assert legend_numbers(driver) == independent

    choose_reading(driver, "serbia")
    serbia = expected_legend(context, "serbia", today)
    assert serbia != independent
    wait_until(driver, lambda d: legend_numbers(d) == serbia and query(d).get("reading") == ["serbia"],
               "Serbia's reading did not change the legend and the URL")
    assert legend_numbers(driver)["recognises"] < independent["recognises"]

    choose_reading(driver, "disagreements")
    wait_until(driver, lambda d: query(d).get("reading") == ["disagreements"] and idle(d),
               "the URL did not follow the reading")
    statuses = {key: context.atlas.status(key, today).set_index("iso3")["status"] for key in READING_KEYS}
    frame = context.atlas.geoframe
    owners = dict(zip(frame["iso3"], frame["owner"]))

    def disagree(owner: str) -> bool:
        return owner in statuses["independent"].index and len({statuses[k][owner] for k in READING_KEYS}) > 1

    full = {iso for iso in frame["iso3"] if disagree(owners[iso])}
    assert 0 < len(full) < 100
    wait_until(driver, lambda d: {iso for iso, code in codes(d)["polygons"].items() if code < FADED} == full,
               "Disagreements only does not show exactly the disagreeing states at full colour")
    shown = codes(driver)["polygons"]
    assert all(code >= FADED for iso, code in shown.items() if iso not in full)
    assert shown["FRA"] == RECOGNISES + FADED  # agrees in every reading: dimmed
    marker_owners = dict(zip(context.atlas.markers["iso3"], context.atlas.markers["owner"]))
    for iso, code in codes(driver)["markers"].items():
        assert (code < FADED) == disagree(marker_owners[iso]), iso
    assert legend_numbers(driver) == expected_legend(context, "disagreements", today)

    choose_reading(driver, "independent")
    wait_until(driver, lambda d: legend_numbers(d) == independent and "reading" not in query(d),
               "back to the independent reading")
    assert atlas.get_logs() == []


# ---------------------------------------------------------------------------------------------- layout

MAP_COVERAGE = """
const svg = document.querySelector('#status-map .main-svg').getBoundingClientRect();
const graph = document.querySelector('#status-map');
const covering = [];
for (const fx of [0.25, 0.5, 0.75]) for (const fy of [0.25, 0.5, 0.75]) {
    const x = svg.left + svg.width * fx, y = svg.top + svg.height * fy;
    const hit = document.elementFromPoint(x, y);
    if (!graph.contains(hit)) covering.push((hit.tagName + '.' + (hit.className.baseVal ?? hit.className)) + '@' + fx + ',' + fy);
}
return covering;
"""


def load_at(page, width: int, height: int) -> None:
    viewport(page.driver, width, height, mobile=width < 500)
    page.open()
    wait_for_map(page.driver)
    wait_until(page.driver, lambda d: 0 < map_width(d) <= width, f"the map is not within {width}px")


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [
    pytest.param(1400, 900, id="desktop-1400"),
    pytest.param(390, 844, id="phone-390"),
])
def test_map_is_not_covered_by_other_panels(page, width, height):
    """Regression (fixed in 65989f6): dcc.Graph's inline style='height: 100%' beat '.map {height: ...}', so
    #status-map was 0 px tall, plotly drew 450 px overflowing the panel, and in the one-column layout the
    details panel and the timeline covered the map on first load. The map must also fill its panel."""
    load_at(page, width, height)
    driver = page.driver
    js(driver, "document.querySelector('#status-map').scrollIntoView({block: 'center'});")
    assert js(driver, MAP_COVERAGE) == [], "other elements are drawn on top of the map"
    graph = js(driver, "return document.querySelector('#status-map').getBoundingClientRect().height;")
    svg = js(driver, "return document.querySelector('#status-map .main-svg').getBoundingClientRect();")
    panel = js(driver, "return document.querySelector('.map-panel').getBoundingClientRect();")
    assert graph >= 250, f"#status-map is {graph:.0f}px tall"
    assert abs(svg["height"] - graph) <= 1, f"the plot ({svg['height']:.0f}px) does not fill #status-map ({graph:.0f}px)"
    assert svg["bottom"] <= panel["bottom"] + 1, "the map spills out of its panel"


@pytest.mark.browser
def test_page_fits_the_phone_width(page):
    """Regression (fixed in 65989f6): the 'Why the counts differ' table (table.headline-table) was 575 px wide
    at 390 px, so the whole page scrolled sideways. Wide tables now scroll inside their own box."""
    load_at(page, 390, 844)
    wide = js(page.driver, """return [...document.querySelectorAll('.page *')]
        .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.ag-root-wrapper'))
        .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= 391)
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width) + 'px');""")
    assert js(page.driver, "return document.documentElement.scrollWidth;") <= 390, wide


@pytest.mark.browser
def test_map_panel_wraps_the_map_on_load(atlas):
    """Regression (fixed in 65989f6): the map panel's border wrapped only the legend on load."""
    driver = atlas.driver
    graph = js(driver, "return document.querySelector('#status-map').getBoundingClientRect().height;")
    assert graph >= 400, f"#status-map is {graph:.0f}px tall"
    bottoms = js(driver, """return [document.querySelector('#status-map .main-svg').getBoundingClientRect().bottom,
                                    document.querySelector('.map-panel').getBoundingClientRect().bottom];""")
    assert bottoms[0] <= bottoms[1] + 1, bottoms


# ---------------------------------------------------------------------------------------------- 7. screenshots

@pytest.mark.browser
def test_screenshots_of_main_states(atlas):
    driver = atlas.driver
    SCREENSHOTS.mkdir(exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")

    def shot(name: str, full_page: bool = False) -> None:
        wait_until(driver, map_ready, "map not ready for the screenshot")
        time.sleep(0.3)  # let plotly finish its transition of the colours
        path = SCREENSHOTS / f"{name}.png"
        if full_page:
            import base64
            data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
            path.write_bytes(base64.b64decode(data["data"]))
        else:
            driver.save_screenshot(str(path))
        assert path.stat().st_size > 10_000
        print(f"  {path}")

    viewport(driver, 1400, 900)
    wait_until(driver, lambda d: map_width(d) > 600, "the map did not widen")
    shot("01-default-1400x900")
    shot("01-default-1400x900-full", full_page=True)

    toggle_bloc(driver, "EU")
    wait_until(driver, lambda d: "22 of 27" in d.find_element(By.ID, "bloc-summary").text, "EU summary missing")
    shot("02-eu-filter")
    toggle_bloc(driver, "EU")
    wait_until(driver, lambda d: "bloc" not in query(d), "EU still chosen")

    set_date(driver, date(2019, 12, 31))
    shot("03-as-of-2019-12-31")

    choose_reading(driver, "disagreements")
    wait_until(driver, lambda d: query(d).get("reading") == ["disagreements"] and idle(d), "reading not switched")
    shot("04-disagreements-only")
    choose_reading(driver, "independent")

    zoom_map_at(driver, "XKX", min_scale=4)
    shot("05-zoomed-balkans")

    viewport(driver, 390, 844, mobile=True)  # then load the page at that width, as a phone would
    driver.get(atlas.server_url)
    wait_for_map(driver)
    wait_until(driver, lambda d: 0 < map_width(d) <= 390, "the map did not shrink to the phone width")
    shot("06-phone-390")
    shot("06-phone-390-full", full_page=True)
    js(driver, "document.querySelector('#legend').scrollIntoView();")
    shot("07-phone-390-map")
    overflow = js(driver, "return document.documentElement.scrollWidth;")
    print(f"  phone: page scrollWidth {overflow}px for a 390px viewport, map {map_width(driver):.0f}px wide")
