"""Every reader reaches every country, in the real page (headless Chromium, like tests/test_browser.py).

- Deque's axe-core finds no serious or critical violation in any state of every page the app serves, at
  1400 x 900 and on a 390 x 844 phone. axe-core is installed by .ci/run (``npm pack axe-core@VERSION``)
  into tests/.cache/ (or KRA_AXE_JS names the file) and injected by the test only: the app's own
  Content-Security-Policy stays as strict as users get it.
- The keyboard: skip links first, the table's search within 25 Tab presses of the page's start, the table
  one Tab stop with arrow keys inside, a visible focus on every stop, the slider valued in words.
- The phone: the map's top edge in the first screen, at full width, at least 300 px tall.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_browser import (  # noqa: F401 (atlas: the page fixture)
    atlas,
    js,
    load_at,
    query,
    type_date_text,
    wait_for_map,
    wait_until,
)

ROOT = Path(__file__).resolve().parent.parent
AXE_VERSION = "4.14.1"
AXE_JS = Path(os.environ.get("KRA_AXE_JS", ROOT / "tests" / ".cache" / "axe-core" / "package" / "axe.min.js"))
# The states of the page that change what it shows: query string, and whether to open the bloc drawer.
STATES = (
    ("", False),
    ("?reading=kosovo", False),
    ("?reading=serbia", False),
    ("?reading=disagreements&as_of=2019-12-31", False),
    ("?bloc=EU&bloc=UNSC_P5&bloc=NON_UN", True),
    ("?country=FRA&as_of=2008-02-17", False),
    ("?country=XKX", False),
    ("?country=NRU&reading=serbia&bloc=OIC&as_of=2020-03-01", True),
    ("?from=2019-01-01&to=2020-01-01", False),
)
PHONE_STATES = (STATES[0], STATES[4], STATES[5])
# 25 before the sections folded (issue 18): the summaries of the timeline, the blocs and the table are stops too.
TAB_BUDGET = 28


@pytest.fixture
def phone(page):
    """The app loaded in a 390 x 844 phone viewport."""
    load_at(page, 390, 844)
    return page


def axe_source() -> str:
    if not AXE_JS.exists():
        message = (f"axe-core is not installed at {AXE_JS}: run `bash .ci/run`, or in tests/.cache/axe-core run "
                   f"`npm pack axe-core@{AXE_VERSION} && tar xzf axe-core-{AXE_VERSION}.tgz`")
        if os.environ.get("KRA_REQUIRE_AXE"):
            pytest.fail(message)
        pytest.skip(message)
    source = AXE_JS.read_text(encoding="utf-8")
    assert source.startswith(f"/*! axe v{AXE_VERSION}"), f"{AXE_JS} is not axe-core {AXE_VERSION}"
    return source


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
    (result) => done(result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                                    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))}))),
    (error) => done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]));
"""


def serious_violations(driver, source: str) -> list[dict]:
    """axe-core's serious and critical violations in the page as it is now."""
    if not js(driver, "return typeof window.axe === 'object';"):
        driver.execute_script(source)
    driver.set_script_timeout(60)
    return [v for v in driver.execute_async_script(AXE_RUN) if v["impact"] in ("serious", "critical")]


def open_state(driver, base: str, path: str, search: str, open_drawer: bool) -> None:
    driver.get(base + path + search)
    wait_for_map(driver)
    wanted = {key: values for key, values in query_of(search).items()}
    wait_until(driver, lambda d: all(query(d).get(k) == v for k, v in wanted.items()) and
               js(d, "return !window.store.getState().isLoading;"), f"the view {search!r} was not restored")
    if open_drawer:
        js(driver, "document.getElementById('bloc-drawer').open = true;")
    if "country=" in search:  # (hidden on the embed page, but there)
        wait_until(driver, lambda d: js(d, "const h = document.querySelector('#details h2'); return h && h.textContent;"),
                   "no country details")


def query_of(search: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs
    return parse_qs(search.lstrip("?"))


def check_every_state(page, states) -> None:
    """Every state on every page the app serves (common.routes.PAGES: the atlas and its embed page)."""
    from common.routes import PAGES as PAGE_PATHS
    source = axe_source()
    base = page.server_url.rstrip("/")
    found = {}
    for path in PAGE_PATHS:
        for search, open_drawer in states:
            open_state(page.driver, base, path, search, open_drawer)
            violations = serious_violations(page.driver, source)
            if violations:
                found[path + search] = violations
    assert found == {}, f"axe-core found serious or critical violations: {found}"


@pytest.mark.browser
def test_axe_finds_no_serious_violation_in_any_state_at_1400x900(page):
    check_every_state(page, STATES)
    # The open country list and a refused date, too.
    driver = page.driver
    driver.get(page.server_url)
    wait_for_map(driver)
    driver.find_element(By.ID, "country-search").click()
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "input.dash-dropdown-search"), "the list did not open")
    assert serious_violations(driver, axe_source()) == []
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    type_date_text(driver, "2030-01-01", expect="2030-01-01")
    wait_until(driver, lambda d: "in the future" in d.find_element(By.ID, "date-error").text, "no reason shown")
    assert serious_violations(driver, axe_source()) == []


@pytest.mark.browser
def test_axe_finds_no_serious_violation_on_a_phone(phone):
    check_every_state(phone, PHONE_STATES)


FOCUSED = """
const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
const grid = e.closest('.ag-root-wrapper');
return {tag: e.tagName, id: e.id, text: (e.getAttribute('aria-label') || e.innerText || e.value || '').trim().slice(0, 40),
        inGrid: !!grid, visible: r.width > 0 && r.height > 0,
        focusShown: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'};
"""


def tab(driver, shift: bool = False) -> dict:
    chain = ActionChains(driver)
    if shift:
        chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
    else:
        chain.send_keys(Keys.TAB)
    chain.perform()
    return js(driver, FOCUSED)


@pytest.mark.browser
def test_the_keyboard_reaches_the_table_soon_and_passes_it_in_one_tab(atlas):
    driver = atlas.driver
    js(driver, "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")

    stops = []
    while not stops or stops[-1]["id"] != "table-search":
        assert len(stops) < TAB_BUDGET, f"the table search is not within {TAB_BUDGET} Tab presses: {stops}"
        stops.append(tab(driver))
    assert [s["text"] for s in stops[:2]] == ["Skip to the map", "Skip to the table of states"], stops[:2]
    assert all(s["visible"] and s["focusShown"] for s in stops), [s for s in stops if not s["focusShown"]]
    ids_in_order = [s["id"] for s in stops if s["id"]]
    # The view's controls come right after the map (beside it, or under it on a phone), then the date bar.
    assert ids_in_order.index("country-search") < ids_in_order.index("play-button") < ids_in_order.index("table-search")

    # Download, the CSV link, then the grid: one stop; arrow keys move inside it; one Tab leaves it.
    while not stops[-1]["inGrid"]:
        assert len(stops) < TAB_BUDGET + 5, stops
        stops.append(tab(driver))
    ActionChains(driver).send_keys(Keys.ARROW_DOWN).perform()
    cell = js(driver, "const c = document.activeElement.closest('.ag-cell'); return c ? c.innerText : null;")
    assert cell, "the down arrow did not move into the table's rows"
    after = tab(driver)
    # The next section's heading (it folds the section).
    assert not after["inGrid"] and after["tag"] == "SUMMARY" and after["text"].startswith("Why the counts differ"), after
    back = tab(driver, shift=True)
    assert back["inGrid"], back
    assert tab(driver, shift=True)["id"] == "export-link"


@pytest.mark.browser
def test_skip_links_move_the_focus_to_the_map_and_the_table(atlas):
    driver = atlas.driver
    js(driver, "document.activeElement && document.activeElement.blur();")
    first = tab(driver)
    assert first["text"] == "Skip to the map" and first["focusShown"]
    assert js(driver, "return document.activeElement.getBoundingClientRect().top;") >= 0, "the skip link is off screen"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_until(driver, lambda d: js(d, "return document.activeElement.id;") == "map-area", "the map did not take the focus")
    assert tab(driver)["text"] == "World"

    driver.refresh()  # the next Tab starts from the page's top again
    wait_for_map(driver)
    tab(driver)
    tab(driver)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_until(driver, lambda d: js(d, "return document.activeElement.id;") == "states", "the table did not take the focus")
    assert tab(driver)["tag"] == "SUMMARY"  # the table's heading, which folds it
    assert tab(driver)["id"] == "table-search"


@pytest.mark.browser
def test_the_slider_and_a_refused_date_speak_in_words(atlas):
    driver = atlas.driver
    thumb = driver.find_element(By.CSS_SELECTOR, "#date-slider [role=slider]")
    name = js(driver, "const t = arguments[0]; return document.getElementById(t.getAttribute('aria-labelledby')).innerText;",
              thumb)
    assert name == "Date"
    thumb.send_keys(Keys.HOME)
    wait_until(driver, lambda d: thumb.get_attribute("aria-valuetext") ==
               "17 February 2008, 1 UN member recognises Kosovo", lambda: thumb.get_attribute("aria-valuetext"))
    thumb.send_keys(Keys.ARROW_RIGHT)
    wait_until(driver, lambda d: thumb.get_attribute("aria-valuetext").startswith("18 February 2008, "),
               lambda: thumb.get_attribute("aria-valuetext"))
    # Once the date settles, the map in words (a polite live region) says it.
    text = driver.find_element(By.ID, "map-text")
    assert text.get_attribute("aria-live") == "polite"
    wait_until(driver, lambda d: text.text.startswith("As of 18 February 2008, according to third-party sources, "),
               lambda: text.text)

    type_date_text(driver, "2019-02-30")
    error = driver.find_element(By.ID, "date-error")
    wait_until(driver, lambda d: "not a real date" in error.text, "no reason beside the box")
    assert error.get_attribute("aria-live") == "polite" and error.get_attribute("role") == "status"


@pytest.mark.browser
def test_a_disagreement_opens_its_state_with_the_keyboard(atlas):
    driver = atlas.driver
    # The section below the fold is drawn once the first screen is painted.
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#why-counts-differ button[data-country=GHA]"),
               "the disagreements were not drawn")
    button = driver.find_element(By.CSS_SELECTOR, "#why-counts-differ button[data-country=GHA]")
    js(driver, "arguments[0].focus();", button)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_until(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#details h2").text == "Ghana"
               and query(d).get("country") == ["GHA"], "Enter on a disagreeing state did not open it")
    assert js(driver, "return document.activeElement.id;") == "details"
    assert driver.find_element(By.ID, "details-status").text.startswith("Ghana as of ")


@pytest.mark.browser
def test_on_a_phone_the_map_is_in_the_first_screen(phone):
    driver = phone.driver
    js(driver, "window.scrollTo(0, 0);")
    box = js(driver, "return document.querySelector('#status-map').getBoundingClientRect().toJSON();")
    assert 0 <= box["top"] and box["top"] + 300 <= 844, f"the map starts at {box['top']:.0f} px: not in the first screen"
    assert box["height"] >= 300, f"the map is {box['height']:.0f} px tall"
    assert box["width"] >= 0.9 * 390, f"the map is {box['width']:.0f} px wide"
    # Targets of at least 24 x 24 px; the map's markers have an equivalent control, the country list.
    targets = ("button, select, summary, [role=slider], label.dash-options-list-option, "
               "input:not([type=checkbox]):not([type=radio]):not(.dash-dropdown-focus-target)")
    small = js(driver, """return [...document.querySelectorAll(arguments[0])]
        .map((e) => [e.id || e.className.toString() || e.tagName, e.getBoundingClientRect()])
        .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24)).map(([n, r]) => `${n} ${r.width}x${r.height}`);""",
               targets)
    assert small == []
    # The table (folded on a phone: its summary opens it) keeps the state, its status and the date in view.
    js(driver, "document.getElementById('states').scrollIntoView();")
    driver.find_element(By.CSS_SELECTOR, "#states summary").click()
    visible_columns = """const wrapper = document.querySelector('#status-table .ag-root-wrapper');
        if (!wrapper) { return []; }  // the grid arrives once the table is near
        const grid = wrapper.getBoundingClientRect();
        return [...document.querySelectorAll('#status-table .ag-header-cell')]
            .filter((c) => c.getBoundingClientRect().right <= grid.right + 1).map((c) => c.innerText.trim());"""
    wait_until(driver, lambda d: js(d, visible_columns)[:3] == ["State", "Status", "Recognised"],
               lambda: f"the columns in view on a phone: {js(driver, visible_columns)}")
