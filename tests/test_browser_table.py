"""The real grid against the core: for every filter type and operator of a number column and a text column
with blank cells, the rows AG Grid displays are the rows of the CSV/JSON for the same filter; and the map's
fills are the palette's colours for the statuses (read from the painted SVG)."""

from __future__ import annotations

import json

import pytest
import requests
from test_browser import atlas, idle, js, today, wait_until  # noqa: F401 (atlas, today: fixtures)

NUMBER_CASES = [("equals", 5), ("notEqual", 5), ("greaterThan", 100), ("greaterThanOrEqual", 100),
                ("lessThan", 3), ("lessThanOrEqual", 3), ("inRange", (2, 9)), ("blank", None), ("notBlank", None)]
TEXT_CASES = [("contains", "20"), ("notContains", "2019"), ("equals", "2019-11-04"), ("notEqual", "2019-11-04"),
              ("startsWith", "2019"), ("endsWith", "-04"), ("blank", None), ("notBlank", None)]
MATRIX = [("recognition_order", "number", op, value) for op, value in NUMBER_CASES] + \
         [("withdrawn_on", "text", op, value) for op, value in TEXT_CASES]

DISPLAYED = """const [column, model, done] = arguments;
dash_ag_grid.getApiAsync('status-table').then(async (api) => {
    await api.setColumnFilterModel(column, model);
    api.onFilterChanged();
    const codes = []; api.forEachNodeAfterFilterAndSort((n) => codes.push(n.data.iso3));
    await api.setColumnFilterModel(column, null);
    api.onFilterChanged();
    done(codes);
});"""


def filter_model(kind: str, operator: str, value) -> dict:
    model = {"filterType": kind, "type": operator}
    if operator == "inRange":
        model["filter"], model["filterTo"] = value
    elif value is not None:
        model["filter"] = value
    return model


@pytest.mark.browser
def test_the_grid_and_the_csv_keep_the_same_rows_for_every_filter_and_blank(atlas, today):
    driver = atlas.driver
    # The grid's code comes when the table is near the viewport, as a reader scrolls to it.
    js(driver, "document.getElementById('states').scrollIntoView();")
    wait_until(driver, lambda d: idle(d) and js(d, "return !!window.dash_ag_grid;"), "the table did not load")
    api = f"{atlas.server_url.rstrip('/')}/api/v1/status.json"
    differ, blanks_seen = [], set()
    for column, kind, operator, value in MATRIX:
        model = filter_model(kind, operator, value)
        shown = driver.execute_async_script(DISPLAYED, column, model)
        rows = requests.get(api, params={"as_of": today.isoformat(), "filter": json.dumps({column: model})},
                            timeout=30).json()["rows"]
        if [row["iso3"] for row in rows] != shown:
            differ.append((column, operator, value, len(shown), len(rows)))
        if operator == "blank":
            blanks_seen.add(column) if shown else None
    assert not differ, f"grid and CSV differ (column, operator, value, grid rows, CSV rows): {differ}"
    assert blanks_seen == {"recognition_order", "withdrawn_on"}, "the matrix must include blank cells"
    assert atlas.get_logs() == []


@pytest.mark.browser
def test_the_painted_map_uses_the_palettes_colour_for_each_status(atlas):
    """France recognises (blue), Serbia does not (reddish purple), Togo withdrew (orange), Kosovo is
    bluish green: the fills of the drawn paths, as a reader sees them."""
    fills = js(atlas.driver, """return Object.fromEntries([...document.querySelectorAll('#status-map .choroplethlocation')]
        .filter(p => ['FRA', 'SRB', 'TGO', 'XKX'].includes(p.__data__.loc))
        .map(p => [p.__data__.loc, getComputedStyle(p).fill]));""")
    assert fills == {"FRA": "rgb(0, 114, 178)", "SRB": "rgb(204, 121, 167)", "TGO": "rgb(230, 159, 0)",
                     "XKX": "rgb(0, 158, 115)"}
