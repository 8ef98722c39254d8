"""The page on a 390 x 844 phone (issue 18, item 8): the reading right under the map, the sections below the
first screen folded (native <details>), opened by the keyboard and by the skip link; a short page; axe-core
without serious violations in these states; and the same folds open at 1400 x 900. (A tap on a state brings
its details into view: tests/test_browser_readers.py.)"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_browser import js, load_at, wait_for_timeline, wait_until
from test_browser_beyond import MILESTONE_MARK
from test_browser_readers import no_serious_violations, shot

pytestmark = pytest.mark.browser
PHONE = (390, 844)
# The folds' headings, and a word each one's summary uses to say what it holds.
FOLDS = {"Recognitions over time": "chart", "Blocs": "bloc", "States": "CSV", "Why the counts differ": "Published",
         "Organisations, milestones and other actors": "memberships"}
FOLD_STATE = """return [...document.querySelectorAll('details.fold')].map(d => [d.querySelector('summary h2').textContent,
    d.querySelector('summary').textContent, d.open]);"""
BOX = "const b = document.querySelector(arguments[0]).getBoundingClientRect(); return [b.top + scrollY, b.bottom + scrollY];"


def test_on_a_phone_the_reading_is_under_the_map_the_page_is_short_and_folds_open_by_keyboard(page):
    load_at(page, *PHONE)
    driver = page.driver
    wait_until(driver, lambda d: len(js(d, FOLD_STATE)) == len(FOLDS), "the folds are not there")
    folds = js(driver, FOLD_STATE)
    assert {heading: is_open for heading, _, is_open in folds} == dict.fromkeys(FOLDS, False)
    for heading, summary, _ in folds:
        assert FOLDS[heading].lower() in summary.lower(), f"the summary of {heading!r} does not say what it holds"
    # The reading's choice right under the map and its legend: no more than a legend's height below them.
    map_box, legend_box, reading_box = (js(driver, BOX, s) for s in ("#status-map", "#legend", ".controls .reading"))
    assert reading_box[0] - max(map_box[1], legend_box[1]) < 200, (map_box, legend_box, reading_box)
    height = js(driver, "return document.documentElement.scrollHeight;")
    print(f"  phone page height: {height} px")
    assert height < 3500, height
    shot(driver, "phone-first-screen-390x844")
    js(driver, "window.scrollTo(0, arguments[0] - 100);", reading_box[0])
    shot(driver, "phone-reading-390x844")
    no_serious_violations(driver)

    # The keyboard: Tab to the table's summary, Enter opens it (its focus visible), Enter folds it again.
    summary = driver.find_element(By.CSS_SELECTOR, "#states summary")
    js(driver, "arguments[0].scrollIntoView({block: 'center'});", summary)
    body = driver.find_element(By.CSS_SELECTOR, "#states .fold-body")
    assert not body.is_displayed()
    js(driver, "document.querySelector('.bloc-panel summary').focus();")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element == summary, "Tab does not reach the table's summary"
    assert js(driver, "return getComputedStyle(document.activeElement).outlineStyle;") != "none"
    summary.send_keys(Keys.ENTER)
    wait_until(driver, lambda d: body.is_displayed(), "Enter did not open the table")
    wait_until(driver, lambda d: js(d, "return !!document.querySelector('#status-table .ag-row');"), "no grid")
    width = js(driver, "return document.querySelector('#status-table').getBoundingClientRect().width;")
    assert width > 300, f"the grid is {width} px wide once its fold opens"
    shot(driver, "phone-table-open-390x844")
    no_serious_violations(driver)
    summary.send_keys(Keys.ENTER)
    wait_until(driver, lambda d: not body.is_displayed(), "Enter did not fold the table again")

    # The skip link to the table opens its fold and gives the table panel the focus.
    js(driver, "window.scrollTo(0, 0); document.querySelector('.skip-links a').focus();")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("href").endswith("#states")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait_until(driver, lambda d: body.is_displayed(), "the skip link did not open the table")
    assert js(driver, "return document.activeElement.id;") == "states"
    top = js(driver, "return document.getElementById('states').getBoundingClientRect().top;")
    assert -1 <= top < PHONE[1] / 2, top


def test_a_url_fragment_opens_its_fold_on_a_phone_and_the_folds_are_open_on_a_desktop(page):
    load_at(page, *PHONE)
    driver = page.driver
    driver.get("about:blank")
    page.open("/#milestones")
    wait_until(driver, lambda d: js(d, "return document.querySelector('.beyond details.fold')?.open === true;"),
               "the fragment did not open the fold that holds it")
    # Kept at the top of the screen while the sections' bodies are drawn above it and after it.
    top = "return document.getElementById('milestones').getBoundingClientRect().top;"
    wait_until(driver, lambda d: js(d, "return document.querySelectorAll('#milestone-list li').length;") > 0
               and -1 <= js(d, top) < PHONE[1] / 2, "the fragment's target is not at the top of the screen")
    assert js(driver, "return document.querySelector('.timeline-panel details.fold').open;") is False
    shot(driver, "phone-fragment-milestones-390x844")

    load_at(page, 1400, 900)
    wait_until(driver, lambda d: len(js(d, FOLD_STATE)) == len(FOLDS), "the folds are not there")
    assert all(is_open for _, _, is_open in js(driver, FOLD_STATE)), "a fold is closed at 1400 x 900"
    assert js(driver, "return getComputedStyle(document.querySelector('.fold-about')).display;") == "none"


def test_on_a_phone_a_milestone_tapped_on_the_timeline_opens_the_fold_that_reads_it_out(page):
    load_at(page, *PHONE)
    driver = page.driver
    wait_until(driver, lambda d: len(js(d, FOLD_STATE)) == len(FOLDS), "the folds are not there")
    js(driver, "document.querySelector('.timeline-panel details.fold').open = true;")
    wait_for_timeline(driver)
    assert js(driver, "return document.querySelector('.beyond details.fold').open;") is False
    # A phone taps (plotly.js reads no hover from a mouse where the screen has none).
    x, y = js(driver, MILESTONE_MARK, "icj_opinion")
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    try:
        driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        wait_until(driver, lambda d: js(d, "return document.querySelector('#milestone-detail h3') !== null;"),
                   "the tapped milestone was not read out")
        wait_until(driver, lambda d: js(d, "return document.querySelector('.beyond details.fold').open;"),
                   "the fold that reads the milestone out stayed closed")
    finally:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
