"""Why the counts differ: each published headline count next to what the event log gives for the
same reading on the same date, and the states whose status differs between readings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from recognition.atlas import Atlas
from recognition.collation import ENGLISH_KEY
from recognition.readings import READINGS, RECOGNISES, WITHDREW

CLAIMANT_READING = {"kosovo_mfa": "kosovo", "serbia_mfa": "serbia", "third_party": "independent", "self": "independent"}


@dataclass(frozen=True)
class HeadlineComparison:
    claimant: str
    count_kind: str
    published: int
    as_of: date
    in_seed: bool
    source_url: str
    note: str | None
    reading: str
    event_log: int


def event_log_count(atlas: Atlas, reading: str, count_kind: str, as_of: date) -> int:
    codes = atlas.history.status_codes(reading, as_of)
    un = atlas.un_member_mask(as_of)
    if count_kind == "un_members_recognising":
        return int(((codes == RECOGNISES) & un).sum())
    if count_kind == "total_recognitions":
        return int((codes == RECOGNISES).sum())
    return int((codes == WITHDREW).sum())


def headline_comparisons(atlas: Atlas) -> list[HeadlineComparison]:
    rows = []
    for _, h in atlas.dataset.headline_counts.sort_values("as_of").iterrows():
        reading = CLAIMANT_READING[h["claimant"]]
        rows.append(HeadlineComparison(
            claimant=h["claimant"], count_kind=h["count_kind"], published=int(h["count"]), as_of=h["as_of"],
            in_seed=h["in_seed"] == "yes", source_url=h["source_url"], note=h["note"] or None, reading=reading,
            event_log=event_log_count(atlas, reading, h["count_kind"], h["as_of"])))
    return rows


@dataclass(frozen=True)
class Difference:
    iso3: str
    name: str
    statuses: dict[str, str]


def differences(atlas: Atlas, as_of: date) -> list[Difference]:
    frames = {key: atlas.status(key, as_of) for key in READINGS}
    differ = np.flatnonzero(atlas.disagreement(as_of))
    rows = [Difference(atlas.actors[i], atlas.names[atlas.actors[i]],
                       {key: frame["status"].iloc[i] for key, frame in frames.items()}) for i in differ]
    return sorted(rows, key=lambda d: ENGLISH_KEY(d.name))
