"""The shipped data against the source document and the headline facts it states."""

from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pytest
from seed_tables import seed_rows

from recognition.blocs import bloc_summary
from recognition.check import sourced_tables
from recognition.load import DATA_DIR

END_2025 = date(2025, 12, 31)
SEED_G20_RECOGNISERS = {"AUS", "CAN", "FRA", "DEU", "ITA", "JPN", "SAU", "KOR", "TUR", "GBR", "USA"}
SEED_G20_NON_RECOGNISERS = {"ARG", "BRA", "CHN", "IND", "IDN", "MEX", "RUS", "ZAF"}
BRICS_FOUNDERS = {"BRA", "RUS", "IND", "CHN", "ZAF"}
# Where a sourced date puts a state out of the seed's order, the disagreement is recorded in the
# event's note. These are the only ones; a new one must be documented the same way.
ORDER_DISAGREEMENTS = {"SEN", "GUY", "SLV"}


def seed_to_iso() -> dict[str, str]:
    with open(DATA_DIR / "code_crosswalk.csv", newline="", encoding="utf-8") as handle:
        return {row["code"]: row["iso3"] for row in csv.DictReader(handle) if row["scheme"] == "seed"}


def iso_of(row, crosswalk) -> str:
    return row.blank_iso3 or crosswalk[row.code]


@pytest.fixture(scope="module")
def seed():
    crosswalk = seed_to_iso()
    return [(row, iso_of(row, crosswalk)) for row in seed_rows()]


def status_of(atlas, reading, day):
    return dict(zip(*atlas.status(reading, day)[["iso3", "status"]].T.values))


def un_members(atlas):
    return set(atlas.dataset.states.loc[atlas.dataset.states["un_member"] == "yes", "iso3"])


def test_seed_tables_have_the_expected_rows(seed):
    tables = [row.table for row, _ in seed]
    assert (tables.count("un_members"), tables.count("non_un"), tables.count("withdrawn")) == (110, 3, 8)


def test_every_seed_row_is_in_the_data_with_a_dated_sourced_event(atlas, seed):
    events = atlas.dataset.events
    for row, iso3 in seed:
        recognitions = events[(events["iso3"] == iso3) & (events["event"] == "recognition")]
        assert len(recognitions) == 1, f"{row.code or row.blank_iso3} (seed row {row.label})"
        if row.table == "withdrawn":
            assert ((events["iso3"] == iso3) & (events["event"] == "withdrawal")).any(), iso3


def test_seed_recognition_order_and_relations_match_the_data(atlas, seed):
    order = atlas.dataset.recognition_order.set_index("iso3")
    for row, iso3 in seed:
        if row.table == "withdrawn":
            continue
        assert order.loc[iso3, "table"] == row.table
        assert order.loc[iso3, "order"] == row.position, iso3
        assert order.loc[iso3, "order_label"] == row.label, iso3
        assert order.loc[iso3, "diplomatic_relations"] == row.diplomatic_relations.lower(), iso3


def test_recognition_dates_follow_the_seed_order_except_where_documented(atlas, seed):
    events = atlas.dataset.events
    first = events[events["event"] == "recognition"].set_index("iso3")["date"]
    un = [iso3 for row, iso3 in seed if row.table == "un_members"]
    inversions = [(a, b) for a, b in zip(un, un[1:]) if first[b] < first[a]]
    for earlier, later in inversions:
        assert {earlier, later} & ORDER_DISAGREEMENTS, f"{earlier} is before {later} in the seed, not in the data"
    involved = {code for pair in inversions for code in pair}
    assert ORDER_DISAGREEMENTS <= involved, "a documented disagreement no longer exists: update the list"
    for iso3 in ORDER_DISAGREEMENTS:
        note = events[(events["iso3"] == iso3) & (events["event"] == "recognition")]["note"].iloc[0]
        assert "Wikipedia article's table" in note, f"{iso3}: the order disagreement is not explained"


def test_dates_surviving_in_the_seed_are_the_dates_in_the_data(atlas, seed):
    events = atlas.dataset.events
    survived = {("SLE", "recognition"): date(2008, 6, 11), ("GHA", "recognition"): date(2012, 1, 23),
                ("TGO", "recognition"): date(2014, 7, 11), ("TGO", "withdrawal"): date(2019, 6, 28),
                ("CAF", "recognition"): date(2011, 7, 22), ("CAF", "withdrawal"): date(2019, 7, 24),
                ("NRU", "recognition"): date(2008, 4, 23), ("NRU", "withdrawal"): date(2019, 11, 13),
                ("PLW", "withdrawal"): date(2019, 1, 18), ("PLW", "recognition_resumed"): date(2023, 10, 20),
                ("GNB", "withdrawal"): date(2017, 11, 21), ("GNB", "withdrawal_annulled"): date(2018, 2, 2)}
    for (iso3, kind), day in survived.items():
        rows = events[(events["iso3"] == iso3) & (events["event"] == kind)]
        if day in set(rows["date"]):
            continue
        # The date policy puts the act's day first; the article's day then stays beside it, explained.
        kept = rows[rows["alt_date"] == day]
        assert len(kept) == 1, (iso3, kind, set(rows["date"]))
        assert kept["date_kind"].iloc[0] == "act" and "Wikipedia article's" in kept["note"].iloc[0], (iso3, kind)


def test_every_event_has_a_source_url(atlas):
    events = atlas.dataset.events
    assert events["source_url"].str.match(r"^https?://").all()


def test_counts_at_end_of_2025_in_the_default_reading(atlas):
    status = status_of(atlas, "independent", END_2025)
    un = un_members(atlas)
    assert sum(status[c] == "recognises" for c in un) == 110
    assert sum(status[c] == "withdrew" for c in un) == 8
    assert sum(s == "recognises" for c, s in status.items() if c not in un) == 3


@pytest.mark.parametrize("bloc, recognising, members", [
    ("EU", 22, 27), ("NATO", 28, 32), ("OIC", 37, 57), ("G7", 7, 7)])
def test_bloc_counts_at_end_of_2025(atlas, bloc, recognising, members):
    summary = bloc_summary(atlas.status("independent", END_2025), atlas.membership, bloc, bloc, END_2025)
    assert (summary.recognising, summary.members) == (recognising, members)


def test_g20_and_brics_as_named_in_the_seed(atlas):
    frame = atlas.status("independent", END_2025)
    g20 = bloc_summary(frame, atlas.membership, "G20", "G20", END_2025)
    assert set(g20.recognising_members) == SEED_G20_RECOGNISERS
    assert set(g20.other_members) == SEED_G20_NON_RECOGNISERS
    status = status_of(atlas, "independent", END_2025)
    assert all(status[c] != "recognises" for c in BRICS_FOUNDERS)


def test_costa_rica_first_and_the_first_three_days(atlas, seed):
    status = status_of(atlas, "independent", date(2008, 2, 17))
    assert {c for c, s in status.items() if s == "recognises"} == {"CRI"}
    by_19th = {c for c, s in status_of(atlas, "independent", date(2008, 2, 19)).items() if s == "recognises"}
    rows_1_to_9 = {iso3 for row, iso3 in seed if row.table == "un_members" and row.position <= 9}
    assert by_19th == rows_1_to_9 | {"TWN"}


def test_bloc_membership_follows_the_date(atlas):
    from recognition.blocs import members_as_of
    nato = atlas.memberships
    assert len(members_as_of(nato, "NATO", date(2008, 2, 17))) == 26
    assert "MKD" in members_as_of(nato, "NATO", date(2020, 3, 27))
    assert "SWE" not in members_as_of(nato, "NATO", date(2024, 3, 6))
    assert "GBR" in members_as_of(nato, "EU", date(2020, 1, 31))
    assert "GBR" not in members_as_of(nato, "EU", date(2020, 2, 1))
    assert "HRV" not in members_as_of(nato, "EU", date(2013, 6, 30))
    assert len(members_as_of(nato, "UN", date(2010, 1, 1))) == 192


def test_every_un_member_and_entity_is_a_state_row(atlas):
    states = atlas.dataset.states
    assert (states["un_member"] == "yes").sum() == 193
    for code in ("XKX", "TWN", "PSE", "VAT", "ESH", "COK", "NIU"):
        assert code in set(states["iso3"])


def test_non_recognising_un_members_have_a_position(atlas):
    status = status_of(atlas, "independent", END_2025)
    positions = set(atlas.dataset.positions["iso3"])
    missing = {c for c in un_members(atlas) if status[c] != "recognises"} - positions
    assert missing == set()


def test_the_date_policy_holds_for_every_row_with_both_days(atlas):
    events = atlas.dataset.events
    assert events["alt_date"].notna().equals(events["alt_date_kind"].notna())
    for _, event in events[events["alt_date"].notna()].iterrows():
        where = f"events.csv row {event['_row']}"
        assert event["alt_date"] != event["date"], where
        assert event["alt_date_kind"] != "act" or event["date_kind"] == "act", f"{where}: the act's day is not first"


def test_where_the_acts_own_day_is_unknown_the_note_says_so(atlas):
    events = atlas.dataset.events
    for _, event in events[events["date_kind"] != "act"].iterrows():
        assert "act's own day is not stated" in (event["note"] or ""), f"events.csv row {event['_row']}"


def test_withdrawals_are_dated_by_the_note_where_a_source_gives_it(atlas):
    events = atlas.dataset.events.set_index(["iso3", "event", "asserted_by"])
    notes = {("MDG", "withdrawal", "serbia_mfa"): (date(2018, 12, 5), date(2018, 12, 7)),
             ("SLB", "withdrawal", "third_party"): (date(2018, 11, 28), date(2018, 12, 2)),
             ("PNG", "withdrawal", "serbia_mfa"): (date(2018, 6, 27), date(2018, 7, 5))}
    for key, (act, announced) in notes.items():
        row = events.loc[key]
        assert (row["date"], row["date_kind"], row["alt_date"], row["alt_date_kind"]) == \
            (act, "act", announced, "announcement"), key
    burundi = events.loc[("BDI", "withdrawal", "serbia_mfa")]  # the note was handed over on 15 Feb, its own day unknown
    assert (burundi["date"], burundi["alt_date"], burundi["alt_date_kind"]) == \
        (date(2018, 2, 15), date(2018, 2, 17), "announcement")
    qatar = events.loc[("QAT", "recognition", "self")]  # only the announcement is known
    assert qatar["date_kind"] == "announcement" and "act's own day is not stated" in qatar["note"]


# Wikipedia and the sites that copy it (a Wikipedia page saved by Kiwix, a mirror of a user's sandbox).
REFERENCE_SITES = ("wikipedia", "wikimili.com", "alchetron.com", "lexicals.info", "en-academic.com", "gpedia.com",
                   "absoluteastronomy.com", "wikisum.wiki", "/kiwix/", "how.com.vn/wiki/")


def test_encyclopaedias_and_their_copies_are_never_called_primary_or_press(atlas):
    for file, frame in sourced_tables(atlas).items():
        copies = frame[frame["source_url"].map(lambda url: any(site in url for site in REFERENCE_SITES))]
        assert (copies["source_kind"] == "reference").all(), (file, copies.loc[copies["source_kind"] != "reference",
                                                                                "source_url"].tolist())


def test_a_page_has_one_kind_wherever_it_is_cited(atlas):
    pairs = pd.concat([frame[["source_url", "source_kind"]] for frame in sourced_tables(atlas).values()])
    kinds = pairs.drop_duplicates().groupby("source_url")["source_kind"].nunique()
    assert (kinds == 1).all(), kinds[kinds > 1].index.tolist()


def test_bloc_memberships_come_from_the_blocs_own_lists_or_the_press(atlas):
    memberships = atlas.dataset.bloc_memberships
    assert set(memberships["source_kind"]) <= {"primary", "press"}
    definitions = atlas.dataset.bloc_definitions
    for _, bloc in definitions[definitions["source_kind"].isin(["reference", "other"])].iterrows():
        assert "stays as the reference" in bloc["note"], bloc["bloc"]


def test_every_confirmed_row_quotes_the_words_that_give_its_day():
    """Read from the file itself (not through the loader, which refuses such a row too)."""
    import csv
    from recognition.load import DATA_DIR
    with open(DATA_DIR / "events.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bare = [(number, row["iso3"], row["event"], row["date"]) for number, row in enumerate(rows, start=2)
            if row["confirmed"] == "yes" and not row["date_evidence"].strip()]
    assert bare == []
    assert sum(row["confirmed"] == "yes" for row in rows) >= 100  # the review of 2026-12-02 confirmed 136


def test_no_membership_is_written_more_precisely_than_its_source():
    """The OIC's list gives years: no OIC row may carry the founding day (1969-09-25) as every member's day."""
    import csv
    from recognition.load import DATA_DIR
    with open(DATA_DIR / "bloc_memberships.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["date_precision"] == "year":
            assert row["joined"].endswith("-01-01") and "only the year is given" in row["note"], row
    assert not [row for row in rows if row["bloc"] == "OIC" and row["joined"] == "1969-09-25"]
