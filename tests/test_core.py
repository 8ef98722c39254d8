"""Unit tests of the pure core: readings, status history, export, request parameters, map arrays."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import pytest

from recognition import params
from recognition.export import EXPORT_COLUMNS, neutralise, status_table, to_csv_bytes
import json

from recognition.map_data import client_map_data, legend_counts
from recognition.readings import READINGS, Reading

SERBIA_NAMED_BY_MARCH_2020 = {"BDI", "PNG", "DMA", "SLB", "MDG", "TGO", "CAF", "NRU", "GRD", "GNB", "LBR", "PLW",
                              "STP", "SUR", "COM", "GHA", "LSO", "SLE"}


def statuses(atlas, reading, day):
    frame = atlas.status(reading, day)
    return dict(zip(frame["iso3"], frame["status"]))


def test_a_reading_honours_only_its_own_partys_disputes():
    reading = Reading("r", "R", "kosovo_mfa", frozenset({"withdrawal"}))
    assert reading.accepts("withdrawal", None)
    assert reading.accepts("withdrawal", "serbia_mfa")
    assert not reading.accepts("withdrawal", "kosovo_mfa")
    assert not reading.accepts("withdrawal_claimed", None)


def test_events_on_the_as_of_day_count(atlas):
    assert statuses(atlas, "independent", date(2008, 2, 16))["CRI"] == "does_not_recognise"
    assert statuses(atlas, "independent", date(2008, 2, 17))["CRI"] == "recognises"


def test_before_the_first_event_nobody_recognises(atlas):
    assert set(statuses(atlas, "serbia", date(2008, 2, 16)).values()) == {"does_not_recognise"}


def test_serbias_reading_in_march_2020(atlas):
    day = date(2020, 3, 31)
    serbia, independent = statuses(atlas, "serbia", day), statuses(atlas, "independent", day)
    assert all(serbia[c] == "withdrew" for c in SERBIA_NAMED_BY_MARCH_2020)
    un = set(atlas.dataset.states.loc[atlas.dataset.states["un_member"] == "yes", "iso3"])
    count = lambda s: sum(s[c] == "recognises" for c in un)
    still_counted = {c for c in SERBIA_NAMED_BY_MARCH_2020 if independent[c] == "recognises"}
    assert count(serbia) == count(independent) - len(still_counted)


def test_guinea_bissau_after_the_annulment(atlas):
    assert statuses(atlas, "independent", date(2017, 12, 1))["GNB"] == "withdrew"
    for reading in ("independent", "kosovo"):
        assert statuses(atlas, reading, date(2018, 2, 2))["GNB"] == "recognises"
    assert statuses(atlas, "serbia", date(2018, 2, 2))["GNB"] == "withdrew"


def test_palau_differs_between_readings_only_where_the_events_say_so(atlas):
    events = atlas.dataset.events[atlas.dataset.events["iso3"] == "PLW"]
    change_days = sorted(set(events["date"]))
    for day in change_days + [date(2019, 6, 1), date(2024, 1, 1)]:
        seen = {reading: statuses(atlas, reading, day)["PLW"] for reading in READINGS}
        on_day = events[events["date"] <= day]
        disputed_withdrawal = ((on_day["event"] == "withdrawal") & (on_day["disputed_by"] == "kosovo_mfa")).any()
        resumed = (on_day["event"] == "recognition_resumed").any()
        if disputed_withdrawal and not resumed:
            assert seen == {"independent": "withdrew", "kosovo": "recognises", "serbia": "withdrew"}, day
        else:
            assert len(set(seen.values())) == 1, (day, seen)


def test_recognised_on_keeps_the_first_recognition(atlas):
    frame = atlas.status("independent", date(2024, 1, 1)).set_index("iso3")
    assert frame.loc["PLW", "recognised_on"] < date(2010, 1, 1)
    assert frame.loc["PLW", "status_since"] == date(2023, 10, 20)
    assert frame.loc["PLW", "withdrawn_on"] is None


def test_export_columns_and_one_row_per_state(atlas):
    table = status_table(atlas, "independent", date(2025, 12, 31), [])
    assert list(table.columns) == EXPORT_COLUMNS
    assert table["iso3"].is_unique
    assert "XKX" not in set(table["iso3"]) and "GRL" not in set(table["iso3"])
    assert set(table["status"]) == {"recognises", "withdrew", "does_not_recognise"}
    assert table["source_url"].str.startswith("http").all()


def test_export_filters_to_the_union_of_blocs_as_of_the_date(atlas):
    eu = status_table(atlas, "independent", date(2025, 12, 31), ["EU"])
    assert len(eu) == 27 and (eu["status"] == "recognises").sum() == 22
    eu_2019 = status_table(atlas, "independent", date(2019, 12, 31), ["EU"])
    assert len(eu_2019) == 28
    union = status_table(atlas, "independent", date(2025, 12, 31), ["EU", "NATO"])
    assert len(union) == len(set(eu["iso3"]) | set(status_table(atlas, "independent", date(2025, 12, 31),
                                                                 ["NATO"])["iso3"]))


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Kosovo") == "Kosovo" and neutralise(3) == 3


def test_csv_round_trips_everything_but_neutralised_cells(atlas):
    table = status_table(atlas, "independent", date(2025, 12, 31), [])
    table.loc[0, "name"] = '=HYPERLINK("http://evil.example","click")'
    back = pd.read_csv(io.BytesIO(to_csv_bytes(table)), dtype=str, keep_default_na=False)
    assert back.loc[0, "name"] == "'" + table.loc[0, "name"]
    expected = table.astype(object).where(table.notna(), "").map(
        lambda v: v.isoformat() if isinstance(v, date) else str(v))
    pd.testing.assert_frame_equal(back.drop(columns="name").iloc[1:].reset_index(drop=True),
                                  expected.drop(columns="name").iloc[1:].reset_index(drop=True))


@pytest.mark.parametrize("value", ["2008-02-16", "2030-01-01", "2019-02-30", "yesterday", "", None, 5, ["2020-01-01"],
                                   "2020-01-01" * 20])
def test_bad_dates_are_refused(value):
    with pytest.raises(params.BadParameter):
        params.check_date(value, date(2026, 1, 1))


def test_good_parameters_pass():
    assert params.check_date("2019-12-31", date(2026, 1, 1)) == date(2019, 12, 31)
    assert params.check_blocs(["EU", "NATO", "EU"], {"EU", "NATO"}) == ["EU", "NATO"]
    assert params.check_reading(None) == "independent"
    assert params.check_country("FRA", {"FRA"}) == "FRA"


@pytest.mark.parametrize("blocs", [["ASEAN"], "EU", [1], ["EU"] * 21, {"EU": 1}])
def test_bad_blocs_are_refused(blocs):
    with pytest.raises(params.BadParameter):
        params.check_blocs(blocs, {"EU"})


def test_a_shared_link_falls_back_to_defaults():
    view = params.view_from_query({"as_of": ["1999-01-01"], "bloc": ["EU", "nope"], "reading": ["x"],
                                   "country": ["<script>"]}, date(2026, 1, 1), {"EU"}, {"FRA"})
    assert view == params.View(date(2026, 1, 1), ("EU",), "independent", None)
    view = params.view_from_query({"as_of": ["2019-12-31"], "bloc": ["EU"], "reading": ["serbia"],
                                   "country": ["FRA"]}, date(2026, 1, 1), {"EU"}, {"FRA"})
    assert view == params.View(date(2019, 12, 31), ("EU",), "serbia", "FRA")


def replay(changes, actors, day):
    """What assets/map.js does with a change list: the last change on or before `day` wins."""
    status = [0] * actors
    for when, actor, code in changes:
        if when <= day:
            status[actor] = code
    return status


def test_client_change_lists_reproduce_the_core_on_every_event_date(atlas):
    data = client_map_data(atlas)
    codes = {"does_not_recognise": 0, "recognises": 1, "withdrew": 2}
    for day in atlas.history.change_dates()[::7] + [date(2019, 12, 31), date(2024, 1, 1)]:
        offset = (day - date(2008, 2, 17)).days
        for reading in READINGS:
            expected = [codes[s] for s in atlas.status(reading, day)["status"]]
            assert replay(data["changes"][reading], data["actors"], offset) == expected, (reading, day)


def test_client_units_colour_territories_by_their_sovereign(atlas):
    data = client_map_data(atlas)
    codes = list(atlas.geoframe["iso3"])
    actor = data["polygons"]["actor"]
    assert actor[codes.index("GRL")] == actor[codes.index("DNK")] == atlas.actors.index("DNK")
    assert data["polygons"]["fixed"][codes.index("XKX")] == 3 and data["polygons"]["fixed"][codes.index("ATA")] == 4
    assert data["polygons"]["label"][codes.index("GRL")] == "<b>Greenland</b> (Denmark)"
    assert len(json.dumps(data)) < 60_000


def test_client_memberships_follow_the_date(atlas):
    data = client_map_data(atlas)
    uk = atlas.actors.index("GBR")
    spells = [s for s in data["memberships"]["EU"] if s[0] == uk]
    assert len(spells) == 1 and spells[0][1] < 0  # joined before the timeline starts
    assert spells[0][2] == (date(2020, 2, 1) - date(2008, 2, 17)).days


def test_legend_counts_add_up(atlas):
    counts = legend_counts(atlas, "independent", date(2025, 12, 31))
    assert counts["recognises"]["un"] == 110 and counts["recognises"]["other"] == 3
    assert sum(counts[s]["un"] for s in ("recognises", "withdrew", "does_not_recognise")) == 193


def test_contested_means_serbia_claims_and_kosovo_disputes(atlas):
    contested = dict(zip(atlas.actors, atlas.contested(date(2020, 3, 31))))
    assert contested["SLE"] and contested["GRD"]
    assert not contested["FRA"] and not contested["NRU"]


def test_status_frames_are_the_callers_own_so_serving_them_grows_no_memory(atlas):
    # pandas records every view taken of a frame in that frame, and prunes the record only every few
    # hundred views: a frame kept for the life of the server and handed to every request grew it.
    import gc
    import tracemalloc
    days = [date(2008, 2, 17) + timedelta(days=offset) for offset in range(0, 6000, 7)]

    def serve_every_day() -> None:
        for day in days:
            atlas.status("independent", day)["status"].to_numpy()  # a column, as every callback takes one

    serve_every_day()
    gc.collect()
    tracemalloc.start()
    try:
        serve_every_day()
        serve_every_day()
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert grown < 20_000, f"{grown} bytes kept after {2 * len(days)} status frames"
    frame = atlas.status("independent", days[-1])
    frame.loc[0, "status"] = "changed by a caller"
    assert atlas.status("independent", days[-1]).loc[0, "status"] != "changed by a caller"
