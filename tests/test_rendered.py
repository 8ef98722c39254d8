"""Parts drawn once (components/rendered.py, common/status_rows.py): what a cache answers is, byte for byte,
what the uncached drawing gives for the same view, whatever was asked before it (other readings, blocs,
languages and dates of the same epoch), and what Dash writes for plain JSON is what it writes for components."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dash._utils import to_json

from recognition.params import View

LANGUAGES = ("en", "sq")
READINGS = ("independent", "kosovo", "serbia", "disagreements")
BLOCS = ((), ("EU", "NATO"))


@pytest.fixture(scope="module")
def days(context):
    """Days of a few epochs spread over the timeline: each epoch's first day, and a later day of the same epoch
    (the same cached drawing, another date in its words)."""
    epochs = context.atlas.epoch_days(context.today())
    ends = [day - timedelta(days=1) for day in epochs[1:]] + [context.today()]
    return [day for i in (1, len(epochs) // 2, -2, -1) for day in (epochs[i], ends[i])]


def each_view(dash_app, days, blocs=BLOCS):
    """Every view of the sample, inside a request in its language; the epoch's views follow each other so that a
    cache keyed on too little would answer one of them with another's drawing."""
    for day in days:
        for language in LANGUAGES:
            for reading in READINGS:
                for chosen in blocs:
                    with dash_app.server.test_request_context(f"/?lang={language}"):
                        yield View(day, chosen, reading, None)


def test_the_settled_parts_are_what_the_uncached_drawing_gives(dash_app, context, days):
    from components import bloc_summary, disagreements, status_map
    from components.rendered import plain
    drawn = {
        "legend": (lambda v: status_map.follow_legend(context, v, None), lambda v: status_map.legend(context, v)),
        "blocs": (lambda v: bloc_summary.follow(context, v), lambda v: bloc_summary._content(context, v)),
        "disagreements": (lambda v: disagreements.follow(context, v),
                          lambda v: disagreements._differences(context, v)),
    }
    for view in each_view(dash_app, days):
        for part, (cached, uncached) in drawn.items():
            assert to_json(cached(view)) == to_json(plain(uncached(view))), (part, view)


def test_the_organisations_are_what_the_uncached_drawing_gives(dash_app, context):
    """Around the days of acts (the lists change on those, not on the atlas's epochs)."""
    from components import beyond
    from components.rendered import plain
    acts = sorted(set(context.atlas.dataset.beyond.memberships["date"]))
    for act in acts[:: max(len(acts) // 4, 1)]:
        for day in (act - timedelta(days=1), act, act + timedelta(days=1)):
            for language in LANGUAGES:
                with dash_app.server.test_request_context(f"/?lang={language}"):
                    expected = to_json(plain(beyond.organisations_view(context, day)))
                    assert to_json(beyond.follow_organisations(context, day)) == expected, (day, language)


def test_the_grid_rows_of_blocs_are_those_drawn_for_the_blocs(dash_app, context, days):
    from common import i18n
    from common.status_rows import _grid_rows, grid_rows
    for view in each_view(dash_app, days, BLOCS[1:]):
        drawn = _grid_rows(context, view.reading, context.atlas.epoch_day(view.as_of), view.blocs, "", i18n.current())
        assert grid_rows(context, view) == list(drawn), view


def test_an_unfiltered_csv_holds_the_rows_the_grid_displays(dash_app, context, days):
    from common import i18n
    from common.status_rows import export_rows, shown_in
    from recognition.export import status_table
    from recognition.table_view import TableQuery, apply_query
    for day in days[::3]:
        for reading in READINGS:
            for blocs in BLOCS:
                view = View(day, blocs, reading, None)
                table = status_table(context.atlas, reading, day, list(blocs))
                shown = apply_query(shown_in(context, table, "", i18n.DEFAULT), TableQuery())
                displayed = table.set_index("iso3").loc[shown["iso3"]].reset_index()[table.columns]
                assert export_rows(context, view, "", TableQuery()).equals(displayed), view


def test_plain_json_is_written_as_the_components_are(dash_app, context, days):
    from components import beyond, details, disagreements
    from components.rendered import plain
    with dash_app.server.test_request_context("/?lang=sq"):
        view = View(days[4], ("EU",), "serbia", "FRA")
        for drawn in (disagreements.published(context), disagreements.follow(context, view),
                      details.layout(context, view), beyond.organisations_view(context, days[4])):
            assert to_json(plain(drawn)) == to_json(drawn)
