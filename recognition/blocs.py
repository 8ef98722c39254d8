"""Bloc membership as of a date, and how many members of a bloc recognise Kosovo then."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd

from recognition.fields import SEPARATOR
from recognition.load import Dataset
from recognition.words import ENGLISH, Words

# Blocs derived from states.csv rather than listed in bloc_memberships.csv.
UN_BLOC, NON_UN_BLOC = "UN", "NON_UN"


def un_members_on(states: pd.DataFrame, as_of: date) -> pd.Series:
    """The one definition of "a UN member on D": a member today that was admitted on or before D
    (`un_admitted` empty: a member since before the timeline starts). Boolean per state, indexed by iso3.
    The legend, the timeline, the UN bloc, the export and the published-count comparisons all use it."""
    admitted = states["un_admitted"].map(lambda day: day is None or pd.isna(day) or day <= as_of).astype(bool)
    return pd.Series(((states["un_member"] == "yes") & admitted).to_numpy(), index=states["iso3"].to_numpy())


def all_memberships(dataset: Dataset) -> pd.DataFrame:
    """bloc_memberships.csv plus the UN members and the non-UN entities from states.csv."""
    states = dataset.states
    # Admitted on `joined`, so members_as_of(.., UN_BLOC, D) is un_members_on(states, D).
    un = states[states["un_member"] == "yes"]
    non_un = states[(states["kind"] == "non_un") & (states["iso3"] != "XKX")]
    derived = pd.concat([
        pd.DataFrame({"bloc": UN_BLOC, "iso3": un["iso3"], "joined": un["un_admitted"], "left": None,
                      "source_url": un["source_url"]}),
        pd.DataFrame({"bloc": NON_UN_BLOC, "iso3": non_un["iso3"], "joined": None, "left": None,
                      "source_url": non_un["source_url"]}),
    ])
    listed = dataset.bloc_memberships[["bloc", "iso3", "joined", "left", "source_url"]]
    return pd.concat([listed, derived], ignore_index=True)


def members_as_of(memberships: pd.DataFrame, bloc: str, as_of: date) -> list[str]:
    """Members on `as_of`: joined on or before it (empty = member throughout) and not yet left."""
    rows = memberships[memberships["bloc"] == bloc]
    joined = rows["joined"].isna() | (rows["joined"] <= as_of)
    not_left = rows["left"].isna() | (rows["left"] > as_of)
    return sorted(set(rows.loc[joined & not_left, "iso3"]))


class MembershipIndex:
    """Every bloc's members on every day on which membership changes, built once: a lookup per request."""

    def __init__(self, memberships: pd.DataFrame, listed: list[str]) -> None:
        """`listed`: the blocs named in a state's "blocs" label, in that order."""
        self._days: dict[str, list[date]] = {}
        self._members: dict[str, list[frozenset[str]]] = {}
        for bloc, rows in memberships.groupby("bloc", sort=False):
            changes = sorted(set(rows["joined"].dropna()) | set(rows["left"].dropna()))
            days = [date.min] + changes
            self._days[bloc] = days
            self._members[bloc] = [frozenset(members_as_of(rows, bloc, day)) for day in days]
        self._listed = listed
        self._labels = {self._label_key(day): self._labels_on(day) for days in self._days.values() for day in days}

    def _position(self, bloc: str, as_of: date) -> int:
        return bisect.bisect_right(self._days[bloc], as_of) - 1

    def change_days(self) -> list[date]:
        return sorted({day for days in self._days.values() for day in days[1:]})

    def last_change(self, as_of: date) -> date:
        """The latest day on or before `as_of` on which some bloc's membership changed (date.min if none)."""
        return max(self._days[bloc][self._position(bloc, as_of)] for bloc in self._days)

    def members(self, bloc: str, as_of: date) -> frozenset[str]:
        return self._members[bloc][self._position(bloc, as_of)] if bloc in self._members else frozenset()

    def members_of_any(self, blocs: list[str], as_of: date) -> frozenset[str]:
        return frozenset().union(*(self.members(bloc, as_of) for bloc in blocs))

    def _label_key(self, as_of: date) -> tuple[int, ...]:
        return tuple(self._position(bloc, as_of) for bloc in self._listed)

    def _labels_on(self, as_of: date) -> dict[str, str]:
        found: dict[str, list[str]] = {}
        for bloc in self._listed:
            for code in sorted(self.members(bloc, as_of)):
                found.setdefault(code, []).append(bloc)
        return {code: SEPARATOR.join(blocs) for code, blocs in found.items()}

    def blocs_by_state(self, as_of: date) -> dict[str, str]:
        """"EU;NATO;..." per state on `as_of` (precomputed for every combination of memberships)."""
        return self._labels[self._label_key(as_of)]


@dataclass(frozen=True)
class BlocSummary:
    bloc: str
    name: str
    as_of: date
    members: int
    recognising: int
    withdrew: int
    not_recognising: int
    recognising_members: tuple[str, ...]
    other_members: tuple[str, ...]

    def claim(self, words: Words = ENGLISH) -> str:
        """"European Union: 22 of 27 recognise Kosovo" (the bloc's name first: some names are no noun
        that "members" could follow, such as "States outside the UN")."""
        return words.ngettext("%(bloc)s: %(num)s of %(members)s recognises Kosovo",
                              "%(bloc)s: %(num)s of %(members)s recognise Kosovo", self.recognising,
                              bloc=self.name, members=self.members)

    def sentence(self, words: Words = ENGLISH) -> str:
        return dated_claim(self.claim(words), self.as_of, words)


def dated_claim(claim: str, as_of: date, words: Words = ENGLISH) -> str:
    """"European Union: 22 of 27 recognise Kosovo (as of 31 December 2019)"."""
    return words.gettext("%(claim)s (as of %(date)s)", claim=claim, date=words.date(as_of))


def bloc_summary(status: pd.DataFrame, index: MembershipIndex, bloc: str, name: str, as_of: date) -> BlocSummary:
    """`status` is a status frame (iso3, status) for the same date and reading."""
    members = sorted(index.members(bloc, as_of))
    known = dict(zip(status["iso3"], status["status"]))
    by_state = {code: known.get(code, "does_not_recognise") for code in members}
    counts = Counter(by_state.values())
    return BlocSummary(
        bloc=bloc, name=name, as_of=as_of, members=len(members),
        recognising=counts["recognises"], withdrew=counts["withdrew"], not_recognising=counts["does_not_recognise"],
        recognising_members=tuple(code for code, now in by_state.items() if now == "recognises"),
        other_members=tuple(code for code, now in by_state.items() if now != "recognises"),
    )
