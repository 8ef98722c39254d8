"""What each data file must look like: columns, required cells and allowed values.

The vocabularies are defined here once; the loader, the readings and the data dictionary
(data/README.md) all refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Kosovo declared independence on this day; no recognition event can precede it.
TIMELINE_START = date(2008, 2, 17)

STATE_KINDS = ("un_member", "non_un", "territory", "no_sovereign")

EVENT_KINDS = (
    "recognition",          # the state recognised Kosovo
    "recognition_claimed",  # Kosovo says the state recognised; the state has not confirmed it
    "recognition_denied",   # the state says it never (validly) recognised
    "withdrawal",           # the state withdrew recognition (reported; in the seed's table)
    "withdrawal_claimed",   # Serbia says the state withdrew; not independently confirmed
    "withdrawal_annulled",  # the state annulled its own withdrawal
    "recognition_resumed",  # the state recognised again after a withdrawal
    "claim_denied",         # a party denies someone else's claim (no change of status)
)
ASSERTERS = ("self", "kosovo_mfa", "serbia_mfa", "third_party")
EVIDENCE_KINDS = ("note_verbale", "official_statement", "media_report", "unknown")
YES_NO = ("yes", "no")
COUNT_KINDS = ("un_members_recognising", "total_recognitions", "withdrawals_claimed", "withdrawals_acknowledged")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = True
    kind: str = "text"  # text | date | url | yes_no | int | choice | float
    choices: tuple[str, ...] = ()
    min_date: date | None = None


@dataclass(frozen=True)
class TableSpec:
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that identify a row; duplicates are errors
    note: str = field(default="")


def _date(name: str, required: bool = True, start: date | None = TIMELINE_START) -> Column:
    return Column(name, required, "date", min_date=start)


STATES = TableSpec("states.csv", (
    Column("iso3"), Column("name"), Column("kind", kind="choice", choices=STATE_KINDS),
    Column("un_member", kind="yes_no"), _date("un_admitted", required=False, start=None),
    Column("sovereign_iso3", required=False), Column("source_url", kind="url"),
    Column("note", required=False),
), key=("iso3",))

EVENTS = TableSpec("events.csv", (
    Column("iso3"), _date("date"), Column("event", kind="choice", choices=EVENT_KINDS),
    Column("asserted_by", kind="choice", choices=ASSERTERS),
    Column("disputed_by", required=False, kind="choice", choices=ASSERTERS),
    Column("evidence", kind="choice", choices=EVIDENCE_KINDS),
    Column("source_url", kind="url"), _date("alt_date", required=False), Column("confirmed", kind="yes_no"),
    Column("note", required=False),
), key=("iso3", "date", "event", "asserted_by"))

RECOGNITION_ORDER = TableSpec("recognition_order.csv", (
    Column("table", kind="choice", choices=("un_members", "non_un")), Column("order", kind="int"),
    Column("order_label"), Column("iso3"), Column("diplomatic_relations", kind="yes_no"),
    Column("source_url", kind="url"),
), key=("iso3",))

BLOC_DEFINITIONS = TableSpec("bloc_definitions.csv", (
    Column("bloc"), Column("name"), Column("source_url", kind="url"), Column("note", required=False),
), key=("bloc",))

BLOC_MEMBERSHIPS = TableSpec("bloc_memberships.csv", (
    Column("bloc"), Column("iso3"), _date("joined", required=False, start=None),
    _date("left", required=False, start=None), Column("source_url", kind="url"), Column("note", required=False),
), key=("bloc", "iso3", "joined"))

POSITIONS = TableSpec("positions.csv", (
    Column("iso3"), Column("position"), Column("source_url", kind="url"),
    Column("source_date", required=False),
), key=("iso3",))

HEADLINE_COUNTS = TableSpec("headline_counts.csv", (
    Column("claimant", kind="choice", choices=ASSERTERS), Column("count", kind="int"),
    Column("count_kind", kind="choice", choices=COUNT_KINDS),
    _date("as_of"), Column("in_seed", kind="yes_no"), Column("source_url", kind="url"),
    Column("note", required=False),
), key=("claimant", "count_kind", "as_of"))

CODE_CROSSWALK = TableSpec("code_crosswalk.csv", (
    Column("iso3"), Column("scheme"), Column("code"), Column("source_url", kind="url"),
), key=("scheme", "code"))

SMALL_STATES = TableSpec("geometry/small_states.csv", (
    Column("iso3"), Column("name"), Column("lon", kind="float"), Column("lat", kind="float"),
    Column("area_sq_deg", kind="float"),
), key=("iso3",))

MARKER_POSITIONS = TableSpec("geometry/marker_positions.csv", (
    Column("iso3"), Column("lon", kind="float"), Column("lat", kind="float"), Column("note"),
), key=("iso3",))

ALL_TABLES = (STATES, EVENTS, RECOGNITION_ORDER, BLOC_DEFINITIONS, BLOC_MEMBERSHIPS, POSITIONS,
              HEADLINE_COUNTS, CODE_CROSSWALK, SMALL_STATES, MARKER_POSITIONS)
GEOMETRY_FILE = "geometry/world_50m.geojson"
PACKAGE_FILE = "datapackage.json"
