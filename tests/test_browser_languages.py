"""The page in its four languages, in headless Chromium: the language in <html lang>, the URL, the share
link, the embed page and the switch; names and dates as CLDR writes them."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from test_accessibility import axe_source, serious_violations
from test_browser import idle, js, query, wait_for_map, wait_until

from common.i18n import LANGUAGES, long_date

# Screenshots of the page in every language (looked at by a person; not compared by the test).
SHOTS = Path(os.environ.get("KRA_SHOTS_DIR", Path(__file__).resolve().parent.parent / "screenshots"))

VIEW = {"as_of": ["2019-12-31"], "bloc": ["EU"]}


def open_page(duo, path: str) -> None:
    duo.driver.get(duo.server_url.rstrip("/") + path)
    wait_for_map(duo.driver)
    wait_until(duo.driver, idle, "callbacks still running")


def date_label(driver) -> str:
    return driver.find_element(By.ID, "date-label").text


@pytest.mark.browser
def test_a_serbian_page_keeps_its_language_in_the_url_the_share_link_and_the_switch(page):
    driver = page.driver
    open_page(page, "/?as_of=2019-12-31&bloc=EU&lang=sr")
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

    driver.find_element(By.CSS_SELECTOR, ".language-menu summary").click()
    driver.find_element(By.CSS_SELECTOR, "a[data-lang=sq]").click()  # the switch keeps the view
    wait_until(driver, lambda d: js(d, "return document.documentElement.lang;") == "sq", "the switch did not open sq")
    wait_for_map(driver)
    wait_until(driver, lambda d: query(d) == {**VIEW, "lang": ["sq"]}, lambda: driver.current_url)
    wait_until(driver, lambda d: date_label(d).startswith("31 dhjetor 2019"), lambda: date_label(driver))
    assert page.get_logs() == []


@pytest.mark.browser
def test_the_embed_page_and_a_first_visit_take_the_right_language(page):
    driver = page.driver
    open_page(page, "/embed?as_of=2019-12-31&lang=sr-Latn")
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
        open_page(page, "/?as_of=2019-12-31")
        assert js(driver, "return document.documentElement.lang;") == "sq"
        wait_until(driver, lambda d: query(d) == {"as_of": ["2019-12-31"], "lang": ["sq"]}, lambda: driver.current_url)
        wait_until(driver, lambda d: date_label(d).startswith("31 dhjetor 2019"), lambda: date_label(driver))
    finally:
        driver.execute_cdp_cmd("Network.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": "en-US"})
    assert page.get_logs() == []


def text_of(driver, selector: str) -> str:
    return js(driver, "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : '';", selector)


@pytest.mark.browser
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_page_speaks_each_language_with_its_dates(page, context, code):
    """Headline, legend, a country's details, the slider's value text and a bloc summary in the language,
    with its dates; <html lang>; axe-core finds nothing serious; a screenshot for a person to look at."""
    from recognition.blocs import bloc_summary
    from recognition.map_data import CLASS_LABELS
    from recognition.map_text import headline
    driver = page.driver
    day = date(2019, 12, 31)
    open_page(page, f"/?as_of={day}&bloc=EU&country=FRA&lang={code}")
    words, names = context.say(code), context.names(code)
    legend_labels = [words.gettext(CLASS_LABELS[c]) for c in ("recognises", "withdrew", "does_not_recognise")]
    expected_headline = headline(context.atlas, context.series, "independent", day, words)
    assert js(driver, "return document.documentElement.lang;") == code
    wait_until(driver, lambda d: text_of(d, "#as-of-headline") == expected_headline,
               lambda: f"headline {text_of(driver, '#as-of-headline')!r} != {expected_headline!r}")
    shown_legend = js(driver, "return [...document.querySelectorAll('#legend .legend-label')].map(e => e.innerText);")
    assert shown_legend[:3] == legend_labels
    wait_until(driver, lambda d: text_of(d, "#details h2") == names["FRA"], lambda: text_of(driver, "#details h2"))
    assert long_date(date(2008, 2, 18), code) in text_of(driver, "#details")
    thumb = "#date-slider [role=slider]"
    wait_until(driver, lambda d: js(d, "return document.querySelector(arguments[0]).getAttribute('aria-valuetext');",
                                    thumb).startswith(long_date(day, code)), "the slider's value text")
    summary = bloc_summary(context.atlas.status("independent", day), context.atlas.membership, "EU",
                           words.gettext(context.atlas.bloc_names["EU"]), day)
    wait_until(driver, lambda d: text_of(d, "#bloc-summary .bloc-sentence") == summary.sentence(words),
               lambda: text_of(driver, "#bloc-summary .bloc-sentence"))
    assert long_date(day, code) in summary.sentence(words)
    assert serious_violations(driver, axe_source()) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    for part, element in (("top", None), ("words-timeline-blocs", "map-text"), ("table", "states"),
                          ("why-counts-differ", "why-counts-differ")):
        if element:
            js(driver, "document.getElementById(arguments[0]).scrollIntoView({block: 'start'});", element)
        driver.save_screenshot(str(SHOTS / f"i18n-{code}-{part}.png"))
    assert page.get_logs() == []


# The English a page in another language may show: quotations kept in English, and "English" in the switch.
OTHER_ENGLISH = """
const allowed = e => e.closest('.quote-en') || e.closest('a.language');
const marked = [...document.querySelectorAll('[lang=en]')].filter(e => !allowed(e)).map(e => e.outerHTML.slice(0, 160));
const texts = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const t = n.textContent.trim();
  if (t && !allowed(n.parentElement) && !n.parentElement.closest('script, style')) texts.push(t);
}
for (const e of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
  for (const a of ['placeholder', 'aria-label', 'title']) { if (e.getAttribute(a)) texts.push(e.getAttribute(a)); }
}
const quotes = [...document.querySelectorAll('#details .quote-en')].map(q => [q.lang, q.textContent,
  q.nextElementSibling ? q.nextElementSibling.textContent.trim() : '', getComputedStyle(q, '::before').content]);
return {marked, texts, quotes};
"""


def shipped_english(code: str) -> set[str]:
    """The app's own English that this language translates: every catalog entry whose translation differs."""
    from common.i18n import catalog_path, compile_catalog
    catalog = compile_catalog(catalog_path(code))
    return {message for message, translated in catalog._catalog.items()
            if isinstance(message, str) and message and translated != message and len(message) > 3}


@pytest.mark.browser
@pytest.mark.parametrize("code", ["sq", "sr", "sr-Latn"])
def test_no_english_on_the_page_but_quotations(page, context, code):
    """Nauru's details in Serbia's reading (a position, event notes, a quotation kept in English) and the
    published counts' notes: no text marked English but quotations, each in quotation marks and said to be
    in English; no interface text the catalogs translate left in English."""
    driver = page.driver
    open_page(page, f"/?as_of=2025-12-31&reading=serbia&country=NRU&lang={code}")
    wait_until(driver, lambda d: text_of(d, "#details h2") == context.names(code)["NRU"], "Nauru's details")
    locale = LANGUAGES[code].locale
    texts = context.atlas.dataset.texts
    position = context.atlas.dataset.positions.set_index("iso3").loc["NRU", "position"]
    assert "".join(s.text for s in texts.translate(position, locale)) in text_of(driver, "#details")
    found = js(driver, OTHER_ENGLISH)
    assert found["marked"] == []
    english = shipped_english(code) | {row for row in context.atlas.dataset.events["note"].dropna()}
    assert sorted(set(found["texts"]) & english) == []
    in_english = context.say(code).gettext("(in English)")
    assert found["quotes"] and all(lang == "en" and cue == in_english and mark not in ("none", "")
                                   for lang, _, cue, mark in found["quotes"]), found["quotes"]
