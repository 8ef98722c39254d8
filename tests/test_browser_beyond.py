"""Through the real page: the map layers (legend = table = CSV = JSON, the map painted from the core, a click on
a state shows that layer's record), the organisations as of a date, the milestones on the timeline (every
language), axe-core with each layer shown, the phone layout; screenshots of each layer at both sizes."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import pytest
import requests
from test_browser import click_at, js, wait_for_map, wait_for_timeline, wait_until

from recognition.layers import LAYER_CLASSES

SHOTS = Path(os.environ.get("KRA_SHOTS_DIR", "/tmp/beyond-shots"))
# A state with a record in every layer, large enough to click at world scale.
CLICKED = {"ga_vote_2008": ("BRA", "yes"), "icj": ("BRA", "written_and_oral"), "passports": ("SRB", "accepts_documents")}


def open_layer(page, layer: str, extra: str = "") -> None:
    page.driver.get(page.server_url.rstrip("/") + f"/?layer={layer}{extra}")
    wait_for_map(page.driver)
    wait_until(page.driver, lambda d: js(d, "const p = document.getElementById('layer-panel');"
                                            "return p && !p.hidden && p.querySelector('.layer-legend');"),
               f"the {layer} panel did not open")


def panel_legend(driver) -> dict[str, int]:
    return js(driver, """return Object.fromEntries([...document.querySelectorAll('#layer-panel .legend-count')]
                         .map(el => [el.dataset.class, Number(el.dataset.un) + Number(el.dataset.other)]));""")


def panel_table(driver) -> list[str]:
    return js(driver, "return [...document.querySelectorAll('#layer-panel tbody tr')].map(r => r.dataset.iso3);")


def painted(driver) -> dict[str, int]:
    return js(driver, """const m = window.atlasMap, u = m.config().paint.units;
                         return Object.fromEntries(u.iso3.slice(0, u.polygons).map((c, i) => [c, m.codes()[i]]));""")


@pytest.mark.browser
@pytest.mark.parametrize("layer", list(LAYER_CLASSES))
def test_a_layer_legend_table_csv_json_agree_and_a_click_shows_its_record(page, layer):
    driver = page.driver
    open_layer(page, layer)
    base = page.server_url.rstrip("/")
    answer = requests.get(f"{base}/api/v1/layer.json?layer={layer}", timeout=10).json()
    csv = pd.read_csv(io.BytesIO(requests.get(f"{base}/download/layer.csv?layer={layer}", timeout=10).content),
                      dtype=str, keep_default_na=False)
    legend = panel_legend(driver)
    assert legend == {k: c["un"] + c["other"] for k, c in answer["meta"]["counts"].items()}
    assert panel_table(driver) == [r["iso3"] for r in answer["rows"]] == list(csv["iso3"])
    if layer == "ga_vote_2008":
        assert [legend[k] for k in ("yes", "no", "abstain", "absent")] == [77, 6, 74, 35]
    assert js(driver, "return document.getElementById('legend').hidden;") is True  # recognition's legend hidden
    # The map paints the layer: every polygon's code is its owner's class in the core's rows.
    classes = LAYER_CLASSES[layer]
    codes = painted(driver)
    for row in answer["rows"]:
        if row["iso3"] in codes:
            assert classes[codes[row["iso3"]]] == row["class"], row["iso3"]
    # A click on a state opens that layer's record with its source.
    iso3, wanted = CLICKED[layer]
    box = js(driver, """const p = [...document.querySelectorAll('.choroplethlocation')]
                          .find(p => p.__data__.loc === arguments[0]); const b = p.getBoundingClientRect();
                        p.scrollIntoView({block: 'center'}); const c = p.getBoundingClientRect();
                        return [c.left + c.width / 2, c.top + c.height / 2];""", iso3)
    click_at(driver, *box)
    wait_until(driver, lambda d: js(d, "const r = document.querySelector('#layer-panel .layer-record h3');"
                                       "return r && r.textContent;") == context_name(page, iso3),
               f"no {layer} record after a click on {iso3}")
    record = js(driver, "return document.querySelector('#layer-panel .layer-record').innerText;")
    assert page.driver.find_element("css selector", "#layer-panel .layer-record a").get_attribute("href").startswith("http")
    from recognition.layers import CLASS_LABELS
    assert CLASS_LABELS[wanted] in record
    assert f"layer={layer}" in driver.current_url and f"country={iso3}" in driver.current_url
    for width, height in ((1400, 900), (390, 844)):
        driver.set_window_size(width, height)
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / f"{layer}_{width}x{height}.png"))
    driver.set_window_size(1400, 900)


def context_name(page, iso3: str) -> str:
    from recognition.load import load_dataset  # noqa: F401  (names come from the atlas the app serves)
    return js(page.driver, "return window.atlasMap.config().paint.units.name["
                           "window.atlasMap.config().paint.units.iso3.indexOf(arguments[0])];", iso3)


@pytest.mark.browser
def test_organisations_follow_the_date(page):
    driver = page.driver
    driver.get(page.server_url.rstrip("/") + "/?as_of=2019-01-01")
    wait_for_map(driver)
    # Drawn once the first screen is painted (a section below the fold), for the date of the link.
    wait_until(driver, lambda d: "1 January 2019" in js(d, "return document.querySelector('#organisations h2')?.textContent || '';"),
               "the organisations panel did not follow the date")
    members = js(driver, "return [...document.querySelectorAll('#organisations .org-members li')].map(l => l.dataset.org);")
    assert {"IMF", "WB", "EBRD", "WCO", "IOC", "UEFA", "FIFA"} <= set(members)
    dubai = js(driver, "const l = document.querySelector('#organisations .org-bids li[data-org=INTERPOL][data-date=\"2018-11-20\"]');"
                       "return l && l.innerText;")
    assert "rejected" in dubai and "68 for" in dubai and "51 against" in dubai and "16 abstaining" in dubai


# A milestone's mark on the timeline (its key the argument), scrolled into view: its centre in the viewport.
MILESTONE_MARK = """const gd = document.querySelector('#timeline .js-plotly-plot');
const i = gd.data.findIndex(t => t.customdata && t.customdata.includes(arguments[0]));
const j = gd.data[i].customdata.indexOf(arguments[0]);
const el = gd.querySelectorAll('.scatterlayer .trace')[i].querySelectorAll('.point')[j];
el.scrollIntoView({block: 'center'}); const b = el.getBoundingClientRect();
return [b.left + b.width / 2, b.top + b.height / 2];"""


@pytest.mark.browser
@pytest.mark.parametrize("lang, label", [("en", "ICJ opinion"), ("sq", "Mendimi i GJND-së"), ("sr", "Мишљење МСП"),
                                         ("sr-Latn", "Mišljenje MSP")])
def test_milestones_on_the_timeline_in_every_language(page, lang, label):
    driver = page.driver
    driver.get(page.server_url.rstrip("/") + f"/?lang={lang}")
    wait_for_map(driver)
    wait_for_timeline(driver)
    marks = js(driver, """const gd = document.querySelector('#timeline .js-plotly-plot');
                          const t = gd.data.find(t => t.customdata && t.customdata.includes('icj_opinion'));
                          return t && t.text;""")
    assert marks and any(label in text for text in marks)
    assert js(driver, "return document.querySelectorAll('#timeline .shapelayer path, #timeline .layer-below path').length;") >= 1
    # The list that screen readers read, drawn once the first screen is painted.
    wait_until(driver, lambda d: js(d, "return document.getElementById('milestone-icj_opinion') !== null;"),
               "the milestones were not listed")
    assert label in js(driver, "return document.getElementById('milestone-icj_opinion').innerText;")
    # A click on the mark reads the milestone's note and source out.
    click_at(driver, *js(driver, MILESTONE_MARK, "icj_opinion"))
    wait_until(driver, lambda d: label in (js(d, "return document.getElementById('milestone-detail').innerText;") or ""),
               "the clicked milestone was not read out")
    assert js(driver, "return document.querySelector('#milestone-detail[aria-live=polite] a').href;").startswith("http")


@pytest.mark.browser
@pytest.mark.parametrize("layer", list(LAYER_CLASSES))
def test_axe_and_the_phone_layout_with_each_layer(page, layer):
    from test_accessibility import AXE_JS, axe_source, serious_violations
    driver = page.driver
    driver.set_window_size(390, 844)
    open_layer(page, layer, "&country=BRA")
    overflow = js(driver, "const p = document.getElementById('layer-panel').getBoundingClientRect();"
                          "return p.right - document.documentElement.clientWidth;")
    assert overflow <= 1, "the layer panel runs off the phone's screen"
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not installed at {AXE_JS}")
    for width, height in ((390, 844), (1400, 900)):
        driver.set_window_size(width, height)
        assert serious_violations(driver, axe_source()) == [], (layer, width)
