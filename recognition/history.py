"""Status of every state on every event date, per reading, computed once at start-up.

`StatusHistory.frame(reading, as_of)` is then a row lookup, so callbacks never recompute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from recognition.load import Dataset
from recognition.readings import (
    EVENT_EFFECT,
    READINGS,
    RECOGNISES,
    STATUSES,
    WITHDREW,
    in_day_order,
)
from recognition.schema import TIMELINE_START

NO_DATE = np.datetime64("NaT", "D")


@dataclass(frozen=True)
class _Snapshots:
    status: np.ndarray          # (dates, actors) int8 codes into STATUSES
    since: np.ndarray           # (dates, actors) datetime64[D]: last change of status
    recognised_on: np.ndarray   # first recognition counted by the reading
    withdrawn_on: np.ndarray    # last withdrawal counted, while the state stays withdrawn
    last_event: np.ndarray      # (dates, actors) index into Dataset.events of the event that set the status


@dataclass
class StatusHistory:
    actors: list[str]                       # the states and entities that can recognise, in a fixed order
    dates: np.ndarray                       # change dates, ascending; row 0 is the day before the start
    snapshots: dict[str, _Snapshots]
    events: pd.DataFrame
    # How much of each event day is known, by (iso3, day): the coarsest precision of that state's events
    # that day (data/README.md, "Precision"); a day not listed is known to the day.
    precision: dict[tuple[str, date], str] = field(default_factory=dict)
    # The columns of each status frame, per (reading, row). Each call builds its own frame from them
    # (about 0.1 ms): a long-lived frame handed to every request collects a weak reference from each
    # view a request takes of it (pandas copy-on-write bookkeeping, pruned only every few hundred),
    # which grew every server worker by about 0.5 KB per request.
    _columns: dict[tuple[str, int], dict[str, object]] = field(default_factory=dict)

    def row_for(self, as_of: date) -> int:
        """The snapshot in force at the end of `as_of` (events on that day count); 0 before any event."""
        return max(int(np.searchsorted(self.dates, np.datetime64(as_of, "D"), side="right")) - 1, 0)

    def status_codes(self, reading: str, as_of: date) -> np.ndarray:
        return self.snapshots[reading].status[self.row_for(as_of)]

    def frame(self, reading: str, as_of: date) -> pd.DataFrame:
        """One row per actor: status, status_since, recognised_on, withdrawn_on, source of the status."""
        return pd.DataFrame(self._columns[(reading, self.row_for(as_of))], copy=True)

    def precision_of(self, iso3: str, day: date | None) -> str:
        """How much of a status day (recognised_on, withdrawn_on, status_since) of `iso3` is known."""
        return self.precision.get((iso3, day), "day")

    def change_dates(self) -> list[date]:
        return [pd.Timestamp(d).date() for d in self.dates[1:]]


def _to_date(values: np.ndarray) -> list[date | None]:
    return [None if np.isnat(v) else pd.Timestamp(v).date() for v in values]


def _build_frame(history: StatusHistory, reading: str, row: int) -> pd.DataFrame:
    snap = history.snapshots[reading]
    last = snap.last_event[row]
    events = history.events
    has_event = last >= 0
    def of_event(column: str) -> np.ndarray:
        return np.where(has_event, events[column].to_numpy()[np.where(has_event, last, 0)], None)

    return pd.DataFrame({
        "iso3": history.actors,
        "status": np.array(STATUSES, dtype=object)[snap.status[row]],
        "status_since": _to_date(snap.since[row]),
        "recognised_on": _to_date(snap.recognised_on[row]),
        "withdrawn_on": _to_date(snap.withdrawn_on[row]),
        "event_source_url": of_event("source_url"),
        "event_source_kind": of_event("source_kind"),
        "evidence": of_event("evidence"),
    })


def build_history(dataset: Dataset) -> StatusHistory:
    actors = sorted(dataset.states.loc[dataset.states["kind"].isin(["un_member", "non_un"])
                                       & (dataset.states["iso3"] != "XKX"), "iso3"])
    column = {iso3: i for i, iso3 in enumerate(actors)}
    events = in_day_order(dataset.events).reset_index(drop=True)
    day_before = np.datetime64(TIMELINE_START - timedelta(days=1), "D")
    dates = np.array([day_before] + sorted({np.datetime64(d, "D") for d in events["date"]}), dtype="datetime64[D]")
    event_day = np.array([np.datetime64(d, "D") for d in events["date"]], dtype="datetime64[D]")

    snapshots = {}
    for key, reading in READINGS.items():
        status = np.zeros(len(actors), dtype=np.int8)
        since = np.full(len(actors), NO_DATE)
        recognised_on = np.full(len(actors), NO_DATE)
        withdrawn_on = np.full(len(actors), NO_DATE)
        last_event = np.full(len(actors), -1, dtype=np.int32)
        rows = {name: [] for name in ("status", "since", "recognised_on", "withdrawn_on", "last_event")}
        cursor = 0
        for day in dates:
            while cursor < len(events) and event_day[cursor] == day:
                event = events.iloc[cursor]
                effect = EVENT_EFFECT[event["event"]]
                if effect is not None and reading.accepts(event["event"], event["disputed_by"]):
                    i = column[event["iso3"]]
                    if effect != status[i]:
                        since[i] = day
                    status[i] = effect
                    last_event[i] = cursor
                    if effect == RECOGNISES and np.isnat(recognised_on[i]):
                        recognised_on[i] = day
                    withdrawn_on[i] = day if effect == WITHDREW else NO_DATE
                cursor += 1
            for name, vector in (("status", status), ("since", since), ("recognised_on", recognised_on),
                                 ("withdrawn_on", withdrawn_on), ("last_event", last_event)):
                rows[name].append(vector.copy())
        snapshots[key] = _Snapshots(**{name: np.vstack(vectors) for name, vectors in rows.items()})

    coarseness = {"day": 0, "month": 1, "year": 2}
    precision: dict[tuple[str, date], str] = {}
    for iso3, day, known in zip(events["iso3"], events["date"], events["date_precision"]):
        if coarseness[known] > coarseness[precision.get((iso3, day), "day")]:
            precision[(iso3, day)] = known
    history = StatusHistory(actors=actors, dates=dates, snapshots=snapshots, events=events, precision=precision)
    for key in READINGS:
        for row in range(len(dates)):
            frame = _build_frame(history, key, row)
            history._columns[(key, row)] = {name: column.array for name, column in frame.items()}
    return history
