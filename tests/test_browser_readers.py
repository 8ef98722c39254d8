"""What readers and publishers touch, through the real page (headless Chromium, like tests/test_browser.py):
compare as a mode of the whole page, the selection's own style, the legend and headline following the map
while the date moves, the slider's tooltip and Page keys, the exported image, the embed in its snippet, a
typed date right after a key press. Screenshots of these states go to screenshots/readers/ (gitignored).

Run: ``python -m pytest tests/test_browser_readers.py -q``.
"""

from __future__ import annotations

import base64
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from test_accessibility import axe_source, serious_violations
from test_browser import (  # noqa: F401 (atlas: a fixture; its uses below are that fixture)
    SCREENSHOTS,
    atlas,
    downloaded_file,
    idle,
    js,
    load_at,
    map_ready,
    map_state,
    press,
    query,
    slide_to,
    wait_for_map,
    wait_until,
)

from recognition.words import english_date as long_date

START = date(2008, 2, 17)
SHOTS = SCREENSHOTS / "readers"
pytestmark = pytest.mark.browser


def day_of(day: date) -> int:
    return (day - START).days


def open_page(duo, search: str, path: str = "/") -> None:
    duo.driver.get(duo.server_url.rstrip("/") + path + search)
    wait_for_map(duo.driver)


def shot(driver, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    time.sleep(0.3)
    path = SHOTS / f"{name}.png"
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(data["data"]))
    return path


def legend_rows(driver) -> dict[str, tuple[int, int]]:
    return js(driver, """return Object.fromEntries([...document.querySelectorAll('#legend .legend-count')]
        .map(el => [el.dataset.class, [Number(el.dataset.un), Number(el.dataset.other)]]));""")


def rgb(colour: str) -> str:
    """#RRGGBB as the browser and plotly write it: rgb(r, g, b)."""
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def no_serious_violations(driver) -> None:
    found = serious_violations(driver, axe_source())
    assert found == [], found


# ---------------------------------------------------------------------------------------------- 1. compare

def compare_expected(context, start: date, end: date) -> dict[str, list[int]]:
    from recognition.map_data import compare_counts
    return {name: [c["un"], c["other"]] for name, c in compare_counts(context.atlas, "independent", start, end).items()}


def svg_export(driver, folder: Path) -> str:
    for old in folder.iterdir():
        old.unlink()
    driver.find_element(By.CSS_SELECTOR, "#image-size option[value=web]").click()
    driver.find_element(By.CSS_SELECTOR, "[data-image-format=svg]").click()
    return downloaded_file(folder).read_text(encoding="utf-8")


def test_compare_is_a_mode_of_the_whole_page(page, context):
    """Legend, headline, exported image, share link and embed link all say "from D1 to D2"; the legend
    counts the compare categories (UN and others apart) as the core does."""
    driver = page.driver
    start, end = date(2012, 12, 31), date(2025, 12, 31)
    open_page(page, f"?from={start}&to={end}")
    expected = compare_expected(context, start, end)
    headline_start = f"From {long_date(start)} to {long_date(end)}:"
    wait_until(driver, lambda d: legend_rows(d) == expected and idle(d) and
               d.find_element(By.ID, "as-of-headline").text.startswith(headline_start),
               lambda: f"the legend does not count the comparison: {legend_rows(driver)} != {expected}, "
                       f"{driver.find_element(By.ID, 'as-of-headline').text}")
    assert sum(un for un, _ in expected.values()) == 193 and expected["gained"][1] > 0  # non-UN gains stated apart
    legend_text = driver.find_element(By.ID, "legend").text
    assert "Recognises now, did not on the first date" in legend_text and "Recognises Kosovo" not in legend_text
    headline = driver.find_element(By.ID, "as-of-headline").text
    assert headline.startswith(f"From {long_date(start)} to {long_date(end)}:"), headline
    assert query(driver) == {"from": [start.isoformat()], "to": [end.isoformat()]}
    svg = svg_export(driver, Path(page.download_path))
    assert f"what changed from {long_date(start)} to {long_date(end)}" in svg
    assert "Recognises now, did not on the first date: 20 UN members + 2 other" in svg
    assert "as of" not in svg.replace(f"{start}", "")
    driver.find_element(By.ID, "share-button").click()
    link = wait_until(driver, lambda d: d.find_element(By.ID, "share-link").get_attribute("value"), "no share link")
    assert link.endswith(f"/?from={start}&to={end}"), link
    driver.find_element(By.CSS_SELECTOR, "[data-close-dialog=share-dialog]").click()
    shot(driver, "compare-1400x900")
    no_serious_violations(driver)
    # The date rule is the server's: a first date after the as-of date is refused, and the URL stays a view.
    field = driver.find_element(By.ID, "compare-from")
    field.clear()
    field.send_keys("2026-01-05\n")
    wait_until(driver, lambda d: query(d) == {"as_of": [end.isoformat()]} and idle(d),
               lambda: f"a refused comparison was written into the URL: {driver.current_url}")
    assert "Recognises Kosovo" in driver.find_element(By.ID, "legend").text
    assert driver.find_element(By.ID, "as-of-headline").text.startswith(f"As of {long_date(end)}:")
    assert page.get_logs() == []


@pytest.mark.parametrize("lang", ["sq", "sr"])
def test_compare_words_are_the_pages_language(page, lang):
    from test_i18n import ENGLISH_WORDS
    driver = page.driver
    open_page(page, f"?from=2012-12-31&to=2025-12-31&lang={lang}")
    wait_until(driver, lambda d: "gained" in legend_rows(d) and idle(d), "no compare legend")
    for element in ("legend", "as-of-headline"):
        text = driver.find_element(By.ID, element).text
        assert not ENGLISH_WORDS.search(text), (lang, element, text)
    shot(driver, f"compare-{lang}-1400x900")


# ---------------------------------------------------------------------------------------------- 2. selection

SELECTION_OUTLINE = """
return [...document.querySelectorAll('#status-map .selection-outline path')].map(p => ({
    d: p.getAttribute('d'), stroke: getComputedStyle(p).stroke, width: parseFloat(getComputedStyle(p).strokeWidth),
    dash: getComputedStyle(p).strokeDasharray}));
"""


def test_the_selection_has_a_style_of_its_own_on_the_states_own_shape(page, context):
    driver = page.driver
    open_page(page, "?country=FRA&as_of=2025-12-31")
    outline = wait_until(driver, lambda d: js(d, SELECTION_OUTLINE), "France is not outlined")
    france = js(driver, """return [...document.querySelectorAll('#status-map .choroplethlocation')]
        .filter(p => p.__data__.loc === 'FRA').map(p => p.getAttribute('d'));""")
    assert {o["d"] for o in outline} == set(france), "the outline is drawn on other shapes than France's own"
    # Not the disputed withdrawal's outline: a dashed line, in the selection colour.
    from recognition.map_data import CONTESTED_OUTLINE, CONTESTED_WIDTH
    contested = rgb(CONTESTED_OUTLINE)
    line = [o for o in outline if o["dash"] != "none"]
    assert line and all(o["stroke"] != contested and o["dash"] != "none" for o in line), outline
    assert {o["width"] for o in outline} != {CONTESTED_WIDTH}
    assert query(driver).get("country") == ["FRA"]
    shot(driver, "selection-france-1400x900")
    # Exports leave it out unless asked.
    from components.palette import SELECTION
    colour = f"stroke: {rgb(SELECTION['stroke'])}"
    svg = svg_export(driver, Path(page.download_path))
    assert colour not in svg
    driver.find_element(By.CSS_SELECTOR, "#image-selection input").click()
    assert colour in svg_export(driver, Path(page.download_path))
    no_serious_violations(driver)


# ---------------------------------------------------------------------------------------------- 3. the date moving

LIVE_VIEW = """
const view = window.atlasMap.view();
return {day: view.day, headline: document.getElementById('as-of-headline').textContent,
        legend: Object.fromEntries([...document.querySelectorAll('#legend .legend-count')]
            .map(el => [el.dataset.class, Number(el.dataset.un)]))};
"""


def expected_view(context, day: int) -> tuple[dict[str, int], str]:
    from recognition.map_data import legend_counts
    from recognition.timeline import count_on
    when = START + timedelta(days=day)
    legend = {name: c["un"] for name, c in legend_counts(context.atlas, "independent", when).items()}
    return legend, f"As of {long_date(when)}: {count_on(context.series['independent'], when)} UN members"


def thumb_centre(driver) -> dict:
    return js(driver, """const b = document.querySelector('#date-slider [role=slider]').getBoundingClientRect();
                         return {x: b.x + b.width / 2, y: b.y + b.height / 2};""")


def mouse(driver, kind: str, x: float, y: float, buttons: int = 1) -> None:
    driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": int(x), "y": int(y), "button": "left",
                                                        "buttons": buttons, "clickCount": 1})


def test_legend_and_headline_show_the_maps_day_while_dragging_and_playing(atlas, context):
    driver = atlas.driver
    slide_to(driver, day_of(date(2008, 3, 1)))
    wait_until(driver, lambda d: idle(d) and query(d).get("as_of") == ["2008-03-01"], "the date did not settle")
    js(driver, "document.querySelector('#date-slider').scrollIntoView({block: 'center'});")
    track = js(driver, "const b = document.querySelector('#date-slider .dash-slider-track').getBoundingClientRect();"
                       "return {left: b.left, width: b.width};")
    start = thumb_centre(driver)
    mouse(driver, "mouseMoved", start["x"], start["y"], 0)
    mouse(driver, "mousePressed", start["x"], start["y"])
    checked = 0
    for fraction in (0.22, 0.27, 0.31):  # 2012 to 2014: the counts change often
        mouse(driver, "mouseMoved", track["left"] + fraction * track["width"], start["y"])
        time.sleep(0.15)
        live = js(driver, LIVE_VIEW)
        legend, words = expected_view(context, live["day"])
        assert live["day"] > day_of(date(2011, 1, 1)), live["day"]
        assert live["legend"] == legend, (START + timedelta(days=live["day"]), live["legend"], legend)
        assert live["headline"].startswith(words), (live["headline"], words)
        checked += 1
    mouse(driver, "mouseReleased", track["left"] + 0.31 * track["width"], start["y"], 0)
    assert checked == 3
    # Play: every look at the page finds the legend on the map's day.
    slide_to(driver, 0)
    driver.find_element(By.ID, "play-button").click()
    for _ in range(5):
        time.sleep(0.4)
        live = js(driver, LIVE_VIEW)
        legend, words = expected_view(context, live["day"])
        assert live["legend"] == legend and live["headline"].startswith(words), (live, legend, words)
    driver.find_element(By.ID, "play-button").click()
    paused = js(driver, LIVE_VIEW)
    assert paused["legend"] == expected_view(context, paused["day"])[0]
    assert atlas.get_logs() == []


TOOLTIP = """
const tip = document.querySelector('#date-slider .dash-slider-tooltip');
if (!tip) return null;
const box = (el) => { const b = el.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
return {text: tip.textContent, tip: box(tip), visible: getComputedStyle(tip).visibility !== 'hidden' && tip.offsetParent !== null,
        others: [...document.querySelectorAll('#date-input, #date-label, #play-button, #play-speed, .date-typed label')]
            .map(el => [el.id || el.tagName, box(el)]), width: innerWidth};
"""


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("width, height", [(1400, 900), (390, 844)])
def test_slider_tooltip_is_a_date_that_covers_no_control(page, context, width, height):
    load_at(page, width, height)
    driver = page.driver
    js(driver, "document.querySelector('#date-slider').scrollIntoView({block: 'center'});")
    for key, day in (("End", context.today()), ("Home", START)):
        centre = thumb_centre(driver)
        mouse(driver, "mouseMoved", centre["x"], centre["y"], 0)
        js(driver, "document.querySelector('#date-slider [role=slider]').focus();")
        press(driver, key, {"End": 35, "Home": 36}[key])
        press(driver, key, {"End": 35, "Home": 36}[key], kind="keyUp")
        centre = thumb_centre(driver)
        mouse(driver, "mouseMoved", centre["x"], centre["y"], 0)
        tip = wait_until(driver, lambda d, day=day: (t := js(d, TOOLTIP)) and t["text"] == long_date(day) and t,
                         lambda day=day: f"the tooltip does not show {long_date(day)}: {js(driver, TOOLTIP)}")
        assert not re.fullmatch(r"\d+", tip["text"])
        assert 0 <= tip["tip"]["left"] and tip["tip"]["right"] <= tip["width"], tip
        covered = [name for name, box in tip["others"] if overlaps(tip["tip"], box)]
        assert covered == [], f"the tooltip covers {covered}"
        if day == START:
            shot(driver, f"slider-tooltip-{width}x{height}")


def test_page_keys_move_a_month_or_a_year_and_say_so(atlas):
    driver = atlas.driver
    slide_to(driver, day_of(date(2019, 12, 31)))
    thumb = driver.find_element(By.CSS_SELECTOR, "#date-slider [role=slider]")
    described = wait_until(driver, lambda d: thumb.get_attribute("aria-describedby"), "the thumb has no description")
    assert "Page Up and Page Down a month" in js(driver, f"return document.getElementById('{described}').textContent;")
    js(driver, "arguments[0].focus();", thumb)
    steps = (("PageDown", 34, False, date(2019, 11, 30)), ("PageUp", 33, False, date(2019, 12, 30)),
             ("PageUp", 33, True, date(2020, 12, 30)), ("PageDown", 34, True, date(2019, 12, 30)))
    for key, code, shift, expected in steps:
        params = {"type": "rawKeyDown", "key": key, "code": key, "windowsVirtualKeyCode": code,
                  "nativeVirtualKeyCode": code, "modifiers": 8 if shift else 0}
        driver.execute_cdp_cmd("Input.dispatchKeyEvent", params)
        driver.execute_cdp_cmd("Input.dispatchKeyEvent", {**params, "type": "keyUp"})
        wait_until(driver, lambda d, expected=expected: js(d, "return window.atlasMap.view().day;") == day_of(expected),
                   lambda shift=shift, key=key, expected=expected: f"{'Shift+' if shift else ''}{key} did not move to {expected}: "
                           f"{START + timedelta(days=js(driver, 'return window.atlasMap.view().day;'))}")
    wait_until(driver, lambda d: query(d).get("as_of") == [date(2019, 12, 30).isoformat()], "the date did not settle")


def test_a_date_typed_right_after_a_key_press_is_kept(atlas):
    """Issue 22: the page once stayed on the key's day. A key press on the slider, then at once a typed date."""
    driver = atlas.driver
    slide_to(driver, day_of(date(2019, 12, 31)))
    wait_until(driver, lambda d: query(d).get("as_of") == ["2019-12-31"] and idle(d), "the date did not settle")
    for attempt, delay in enumerate((0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)):
        typed = date(2015, 1, 1) + timedelta(days=30 * attempt)  # never the day the key moved to
        js(driver, "document.querySelector('#date-slider [role=slider]').focus();")
        press(driver, "ArrowRight", 39)
        press(driver, "ArrowRight", 39, kind="keyUp")
        time.sleep(delay)
        field = driver.find_element(By.ID, "date-input")
        field.click()
        js(driver, "arguments[0].select();", field)
        for character in typed.isoformat():
            driver.execute_cdp_cmd("Input.insertText", {"text": character})
            time.sleep(0.02)
        enter = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
        driver.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": "keyDown", "text": "\r", **enter})
        driver.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": "keyUp", **enter})
        wait_until(driver, lambda d, typed=typed: query(d).get("as_of") == [typed.isoformat()] and idle(d),
                   lambda attempt=attempt, delay=delay, typed=typed: f"attempt {attempt} (typed {delay}s after the key): the page shows "
                           f"{query(driver).get('as_of')}, not the typed {typed}")
        time.sleep(0.5)
        assert query(driver).get("as_of") == [typed.isoformat()], (attempt, delay)
        assert js(driver, "return window.atlasMap.view().day;") == day_of(typed)


# ---------------------------------------------------------------------------------------------- 4. image export

def test_the_exported_image_has_a_legend_with_colour_keys_and_scales_for_print(page, context):
    driver = page.driver
    open_page(page, "?as_of=2019-12-31&bloc=EU")
    wait_until(driver, lambda d: idle(d) and query(d) == {"as_of": ["2019-12-31"], "bloc": ["EU"]} and
               "As of 31 December 2019" in d.find_element(By.ID, "as-of-headline").text and
               legend_rows(d)["recognises"][0] == 104, "the view was not restored")
    wait_until(driver, lambda d: js(d, "return window.atlasImage !== undefined;"), "no image export code")
    figures = {size: js(driver, "const f = window.atlasImage.composed(...arguments); return {layout: f.layout, "
                                "markers: f.data[2].marker.size, label: f.data[3].textfont.size};", *size, False)
               for size in ((1200, 675), (3000, 1688))}
    from components.palette import CLASS_COLOURS
    web, printed = figures[(1200, 675)], figures[(3000, 1688)]
    keys = [s["fillcolor"] for s in web["layout"]["shapes"]]
    rgb_of = {name: rgb(c) for name, c in CLASS_COLOURS.items()}
    assert keys[:3] == [rgb_of["recognises"], rgb_of["withdrew"], rgb_of["does_not_recognise"]], keys
    # Under the map (below the plot area: paper y < 0), not on it.
    assert all(s["y0"] < 0 and s["y1"] <= 0 for s in web["layout"]["shapes"]), web["layout"]["shapes"]
    texts = [a["text"] for a in web["layout"]["annotations"]]
    assert texts[0].startswith("Recognises Kosovo: ") and any("Source:" in t and "as_of=2019-12-31" in t for t in texts)
    assert "Blocs: European Union" in web["layout"]["title"]["text"]
    assert "as of 31 December 2019" in web["layout"]["title"]["text"]
    ratio = 3000 / 1200
    assert printed["markers"][0] == pytest.approx(web["markers"][0] * ratio)
    assert printed["label"] == pytest.approx(web["label"] * ratio)
    assert printed["layout"]["annotations"][0]["font"]["size"] >= 2 * web["layout"]["annotations"][0]["font"]["size"]
    # The SVG file itself: a colour key per legend row, above the source line.
    svg = svg_export(driver, Path(page.download_path))
    assert svg.count('class="shapelayer"') >= 1 and all(rgb_of[n] in svg for n in ("recognises", "withdrew"))
    assert "Recognises Kosovo: " in svg and "Withdrawal claimed by Serbia" in svg


# ---------------------------------------------------------------------------------------------- 5. the embed

def host_page(app_url: str, path: str, width: int, height: int) -> str:
    """Another site's page framing the atlas at the snippet's size and recording its resize messages."""
    import http.server
    import threading

    html_text = (f'<!doctype html><html lang="en"><head><title>A newsroom</title><link rel="icon" href="data:,">'
                 f'<script>window.sizes = []; addEventListener("message", e => window.sizes.push(e.data));</script>'
                 f'</head><body style="margin:0"><iframe id="atlas" src="{app_url.rstrip("/")}{path}" width="{width}" '
                 f'height="{height}" style="border:0" title="Map"></iframe></body></html>').encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html_text)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.mark.parametrize("width", [900, 360])
def test_the_embed_fits_its_snippet_and_states_its_view(page, width):
    from components.share import EMBED_HEIGHT
    driver = page.driver
    app_url = page.server_url.replace("localhost", "127.0.0.1")
    search = "?as_of=2019-12-31&bloc=EU&reading=serbia"
    driver.get(host_page(app_url, "/embed" + search, width, EMBED_HEIGHT))
    driver.switch_to.frame(driver.find_element(By.ID, "atlas"))
    wait_for_map(driver)
    wait_until(driver, lambda d: idle(d) and "bloc=EU" in js(d, "return location.search;") and
               "As of 31 December 2019" in d.find_element(By.ID, "as-of-headline").text, "the view was not restored")
    try:
        size = wait_until(driver, lambda d: (s := js(d, "return [document.documentElement.scrollHeight, innerHeight];"))
                          and s[0] <= s[1] and s, "", 10)
    except Exception:  # noqa: BLE001 - any failure: keep a screenshot
        shot(driver, f"embed-{width}x{EMBED_HEIGHT}-failed")
        raise AssertionError("the embed scrolls inside its frame: "
                             f"{js(driver, 'return [document.documentElement.scrollHeight, innerHeight];')}") from None
    assert size[1] == EMBED_HEIGHT
    assert js(driver, "return document.querySelector('#status-map').getBoundingClientRect().height;") >= 150
    for element in ("embed-link", "legend", "as-of-headline", "date-slider"):
        box = js(driver, f"return document.getElementById('{element}').getBoundingClientRect().bottom;")
        assert 0 < box <= EMBED_HEIGHT, (element, box)
    assert "As of 31 December 2019" in driver.find_element(By.ID, "as-of-headline").text
    assert "according to Serbia's foreign ministry" in driver.find_element(By.ID, "as-of-headline").text
    assert driver.find_element(By.ID, "embed-view").text == "Blocs: European Union"
    href = driver.find_element(By.ID, "embed-link").get_attribute("href")
    assert href.startswith(app_url.rstrip("/") + "/?") and "bloc=EU" in href and "as_of=2019-12-31" in href, href
    shot(driver, f"embed-{width}x{EMBED_HEIGHT}")
    no_serious_violations(driver)
    driver.switch_to.default_content()
    sizes = js(driver, "return window.sizes;")
    assert sizes and sizes[-1]["type"] == "kosovo-recognition-atlas:resize" and sizes[-1]["height"] <= EMBED_HEIGHT


# ---------------------------------------------------------------------------------------------- screenshots

def test_screenshots_of_the_readers_states_on_a_phone(page):
    load_at(page, 390, 844)
    driver = page.driver
    for name, search in (("compare", "?from=2012-12-31&to=2025-12-31"), ("selection", "?country=FRA")):
        open_page(page, search)
        wait_until(driver, lambda d: idle(d) and map_ready(d), "not ready")
        js(driver, "document.getElementById('map-area').scrollIntoView();")
        shot(driver, f"{name}-390x844")


# ---------------------------------------------------------------------------------------------- 6. the table

ROW = "return [...document.querySelectorAll('#status-table .ag-center-cols-container .ag-row')].find(r => r.getAttribute('row-id') === arguments[0]);"


def table_row(driver, code: str):
    js(driver, "document.getElementById('states').scrollIntoView();")
    wait_until(driver, lambda d: js(d, "return !!window.dash_ag_grid;"), "no grid")
    js(driver, """dash_ag_grid.getApiAsync('status-table').then(api => {
        const node = api.getRowNode(arguments[0]); if (node) api.ensureNodeVisible(node, 'middle'); });""", code)
    return wait_until(driver, lambda d: js(d, ROW, code), f"no table row for {code}")


def test_a_table_row_opens_its_state_by_click_and_enter_and_says_the_order_as_the_details(page):
    driver = page.driver
    open_page(page, "?as_of=2025-12-31")
    row = table_row(driver, "FRA")
    driver.set_script_timeout(20)
    order = driver.execute_async_script("""const done = arguments[arguments.length - 1];
        dash_ag_grid.getApiAsync('status-table').then(api => done(api.getCellValue(
            {rowNode: api.getRowNode('FRA'), colKey: 'recognition_order', useFormatter: true})));""")
    assert order == "shared 2nd–8th", order
    row.find_element(By.CSS_SELECTOR, "[col-id=status]").click()
    wait_until(driver, lambda d: query(d).get("country") == ["FRA"], "a click on France's row did not open France")
    wait_until(driver, lambda d: "shared 2nd to 8th" in d.find_element(By.ID, "details").text.lower(), "details not France's")
    # The details were out of sight (the table is below them): they are brought into view with the focus.
    wait_until(driver, lambda d: js(d, "return document.activeElement.id;") == "details", "the details did not take the focus")
    top = js(driver, "return document.getElementById('details').getBoundingClientRect().top;")
    assert 0 <= top < 900 * 0.6, top
    # Enter on a cell of another row.
    row = table_row(driver, "DEU")
    cell = row.find_element(By.CSS_SELECTOR, "[col-id=status]")
    cell.click()
    wait_until(driver, lambda d: query(d).get("country") == ["DEU"], "a click on Germany's row did not open it")
    row = table_row(driver, "USA")
    js(driver, "arguments[0].querySelector('[col-id=status]').focus();", row)
    press(driver, "Enter", 13)
    press(driver, "Enter", 13, kind="keyUp")
    wait_until(driver, lambda d: query(d).get("country") == ["USA"], "Enter on a row did not open its state")
    # Nothing cut: every header and status cell shows its whole text at 1400 px.
    cut = js(driver, """return [...document.querySelectorAll('#status-table .ag-header-cell-text, #status-table [col-id=status] .ag-cell-value, #status-table [col-id=status].ag-cell')]
        .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent);""")
    assert cut == [], cut
    no_serious_violations(driver)


def test_on_a_phone_a_tapped_state_brings_its_details_into_view(page):
    from test_browser import cdp_click, interior_point
    load_at(page, 390, 844)
    driver = page.driver
    wait_until(driver, lambda d: idle(d) and "as_of" in query(d), "the page did not settle")
    js(driver, "document.getElementById('status-map').scrollIntoView();")
    time.sleep(0.5)
    point = interior_point(driver, "BRA")
    cdp_click(driver, int(point["x"]), int(point["y"]))
    wait_until(driver, lambda d: query(d).get("country") == ["BRA"], "the tap did not choose Brazil")
    wait_until(driver, lambda d: js(d, "return document.activeElement.id;") == "details", "the details did not take the focus")
    box = js(driver, "const b = document.getElementById('details').getBoundingClientRect(); return [b.top, b.bottom];")
    assert 0 <= box[0] < 844 * 0.6, box
    assert "Brazil" in driver.find_element(By.ID, "details").text
    shot(driver, "phone-tap-details-390x844")
