"""The page in its four languages, in headless Chromium: the language in <html lang>, the URL, the share
link, the embed page and the switch; names and dates as CLDR writes them."""

from __future__ import annotations

from datetime import date

import pytest
from selenium.webdriver.common.by import By

from components.i18n import long_date
from test_browser import atlas, idle, js, query, wait_for_map, wait_until  # noqa: F401 (atlas: the fixture)

VIEW = {"as_of": ["2019-12-31"], "bloc": ["EU"]}


def open_page(duo, path: str) -> None:
    duo.driver.get(duo.server_url.rstrip("/") + path)
    wait_for_map(duo.driver)
    wait_until(duo.driver, idle, "callbacks still running")


def date_label(driver) -> str:
    return driver.find_element(By.ID, "date-label").text


@pytest.mark.browser
def test_a_serbian_page_keeps_its_language_in_the_url_the_share_link_and_the_switch(atlas):
    driver = atlas.driver
    open_page(atlas, "/?as_of=2019-12-31&bloc=EU&lang=sr")
    assert js(driver, "return document.documentElement.lang;") == "sr"
    wait_until(driver, lambda d: query(d) == {**VIEW, "lang": ["sr"]}, lambda: f"URL lost its language: {driver.current_url}")
    wait_until(driver, lambda d: date_label(d).startswith("31. децембар 2019."), lambda: date_label(driver))
    assert js(driver, "return window.dccFunctions.dayToDate(0);") == long_date(date(2008, 2, 17), "sr")
    options = js(driver, "return window.atlasMap.config().paint.units.name;")
    assert "Немачка" in options and "Germany" not in options
    titles = js(driver, "return [...document.querySelectorAll('#status-map .modebar-btn')].map(b => b.dataset.title);")
    assert "Увећај" in titles and "Zoom in" not in titles, titles

    driver.find_element(By.ID, "share-button").click()
    wait_until(driver, lambda d: d.find_element(By.ID, "share-dialog").is_displayed(), "the dialog did not open")
    assert driver.find_element(By.ID, "share-link").get_attribute("value").endswith("/?as_of=2019-12-31&bloc=EU&lang=sr")
    assert "/embed?as_of=2019-12-31&bloc=EU&lang=sr" in driver.find_element(By.ID, "share-embed").get_attribute("value")
    driver.find_element(By.CSS_SELECTOR, "[data-close-dialog=share-dialog]").click()

    driver.find_element(By.CSS_SELECTOR, "a[data-lang=sq]").click()  # the switch keeps the view
    wait_until(driver, lambda d: js(d, "return document.documentElement.lang;") == "sq", "the switch did not open sq")
    wait_for_map(driver)
    wait_until(driver, lambda d: query(d) == {**VIEW, "lang": ["sq"]}, lambda: driver.current_url)
    wait_until(driver, lambda d: date_label(d).startswith("31 dhjetor 2019"), lambda: date_label(driver))
    assert atlas.get_logs() == []


@pytest.mark.browser
def test_the_embed_page_and_a_first_visit_take_the_right_language(atlas):
    driver = atlas.driver
    open_page(atlas, "/embed?as_of=2019-12-31&lang=sr-Latn")
    assert js(driver, "return document.documentElement.lang;") == "sr-Latn"
    wait_until(driver, lambda d: date_label(d).startswith("31. decembar 2019."), lambda: date_label(driver))
    wait_until(driver, lambda d: query(d) == {"as_of": ["2019-12-31"], "lang": ["sr-Latn"]}, lambda: driver.current_url)
    full = js(driver, """const a = document.getElementById('embed-link');
                         a.addEventListener('click', e => e.preventDefault(), {once: true});
                         a.click(); return a.href;""")
    assert full.endswith("/?as_of=2019-12-31&lang=sr-Latn"), full

    # A first visit without lang= follows Accept-Language, and the URL then says which language it got.
    agent = js(driver, "return navigator.userAgent;")
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": "sq-AL,sq;q=0.9"})
    try:
        open_page(atlas, "/?as_of=2019-12-31")
        assert js(driver, "return document.documentElement.lang;") == "sq"
        wait_until(driver, lambda d: query(d) == {"as_of": ["2019-12-31"], "lang": ["sq"]}, lambda: driver.current_url)
        wait_until(driver, lambda d: date_label(d).startswith("31 dhjetor 2019"), lambda: date_label(driver))
    finally:
        driver.execute_cdp_cmd("Network.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": "en-US"})
    assert atlas.get_logs() == []
