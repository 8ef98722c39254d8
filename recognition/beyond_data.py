"""The tables beyond recognition (issue 21), checked against each other and against states.csv.

`load.load_dataset` reads every file of `schema.ALL_TABLES` cell by cell; `check_beyond` then applies the
rules that span files and rows, and returns the tables as one `Beyond`. Any broken rule raises one DataError
naming file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from recognition import schema
from recognition.errors import DataError
from recognition.schema import TableSpec

GA_VOTE_DAY = date(2008, 10, 8)  # resolution 63/3


@dataclass(frozen=True, eq=False)  # hashed by identity: answers computed from it are cached per data set
class Beyond:
    organisations: pd.DataFrame
    memberships: pd.DataFrame
    ga_vote: pd.DataFrame
    icj: pd.DataFrame
    milestones: pd.DataFrame
    travel_documents: pd.DataFrame
    other_actors: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        """Each table by its file name."""
        return {schema.ORGANISATIONS.file: self.organisations, schema.KOSOVO_MEMBERSHIPS.file: self.memberships,
                schema.GA_VOTE_2008.file: self.ga_vote, schema.ICJ_PROCEEDINGS.file: self.icj,
                schema.MILESTONES.file: self.milestones, schema.TRAVEL_DOCUMENTS.file: self.travel_documents,
                schema.OTHER_ACTORS.file: self.other_actors}


def _fail(spec: TableSpec, frame: pd.DataFrame, index, column: str, message: str) -> DataError:
    return DataError(spec.file, int(frame.loc[index, "_row"]), column, message)


def _codes(spec: TableSpec, frame: pd.DataFrame, column: str, allowed: set[str], what: str) -> None:
    bad = frame.index[frame[column].notna() & ~frame[column].isin(allowed)]
    if len(bad):
        raise _fail(spec, frame, bad[0], column, f"{frame.loc[bad[0], column]!r} is not {what}")


def _precise(spec: TableSpec, frame: pd.DataFrame, column: str) -> None:
    """A month or year precision stands for its first day: 2015-04-01, 2017-01-01."""
    for index, row in frame.iterrows():
        day, precision = row[column], row["date_precision"]
        if (precision == "month" and day.day != 1) or (precision == "year" and (day.day, day.month) != (1, 1)):
            raise _fail(spec, frame, index, column,
                        f"{day.isoformat()} with date_precision {precision} must be the first day of the {precision}")


def un_members_on(states: pd.DataFrame, day: date) -> set[str]:
    members = states[(states["un_member"] == "yes") & (states["un_admitted"].isna() | (states["un_admitted"] <= day))]
    return set(members["iso3"])


def check_beyond(tables: dict[str, pd.DataFrame], states: pd.DataFrame) -> Beyond:
    everything = set(states["iso3"])
    actors = set(states.loc[states["kind"].isin(["un_member", "non_un"]), "iso3"]) - {"XKX"}
    organisations = tables[schema.ORGANISATIONS.file]
    memberships = tables[schema.KOSOVO_MEMBERSHIPS.file]
    _codes(schema.KOSOVO_MEMBERSHIPS, memberships, "org", set(organisations["org"]), "an org in organisations.csv")
    _precise(schema.KOSOVO_MEMBERSHIPS, memberships, "date")

    ga = tables[schema.GA_VOTE_2008.file]
    _codes(schema.GA_VOTE_2008, ga, "iso3", un_members_on(states, GA_VOTE_DAY),
           f"a UN member on {GA_VOTE_DAY.isoformat()} in states.csv")

    icj = tables[schema.ICJ_PROCEEDINGS.file]
    _codes(schema.ICJ_PROCEEDINGS, icj, "iso3", actors | {"XKX"}, "a state in states.csv (or XKX)")

    milestones = tables[schema.MILESTONES.file]
    backwards = milestones.index[milestones["end_date"].notna() & (milestones["end_date"] <= milestones["date"])]
    if len(backwards):
        raise _fail(schema.MILESTONES, milestones, backwards[0], "end_date", "is not after date")

    travel = tables[schema.TRAVEL_DOCUMENTS.file]
    _codes(schema.TRAVEL_DOCUMENTS, travel, "iso3", actors, "a state in states.csv")
    _precise(schema.TRAVEL_DOCUMENTS, travel, "since")

    others = tables[schema.OTHER_ACTORS.file]
    _codes(schema.OTHER_ACTORS, others, "iso3", everything, "a map unit in states.csv")
    _precise(schema.OTHER_ACTORS, others, "date")

    return Beyond(organisations=organisations, memberships=memberships, ga_vote=ga, icj=icj, milestones=milestones,
                  travel_documents=travel, other_actors=others)
