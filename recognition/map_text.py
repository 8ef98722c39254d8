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
from recognition.params import DISAGREEMENTS, status_reading
from recognition.readings import (
    READINGS,
    RECOGNISES,
    STATUSES,
    WITHDREW,
)
from recognition.timeline import CountSeries, count_on
from recognition.words import ENGLISH, Words

RECENT_CHANGE_DAYS = 3


def headline(atlas: Atlas, series: dict[str, CountSeries], reading: str, as_of: date, words: Words = ENGLISH) -> str:
    """The line above the map; it counts what the legend counts in the same reading."""
    when = words.date(as_of)
    if reading == DISAGREEMENTS:
        differing = int(atlas.disagreement(as_of).sum())
        return words.ngettext("As of %(date)s: the readings differ on %(num)s state",
                              "As of %(date)s: the readings differ on %(num)s states", differing, date=when)
    count = count_on(series[reading], as_of)
    return words.ngettext("As of %(date)s: %(num)s UN member recognises Kosovo (%(according_to)s)",
                          "As of %(date)s: %(num)s UN members recognise Kosovo (%(according_to)s)", count,
                          date=when, according_to=according_to(reading, words))


def voice(reading: str, words: Words = ENGLISH) -> str:
    """Whose count a reading is, named: "third-party sources"."""
    voices = {"independent": words.gettext("third-party sources"),
              "kosovo": words.gettext("Kosovo's foreign ministry"),
              "serbia": words.gettext("Serbia's foreign ministry")}
    return voices[reading]


def according_to(reading: str, words: Words = ENGLISH) -> str:
    """Whose count a reading is, as said in a sentence: "according to third-party sources"."""
    voices = {"independent": words.gettext("according to third-party sources"),
              "kosovo": words.gettext("according to Kosovo's foreign ministry"),
              "serbia": words.gettext("according to Serbia's foreign ministry")}
    return voices[reading]


@dataclass(frozen=True)
class MapText:
    """The view in sentences: `summary` first (the counts, then details), `changes` the latest changes."""

    summary: tuple[str, ...]
    changes: tuple[str, ...]


def map_text(atlas: Atlas, reading: str, as_of: date, blocs: tuple[str, ...] = (), words: Words = ENGLISH) -> MapText:
    epoch = atlas.epoch_day(as_of)
    when = words.date(as_of)
    if reading == DISAGREEMENTS:
        summary = (words.gettext("As of %(date)s, %(disagreement)s", date=when,
                                 disagreement=_disagreement_sentence(atlas, epoch, words)),)
    else:
        counts, others = _reading_sentences(atlas, reading, epoch, words)
        summary = (words.gettext("As of %(date)s, %(according_to)s, %(counts)s", date=when,
                                 according_to=according_to(reading, words), counts=counts),) + others
    summary += tuple(_bloc_sentence(atlas, reading, epoch, bloc, words) for bloc in blocs)
    return MapText(summary=summary, changes=recent_changes(atlas, status_reading(reading), epoch, words=words))


@lru_cache(maxsize=2048)
def _reading_sentences(atlas: Atlas, reading: str, epoch: date, words: Words) -> tuple[str, tuple[str, ...]]:
    """The count sentence (without its opening) and the sentences that follow it, for one epoch."""
    status = atlas.history.status_codes(reading, epoch)
    un = atlas.un_member_mask(epoch)
    recognising, withdrew = int(((status == RECOGNISES) & un).sum()), int(((status == WITHDREW) & un).sum())
    members = int(un.sum())
    counts = " ".join([
        words.ngettext("%(num)s of %(members)s UN members recognises Kosovo;",
                       "%(num)s of %(members)s UN members recognise Kosovo;", recognising, members=members),
        words.ngettext("%(num)s withdrew recognition;", "%(num)s withdrew recognition;", withdrew),
        words.ngettext("%(num)s does not recognise it.", "%(num)s do not recognise it.",
                       members - recognising - withdrew)])
    others = []
    contested = int((atlas.contested(epoch) & un).sum())
    if contested:
        others.append(words.ngettext("Serbia says that %(num)s UN member withdrew recognition where Kosovo disputes it.",
                                     "Serbia says that %(num)s UN members withdrew recognition where Kosovo disputes it.",
                                     contested))
    names = words.state_names(atlas.names)
    outside = words.sorted_names([names[atlas.actors[i]] for i in np.flatnonzero((status == RECOGNISES) & ~un)])
    if outside:
        others.append(words.ngettext("Outside the UN, %(num)s state recognises Kosovo: %(names)s.",
                                     "Outside the UN, %(num)s states recognise Kosovo: %(names)s.", len(outside),
                                     names=words.list(outside)))
    return counts, tuple(others)


@lru_cache(maxsize=2048)
def _disagreement_sentence(atlas: Atlas, epoch: date, words: Words) -> str:
    names = words.state_names(atlas.names)
    differing = words.sorted_names([names[atlas.actors[i]] for i in np.flatnonzero(atlas.disagreement(epoch))])
    un = atlas.un_member_mask(epoch)
    counts = {key: int(((atlas.history.status_codes(key, epoch) == RECOGNISES) & un).sum()) for key in READINGS}
    per_reading = "; ".join(words.ngettext("%(num)s UN member recognises Kosovo %(according_to)s",
                                           "%(num)s UN members recognise Kosovo %(according_to)s", n,
                                           according_to=according_to(key, words)) for key, n in counts.items())
    if not differing:
        return words.gettext("the readings agree on every state: %(counts)s.", counts=per_reading)
    return words.ngettext("the readings differ on %(num)s state: %(names)s. %(counts)s.",
                          "the readings differ on %(num)s states: %(names)s. %(counts)s.", len(differing),
                          names=words.list(differing), counts=per_reading[0].upper() + per_reading[1:])


@lru_cache(maxsize=2048)
def _bloc_sentence(atlas: Atlas, reading: str, epoch: date, bloc: str, words: Words) -> str:
    summary = bloc_summary(atlas.status(status_reading(reading), epoch), atlas.membership, bloc,
                           words.gettext(atlas.bloc_names[bloc]), epoch)
    return summary.claim(words) + "."


def _change_words(words: Words, status: str, again: bool, count: int, names: str) -> str:
    """What a change of status did, by the status it led to (and, for a recognition, the one it left)."""
    if status == "recognises" and again:
        return words.ngettext("%(names)s recognised Kosovo again", "%(names)s recognised Kosovo again", count,
                              names=names)
    if status == "recognises":
        return words.ngettext("%(names)s recognised Kosovo", "%(names)s recognised Kosovo", count, names=names)
    if status == "withdrew":
        return words.ngettext("%(names)s withdrew recognition", "%(names)s withdrew recognition", count, names=names)
    return words.ngettext("%(names)s is no longer counted as recognising Kosovo",
                          "%(names)s are no longer counted as recognising Kosovo", count, names=names)


@lru_cache(maxsize=32)
def change_log(atlas: Atlas, reading: str, words: Words = ENGLISH) -> tuple[list[date], list[str]]:
    """Every day on which some status changes in the reading, and what changed that day in words
    ("Nauru withdrew recognition")."""
    status = atlas.history.snapshots[reading].status
    names = words.state_names(atlas.names)
    days, texts = [], []
    for row in range(1, len(status)):
        changed = np.flatnonzero(status[row] != status[row - 1])
        if not len(changed):
            continue
        groups: dict[tuple[str, bool], list[str]] = {}
        for i in changed:
            now = STATUSES[status[row][i]]
            again = status[row][i] == RECOGNISES and status[row - 1][i] == WITHDREW
            groups.setdefault((now, again), []).append(names[atlas.actors[i]])
        parts = [_change_words(words, now, again, len(group), words.list(words.sorted_names(group)))
                 for (now, again), group in groups.items()]
        days.append(pd.Timestamp(atlas.history.dates[row]).date())
        texts.append("; ".join(parts))
    return days, texts


def recent_changes(atlas: Atlas, reading: str, as_of: date, count: int = RECENT_CHANGE_DAYS,
                   words: Words = ENGLISH) -> tuple[str, ...]:
    """The changes of the last `count` days on or before `as_of` on which something changed, latest first."""
    days, texts = change_log(atlas, reading, words)
    end = bisect.bisect_right(days, as_of)
    return tuple(words.gettext("%(date)s: %(changes)s.", date=words.date(day), changes=text)
                 for day, text in reversed(list(zip(days, texts))[max(end - count, 0):end]))
