"""Kosovo in international organisations as of a day: its memberships (since when) and every act of its
bids up to that day (outcomes, votes, thresholds, sources), sorted by date. Pure functions."""

from __future__ import annotations

import bisect
from datetime import date
from functools import lru_cache

import pandas as pd

from recognition import schema
from recognition.beyond_data import Beyond
from recognition.fields import CHOICE, DATE, Field, of_table

STATUSES = ("member", "bid_failed", "bid_withdrawn", "bid_pending")
_ACTS, _ORGANISATIONS = schema.KOSOVO_MEMBERSHIPS, schema.ORGANISATIONS
ACT_FIELDS = (
    *of_table(_ACTS, ["date", "date_precision", "org"]), *of_table(_ORGANISATIONS, ["name"]),
    *of_table(_ACTS, ["outcome", "votes_for", "votes_against", "votes_abstaining", "threshold"]),
    Field("status_on_day", CHOICE, "the organisation's standing on as_of: member, or its bid failed, was "
          "withdrawn or is pending", STATUSES),
    *of_table(_ACTS, ["source_url", "source_kind", "accessed_on", "note"]),
)
COLUMNS = tuple(f.name for f in ACT_FIELDS)
MEMBER_FIELDS = (*of_table(_ACTS, ["org"]), *of_table(_ORGANISATIONS, ["name"]),
                 Field("since", DATE, "the day Kosovo was admitted"),
                 *of_table(_ACTS, ["date_precision", "source_url"]))
MILESTONE_FIELDS = of_table(schema.MILESTONES)


def _status(acts: pd.DataFrame) -> str:
    """An organisation's standing after its acts (sorted by date): member until a later withdrawal."""
    decisive = acts[acts["outcome"] != "suspension_claimed"]
    last = decisive.iloc[-1]["outcome"]
    if (decisive["outcome"] == "admitted").any():
        admitted = decisive[decisive["outcome"] == "admitted"]["date"].max()
        if not ((decisive["outcome"] == "withdrawn") & (decisive["date"] > admitted)).any():
            return "member"
    return {"rejected": "bid_failed", "withdrawn": "bid_withdrawn"}.get(last, "bid_pending")


def organisations_as_of(beyond: Beyond, day: date) -> pd.DataFrame:
    """Every act on or before `day`, oldest first, with its organisation's standing on `day`. The answer changes
    only on the day of an act, so it is computed once per number of acts (the page asks on every settled date)."""
    return _first_acts(beyond, _acts_until(beyond, day)).copy()


def _acts_until(beyond: Beyond, day: date) -> int:
    return int((beyond.memberships["date"] <= day).sum())


def last_act_day(beyond: Beyond, day: date) -> date:
    """The day of the last act on or before `day` (date.min if none): every answer of this module for `day`
    equals its answer for this day, so what is drawn from them can be shared between the two."""
    days = _act_days(beyond)
    return days[bisect.bisect_right(days, day) - 1] if days and days[0] <= day else date.min


@lru_cache(maxsize=8)
def _act_days(beyond: Beyond) -> list[date]:
    return sorted(beyond.memberships["date"])


@lru_cache(maxsize=256)
def _first_acts(beyond: Beyond, count: int) -> pd.DataFrame:
    acts = beyond.memberships.sort_values(["date", "_row"]).iloc[:count]
    names = beyond.organisations.set_index("org")["name"]
    status = {org: _status(group) for org, group in acts.groupby("org", sort=False)}
    frame = acts.assign(name=acts["org"].map(names), status_on_day=acts["org"].map(status))
    for column in ("votes_for", "votes_against", "votes_abstaining"):
        frame[column] = frame[column].astype("Int64")
    return frame[list(COLUMNS)].reset_index(drop=True)


def memberships_as_of(beyond: Beyond, day: date) -> pd.DataFrame:
    """One row per organisation Kosovo belongs to on `day`: org, name, since (the admission), oldest first."""
    return _members_after(beyond, _acts_until(beyond, day)).copy()


@lru_cache(maxsize=256)
def _members_after(beyond: Beyond, count: int) -> pd.DataFrame:
    acts = _first_acts(beyond, count)
    admitted = acts[(acts["status_on_day"] == "member") & (acts["outcome"] == "admitted")]
    first = admitted.groupby("org", as_index=False, sort=False).last()
    return first[["org", "name", "date", "date_precision", "source_url"]].rename(columns={"date": "since"})


def bids_as_of(beyond: Beyond, day: date) -> pd.DataFrame:
    """The acts of organisations Kosovo does not belong to on `day` (failed, withdrawn or pending bids)."""
    acts = organisations_as_of(beyond, day)
    return acts[acts["status_on_day"] != "member"].reset_index(drop=True)


def milestones(beyond: Beyond, until: date | None = None) -> pd.DataFrame:
    """The milestones, oldest first (those on or before `until`, if given)."""
    frame = beyond.milestones.sort_values("date")
    if until is not None:
        frame = frame[frame["date"] <= until]
    return frame.drop(columns="_row").reset_index(drop=True)
