"""The event log as publishers query it (by country, period and kind, with its parties, evidence and
sources), and how fresh the data is: the day it was last reviewed and the latest event recorded."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from recognition import schema
from recognition.atlas import Atlas
from recognition.fields import PARTIAL_DATE, of_table
from recognition.words import Words, machine_day

# Machine outputs (the API's meta, the feed) say how fresh the data is in English with ISO dates.
MACHINE_WORDS = Words(date_text=date.isoformat)

# The columns of data/events.csv in the file's order, with the state's name after its code; as machines get
# them (for_output), each date to the precision known.
EVENT_FIELDS = tuple(
    replace(f, kind=PARTIAL_DATE, description=f"{f.description}; to the precision known (date_precision): "
            "YYYY-MM-DD, YYYY-MM or YYYY") if f.name == "date" else f
    for f in (*of_table(schema.EVENTS, ["iso3"]), *of_table(schema.STATES, ["name"]),
              *of_table(schema.EVENTS, [c.name for c in schema.EVENTS.columns if c.name != "iso3"])))
EVENT_COLUMNS = [f.name for f in EVENT_FIELDS]


def select_events(atlas: Atlas, country: str | None = None, start: date | None = None, end: date | None = None,
                  kinds: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """Events in date order (file order within a day); `start` and `end` are inclusive, no kinds means all."""
    events = atlas.history.events
    keep = pd.Series(True, index=events.index)
    if country is not None:
        keep &= events["iso3"] == country
    if start is not None:
        keep &= events["date"] >= start
    if end is not None:
        keep &= events["date"] <= end
    if kinds:
        keep &= events["event"].isin(kinds)
    chosen = events[keep]
    return chosen.assign(name=chosen["iso3"].map(atlas.names))[EVENT_COLUMNS].reset_index(drop=True)


def for_output(events: pd.DataFrame) -> pd.DataFrame:
    """Events as machines get them (events.json, changes.json): each date to the precision known
    ("1992" for a year), `date_precision` beside it."""
    return events.assign(date=[machine_day(day, known) for day, known in zip(events["date"], events["date_precision"])])


def latest_event_date(atlas: Atlas) -> date:
    return max(atlas.history.events["date"])


@dataclass(frozen=True)
class Freshness:
    reviewed_on: date    # the last day a maintainer checked the sources for new events
    latest_event: date   # the newest event in the data

    def sentence(self, as_of: date | None = None, words: Words = MACHINE_WORDS) -> str:
        """What every output says about its data; a view after the review day warns of missing events.
        Machine outputs say it in English with ISO dates; the page in the reader's words."""
        reviewed = words.date(self.reviewed_on)
        text = words.gettext("Data reviewed up to %(reviewed)s; latest event %(latest)s.", reviewed=reviewed,
                             latest=words.date(self.latest_event))
        if as_of is not None and as_of > self.reviewed_on:
            text += " " + words.gettext("Events after %(reviewed)s may be missing.", reviewed=reviewed)
        return text


def freshness(atlas: Atlas) -> Freshness:
    return Freshness(atlas.dataset.reviewed_on, latest_event_date(atlas))

