"""The map in words: what a reader who cannot see the map (or prefers text) needs to know about a view.

"As of 31 December 2019, according to third-party sources, 97 of 193 UN members recognise Kosovo; 15
withdrew recognition; 81 do not recognise it." plus what Serbia claims and Kosovo disputes, the
recognisers outside the UN, the chosen blocs and the latest changes. The headline above the map comes
from here too, so it always speaks of what the legend counts.

Everything is decided per epoch (Atlas.epoch_day): the answers for two days of the same epoch differ only
in the date they name, so the counts and names are cached per epoch and the date is put in afterwards.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from recognition.atlas import Atlas
from recognition.blocs import bloc_summary
from recognition.params import DISAGREEMENTS
from recognition.readings import DEFAULT_READING, READINGS, RECOGNISES, STATUSES, WITHDREW
from recognition.timeline import CountSeries, count_on

# Whose count each reading is, as said in a sentence: "according to third-party sources".
READING_VOICES = {"independent": "third-party sources", "kosovo": "Kosovo's foreign ministry",
                  "serbia": "Serbia's foreign ministry"}
# What a change of status did, by the status it led to (and, for a recognition, the one it left).
CHANGE_WORDS = {"recognises": "recognised Kosovo", "withdrew": "withdrew recognition",
                "does_not_recognise": "are no longer counted as recognising Kosovo"}
SINGULAR_CHANGE_WORDS = {"are no longer counted": "is no longer counted"}
AGAIN = " again"
RECENT_CHANGE_DAYS = 3


def long_date(day: date) -> str:
    """17 February 2008."""
    return f"{day.day} {day:%B %Y}"


def counted(count: int, singular: str, plural: str) -> str:
    """"1 UN member recognises" / "2 UN members recognise": the number with the noun phrase that fits it."""
    return f"{count} {singular if count == 1 else plural}"


def names_in_words(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def status_reading(reading: str) -> str:
    return DEFAULT_READING if reading == DISAGREEMENTS else reading


def headline(atlas: Atlas, series: dict[str, CountSeries], reading: str, as_of: date) -> str:
    """The line above the map; it counts what the legend counts in the same reading."""
    if reading == DISAGREEMENTS:
        differing = int(atlas.disagreement(as_of).sum())
        return f"As of {as_of.isoformat()}: the readings differ on {counted(differing, 'state', 'states')}"
    count = count_on(series[reading], as_of)
    return (f"As of {as_of.isoformat()}: {counted(count, 'UN member recognises', 'UN members recognise')} Kosovo "
            f"(according to {READING_VOICES[reading]})")


@dataclass(frozen=True)
class MapText:
    """The view in sentences: `summary` first (the counts, then details), `changes` the latest changes."""

    summary: tuple[str, ...]
    changes: tuple[str, ...]


def map_text(atlas: Atlas, reading: str, as_of: date, blocs: tuple[str, ...] = ()) -> MapText:
    epoch = atlas.epoch_day(as_of)
    opening = f"As of {long_date(as_of)}"
    if reading == DISAGREEMENTS:
        summary = (f"{opening}, {_disagreement_sentence(atlas, epoch)}",)
    else:
        counts, others = _reading_sentences(atlas, reading, epoch)
        summary = (f"{opening}, according to {READING_VOICES[reading]}, {counts}",) + others
    summary += tuple(_bloc_sentence(atlas, reading, epoch, bloc) for bloc in blocs)
    return MapText(summary=summary, changes=recent_changes(atlas, status_reading(reading), epoch))


@lru_cache(maxsize=2048)
def _reading_sentences(atlas: Atlas, reading: str, epoch: date) -> tuple[str, tuple[str, ...]]:
    """The count sentence (without its opening) and the sentences that follow it, for one epoch."""
    status = atlas.history.status_codes(reading, epoch)
    un = atlas.un_member_mask(epoch)
    recognising, withdrew = int(((status == RECOGNISES) & un).sum()), int(((status == WITHDREW) & un).sum())
    members = int(un.sum())
    counts = (f"{recognising} of {members} UN members {'recognises' if recognising == 1 else 'recognise'} Kosovo; "
              f"{withdrew} withdrew recognition; "
              f"{counted(members - recognising - withdrew, 'does', 'do')} not recognise it.")
    others = []
    contested = int((atlas.contested(epoch) & un).sum())
    if contested:
        others.append(f"Serbia says that {counted(contested, 'UN member', 'UN members')} withdrew recognition "
                      f"where Kosovo disputes it.")
    outside = sorted((atlas.names[atlas.actors[i]] for i in np.flatnonzero((status == RECOGNISES) & ~un)),
                     key=str.casefold)
    if outside:
        others.append(f"Outside the UN, {counted(len(outside), 'state recognises', 'states recognise')} Kosovo: "
                      f"{names_in_words(outside)}.")
    return counts, tuple(others)


@lru_cache(maxsize=2048)
def _disagreement_sentence(atlas: Atlas, epoch: date) -> str:
    differing = sorted((atlas.names[atlas.actors[i]] for i in np.flatnonzero(atlas.disagreement(epoch))),
                       key=str.casefold)
    un = atlas.un_member_mask(epoch)
    counts = {key: int(((atlas.history.status_codes(key, epoch) == RECOGNISES) & un).sum()) for key in READINGS}
    per_reading = "; ".join(f"{counted(n, 'UN member recognises', 'UN members recognise')} Kosovo according to "
                            f"{READING_VOICES[key]}" for key, n in counts.items())
    if not differing:
        return f"the readings agree on every state: {per_reading}."
    return (f"the readings differ on {counted(len(differing), 'state', 'states')}: {names_in_words(differing)}. "
            f"{per_reading[0].upper()}{per_reading[1:]}.")


@lru_cache(maxsize=2048)
def _bloc_sentence(atlas: Atlas, reading: str, epoch: date, bloc: str) -> str:
    summary = bloc_summary(atlas.status(status_reading(reading), epoch), atlas.membership, bloc,
                           atlas.bloc_names[bloc], epoch)
    return summary.claim() + "."


@lru_cache(maxsize=8)
def _change_log(atlas: Atlas, reading: str) -> tuple[list[date], list[str]]:
    """Every day on which some status changes in the reading, and what changed that day in words."""
    status = atlas.history.snapshots[reading].status
    days, texts = [], []
    for row in range(1, len(status)):
        changed = np.flatnonzero(status[row] != status[row - 1])
        if not len(changed):
            continue
        groups: dict[str, list[str]] = {}
        for i in changed:
            words = CHANGE_WORDS[STATUSES[status[row][i]]]
            if status[row][i] == RECOGNISES and status[row - 1][i] == WITHDREW:
                words += AGAIN
            groups.setdefault(words, []).append(atlas.names[atlas.actors[i]])
        parts = []
        for words, names in groups.items():
            names.sort(key=str.casefold)
            if len(names) == 1:
                for plural, singular in SINGULAR_CHANGE_WORDS.items():
                    words = words.replace(plural, singular)
            parts.append(f"{names_in_words(names)} {words}")
        days.append(pd.Timestamp(atlas.history.dates[row]).date())
        texts.append(f"{long_date(days[-1])}: {'; '.join(parts)}.")
    return days, texts


def recent_changes(atlas: Atlas, reading: str, as_of: date, count: int = RECENT_CHANGE_DAYS) -> tuple[str, ...]:
    """The changes of the last `count` days on or before `as_of` on which something changed, latest first."""
    days, texts = _change_log(atlas, reading)
    end = bisect.bisect_right(days, as_of)
    return tuple(reversed(texts[max(end - count, 0):end]))
