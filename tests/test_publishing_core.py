"""Unit tests of the core behind the publishers' outputs: the event log query, the changes between two
dates, the counts series by step, freshness, and the parameters those routes accept."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from recognition import params, schema
from recognition.changes import (
    GAINED,
    LOST,
    OTHER,
    changes_between,
    changes_filename,
    changes_table,
)
from recognition.event_log import freshness, latest_event_date, select_events
from recognition.export import export_filename
from recognition.fields import BOOL, BY_READING, CODES, DATE, INT, TEXT, Field, records
from recognition.load import DATA_DIR
from recognition.readings import EVENT_EFFECT, READINGS
from recognition.timeline import count_on, count_series, count_steps

PERIODS = [(date(2019, 12, 31), date(2025, 12, 31)), (date(2008, 2, 17), date(2012, 1, 1)),
           (date(2017, 1, 1), date(2020, 3, 31)), (date(2023, 1, 3), date(2023, 1, 4))]


@pytest.fixture(scope="module")
def events_file():
    """data/events.csv read on its own, without the loader."""
    return pd.read_csv(DATA_DIR / schema.EVENTS.file, keep_default_na=False, dtype=str)


def status_by_state(atlas, reading, day):
    frame = atlas.status(reading, day)
    return dict(zip(frame["iso3"], frame["status"]))


@pytest.mark.parametrize("reading", list(READINGS))
@pytest.mark.parametrize("start,end", PERIODS)
def test_changes_are_exactly_the_states_whose_status_differs(atlas, reading, start, end):
    before, after = status_by_state(atlas, reading, start), status_by_state(atlas, reading, end)
    changes = changes_between(atlas, reading, start, end)
    listed = dict(zip(changes.states["iso3"], zip(changes.states["change"], changes.states["status_from"],
                                                  changes.states["status_to"])))
    assert set(listed) == {code for code in before if before[code] != after[code]}
    for code, (change, status_from, status_to) in listed.items():
        assert (status_from, status_to) == (before[code], after[code])
        expected = GAINED if status_to == "recognises" else LOST if status_from == "recognises" else OTHER
        assert change == expected
    # UN members and the others apart: the UN count moves by the UN members' gains and losses only.
    un_gained, un_lost = changes.count(GAINED, un=True), changes.count(LOST, un=True)
    assert changes.un_recognising_from + un_gained - un_lost == changes.un_recognising_to
    assert un_gained + changes.count(GAINED, un=False) == changes.count(GAINED)
    assert changes.summary() == (f"UN members +{un_gained} / −{un_lost}; outside the UN "
                                 f"+{changes.count(GAINED, un=False)} / −{changes.count(LOST, un=False)}")


@pytest.mark.parametrize("reading", list(READINGS))
@pytest.mark.parametrize("start,end", PERIODS)
def test_each_change_comes_with_the_events_in_between_that_caused_it(atlas, reading, start, end):
    changes = changes_between(atlas, reading, start, end)
    events = changes.events
    assert ((events["date"] > start) & (events["date"] <= end)).all()
    assert set(events["iso3"]) <= set(changes.states["iso3"])
    for code in changes.states["iso3"]:
        own = changes.events_of(code)
        # A status changes only through an event the reading counts.
        assert own["counted"].any(), code
        every = select_events(atlas, country=code, start=start + timedelta(days=1), end=end)
        assert list(own["date"]) == list(every["date"]) and list(own["event"]) == list(every["event"])
    policy = READINGS[reading]
    assert list(events["counted"]) == [policy.accepts(e, d) for e, d in zip(events["event"], events["disputed_by"])]


def test_changes_count_the_un_members_as_the_timeline_does(atlas):
    series = count_series(atlas)
    for reading in READINGS:
        for start, end in PERIODS:
            changes = changes_between(atlas, reading, start, end)
            assert changes.un_recognising_from == count_on(series[reading], start)
            assert changes.un_recognising_to == count_on(series[reading], end)


def test_the_newsroom_question_2019_to_2025(atlas):
    independent = changes_between(atlas, "independent", date(2019, 12, 31), date(2025, 12, 31))
    gained = set(independent.states.loc[independent.states["change"] == GAINED, "iso3"])
    assert {"ISR", "KEN", "SDN", "SYR", "BHS"} <= gained  # recognitions of 2020-2025
    assert independent.count(LOST) == 0
    serbia = changes_between(atlas, "serbia", date(2019, 12, 31), date(2025, 12, 31))
    assert serbia.count(LOST) > 0  # the withdrawals Serbia claimed in 2020 and 2023
    assert list(independent.states["change"]) == sorted(independent.states["change"], key=[GAINED, LOST, OTHER].index)


def test_events_on_the_first_day_are_already_in_the_starting_status(atlas):
    bahamas = date(2025, 12, 19)
    assert "BHS" not in set(changes_between(atlas, "independent", bahamas, date(2025, 12, 31)).states["iso3"])
    day = changes_between(atlas, "independent", bahamas - timedelta(days=1), bahamas)
    assert list(day.states["iso3"]) == ["BHS"] and set(day.events["iso3"]) == {"BHS"}
    # the recognition, and Serbia's foreign ministry condemning it the same day (added in the review of 2026-12-02)
    assert list(day.events["event"]) == ["recognition", "claim_denied"]
    assert changes_between(atlas, "independent", bahamas, bahamas).states.empty
    palau = changes_between(atlas, "independent", date(2019, 1, 18), date(2025, 12, 31))  # withdrew that day
    assert palau.states.set_index("iso3").loc["PLW", "status_from"] == "withdrew"
    assert list(palau.events_of("PLW")["event"]) == ["recognition_resumed"]


def test_the_changes_table_has_one_row_per_state_with_its_events_and_sources(atlas):
    changes = changes_between(atlas, "independent", date(2017, 1, 1), date(2020, 3, 31))
    table = changes_table(changes)
    assert list(table["iso3"]) == list(changes.states["iso3"])
    flagged = 0
    for row in table.itertuples():
        own = changes.events_of(row.iso3)
        assert set(row.source_urls.split(" ")) == set(own["source_url"])
        described = row.events.split("; ")
        assert len(described) == len(own)
        for text, event in zip(described, own.itertuples()):
            assert text.startswith(f"{event.date.isoformat()} {event.event} by {event.asserted_by}")
            # A denial changes no status, so "not counted" would mislead; only uncounted changes say it.
            uncounted_change = not event.counted and EVENT_EFFECT[event.event] is not None
            assert text.endswith("(not counted in this reading)") == uncounted_change
            flagged += uncounted_change
    assert flagged > 0  # Serbia's claims are listed beside the withdrawals this reading counts
    assert changes_filename(changes, date(2026, 11, 28)) == \
        "kosovo-recognition-changes_2017-01-01_2020-03-31_independent_reviewed-2026-11-28.csv"


def test_select_events_filters_and_keeps_every_column_of_the_file(atlas, events_file):
    every = select_events(atlas)
    assert len(every) == len(events_file)
    assert set(events_file.columns) < set(every.columns) and "name" in every.columns
    assert list(every["date"]) == sorted(every["date"])
    chosen = select_events(atlas, country="PLW", start=date(2019, 1, 1), end=date(2023, 10, 20),
                           kinds=["withdrawal", "recognition_resumed"])
    expected = events_file[(events_file["iso3"] == "PLW") & events_file["date"].between("2019-01-01", "2023-10-20")
                           & events_file["event"].isin(["withdrawal", "recognition_resumed"])]
    assert sorted(d.isoformat() for d in chosen["date"]) == sorted(expected["date"])
    assert len(chosen) > 0 and set(chosen["name"]) == {"Palau"}


def test_freshness_names_the_review_day_and_the_latest_event(atlas, events_file):
    latest = date.fromisoformat(max(events_file["date"]))
    assert latest_event_date(atlas) == latest
    fresh = freshness(atlas)
    sentence = fresh.sentence()
    assert fresh.reviewed_on.isoformat() in sentence and latest.isoformat() in sentence
    assert "may be missing" not in fresh.sentence(fresh.reviewed_on)
    assert f"after {fresh.reviewed_on.isoformat()} may be missing" in fresh.sentence(fresh.reviewed_on + timedelta(1))


def test_the_csv_filename_carries_the_review_day():
    assert export_filename(date(2025, 12, 31), ["EU"], "independent", date(2026, 11, 28)) == \
        "kosovo-recognition_2025-12-31_EU_independent_reviewed-2026-11-28.csv"


@pytest.mark.parametrize("reading", list(READINGS))
def test_count_steps_give_the_count_on_every_day(atlas, reading):
    series = count_series(atlas)[reading]
    steps = count_steps(series)
    pairs = list(zip(steps["un_members_recognising"], steps["un_members_withdrawn"]))
    assert all(a != b for a, b in zip(pairs, pairs[1:])) and pairs[0] != (0, 0)
    assert steps["date"].iloc[0] >= schema.TIMELINE_START
    for day in series.dates:
        in_force = steps[steps["date"] <= day]
        expected = in_force["un_members_recognising"].iloc[-1] if len(in_force) else 0
        assert expected == count_on(series, day), day


def test_records_are_typed_by_their_fields():
    frame = pd.DataFrame({"d": [date(2020, 1, 2), None], "n": pd.array([3, None], dtype="Int64"),
                          "s": ["x", float("nan")], "b": ["yes", "no"], "c": ["COE;EU", ""],
                          "r": ["independent=recognises;serbia=withdrew", None]})
    fields = [Field("d", DATE, ""), Field("n", INT, ""), Field("s", TEXT, ""), Field("b", BOOL, ""),
              Field("c", CODES, ""), Field("r", BY_READING, "")]
    assert records(frame, fields) == [
        {"d": "2020-01-02", "n": 3, "s": "x", "b": True, "c": ["COE", "EU"],
         "r": {"independent": "recognises", "serbia": "withdrew"}},
        {"d": None, "n": None, "s": None, "b": False, "c": [], "r": None}]
    assert type(records(frame, fields)[0]["n"]) is int
    with pytest.raises(KeyError):  # a column no field describes would be a value no schema describes
        records(frame, fields[:-1])


def test_period_and_kind_parameters():
    today = date(2026, 1, 1)
    assert params.check_date("2019-12-31", today, "from") == date(2019, 12, 31)
    with pytest.raises(params.BadParameter, match="^to "):
        params.check_date("2019-02-30", today, "to")
    params.check_period(date(2019, 1, 1), date(2019, 1, 1))
    params.check_period(None, date(2019, 1, 1))
    with pytest.raises(params.BadParameter, match="must not be after"):
        params.check_period(date(2019, 1, 2), date(2019, 1, 1))
    assert params.check_event_kinds(["withdrawal", "recognition", "withdrawal"]) == ["withdrawal", "recognition"]
    for bad in (["withdrawl"], "withdrawal", [None]):
        with pytest.raises(params.BadParameter):
            params.check_event_kinds(bad)
