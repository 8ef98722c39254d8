"""The core beyond recognition: organisations as of a day, the layers' classes and counts, milestones."""

from __future__ import annotations

from datetime import date

import pytest

from recognition.atlas import build_atlas
from recognition.layers import (
    LAYER_CLASSES,
    layer_counts,
    layer_record,
    layer_rows,
    layer_state,
)
from recognition.organisations import (
    bids_as_of,
    memberships_as_of,
    milestones,
    organisations_as_of,
)


@pytest.fixture(scope="module")
def atlas():
    return build_atlas()


def test_memberships_as_of_2019(atlas):
    members = memberships_as_of(atlas.dataset.beyond, date(2019, 1, 1))
    assert {"IMF", "WB", "EBRD", "WCO", "IOC", "UEFA", "FIFA"} <= set(members["org"])
    assert list(members["since"]) == sorted(members["since"])
    # The WCO suspension Serbia claims (July 2017), which Kosovo denies, does not end the membership.
    assert members.set_index("org").loc["WCO", "since"] == date(2017, 1, 25)


def test_the_2018_interpol_bid_failed_with_its_votes(atlas):
    bids = bids_as_of(atlas.dataset.beyond, date(2019, 1, 1))
    dubai = bids[(bids["org"] == "INTERPOL") & (bids["date"] == date(2018, 11, 20))].iloc[0]
    assert (dubai["outcome"], dubai["votes_for"], dubai["votes_against"], dubai["votes_abstaining"]) == (
        "rejected", 68, 51, 16)
    assert dubai["status_on_day"] == "bid_failed"


def test_organisations_follow_the_day(atlas):
    beyond = atlas.dataset.beyond
    assert "FIFA" not in set(memberships_as_of(beyond, date(2016, 5, 12))["org"])
    assert "FIFA" in set(memberships_as_of(beyond, date(2016, 5, 13))["org"])
    acts = organisations_as_of(beyond, date(2016, 12, 31))
    assert acts["date"].is_monotonic_increasing and acts["date"].max() <= date(2016, 12, 31)
    assert organisations_as_of(beyond, date(2008, 3, 1)).empty


def test_the_vote_layer_gives_the_official_totals(atlas):
    state = layer_state(atlas, "ga_vote_2008")
    counts = layer_counts(atlas, state)
    assert {k: v["un"] for k, v in counts.items()} == {"yes": 77, "no": 6, "abstain": 74, "absent": 35,
                                                      "not_member": 0}
    rows = layer_rows(atlas, state)
    assert len(rows) == 192 and rows["class"].value_counts()["yes"] == 77
    assert layer_record(atlas, state, "USA")["vote"] == "no"
    assert layer_record(atlas, state, "SSD") is None  # not a member in 2008


def test_the_icj_and_passport_layers(atlas):
    icj = layer_state(atlas, "icj")
    counts = layer_counts(atlas, icj)
    assert counts["written_and_oral"]["un"] + counts["written_only"]["un"] == 36  # press release 2009/20
    assert icj.classes["GBR"] == "written_and_oral"
    passports = layer_state(atlas, "passports")
    assert passports.classes["ESP"] == "accepts_documents" and passports.classes["BRA"] == "no_record"
    assert sum(c["un"] + c["other"] for c in layer_counts(atlas, passports).values()) == len(atlas.actors)
    for layer in LAYER_CLASSES:
        assert set(layer_state(atlas, layer).classes) <= set(LAYER_CLASSES[layer])


def test_milestones_in_order(atlas):
    frame = milestones(atlas.dataset.beyond)
    assert frame["date"].is_monotonic_increasing
    assert {"icj_referral", "icj_opinion", "brussels_2013", "washington_2020", "ohrid_2023"} <= set(frame["key"])
    washington = frame.set_index("key").loc["washington_2020"]
    assert washington["end_date"] == date(2021, 9, 1)


def test_the_acts_of_a_day_count_from_that_day_on(atlas):
    """Answers are kept per number of acts: each act day includes its acts, the day before does not."""
    from datetime import timedelta
    beyond = atlas.dataset.beyond
    for day in sorted(set(beyond.memberships["date"])):
        on_day = organisations_as_of(beyond, day)
        before = organisations_as_of(beyond, day - timedelta(days=1))
        assert len(on_day) == int((beyond.memberships["date"] <= day).sum()) > len(before), day
        assert on_day["date"].max() == day
        joined = set(memberships_as_of(beyond, day)["org"]) - set(memberships_as_of(beyond, day - timedelta(days=1))["org"])
        admitted = set(beyond.memberships[(beyond.memberships["date"] == day)
                                          & (beyond.memberships["outcome"] == "admitted")]["org"])
        assert joined <= admitted, day
