"""The cumulative count series: UN members recognising over time, per reading, with what changed."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from recognition.atlas import Atlas
from recognition.fields import DATE, INT, TEXT, Field
from recognition.collation import ENGLISH_KEY
from recognition.readings import READINGS, RECOGNISES, STATUSES, WITHDREW


@dataclass(frozen=True)
class CountSeries:
    reading: str
    dates: list[date]          # every event date and every UN admission day (plus the start), ascending
    recognising: list[int]     # UN members recognising at the end of each date
    withdrawn: list[int]       # UN members whose status is "withdrew"
    changes: list[str]         # what changed that day, for hover
    withdrawal_dates: list[date]


def _admission_days(atlas: Atlas) -> dict[date, list[str]]:
    """UN admissions on or after the day before the timeline starts, by day: the count of UN members
    recognising can change on such a day without any event (a recogniser admitted to the UN)."""
    first = pd.Timestamp(atlas.history.dates[0]).date()
    states = atlas.dataset.states
    admitted = states[(states["un_member"] == "yes") & states["un_admitted"].notna()]
    days: dict[date, list[str]] = {}
    for iso3, day in zip(admitted["iso3"], admitted["un_admitted"]):
        if day > first:
            days.setdefault(day, []).append(atlas.names[iso3])
    return days


def count_series(atlas: Atlas) -> dict[str, CountSeries]:
    """The counts at the end of every event date and every UN admission day (`un_members_on` applied on
    each of them, so an admission on a day without an event shows on its own day)."""
    history = atlas.history
    admissions = _admission_days(atlas)
    days = sorted({pd.Timestamp(d).date() for d in history.dates} | set(admissions))
    rows = [history.row_for(day) for day in days]
    series = {}
    for key in READINGS:
        status = history.snapshots[key].status
        recognising, withdrawn, changes, withdrawal_dates = [], [], [], []
        for position, (row, day) in enumerate(zip(rows, days)):
            un = atlas.un_member_mask(day)
            recognising.append(int(((status[row] == RECOGNISES) & un).sum()))
            withdrawn.append(int(((status[row] == WITHDREW) & un).sum()))
            previous = status[rows[position - 1]] if position else status[row]
            changed = np.flatnonzero(status[row] != previous)
            parts = {}
            for i in changed:
                parts.setdefault(STATUSES[status[row][i]], []).append(atlas.names[atlas.actors[i]])
            said = [f"{_verb(s)}: {', '.join(sorted(n, key=ENGLISH_KEY))}" for s, n in parts.items()]
            if day in admissions:
                said.append(f"Admitted to the UN: {', '.join(sorted(admissions[day], key=ENGLISH_KEY))}")
            changes.append("; ".join(said))
            if "withdrew" in parts:
                withdrawal_dates.append(day)
        series[key] = CountSeries(key, days, recognising, withdrawn, changes, withdrawal_dates)
    return series


def _verb(status: str) -> str:
    """The English words of counts.json (a machine output); the page's timeline says it in its own words."""
    return {"recognises": "Recognised", "withdrew": "Withdrew", "does_not_recognise": "No longer counted"}[status]


def count_on(series: CountSeries, as_of: date) -> int:
    """UN members recognising at the end of `as_of` (the series' dates are ascending)."""
    return series.recognising[max(bisect.bisect_right(series.dates, as_of) - 1, 0)]


COUNT_FIELDS = (
    Field("date", DATE, "a day on which a count changed"),
    Field("un_members_recognising", INT, "UN members recognising at the end of the day"),
    Field("un_members_withdrawn", INT, "UN members whose status is withdrew at the end of the day"),
    Field("changes", TEXT, "what changed that day, in English: 'Recognised: A, B; Withdrew: C; "
          "Admitted to the UN: D'"),
)


def count_steps(series: CountSeries) -> pd.DataFrame:
    """The series on each day on which a UN-member count changes (the day before the start is dropped)."""
    frame = pd.DataFrame({"date": series.dates, "un_members_recognising": series.recognising,
                          "un_members_withdrawn": series.withdrawn, "changes": series.changes})
    counts = frame[["un_members_recognising", "un_members_withdrawn"]]
    return frame[(counts != counts.shift()).any(axis=1)].iloc[1:].reset_index(drop=True)
