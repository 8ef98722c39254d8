"""The cumulative count series: UN members recognising over time, per reading, with what changed."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from recognition.atlas import Atlas
from recognition.readings import READINGS, RECOGNISES, STATUSES, WITHDREW


@dataclass(frozen=True)
class CountSeries:
    reading: str
    dates: list[date]          # every change date (plus the start), ascending
    recognising: list[int]     # UN members recognising at the end of each date
    withdrawn: list[int]       # UN members whose status is "withdrew"
    changes: list[str]         # what changed that day, for hover
    withdrawal_dates: list[date]


def count_series(atlas: Atlas) -> dict[str, CountSeries]:
    history = atlas.history
    days = [pd.Timestamp(d).date() for d in history.dates]
    series = {}
    for key in READINGS:
        status = history.snapshots[key].status
        recognising, withdrawn, changes, withdrawal_dates = [], [], [], []
        for row, day in enumerate(days):
            un = atlas.un_member_mask(day)
            recognising.append(int(((status[row] == RECOGNISES) & un).sum()))
            withdrawn.append(int(((status[row] == WITHDREW) & un).sum()))
            previous = status[row - 1] if row else status[row]
            changed = np.flatnonzero(status[row] != previous)
            parts = {}
            for i in changed:
                parts.setdefault(STATUSES[status[row][i]], []).append(atlas.names[atlas.actors[i]])
            changes.append("; ".join(f"{_verb(s)}: {', '.join(sorted(n))}" for s, n in parts.items()))
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


def count_steps(series: CountSeries) -> pd.DataFrame:
    """The series on each day on which a UN-member count changes (the day before the start is dropped)."""
    frame = pd.DataFrame({"date": series.dates, "un_members_recognising": series.recognising,
                          "un_members_withdrawn": series.withdrawn, "changes": series.changes})
    counts = frame[["un_members_recognising", "un_members_withdrawn"]]
    return frame[(counts != counts.shift()).any(axis=1)].iloc[1:].reset_index(drop=True)
