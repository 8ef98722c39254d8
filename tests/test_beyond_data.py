"""The tables beyond recognition (issue 21): each broken cell or cross-file rule stops loading with one
message naming the file, the row and the column; and the shipped figures the atlas is judged by."""

from __future__ import annotations

import pytest

from recognition.load import load_dataset
from tests.test_validation import data_copy, expect_error, find_line, set_cell  # noqa: F401 (fixture)

# (file, a row to break as column=value to find it, column, bad value, words of the message)
CASES = [
    ("organisations.csv", {"org": "IMF"}, "kind", "bank", "is not one of"),
    ("organisations.csv", {"org": "UEFA"}, "source_url", "uefa.com", "is not an http(s) URL"),
    ("kosovo_memberships.csv", {"org": "FIFA"}, "org", "FIFAA", "is not an org in organisations.csv"),
    ("kosovo_memberships.csv", {"org": "FIFA"}, "votes_for", "many", "is not a number"),
    ("kosovo_memberships.csv", {"org": "UEFA"}, "outcome", "won", "is not one of"),
    ("kosovo_memberships.csv", {"org": "IBA"}, "date", "2009-05-28", "must be the first day of the month"),
    ("kosovo_memberships.csv", {"org": "IMF"}, "date", "2009-02-30", "is not a real date"),
    ("ga_vote_2008.csv", {"iso3": "ARG"}, "vote", "maybe", "is not one of"),
    ("ga_vote_2008.csv", {"iso3": "ARG"}, "iso3", "SSD", "is not a UN member on 2008-10-08"),
    ("ga_vote_2008.csv", {"iso3": "ARG"}, "source_kind", "blog", "is not one of"),
    ("icj_proceedings.csv", {"iso3": "GBR"}, "iso3", "XXX", "is not a state in states.csv"),
    ("icj_proceedings.csv", {"iso3": "GBR"}, "oral", "maybe", "must be yes or no"),
    ("milestones.csv", {"key": "washington_2020"}, "end_date", "2020-09-01", "is not after date"),
    ("milestones.csv", {"key": "ohrid_2023"}, "source_url", "", "a value is required"),
    ("travel_documents.csv", {"iso3": "ESP"}, "iso3", "ATA", "is not a state in states.csv"),
    ("travel_documents.csv", {"iso3": "ESP"}, "accessed_on", "2999-01-01", "is in the future"),
    ("other_actors.csv", {"iso3": "TWN"}, "iso3", "TWX", "is not a map unit in states.csv"),
    ("other_actors.csv", {"iso3": "TWN"}, "actor_kind", "state", "is not one of"),
]


@pytest.mark.parametrize("file, match, column, value, words", CASES)
def test_a_bad_cell_in_the_new_tables_names_file_row_and_column(data_copy, file, match, column, value, words):  # noqa: F811
    line = find_line(data_copy, file, **match)
    set_cell(data_copy, file, line, column, value)
    expect_error(data_copy, file, line, column, words)


def test_a_duplicate_vote_is_refused(data_copy):  # noqa: F811
    line = find_line(data_copy, "ga_vote_2008.csv", iso3="ARM")  # the row after Argentina's
    set_cell(data_copy, "ga_vote_2008.csv", line, "iso3", "ARG")
    expect_error(data_copy, "ga_vote_2008.csv", line, "iso3", "duplicates row")


def test_the_shipped_2008_vote_gives_the_official_totals():
    ga = load_dataset().beyond.ga_vote
    assert ga["vote"].value_counts().to_dict() == {"yes": 77, "abstain": 74, "absent": 35, "no": 6}
    assert set(ga.loc[ga["vote"] == "no", "iso3"]) == {"ALB", "MHL", "FSM", "NRU", "PLW", "USA"}
    # The one state the UNVotes data miscode (yes), corrected from the published list of the vote.
    assert ga.set_index("iso3").loc["AFG", "vote"] == "abstain"
