"""The dashboard through the real page, in headless Chromium (dash[testing]'s ``dash_duo``).

Run: ``python -m pytest tests/test_browser.py -q --headless`` (``-m browser`` selects these tests,
``-m "not browser"`` skips them). Screenshots go to ``screenshots/`` at the repository root (gitignored);
the screenshot test prints the folder.

Map colour codes (``gd.data[0].z`` for polygons, ``gd.data[1].marker.color`` for markers): 0 does not
recognise, 1 recognises, 2 withdrew, 3 Kosovo, 4 no data; +5 is the same class dimmed.
"""

from __future__ import annotations

import csv
import io
import socket
import time
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chrome_options

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


MAP_STATE = f"""
const gd = document.querySelector('{GRAPH}');
if (!gd || !gd.data || gd.data.length < 2) return null;
return {{locations: Array.from(gd.data[0].locations), z: Array.from(gd.data[0].z), text: Array.from(gd.data[0].text),
         markers: Array.from(gd.data[1].customdata), mcolor: Array.from(gd.data[1].marker.color),
         mtext: Array.from(gd.data[1].text)}};
"""


def map_state(driver) -> dict:
    return js(driver, MAP_STATE)


def codes(driver) -> dict[str, dict[str, int]]:
    """Colour code per ISO3 code, for the polygons and for the markers."""
    state = map_state(driver)
    return {"polygons": dict(zip(state["locations"], state["z"])),
            "markers": dict(zip(state["markers"], state["mcolor"]))}


def map_ready(driver) -> bool:
    return bool(js(driver, f"""
        const gd = document.querySelector('{GRAPH}');
        return !!(gd && gd.data && gd.data.length === 2 && gd._fullLayout && gd._fullLayout.geo
                  && document.querySelectorAll('#status-map .choroplethlocation').length > 200
                  && Array.from(gd.data[0].z).some(v => v === 1 || v === 6)  // coloured by status, not neutral
                  && document.querySelectorAll('#status-map .scattergeo .point').length === gd.data[1].customdata.length
                  && window.store && !window.store.getState().isLoading
                  && window.location.search.includes('as_of='));
    """))


def wait_for_map(driver, timeout: float = TIMEOUT) -> None:
    wait_until(driver, map_ready, "the map did not finish drawing", timeout)


def idle(driver) -> bool:
    return bool(js(driver, "return !!(window.store && !window.store.getState().isLoading);"))


def query(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def legend_numbers(driver) -> dict[str, int]:
    return {el.get_attribute("data-class"): int(el.get_attribute("data-un"))
            for el in driver.find_elements(By.CSS_SELECTOR, "#legend .legend-count")}


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
INTERIOR_POINT = f"""
const [code, clearance] = [arguments[0], arguments[1]];
const paths = [...document.querySelectorAll('#status-map .choroplethlocation')];
const path = paths.find(p => p.__data__ && p.__data__.loc === code);
if (!path) return null;
const area = document.querySelector('#status-map .geo .layer.bg rect').getBoundingClientRect();
const box = path.getBoundingClientRect();
const r = {{left: Math.max(box.left, area.left + 2), right: Math.min(box.right, area.right - 2, innerWidth - 1),
           top: Math.max(box.top, area.top + 2), bottom: Math.min(box.bottom, area.bottom - 2, innerHeight - 1)}};
if (r.left >= r.right || r.top >= r.bottom) return null;
const others = paths.filter(p => p !== path).map(p => [p, p.getBoundingClientRect()])
    .filter(([p, b]) => b.right > r.left && b.left < r.right && b.bottom > r.top && b.top < r.bottom);
const markers = [...document.querySelectorAll('#status-map .scattergeo .point')].map(m => {{
    const b = m.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; }});
const inside = (p, x, y) => p.isPointInFill(new DOMPoint(x, y).matrixTransform(p.getScreenCTM().inverse()));
const step = Math.max(0.5, Math.min(r.right - r.left, r.bottom - r.top) / 40);
const points = [];
for (let x = r.left + step / 2; x < r.right; x += step) {{
    for (let y = r.top + step / 2; y < r.bottom; y += step) {{
        if (!inside(path, x, y)) continue;
        if (others.some(([p, b]) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom && inside(p, x, y))) continue;
        const clear = Math.min(1e9, ...markers.map(([mx, my]) => Math.hypot(mx - x, my - y)));
        points.push([x, y, Math.min(clear, clearance)]);
    }}
}}
if (!points.length) return null;
const best = Math.max(...points.map(p => p[2]));
const good = points.filter(p => p[2] >= best);
const cx = good.reduce((s, p) => s + p[0], 0) / good.length, cy = good.reduce((s, p) => s + p[1], 0) / good.length;
good.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
return {{x: good[0][0], y: good[0][1], clearance: best, width: box.width, height: box.height}};
"""

MARKER_CENTRE = f"""
const gd = document.querySelector('{GRAPH}');
const index = gd.data[1].customdata.indexOf(arguments[0]);
const point = [...document.querySelectorAll('#status-map .scattergeo .point')].find(p => p.__data__.i === index);
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


def type_slowly(driver, text: str, pause: float = 0.04) -> None:
    """Types like a person. dcc.Input restores the caret on a timer after each keystroke; keys sent in the
    same millisecond (selenium's default) land at stale caret positions and scramble the text."""
    chain = ActionChains(driver)
    for character in text:
        chain.send_keys(character).pause(pause)
    chain.perform()


def set_date(driver, day: date) -> None:
    """Types the date (YYYY-MM-DD) into the date box, replacing what is there, and presses Enter."""
    field = driver.find_element(By.ID, "date-input")
    field.click()
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    type_slowly(driver, day.isoformat())
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_until(driver, lambda d: field.get_attribute("value") == day.isoformat()
               and query(d).get("as_of") == [day.isoformat()]
               and f"As of {day.isoformat()}:" in d.find_element(By.ID, "as-of-headline").text and idle(d),
               lambda: f"the as-of date did not become {day}: box {field.get_attribute('value')!r}, url {driver.current_url}")


def choose_country(driver, name: str) -> None:
    """The keyboard path: open the searchable country list, type a name, press Enter."""
    driver.find_element(By.ID, "country-search").click()
    search = wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "input.dash-dropdown-search"),
                        "the country list did not open")[0]
    wait_until(driver, lambda d: d.switch_to.active_element == search, "the search box did not get the focus", 5)
    ActionChains(driver).send_keys(name).perform()
    wait_until(driver, lambda d: search.get_attribute("value") == name, "the search text was not typed", 5)
    ActionChains(driver).send_keys(Keys.ENTER).perform()


def toggle_bloc(driver, bloc: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"#blocs input[value='{bloc}']").find_element(By.XPATH, "./ancestor::label").click()


def choose_reading(driver, reading: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"#reading input[value='{reading}']").find_element(By.XPATH, "./ancestor::label").click()


def allow_downloads(duo) -> None:
    """Headless Chromium drops downloads unless told where to put them (dash only does this with --headless)."""
    for command in ("Page.setDownloadBehavior", "Browser.setDownloadBehavior"):
        try:
            duo.driver.execute_cdp_cmd(command, {"behavior": "allow", "downloadPath": duo.download_path})
        except Exception:  # noqa: BLE001 - either command is enough
            pass


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
def atlas(dash_duo, context):
    """The app on a free loopback port (never a stray server on 8050), page loaded and map drawn."""
    from app import create_app

    dash_duo.start_server(create_app(context), port=free_port())
    wait_for_map(dash_duo.driver)
    allow_downloads(dash_duo)
    return dash_duo


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
    assert any(name.endswith("/geometry/world_50m.geojson") for name in resources), resources
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
    assert "Recognised on\n2008-02-18" in text, text

    assert atlas.get_logs() == []


@pytest.mark.browser
def test_searchable_list_opens_tuvalu(atlas):
    driver = atlas.driver
    choose_country(driver, "Tuvalu")
    wait_for_details(driver, "Tuvalu", "TUV")
    assert "Recognises Kosovo" in driver.find_element(By.ID, "details").text
    assert atlas.get_logs() == []


@pytest.mark.browser
@pytest.mark.xfail(strict=True, raises=TimeoutException, reason=(
    "UI bug (Dash 4 dcc.Dropdown): when a country is already selected, opening the country list puts the focus "
    "on the selected option (input[type=radio][value=MCO]) instead of the search box, so typing a name goes "
    "nowhere and Enter then deselects the current country (details panel emptied). The keyboard path only works "
    "from an empty selection."))
def test_searchable_list_replaces_an_existing_selection(atlas):
    driver = atlas.driver
    driver.get(f"{atlas.server_url.rstrip('/')}/?country=MCO")
    wait_for_map(driver)
    wait_for_details(driver, "Monaco", "MCO")
    choose_country(driver, "Tuvalu")
    wait_for_details(driver, "Tuvalu", "TUV")


@pytest.mark.browser
def test_clicking_small_countries_at_default_zoom(atlas):
    """Regression (fixed in 65989f6, layout.hoverdistance=4): with plotly's default hover distance of 20 px
    the 7 px microstate markers won clicks aimed inside Kosovo or Serbia (Holy See) and Germany (Liechtenstein)."""
    driver = atlas.driver
    for code, name in (("XKX", "Kosovo"), ("SRB", "Serbia"), ("DEU", "Germany")):
        click_country(driver, code)
        wait_for_details(driver, name, code)


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
    wait_until(driver, lambda d: codes(d)["markers"]["NRU"] == WITHDREW, "Nauru is not drawn as withdrawn")
    shown = codes(driver)
    for code in ("NRU", "PLW"):
        assert shown["polygons"][code] == WITHDREW, code
        assert shown["markers"][code] == WITHDREW, code
    assert shown["polygons"]["FRA"] == RECOGNISES and shown["polygons"]["SRB"] == DOES_NOT_RECOGNISE
    state = map_state(driver)
    texts = dict(zip(state["markers"], state["mtext"]))
    assert "Nauru" in texts["NRU"] and "Withdrew recognition" in texts["NRU"]
    assert "Palau" in texts["PLW"] and "Withdrew recognition" in texts["PLW"]

    # The real hover label over Nauru's marker says so too.
    centre = js(driver, MARKER_CENTRE, "NRU")
    hover_at(driver, centre["x"], centre["y"])
    label = wait_until(driver, lambda d: js(d, "const h = document.querySelector('#status-map .hoverlayer .hovertext');"
                                               "return h ? h.textContent : '';"), "no hover label over Nauru")
    assert "Nauru" in label and "Withdrew recognition" in label, label

    start_2024 = move_to(driver, context, date(2024, 1, 1))
    assert start_2024 != end_2019
    wait_until(driver, lambda d: codes(d)["markers"]["PLW"] == RECOGNISES, "Palau does not recognise again in 2024")
    shown = codes(driver)
    assert shown["polygons"]["PLW"] == RECOGNISES
    assert shown["polygons"]["NRU"] == WITHDREW and shown["markers"]["NRU"] == WITHDREW
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
                                       "return t ? t.textContent : '';") == "2008-02-17", "the tooltip does not show the date")
    assert driver.find_elements(By.CSS_SELECTOR, "#date-slider input") == []
    thumb.send_keys(Keys.ARROW_RIGHT)
    wait_until(driver, lambda d: d.find_element(By.ID, "date-input").get_attribute("value") == "2008-02-18",
               "the right arrow did not step one day")
    thumb.send_keys(Keys.END)
    wait_until(driver, lambda d: d.find_element(By.ID, "date-input").get_attribute("value") == today.isoformat(),
               "End did not move the date to today")
    assert atlas.get_logs() == []


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
def test_typing_dates_logs_no_console_errors_and_bad_dates_change_nothing(atlas):
    """Regression: with dcc.Input(type="date") every typed digit logged an 'Uncaught DOMException' from
    setSelectionRange (Dash 4.4.1); the box is plain text since 82fa60c."""
    driver = atlas.driver
    set_date(driver, date(2019, 12, 31))
    for bad in ("2007-01-01", "2019-02-30", "yesterday", "2999-01-01"):
        type_date_text(driver, bad, expect="2019-12-31")
        time.sleep(0.3)  # give a (wrong) update the chance to arrive
        assert query(driver).get("as_of") == ["2019-12-31"], bad
        assert "As of 2019-12-31:" in driver.find_element(By.ID, "as-of-headline").text, bad
    logs = atlas.get_logs()
    assert logs == [], [e["message"] for e in logs]


@pytest.mark.browser
def test_impossible_typed_date_is_ignored_without_console_error(atlas):
    """Regression (fixed in 65989f6): isDate() in assets/atlas.js called toIso(NaN) for 2019-13-45, and
    toISOString threw 'RangeError: Invalid time value' in the syncAsOf clientside callback."""
    driver = atlas.driver
    set_date(driver, date(2019, 12, 31))
    type_date_text(driver, "2019-13-45", expect="2019-12-31")
    time.sleep(0.3)
    assert query(driver).get("as_of") == ["2019-12-31"]
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
    assert "22 of 27" in sentence and today.isoformat() in sentence, sentence

    # Non-members are dimmed, members keep their colour.
    wait_until(driver, lambda d: codes(d)["polygons"]["USA"] >= N_CLASSES, "non-members were not dimmed")
    shown = codes(driver)["polygons"]
    assert shown["FRA"] == RECOGNISES and shown["ESP"] == DOES_NOT_RECOGNISE
    assert shown["SRB"] == DOES_NOT_RECOGNISE + N_CLASSES

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
    assert "2019-12-31" in summary

    fresh = webdriver.Chrome(options=chrome_options())
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
def test_invalid_url_values_fall_back_to_defaults(atlas, today):
    driver = atlas.driver
    driver.get(f"{atlas.server_url.rstrip('/')}/?as_of=1999-99-99&bloc=NOPE&reading=martian&country=ZZZ")
    wait_for_map(driver)
    wait_until(driver, lambda d: d.find_element(By.ID, "date-input").get_attribute("value") == today.isoformat(),
               "the date did not fall back to today")
    assert js(driver, "return [...document.querySelectorAll('#blocs input:checked')].length;") == 0
    assert js(driver, "return document.querySelector('#reading input:checked').value;") == "independent"
    assert details_title(driver) == ""
    assert atlas.get_logs() == []


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
    wait_until(driver, lambda d: {iso for iso, code in codes(d)["polygons"].items() if code < N_CLASSES} == full,
               "Disagreements only does not show exactly the disagreeing states at full colour")
    shown = codes(driver)["polygons"]
    assert all(code >= N_CLASSES for iso, code in shown.items() if iso not in full)
    assert shown["FRA"] == RECOGNISES + N_CLASSES  # agrees in every reading: dimmed
    marker_owners = dict(zip(context.atlas.markers["iso3"], context.atlas.markers["owner"]))
    for iso, code in codes(driver)["markers"].items():
        assert (code < N_CLASSES) == disagree(marker_owners[iso]), iso
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


def load_at(dash_duo, context, width: int, height: int) -> None:
    from app import create_app

    viewport(dash_duo.driver, width, height, mobile=width < 500)
    dash_duo.start_server(create_app(context), port=free_port())
    wait_for_map(dash_duo.driver)
    wait_until(dash_duo.driver, lambda d: 0 < map_width(d) <= width, f"the map is not within {width}px")


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [
    pytest.param(1400, 900, id="desktop-1400"),
    pytest.param(390, 844, id="phone-390"),
])
def test_map_is_not_covered_by_other_panels(dash_duo, context, width, height):
    """Regression (fixed in 65989f6): dcc.Graph's inline style='height: 100%' beat '.map {height: ...}', so
    #status-map was 0 px tall, plotly drew 450 px overflowing the panel, and in the one-column layout the
    details panel and the timeline covered the map on first load. The map must also fill its panel."""
    load_at(dash_duo, context, width, height)
    driver = dash_duo.driver
    js(driver, "document.querySelector('#status-map').scrollIntoView({block: 'center'});")
    assert js(driver, MAP_COVERAGE) == [], "other elements are drawn on top of the map"
    graph = js(driver, "return document.querySelector('#status-map').getBoundingClientRect().height;")
    svg = js(driver, "return document.querySelector('#status-map .main-svg').getBoundingClientRect();")
    panel = js(driver, "return document.querySelector('.map-panel').getBoundingClientRect();")
    assert graph >= 250, f"#status-map is {graph:.0f}px tall"
    assert abs(svg["height"] - graph) <= 1, f"the plot ({svg['height']:.0f}px) does not fill #status-map ({graph:.0f}px)"
    assert svg["bottom"] <= panel["bottom"] + 1, "the map spills out of its panel"


@pytest.mark.browser
def test_page_fits_the_phone_width(dash_duo, context):
    """Regression (fixed in 65989f6): the 'Why the counts differ' table (table.headline-table) was 575 px wide
    at 390 px, so the whole page scrolled sideways. Wide tables now scroll inside their own box."""
    load_at(dash_duo, context, 390, 844)
    wide = js(dash_duo.driver, """return [...document.querySelectorAll('.page *')]
        .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.ag-root-wrapper'))
        .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= 391)
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width) + 'px');""")
    assert js(dash_duo.driver, "return document.documentElement.scrollWidth;") <= 390, wide


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
