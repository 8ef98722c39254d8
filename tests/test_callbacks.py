"""Every server callback of the page, driven through Dash's real HTTP endpoint (no browser): each answers
200 with content for a typical settled view, and the parts a reader reads say what the core computed.
A callback that raises fails here (the app's 500 is logged, and tests/conftest.py fails on it)."""

from __future__ import annotations

import json

import pytest
from dash_requests import find_callback, payload

CALLBACK = "/_dash-update-component"
# A value for every input and state any server callback has: 31 December 2019 in Serbia's reading, the EU,
# France selected, comparing with 31 December 2012; the slider still on its first day (a shared link to
# restore). A new callback input needs a value here.
TYPICAL = {
    "date-slider.value": 0,
    "as-of-store.data": "2019-12-31", "reading.value": "serbia", "blocs.value": ["EU"],
    "selected-country.data": "FRA", "country-search.value": "FRA", "compare-on.value": ["on"],
    "compare-from.value": "2012-12-31", "url.search": "?as_of=2019-12-31&reading=serbia&bloc=EU&country=FRA",
    "table-search.value": "", "status-table-query.data": {"filterModel": {}, "columnState": []},
    "status-table-wanted.data": True, "below-fold-wanted.data": True, "export-button.n_clicks": 1, "map-layer.value": "ga_vote_2008",
    "timeline.clickData": {"points": [{"customdata": "icj_referral"}]},
    # The comparison the server accepted (components/compare.py): codes and its two dates.
    "compare-codes.data": {"codes": "0" * 280, "from": "2012-12-31", "to": "2019-12-31", "reading": "serbia"},
    # Nothing rendered for a settled view yet (components/settled.py): every part is drawn.
    "settled-seen.data": None,
}


def server_callbacks(app) -> list[str]:
    return sorted(key for key, spec in app.callback_map.items() if "callback" in spec)


def answer(client, app, output: str, values: dict | None = None) -> dict:
    response = client.post(CALLBACK, json=payload(app, output, {**TYPICAL, **(values or {})}))
    assert response.status_code == 200, (output, response.status_code, response.get_data(as_text=True)[:200])
    return response.get_json()["response"]


def test_every_server_callback_answers_a_typical_view(client, dash_app):
    for key in server_callbacks(dash_app):
        spec = dash_app.callback_map[key]
        missing = [f"{d['id']}.{d['property']}" for d in spec["inputs"] + spec["state"]
                   if f"{d['id']}.{d['property']}" not in TYPICAL]
        assert not missing, f"{key}: give TYPICAL a value for {missing}"
        parts = answer(client, dash_app, key)
        assert parts and all(parts.values()), key


def text_of(component) -> str:
    """Every string inside a rendered Dash component tree (as JSON)."""
    if isinstance(component, str):
        return component
    if isinstance(component, list):
        return " ".join(text_of(c) for c in component)
    if isinstance(component, dict):
        return " ".join(text_of(v) for k, v in component.items() if k in ("props", "children"))
    return "" if component is None else str(component)


def test_details_name_the_selected_state_and_its_status_on_the_day(client, dash_app):
    parts = answer(client, dash_app, "details.children", {"reading.value": "independent"})
    text = text_of(parts["details"]["children"])
    assert "France" in text and "18 February 2008" in text, text[:300]


def test_why_the_counts_differ_lists_published_counts_beside_the_logs(client, dash_app):
    text = text_of(answer(client, dash_app, "why-counts-differ.children")["why-counts-differ"]["children"])
    assert "Serbia" in text and "Kosovo" in text


def test_compare_mode_gives_codes_and_the_summary_of_changes(client, dash_app, context):
    from datetime import date

    from recognition.changes import changes_between
    parts = answer(client, dash_app, "compare-codes.data", {"reading.value": "independent"})
    compared = parts["compare-codes"]["data"]
    assert compared["from"] == "2012-12-31" and compared["to"] == "2019-12-31" and compared["reading"] == "independent"
    codes = compared["codes"]
    assert isinstance(codes, str) and len(codes) > 200
    expected = changes_between(context.atlas, "independent", date(2012, 12, 31), date(2019, 12, 31))
    text = text_of(parts["compare-result"]["children"])
    un = f"{expected.un_recognising_from} → {expected.un_recognising_to} (+{expected.count('gained', un=True)} / " \
         f"−{expected.count('lost', un=True)}); outside the UN +{expected.count('gained', un=False)} / " \
         f"−{expected.count('lost', un=False)}"
    assert un in text, text


def test_a_forged_date_is_no_update_not_an_error(client, dash_app):
    body = payload(dash_app, "details.children", {**TYPICAL, "as-of-store.data": "1999-01-01"})
    assert client.post(CALLBACK, json=body).status_code == 204


def test_the_helper_finds_each_callback_by_its_key(dash_app):
    for key in server_callbacks(dash_app):
        assert find_callback(dash_app, key) == key


def test_in_compare_mode_the_legend_and_headline_say_both_dates_and_count_the_changes(client, dash_app, context):
    """The map's legend and the headline follow the comparison the same request accepted; a first date that is
    not before the as-of date, or no date, or the switch off, is no comparison."""
    from datetime import date

    from recognition.map_data import compare_counts
    legend = text_of(answer(client, dash_app, "legend.children")["legend"]["children"])
    counts = compare_counts(context.atlas, "serbia", date(2012, 12, 31), date(2019, 12, 31))
    assert "Recognises now, did not on the first date" in legend and "Recognises Kosovo" not in legend
    assert f"{counts['gained']['un']} UN members" in legend
    headline = answer(client, dash_app, "as-of-headline.children")["as-of-headline"]["children"]
    assert headline.startswith("From 31 December 2012 to 31 December 2019:"), headline
    for none in ({"compare-from.value": "2020-01-01"}, {"compare-from.value": "2019-12-31"},
                 {"compare-from.value": "not a date"}, {"compare-on.value": []}):
        parts = answer(client, dash_app, "legend.children", none)
        assert "Recognises Kosovo" in text_of(parts["legend"]["children"]), none
        assert parts["as-of-headline"]["children"].startswith("As of 31 December 2019"), none
        assert parts.get("compare-codes", {"data": None})["data"] is None, none  # absent: None already


# The inputs of the callback that follows the settled view (components/settled.py), and the parts of the page
# each one changes; every other part is left as it is (no update, so it is not in the answer).
FOLLOWS = {
    "as-of-store.data": {"as-of-headline", "freshness", "legend", "compare-codes", "compare-result", "details",
                         "details-status", "bloc-summary", "map-text", "map-changes", "export-link",
                         "why-counts-differ", "organisations-body"},
    "reading.value": {"as-of-headline", "freshness", "legend", "compare-codes", "compare-result", "details",
                      "details-status", "bloc-summary", "map-text", "map-changes", "export-link"},
    "blocs.value": {"bloc-count", "bloc-summary", "map-text", "map-changes", "export-link"},
    "country-search.value": {"selected-country", "details", "details-status", "layer-panel", "legend"},
    "compare-on.value": {"as-of-headline", "freshness", "legend", "compare-codes", "compare-result"},
    "map-layer.value": {"layer-panel", "legend"},
    "table-search.value": {"export-link"},
    "status-table-query.data": {"export-link"},
    "below-fold-wanted.data": {"published-counts", "why-counts-differ", "organisations-body", "milestone-list",
                               "other-actors-list"},
}
BELOW_FOLD = FOLLOWS["below-fold-wanted.data"]


def seen_before(*changed: str) -> dict:
    """The inputs the parts were last drawn for: TYPICAL's, but another value for each of `changed`."""
    from components.settled import INPUTS, fingerprints, key
    return fingerprints({key(i): ("an earlier value" if key(i) in changed else TYPICAL[key(i)]) for i in INPUTS})


def settled_answer(client, dash_app, values: dict, changed: tuple[str, ...], triggered: list[str]) -> dict:
    body = payload(dash_app, "legend.children", {**values, "settled-seen.data": seen_before(*changed)},
                   changed=triggered)
    response = client.post(CALLBACK, json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:200]
    return response.get_json()["response"]


@pytest.mark.parametrize("changed", sorted(FOLLOWS))
def test_the_settled_view_changes_the_parts_that_follow_what_changed(client, dash_app, changed):
    parts = settled_answer(client, dash_app, TYPICAL, (changed,), [changed])
    assert set(parts) == FOLLOWS[changed] | {"settled-seen"}
    assert parts["settled-seen"]["data"] == seen_before()


def test_a_change_whose_answer_was_dropped_is_drawn_with_the_next_one(client, dash_app):
    """Dash drops the answer of a request under way when an input changes again, and the new request names only
    the newest change: the blocs restored from a link, then the date settling, must still draw the blocs."""
    parts = settled_answer(client, dash_app, TYPICAL, ("blocs.value", "as-of-store.data"), ["as-of-store.data"])
    assert FOLLOWS["blocs.value"] | FOLLOWS["as-of-store.data"] <= set(parts)



def test_the_sections_below_the_fold_wait_until_the_page_wants_them(client, dash_app):
    """Until the first screen is painted the page does not want them: a date change leaves them alone, and the
    request that says it wants them draws them all for the date."""
    waiting = {**TYPICAL, "below-fold-wanted.data": False}
    parts = settled_answer(client, dash_app, waiting, ("as-of-store.data",), ["as-of-store.data"])
    assert "legend" in parts and not BELOW_FOLD & set(parts)
    parts = settled_answer(client, dash_app, TYPICAL, ("below-fold-wanted.data",), ["below-fold-wanted.data"])
    assert set(parts) == BELOW_FOLD | {"settled-seen"}
    assert "31 December 2019" in text_of(parts["organisations-body"]["children"])


def test_the_settled_view_answers_each_part_as_it_would_alone(client, dash_app, context):
    """What one request answers is what each part renders for the view (the first date after the as-of date:
    the comparison says why it is none, and the rest is the plain view)."""
    from datetime import date

    from components import bloc_summary, details, header, text_view
    from recognition.params import View
    values = {"compare-from.value": "2020-06-30"}
    parts = answer(client, dash_app, "legend.children", values)
    view = View(date(2019, 12, 31), ("EU",), "serbia", "FRA")
    with dash_app.server.test_request_context("/"):
        expected = {"as-of-headline": header.follow(context, view, None)[0],
                    "details": details.follow(context, view)[0], "bloc-summary": bloc_summary.follow(context, view),
                    "map-text": text_view.follow(context, view)[0]}
    for part, rendered in expected.items():
        shown = next(iter(parts[part].values()))
        assert json.loads(json.dumps(shown, cls=plotly_json())) == json.loads(json.dumps(rendered, cls=plotly_json())), part
    assert "must be before the as-of date" in text_of(parts["compare-result"]["children"])


def plotly_json():
    from plotly.utils import PlotlyJSONEncoder
    return PlotlyJSONEncoder


def test_a_country_that_is_no_state_leaves_its_parts_alone_and_the_others_follow(client, dash_app):
    parts = settled_answer(client, dash_app, {**TYPICAL, "country-search.value": "XXX"},
                           ("country-search.value", "as-of-store.data"), ["country-search.value", "as-of-store.data"])
    assert not {"selected-country", "details", "details-status", "layer-panel"} & set(parts)
    assert {"as-of-headline", "bloc-summary", "why-counts-differ"} <= set(parts)
