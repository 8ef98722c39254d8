"""Unit tests of the pure core: readings, status history, export, request parameters, map arrays."""

from __future__ import annotations

import bisect
import gzip
import io
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from components.palette import BORDER, CLASS_COLOURS
from recognition import params
from recognition.atlas import MAP_CLASSES
from recognition.export import EXPORT_COLUMNS, neutralise, status_table, to_csv_bytes
from recognition.map_data import (
    client_map_data,
    decode,
    legend_counts,
    units,
    view_codes,
)
from recognition.params import VIEW_READINGS
from recognition.readings import READINGS, Reading
from recognition.schema import TIMELINE_START

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


def test_a_shared_link_falls_back_to_defaults(context):
    from common.queries import page_request
    today = context.today()
    asked = page_request(context, {"as_of": ["1999-01-01"], "bloc": ["EU", "nope"], "reading": ["x"],
                                   "country": ["<script>"]})
    assert asked == page_request(context, {"bloc": ["EU"]})
    assert asked.view == params.View(today, ("EU",), "independent", None) and asked.compare_from is None
    asked = page_request(context, {"as_of": ["2019-12-31"], "bloc": ["EU"], "reading": ["serbia"], "country": ["FRA"]})
    assert asked.view == params.View(date(2019, 12, 31), ("EU",), "serbia", "FRA")


def test_a_compare_link_takes_to_as_the_date_and_needs_from_before_it(context):
    from common.queries import page_request
    asked = page_request(context, {"from": ["2012-12-31"], "to": ["2025-12-31"], "as_of": ["2020-01-01"]})
    assert (asked.view.as_of, asked.compare_from) == (date(2025, 12, 31), date(2012, 12, 31))
    asked = page_request(context, {"from": ["2025-12-31"], "to": ["2012-12-31"]})
    assert (asked.view.as_of, asked.compare_from) == (date(2012, 12, 31), None)
    asked = page_request(context, {"from": ["not-a-date"], "to": ["2012-12-31"], "as_of": ["2010-01-01"]})
    assert (asked.view.as_of, asked.compare_from) == (date(2010, 1, 1), None)


def looked_up(data: dict, reading: str, day: int, blocs: list[str]) -> list[int]:
    """What assets/map.js does: the entry in force for the day, the chosen blocs ORed, faded codes looked up."""
    def entry(days, values):
        return values[bisect.bisect_right(days, day) - 1]

    codes = decode(entry(data["readings"][reading]["days"], data["readings"][reading]["codes"]))
    if not blocs:
        return codes
    members = [entry(data["blocs"][b]["days"], data["blocs"][b]["members"]) for b in blocs]
    return [code if any(m[u] == "1" for m in members) else data["styles"]["fade"][code]
            for u, code in enumerate(codes)]


@pytest.fixture(scope="module")
def paint(context):
    return client_map_data(context.atlas, context.bloc_keys, CLASS_COLOURS, BORDER)


def test_looking_up_the_shipped_snapshots_gives_the_cores_codes_for_random_views(context, paint):
    atlas, rng = context.atlas, random.Random(7)
    unit_frame = units(atlas)
    last = (date(2026, 11, 1) - TIMELINE_START).days
    event_days = [(d - TIMELINE_START).days for d in atlas.history.change_dates()]
    for _ in range(300):
        day = rng.choice([rng.randint(0, last), rng.choice(event_days), rng.choice(event_days) - 1])
        reading = rng.choice(list(VIEW_READINGS))
        blocs = rng.sample(context.bloc_keys, rng.choice([0, 0, 1, 2, 3]))
        as_of = TIMELINE_START + timedelta(days=max(day, 0))
        members = atlas.members_of_any(blocs, as_of) if blocs else None
        expected = view_codes(atlas, reading, as_of, unit_frame, members).tolist()
        assert looked_up(paint, reading, max(day, 0), blocs) == expected, (reading, as_of, blocs)


def test_view_codes_follow_status_readings_and_blocs(atlas):
    unit_frame = units(atlas)
    at = {iso3: i for i, iso3 in enumerate(unit_frame["iso3"])}
    n = len(MAP_CLASSES)
    end_2019 = view_codes(atlas, "independent", date(2019, 12, 31), unit_frame)
    assert end_2019[at["FRA"]] == MAP_CLASSES.index("recognises")
    assert end_2019[at["NRU"]] % n == MAP_CLASSES.index("withdrew")
    assert end_2019[at["GRL"]] == end_2019[at["DNK"]]                      # territories take the sovereign's
    assert end_2019[at["XKX"]] == MAP_CLASSES.index("kosovo")
    contested = view_codes(atlas, "independent", date(2020, 3, 31), unit_frame)
    assert contested[at["SLE"]] == MAP_CLASSES.index("recognises") + n   # Serbia claims, Kosovo disputes
    eu = view_codes(atlas, "independent", date(2019, 12, 31), unit_frame, atlas.members_of_any(["EU"], date(2019, 12, 31)))
    assert eu[at["GBR"]] < 2 * n and eu[at["USA"]] >= 2 * n               # the UK still in the EU, the US faded
    after = view_codes(atlas, "independent", date(2020, 2, 1), unit_frame, atlas.members_of_any(["EU"], date(2020, 2, 1)))
    assert after[at["GBR"]] >= 2 * n


def test_a_dependency_takes_its_sovereigns_status_but_not_its_blocs(atlas, paint):
    """Greenland and the Faroe Islands are Denmark's but outside the EU: with the EU chosen they are painted
    in Denmark's status and faded, in the core's codes and in the membership strings the browser gets.
    French Guiana is part of France's shape, so it stays in the EU with France."""
    unit_frame = units(atlas)
    at = {iso3: i for i, iso3 in enumerate(unit_frame["iso3"])}
    n = len(MAP_CLASSES)
    day = date(2019, 12, 31)
    for bloc in ("EU", "NATO", "UN"):
        codes = view_codes(atlas, "independent", day, unit_frame, atlas.members_of_any([bloc], day))
        assert codes[at["DNK"]] < 2 * n, bloc
        for territory in ("GRL", "FRO"):
            assert codes[at[territory]] % n == codes[at["DNK"]] % n, (bloc, territory)   # Denmark's status
            assert codes[at[territory]] >= 2 * n, (bloc, territory)                      # outside the bloc
        members = paint["blocs"][bloc]["members"][-1]
        assert members[at["DNK"]] == paint["member"] and members[at["GRL"]] != paint["member"], bloc
    assert "GUF" not in at and "FRA" in atlas.members_of_any(["EU"], day)


def test_the_shipped_paint_data_is_small_and_complete(paint, atlas):
    assert len(gzip.compress(json.dumps(paint).encode())) < 20_000
    assert len(paint["units"]["iso3"]) == len(atlas.geoframe) + len(atlas.markers)
    assert all(len(text) == len(paint["units"]["iso3"]) for r in paint["readings"].values() for text in r["codes"])
    fade = paint["styles"]["fade"]
    assert all(fade[fade[code]] == fade[code] for code in range(len(fade)))
    beside = dict(zip(atlas.markers["iso3"], paint["units"]["beside"]))
    assert beside["XKX"] and beside["VAT"] and not beside["TUV"]


def test_legend_counts_add_up(atlas):
    counts = legend_counts(atlas, "independent", date(2025, 12, 31))
    assert counts["recognises"]["un"] == 110 and counts["recognises"]["other"] == 3
    assert sum(counts[s]["un"] for s in ("recognises", "withdrew", "does_not_recognise")) == 193


def test_contested_means_serbia_claims_and_kosovo_disputes(atlas):
    contested = dict(zip(atlas.actors, atlas.contested(date(2020, 3, 31))))
    assert contested["SLE"] and contested["GRD"]
    assert not contested["FRA"] and not contested["NRU"]


def spread_days(count: int) -> list[date]:
    """`count` days spread evenly from Kosovo's declaration to today, plus the days around South Sudan's admission."""
    start, end = date(2008, 2, 17), date.today()
    return sorted({start + (end - start) * i / (count - 1) for i in range(count)}
                  | {date(2010, 1, 1), date(2011, 7, 13), date(2011, 7, 14)})


def test_every_count_of_un_members_agrees_on_100_days(atlas):
    from recognition.blocs import bloc_summary
    from recognition.disagreements import event_log_count
    from recognition.timeline import count_on, count_series

    series = count_series(atlas)
    for day in spread_days(100):
        for reading in READINGS:
            legend = legend_counts(atlas, reading, day)
            members = sum(legend[s]["un"] for s in ("recognises", "withdrew", "does_not_recognise"))
            recognising = legend["recognises"]["un"]
            un_bloc = bloc_summary(atlas.status(reading, day), atlas.membership, "UN", "UN", day)
            assert (un_bloc.members, un_bloc.recognising) == (members, recognising), (reading, day)
            assert count_on(series[reading], day) == recognising, (reading, day)
            assert event_log_count(atlas, reading, "un_members_recognising", day) == recognising, (reading, day)
        table = status_table(atlas, "independent", day, [])
        un_rows = table["un_member"] == "yes"
        legend = legend_counts(atlas, "independent", day)
        assert un_rows.sum() == sum(legend[s]["un"] for s in ("recognises", "withdrew", "does_not_recognise")), day
        assert (un_rows & (table["status"] == "recognises")).sum() == legend["recognises"]["un"], day
        assert un_rows.sum() == (192 if day < date(2011, 7, 14) else 193), day


def test_export_names_the_kind_of_each_source(atlas):
    from recognition.schema import SOURCE_KINDS
    data = atlas.dataset
    kinds = pd.concat([frame[["source_url", "source_kind"]] for frame in (data.events, data.positions, data.states)])
    recorded = set(zip(kinds["source_url"], kinds["source_kind"]))
    table = status_table(atlas, "independent", date(2025, 12, 31), [])
    assert EXPORT_COLUMNS[-1] == "source_kind" and set(table["source_kind"]) <= set(SOURCE_KINDS)
    assert all(pair in recorded for pair in zip(table["source_url"], table["source_kind"]))


def test_details_show_both_days_where_they_differ(atlas, context):
    from components.details import render
    from recognition.details import country_details
    details = country_details(atlas, "MDG", "independent", date(2025, 12, 31))
    text = json.dumps(render(details, params.View(date(2025, 12, 31), (), "independent", "MDG"), context),
                      default=str, ensure_ascii=False)
    assert "Note dated 5 December 2018; announced 7 December 2018" in text
    assert "Note dated 24 November 2017; announced 25 November 2017" in text and "(press)" in text
    one_day = country_details(atlas, "FRA", "independent", date(2025, 12, 31))
    assert "dated" not in json.dumps(render(one_day, params.View(date(2025, 12, 31), (), "independent", "FRA"),
                                            context), default=str)


def test_un_membership_in_the_details_follows_the_date(atlas):
    from recognition.details import country_details
    assert not country_details(atlas, "SSD", "independent", date(2011, 7, 13)).un_member
    assert country_details(atlas, "SSD", "independent", date(2011, 7, 14)).un_member


def test_compare_codes_say_gained_lost_and_unchanged_as_the_changes_do(atlas):
    from recognition.changes import changes_between
    from recognition.map_data import COMPARE_CLASSES, compare_codes
    unit_frame = units(atlas)
    start, end = date(2017, 12, 31), date(2025, 12, 31)
    codes = dict(zip(unit_frame["iso3"], decode(compare_codes(atlas, "independent", start, end, unit_frame))))
    changes = changes_between(atlas, "independent", start, end).states.set_index("iso3")["change"]
    assert COMPARE_CLASSES[codes["KEN"]] == changes["KEN"] == "gained"
    assert COMPARE_CLASSES[codes["NRU"]] == changes["NRU"] == "lost"
    assert COMPARE_CLASSES[codes["FRA"]] == "unchanged" and "FRA" not in changes.index
    assert COMPARE_CLASSES[codes["XKX"]] == "kosovo"


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
    # A few tens of KB of interpreter noise, against about 100 bytes per frame served when it grew.
    assert grown < 64_000, f"{grown} bytes kept after {2 * len(days)} status frames"
    frame = atlas.status("independent", days[-1])
    frame.loc[0, "status"] = "changed by a caller"
    assert atlas.status("independent", days[-1]).loc[0, "status"] != "changed by a caller"


# --- The timeline counts UN membership on every day, not only on event days -------------------------

from recognition.load import DATA_DIR as DATA_DIR_FOR_COPY  # noqa: E402

LAST_DAY = date(2025, 12, 31)


@pytest.fixture(scope="module")
def admission_copy(tmp_path_factory):
    import shutil

    from recognition.load import DATA_DIR
    target = tmp_path_factory.mktemp("admission") / "data"
    shutil.copytree(DATA_DIR, target)
    return target, (target / "states.csv").read_text(encoding="utf-8")


def _without_voter(ga_text: str, iso3: str) -> str:
    """A state admitted after 8 October 2008 cannot be on the roll of that day's General Assembly vote."""
    return "".join(line for line in ga_text.splitlines(keepends=True) if not line.startswith(f"{iso3},"))


def _translations_without_voter(data_dir: Path, iso3: str) -> str:
    """translations.csv less the rows that only the vote row of `iso3` needed (the loader refuses a
    translation no cell needs)."""
    import csv as csv_module

    from recognition import schema
    from recognition.load import read_table
    from recognition.translations import translated_cells

    tables = {spec.file: read_table(spec, data_dir) for spec in schema.ALL_TABLES}
    tables["ga_vote_2008.csv"] = tables["ga_vote_2008.csv"][tables["ga_vote_2008.csv"]["iso3"] != iso3]
    needed = {text for _file, _column, _index, text in translated_cells(tables)}
    rows = list(csv_module.reader(io.StringIO((data_dir / "translations.csv").read_text(encoding="utf-8"))))
    buffer = io.StringIO()
    csv_module.writer(buffer, lineterminator="\n").writerows([rows[0], *(row for row in rows[1:] if row[0] in needed)])
    return buffer.getvalue()


def _with_admission(states_text: str, iso3: str, day: date) -> str:
    import csv as csv_module
    rows = list(csv_module.reader(io.StringIO(states_text)))
    row = next(row for row in rows if row[0] == iso3)
    row[rows[0].index("un_admitted")] = day.isoformat()
    buffer = io.StringIO()
    csv_module.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def test_an_admission_on_a_day_without_events_shows_on_its_day_in_the_timeline(atlas, admission_copy):
    """Property: give a recognising UN member a later admission day D on which no event happened; the
    timeline's count of UN members recognising rises by one on D itself (not on the next event day) and
    equals the legend's count on D - 1 and on D."""
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    from recognition.atlas import build_atlas
    from recognition.package import write_package
    from recognition.timeline import count_on, count_series

    data, states_text = admission_copy
    ga_text = (DATA_DIR_FOR_COPY / "ga_vote_2008.csv").read_text(encoding="utf-8")
    translations_text = (DATA_DIR_FOR_COPY / "translations.csv").read_text(encoding="utf-8")
    event_days = set(atlas.dataset.events["date"])
    states = atlas.dataset.states.set_index("iso3")
    last = atlas.status("independent", LAST_DAY).set_index("iso3")
    candidates = sorted(iso3 for iso3 in last.index[last["status"] == "recognises"]
                        if states.loc[iso3, "un_member"] == "yes" and pd.isna(states.loc[iso3, "un_admitted"]))

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(iso3=st.sampled_from(candidates), share=st.floats(min_value=0, max_value=1))
    @example(iso3="AFG", share=1.0)  # its vote row has a note of its own, and so a translation
    def check(iso3, share):
        first = last.loc[iso3, "status_since"] + timedelta(days=1)
        day = first + timedelta(days=int(share * (LAST_DAY - first).days))
        while day in event_days:
            day -= timedelta(days=1)
        if day < first:
            return
        (data / "states.csv").write_text(_with_admission(states_text, iso3, day), encoding="utf-8")
        (data / "translations.csv").write_text(translations_text, encoding="utf-8")
        (data / "ga_vote_2008.csv").write_text(_without_voter(ga_text, iso3), encoding="utf-8")
        (data / "translations.csv").write_text(_translations_without_voter(data, iso3), encoding="utf-8")
        write_package(data)
        changed = build_atlas(data)
        series = count_series(changed)["independent"]
        before, on = count_on(series, day - timedelta(days=1)), count_on(series, day)
        assert on == before + 1, (iso3, day, before, on)
        assert f"Admitted to the UN: {changed.names[iso3]}" in series.changes[series.dates.index(day)]
        for when, count in ((day - timedelta(days=1), before), (day, on)):
            assert legend_counts(changed, "independent", when)["recognises"]["un"] == count

    check()


# --- Dates known only to the month or the year are never shown as a day ------------------------------

@pytest.fixture(scope="module")
def month_atlas(tmp_path_factory):
    """A copy of the data in which Madagascar's withdrawal is known only to the month (December 2018)."""
    import csv as csv_module
    import shutil

    from recognition.atlas import build_atlas
    from recognition.load import DATA_DIR
    from recognition.package import write_package
    data = tmp_path_factory.mktemp("month") / "data"
    shutil.copytree(DATA_DIR, data)
    rows = list(csv_module.reader(io.StringIO((data / "events.csv").read_text(encoding="utf-8"))))
    header = rows[0]
    row = next(r for r in rows if r[0] == "MDG" and r[header.index("event")] == "withdrawal")
    row[header.index("date")], row[header.index("date_precision")] = "2018-12-01", "month"
    row[header.index("confirmed")], row[header.index("date_evidence")] = "no", ""
    buffer = io.StringIO()
    csv_module.writer(buffer, lineterminator="\n").writerows(rows)
    (data / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    write_package(data)
    return build_atlas(data)


def test_a_month_known_date_reads_as_the_month_in_the_table_csv_json_and_details(month_atlas):
    from recognition.details import country_details, event_day
    from recognition.event_log import for_output, select_events
    from recognition.words import ENGLISH
    table = status_table(month_atlas, "independent", date(2019, 6, 1), []).set_index("iso3")
    assert (table.loc["MDG", "withdrawn_on"], table.loc["MDG", "status_since"]) == ("2018-12", "2018-12")
    assert table.loc["FRA", "recognised_on"] == "2008-02-18"  # days stay days
    csv_row = next(line for line in to_csv_bytes(table.reset_index()).decode().splitlines() if line.startswith("MDG,"))
    assert csv_row.split(",")[4:6] == ["2018-12", "2018-12"], csv_row  # withdrawn_on, status_since
    events = for_output(select_events(month_atlas, "MDG"))
    assert events.loc[events["event"] == "withdrawal", "date"].tolist() == ["2018-12"]
    details = country_details(month_atlas, "MDG", "independent", date(2019, 6, 1))
    assert details.dated("withdrawn_on", ENGLISH) == "December 2018"
    withdrawal = next(e for e in details.events if e.label == "Withdrew recognition")
    assert event_day(withdrawal, ENGLISH) == "December 2018"
    assert "2018-12-01" not in str([event_day(e, ENGLISH) for e in details.events])


def test_a_membership_known_to_the_year_counts_from_the_years_first_day(atlas):
    """OIC joining years (data/README.md, "Precision"): Côte d'Ivoire, 2001, from 2001-01-01."""
    rows = atlas.dataset.bloc_memberships
    oic = rows[rows["bloc"] == "OIC"]
    assert len(oic) == 57 and set(oic["date_precision"]) == {"year"}
    assert date(1969, 9, 25) not in set(oic["joined"])
    assert "CIV" in atlas.membership.members("OIC", date(2001, 1, 1))
    assert "CIV" not in atlas.membership.members("OIC", date(2000, 12, 31))
    assert oic.set_index("iso3").loc["ALB", "joined"] == date(1992, 1, 1)


# ---------------------------------------------------------------------------------------------- order within a day

def test_events_of_one_day_come_in_causal_order_everywhere(atlas):
    """A claim before its denial, the state's own act before Serbia's announcement of it (Ghana, Dominica):
    in the details, the event log of the API and the feed (select_events) and the history the statuses use."""
    from recognition.details import country_details
    from recognition.event_log import select_events

    expected = {"GHA": [("withdrawal_claimed", "self"), ("withdrawal_claimed", "serbia_mfa"), ("claim_denied", "kosovo_mfa")],
                "DMA": [("withdrawal", "serbia_mfa"), ("claim_denied", "kosovo_mfa")]}
    day = {"GHA": date(2019, 11, 11), "DMA": date(2018, 11, 2)}
    for iso3, order in expected.items():
        listed = select_events(atlas, iso3, day[iso3], day[iso3])
        assert list(zip(listed["event"], listed["asserted_by"])) == order
        in_history = atlas.history.events[(atlas.history.events["iso3"] == iso3) & (atlas.history.events["date"] == day[iso3])]
        assert list(zip(in_history["event"], in_history["asserted_by"])) == order
        details = [e.label for e in country_details(atlas, iso3, "serbia", date(2026, 1, 1)).events if e.date == day[iso3]]
        assert details[-1] == "Claim denied" and "Claim denied" not in details[:-1]


def test_the_day_order_rule_puts_answers_after_what_they_answer():
    import pandas as pd

    from recognition.readings import in_day_order
    events = pd.DataFrame({"date": [date(2019, 1, 1)] * 4, "_row": [2, 3, 4, 5],
                           "event": ["claim_denied", "recognition_denied", "withdrawal_claimed", "recognition_claimed"],
                           "date_kind": ["act", "act", "report", "act"]})
    assert list(in_day_order(events)["event"]) == ["recognition_claimed", "withdrawal_claimed", "recognition_denied",
                                                  "claim_denied"]
