"""What changed between two dates in one reading: the states whose status differs, with the events
in between, and the summary "+N / −M" (gained, lost), UN members and the others apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np
import pandas as pd

from recognition.atlas import Atlas
from recognition.event_log import EVENT_FIELDS, select_events
from recognition.fields import BOOL, CHOICE, Field
from recognition.collation import ENGLISH_KEY
from recognition.readings import EVENT_EFFECT, READINGS, RECOGNISES, STATUSES
from recognition.words import machine_day

GAINED, LOST, OTHER = "gained", "lost", "other"
CHANGE_KINDS = (GAINED, LOST, OTHER)  # now recognises; no longer recognises; any other change of status
STATE_FIELDS = (
    *EVENT_FIELDS[:2],
    Field("un_member", BOOL, "a UN member on `to`"),
    Field("change", CHOICE, "gained: now recognises; lost: no longer recognises; other: any other change of status",
          CHANGE_KINDS),
    Field("status_from", CHOICE, "the status at the end of `from`", STATUSES),
    Field("status_to", CHOICE, "the status at the end of `to`", STATUSES),
)
STATE_COLUMNS = [f.name for f in STATE_FIELDS]
# A changed state's events after `from` up to `to` (changes.json: in each state, without its code and name).
CHANGE_EVENT_FIELDS = (*EVENT_FIELDS[2:], Field("counted", BOOL, "the reading counts this event"))


@dataclass(frozen=True)
class Changes:
    reading: str
    start: date
    end: date
    states: pd.DataFrame   # one row per state whose status differs: STATE_COLUMNS, gained then lost then other
    events: pd.DataFrame   # those states' events after `start` up to `end`, with `counted` (the reading counts it)
    un_recognising_from: int
    un_recognising_to: int

    def count(self, change: str, un: bool | None = None) -> int:
        """States with this change; `un`: only UN members on the end day (True) or only the others (False)."""
        rows = self.states["change"] == change
        if un is not None:
            rows &= (self.states["un_member"] == "yes") == un
        return int(rows.sum())

    def summary(self) -> str:
        """"UN members +20 / −5; outside the UN +2 / −0": UN members and the others apart, as the UN count
        (un_recognising_from → un_recognising_to) moves by the first pair only."""
        return (f"UN members +{self.count(GAINED, un=True)} / −{self.count(LOST, un=True)}; "
                f"outside the UN +{self.count(GAINED, un=False)} / −{self.count(LOST, un=False)}")

    def events_of(self, iso3: str) -> pd.DataFrame:
        return self._events_by_state.get(iso3, self.events.iloc[:0])

    @cached_property
    def _events_by_state(self) -> dict[str, pd.DataFrame]:
        # One grouping instead of one scan of the events per state (a long period changes 100+ states).
        return dict(tuple(self.events.groupby("iso3", sort=False)))


def change_kinds(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Per state: "" if its status is the same, else gained (now recognises), lost (recognised, no longer)
    or other (any other change of status)."""
    kinds = np.where(after == RECOGNISES, GAINED, np.where(before == RECOGNISES, LOST, OTHER)).astype(object)
    return np.where(before == after, "", kinds)


def changes_between(atlas: Atlas, reading: str, start: date, end: date) -> Changes:
    """Status at the end of `start` against status at the end of `end` (events on `end` count, those on
    `start` are already in the starting status)."""
    before = atlas.history.status_codes(reading, start)
    after = atlas.history.status_codes(reading, end)
    kinds = change_kinds(before, after)

    def change(i: int) -> str:
        return kinds[i]

    changed = sorted(np.flatnonzero(kinds != ""),
                     key=lambda i: (CHANGE_KINDS.index(change(i)), ENGLISH_KEY(atlas.names[atlas.actors[i]])))
    iso3 = [atlas.actors[i] for i in changed]
    un_on_end = atlas.un_member_mask(end)  # as the status table: a UN member on the day shown
    states = pd.DataFrame({
        "iso3": iso3, "name": [atlas.names[code] for code in iso3],
        "un_member": ["yes" if un_on_end[i] else "no" for i in changed],
        "change": [change(i) for i in changed], "status_from": [STATUSES[before[i]] for i in changed],
        "status_to": [STATUSES[after[i]] for i in changed],
    }, columns=STATE_COLUMNS, dtype=object)

    between = select_events(atlas, start=start + timedelta(days=1), end=end)
    between = between[between["iso3"].isin(iso3)].reset_index(drop=True)
    policy = READINGS[reading]
    between = between.assign(counted=[policy.accepts(event, disputed)
                                      for event, disputed in zip(between["event"], between["disputed_by"])])
    return Changes(reading, start, end, states, between,
                   int(((before == RECOGNISES) & atlas.un_member_mask(start)).sum()),
                   int(((after == RECOGNISES) & un_on_end).sum()))


def changes_table(changes: Changes) -> pd.DataFrame:
    """The compare list as one flat row per state (the CSV): its events and their sources joined."""
    events = changes.events
    uncounted_change = ~events["counted"].astype(bool) & events["event"].map(EVENT_EFFECT).notna()
    days = pd.Series([machine_day(day, known) for day, known in zip(events["date"], events["date_precision"])],
                     index=events.index, dtype=object)
    described = (days + " " + events["event"] + " by " + events["asserted_by"]
                 + events["disputed_by"].map(lambda party: f", disputed by {party}" if isinstance(party, str) else "")
                 + np.where(uncounted_change, " (not counted in this reading)", ""))
    by_state = events["iso3"]
    return changes.states.assign(
        reading=changes.reading, date_from=changes.start, date_to=changes.end,
        events=changes.states["iso3"].map(described.groupby(by_state, sort=False).agg("; ".join)),
        source_urls=changes.states["iso3"].map(
            events["source_url"].groupby(by_state, sort=False).agg(lambda urls: " ".join(dict.fromkeys(urls)))),
    )


def changes_filename(changes: Changes, reviewed_on: date) -> str:
    return (f"kosovo-recognition-changes_{changes.start.isoformat()}_{changes.end.isoformat()}_{changes.reading}"
            f"_reviewed-{reviewed_on.isoformat()}.csv")
