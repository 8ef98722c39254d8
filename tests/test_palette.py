"""Which colour and legend words each status has, written down by hand from the palette's intent
(Okabe-Ito: recognition blue, withdrawal orange, non-recognition reddish purple, Kosovo bluish green,
no data grey; a black outline for a withdrawal claimed by Serbia and disputed by Kosovo). The tests read
the colours where readers meet them: the legend, the paint styles the page looks codes up in, and the
style of a real state's code on a real day."""

from __future__ import annotations

from datetime import date

import pytest

GOLDEN = {
    "recognises": ("#0072B2", "Recognises Kosovo"),
    "withdrew": ("#E69F00", "Withdrew recognition"),
    "does_not_recognise": ("#CC79A7", "Does not recognise"),
    "kosovo": ("#009E73", "Kosovo"),
    "no_data": ("#D9D9D9", "Not a state / no data"),
}
DISPUTE_OUTLINE = "#000000"


@pytest.fixture(scope="module")
def paint(dash_app, context):
    from components.status_map import paint_data
    with dash_app.server.test_request_context("/"):
        return paint_data(context)["paint"]


def test_the_legend_puts_each_status_beside_its_own_colour(dash_app, context):
    from components.status_map import legend
    from recognition.params import View
    with dash_app.server.test_request_context("/"):
        items = legend(context, View(date(2025, 12, 31), (), "independent", None))
    shown = {}
    for item in items:
        swatch, label = item.children[0], item.children[1]
        if "contested" not in swatch.className:
            shown[label.children] = swatch.style["background"].upper()
    assert shown == {label: colour for colour, label in GOLDEN.values()}


def code_of(paint: dict, iso3: str, day: int) -> int:
    import bisect
    reading = paint["readings"]["independent"]
    entry = reading["codes"][bisect.bisect_right(reading["days"], day) - 1]
    return ord(entry[paint["units"]["iso3"].index(iso3)]) - ord("0")


@pytest.mark.parametrize(("iso3", "on", "status"), [
    ("FRA", date(2025, 12, 31), "recognises"), ("SRB", date(2025, 12, 31), "does_not_recognise"),
    ("TGO", date(2025, 12, 31), "withdrew"), ("XKX", date(2025, 12, 31), "kosovo"),
    ("FRA", date(2008, 2, 17), "does_not_recognise"),
])
def test_a_states_code_paints_its_status_colour_and_label(paint, iso3, on, status):
    code = code_of(paint, iso3, (on - date(2008, 2, 17)).days)
    colour, label = GOLDEN[status]
    assert paint["styles"]["fill"][code].upper() == colour
    assert paint["styles"]["label"][code] == label


def test_a_disputed_withdrawal_keeps_its_fill_and_gains_the_black_outline(paint):
    """Serbia claims Ghana withdrew (2019); Kosovo disputes it. Independently Ghana still recognises."""
    code = code_of(paint, "GHA", (date(2025, 12, 31) - date(2008, 2, 17)).days)
    assert paint["styles"]["fill"][code].upper() == GOLDEN["recognises"][0]
    assert paint["styles"]["stroke"][code].upper() == DISPUTE_OUTLINE
