"""Round trips in the real page (issue 17): the server requests a reader's settled change sends, counted in the page
by a fetch wrapper, once the grid is in the page (the most a change can cost): a date settled with the slider's
arrow key, a reading and a bloc each at most 3; the first paint of a plain visit at most 1 (what is below the fold
is drawn after it). And what those requests
and the page's own lookups show is the new view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_browser import choose_reading, idle, js, toggle_bloc, wait_for_map, wait_for_timeline, wait_until

from recognition.words import english_date as long_date

MOST_PER_CHANGE = 3
# Every callback request from now on, with the outputs it asked for, and whether it has been answered.
COUNT_REQUESTS = """
const calls = window.__callbacks = [];
if (!window.__countingFetch) {
    const fetch = window.fetch;
    window.__countingFetch = true;
    window.fetch = function (resource, init) {
        const url = String((resource && resource.url) || resource);
        const answer = fetch.apply(this, arguments);
        if (url.includes('_dash-update-component')) {
            const body = JSON.parse(init.body);
            const call = {output: body.output, changed: body.changedPropIds, done: false, start: performance.now()};
            window.__callbacks.push(call);
            answer.finally(() => { call.done = true; call.at = performance.now(); });
        }
        return answer;
    };
}
"""
# Quiet: the page waited out its settle delay, every request was answered, none for 500 ms, Dash is idle.
QUIET = """
const calls = window.__callbacks, now = performance.now();
return calls.every(c => c.done) && now - Math.max(window.__since, ...calls.map(c => c.at || 0)) > 500
    && !!(window.store && !window.store.getState().isLoading);
"""
# The slider's day and its last day (today).
SLIDER = """const handle = document.querySelector('#date-slider [role=slider]');
return [Number(handle.getAttribute('aria-valuenow')), Number(handle.getAttribute('aria-valuemax'))];"""
TIMELINE = """const gd = document.querySelector('#timeline .js-plotly-plot');
return {line: gd.layout.shapes[0].x0, widths: gd.data.slice(0, 3).map(t => t.line.width)};"""


def requests_for(driver, change) -> list[str]:
    """The outputs of every callback request the page sent for `change` (a function of the driver), until quiet."""
    js(driver, COUNT_REQUESTS + "window.__since = performance.now();")
    change(driver)
    wait_until(driver, lambda d: js(d, QUIET), "the page did not become quiet after the change")
    return js(driver, "return window.__callbacks.map(c => c.output);")


def press(driver, key: str = "ArrowLeft", code: int = 37) -> None:
    """A real key press on the slider's handle (Chrome DevTools Protocol), as a reader's keyboard sends it."""
    js(driver, "document.querySelector('#date-slider [role=slider]').focus();")
    for kind in ("rawKeyDown", "keyUp"):
        driver.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key,
                                                          "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code})


@pytest.mark.browser
def test_a_settled_change_costs_at_most_three_requests_and_shows_the_new_view(page, context):
    driver = page.driver
    # Counted from the first script on: the first paint of a plain visit.
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": "window.__since = 0;" + COUNT_REQUESTS})["identifier"]
    try:
        page.open()
        wait_for_map(driver)
        from app import FIRST_SCREEN_MARK
        wait_until(driver, lambda d: js(d, "return performance.getEntriesByName(arguments[0]).length;", FIRST_SCREEN_MARK),
                   "the first screen was not marked")
        first_paint = js(driver, """const painted = performance.getEntriesByName(arguments[0])[0].startTime;
                                    return window.__callbacks.filter(c => c.start < painted).map(c => c.output);""",
                         FIRST_SCREEN_MARK)
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script})
    assert len(first_paint) <= 1, f"first paint: {first_paint}"
    # With the grid in the page, a change also refreshes its rows.
    js(driver, "document.getElementById('states').scrollIntoView();")
    wait_until(driver, lambda d: idle(d) and js(d, "return !!document.querySelector('#status-table .ag-row');"),
               "the table did not load")
    wait_for_timeline(driver)

    yesterday = context.today() - timedelta(days=1)
    dated = requests_for(driver, press)
    day, last = js(driver, SLIDER)
    assert day == last - 1, "the key press did not move the date a day back"
    assert 1 <= len(dated) <= MOST_PER_CHANGE, f"a settled date: {len(dated)} requests: {dated}"
    assert driver.find_element("id", "as-of-headline").text.startswith(f"As of {long_date(yesterday)}:")
    assert f"as_of={yesterday.isoformat()}" in driver.find_element("id", "export-link").get_attribute("href")
    assert js(driver, TIMELINE) == {"line": yesterday.isoformat(), "widths": [3, 1.5, 1.5]}

    read = requests_for(driver, lambda d: choose_reading(d, "serbia"))
    assert 1 <= len(read) <= MOST_PER_CHANGE, f"a reading: {len(read)} requests: {read}"
    assert js(driver, TIMELINE) == {"line": yesterday.isoformat(), "widths": [1.5, 1.5, 3]}

    blocs = requests_for(driver, lambda d: toggle_bloc(d, "EU"))
    assert 1 <= len(blocs) <= MOST_PER_CHANGE, f"a bloc: {len(blocs)} requests: {blocs}"
    wait_until(driver, lambda d: "European Union" in d.find_element("id", "bloc-summary").text,
               "the bloc summary does not show the EU")
    assert page.get_logs() == []


def changes_of(driver, change) -> list[list[str]]:
    """What changed (Dash's changedPropIds) for each callback request the page sent for `change`, until quiet."""
    requests_for(driver, change)
    return js(driver, "return window.__callbacks.map(c => c.changed);")


@pytest.mark.browser
def test_the_grid_put_in_place_or_resized_asks_nothing_and_a_sort_asks_once(page):
    """The CSV link follows the grid's filters and sort (components/table.py): the grid being put in place and
    its columns resizing with the window once each cost the server a request of the whole settled view."""
    from components import ids
    query = f"{ids.TABLE_QUERY}.data"
    driver = page.driver
    page.open()
    wait_for_map(driver)
    wait_until(driver, idle, "callbacks still running")

    def place(d):
        js(d, "document.getElementById(arguments[0]).scrollIntoView();", ids.TABLE_PANEL)
        wait_until(d, lambda d: js(d, "return !!document.querySelector('#status-table .ag-row');"), "the table did not load")

    placed = changes_of(driver, place)
    assert not [c for c in placed if query in c], f"the grid put in place: {placed}"
    resized = changes_of(driver, lambda d: d.set_window_size(1100, 900))
    assert not [c for c in resized if query in c], f"the window resized: {resized}"

    def sort(d):
        d.find_element("css selector", f"#{ids.TABLE} .ag-header-cell[col-id=status] .ag-header-cell-label").click()

    sorted_once = changes_of(driver, sort)
    assert [c for c in sorted_once if query in c] == [[query]], f"a sort: {sorted_once}"
    wait_until(driver, lambda d: "sort=status" in d.find_element("id", ids.EXPORT_LINK).get_attribute("href"),
               lambda: f"the CSV link does not follow the sort: {driver.find_element('id', ids.EXPORT_LINK).get_attribute('href')}")
    assert page.get_logs() == []
