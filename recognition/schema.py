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
# Who published the page a fact was read on (data/README.md, "Sources").
SOURCE_KINDS = (
    "primary",    # a government, ministry, parliament or international organisation
    "press",      # a news agency, newspaper or broadcaster
    "reference",  # an encyclopaedia (Wikipedia) or a copy of one
    "other",      # blogs, forums, aggregators, reposts
)
# What a day in events.csv is (data/README.md, "Date policy"). `date` is the act wherever a source gives
# the act's day; `alt_date` then holds the announcement or another reported day.
DATE_KINDS = (
    "act",           # the day of the act itself: decision, signature, note, vote, letter
    "announcement",  # the day the act was announced or made public
    "report",        # a day other sources or common lists give, that no source explains as act or announcement
    "confirmation",  # a later confirmation of the act by the acting state
)
# How much of a date is known (data/README.md, "Precision"). A date known only to the month or the year is
# written as that month's or year's first day, and counts from that day.
PRECISIONS = (
    "day",    # the day itself
    "month",  # only the month: the cell holds the month's first day
    "year",   # only the year: the cell holds 1 January of that year
)
COUNT_KINDS = ("un_members_recognising", "total_recognitions", "withdrawals_claimed", "withdrawals_acknowledged")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = True
    kind: str = "text"  # text | date | url | yes_no | int | choice | float
    choices: tuple[str, ...] = ()
    min_date: date | None = None
    description: str = ""


@dataclass(frozen=True)
class TableSpec:
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that identify a row; duplicates are errors
    title: str = ""
    references: tuple[tuple[str, str, str], ...] = field(default=())  # (column, file, column): a foreign key

    @property
    def has_sources(self) -> bool:
        return any(c.name == "source_url" for c in self.columns)


def _date(name: str, required: bool = True, start: date | None = TIMELINE_START, description: str = "") -> Column:
    return Column(name, required, "date", min_date=start, description=description)


def _source() -> tuple[Column, ...]:
    """A source URL, the kind of its publisher and the day it was read: the same three columns in every file."""
    return (
        Column("source_url", kind="url", description="the public page the fact was read on (http or https)"),
        Column("source_kind", kind="choice", choices=SOURCE_KINDS, description="who published that page"),
        _date("accessed_on", start=None, description="the day the page was last read for this fact"),
    )


def _iso3(name: str = "iso3", required: bool = True, what: str = "the state or entity") -> Column:
    return Column(name, required, description=f"{what}: ISO 3166-1 alpha-3, XKX for Kosovo (code_crosswalk.csv)")


def _note() -> Column:
    return Column("note", required=False, description="our own words: how the value was chosen, what sources disagree on")


STATE_KEY = ("iso3", "states.csv", "iso3")  # a foreign key into states.csv

STATES = TableSpec("states.csv", (
    _iso3(), Column("name", description="short English name"),
    Column("kind", kind="choice", choices=STATE_KINDS, description="UN member, other state or entity, "
           "dependency drawn in its sovereign's colour, or land without a sovereign"),
    Column("un_member", kind="yes_no", description="a UN member today"),
    _date("un_admitted", required=False, start=None,
          description="day of UN admission, only for members admitted after 2008-02-17 (empty: a member throughout)"),
    _iso3("sovereign_iso3", required=False, what="the sovereign of a territory"),
    *_source(), _note(),
), key=("iso3",), title="Every state and map unit",
    references=(("sovereign_iso3", "states.csv", "iso3"),))

EVENTS = TableSpec("events.csv", (
    _iso3(what="the state or entity acting"),
    _date("date", description="the day of the act where a source gives it, else the day named by date_kind"),
    Column("date_kind", kind="choice", choices=DATE_KINDS, description="what `date` is"),
    Column("date_precision", kind="choice", choices=PRECISIONS,
           description="how much of `date` is known: day, month (the cell holds the 1st) or year (1 January)"),
    Column("event", kind="choice", choices=EVENT_KINDS, description="what happened (data/README.md, event kinds)"),
    Column("asserted_by", kind="choice", choices=ASSERTERS, description="who says it happened"),
    Column("disputed_by", required=False, kind="choice", choices=ASSERTERS, description="who contests it, if anyone"),
    Column("evidence", kind="choice", choices=EVIDENCE_KINDS, description="the kind of document behind the event"),
    *_source(),
    _date("alt_date", required=False, description="another day reported for the same event"),
    Column("alt_date_kind", required=False, kind="choice", choices=DATE_KINDS, description="what `alt_date` is"),
    Column("confirmed", kind="yes_no", description="yes if the cited page states this exact date"),
    Column("date_evidence", required=False,
           description="the words on the cited page that give the date, quoted briefly (required when confirmed)"),
    _note(),
), key=("iso3", "date", "event", "asserted_by"), title="The event log: one row per dated event",
    references=(STATE_KEY,))

RECOGNITION_ORDER = TableSpec("recognition_order.csv", (
    Column("table", kind="choice", choices=("un_members", "non_un"), description="which of the two tables"),
    Column("order", kind="int", description="position in the table"),
    Column("order_label", description="the number or range printed there, e.g. 2–8"),
    _iso3(), Column("diplomatic_relations", kind="yes_no", description="the table's diplomatic relations column"),
    *_source(),
), key=("iso3",), title="The recognition tables of the Wikipedia article", references=(STATE_KEY,))

BLOC_DEFINITIONS = TableSpec("bloc_definitions.csv", (
    Column("bloc", description="key"), Column("name", description="as shown in sentences"), *_source(), _note(),
), key=("bloc",), title="Blocs and where their member lists come from")

BLOC_MEMBERSHIPS = TableSpec("bloc_memberships.csv", (
    Column("bloc", description="a bloc of bloc_definitions.csv"), _iso3(),
    _date("joined", required=False, start=None, description="first day of membership"),
    _date("left", required=False, start=None, description="first day the state was no longer a member"),
    Column("date_precision", kind="choice", choices=PRECISIONS,
           description="how much of `joined` and `left` is known: day, month (the 1st) or year (1 January)"),
    *_source(), _note(),
), key=("bloc", "iso3", "joined"), title="Bloc membership spells",
    references=(("bloc", "bloc_definitions.csv", "bloc"), STATE_KEY))

POSITIONS = TableSpec("positions.csv", (
    _iso3(), Column("position", description="a summary in our own words"), *_source(),
    Column("source_date", required=False, description="year, month or day of the statement summarised"),
), key=("iso3",), title="Positions of states that do not recognise", references=(STATE_KEY,))

HEADLINE_COUNTS = TableSpec("headline_counts.csv", (
    Column("claimant", kind="choice", choices=ASSERTERS, description="who published the count"),
    Column("count", kind="int", description="the number published"),
    Column("count_kind", kind="choice", choices=COUNT_KINDS, description="what was counted"),
    _date("as_of", description="when it was said"),
    Column("in_seed", kind="yes_no", description="one of the three counts quoted in the Wikipedia article's lead"),
    *_source(), _note(),
), key=("claimant", "count_kind", "as_of"), title="Published counts")

CODE_CROSSWALK = TableSpec("code_crosswalk.csv", (
    _iso3(), Column("scheme", description="the coding scheme (seed: the sports-style codes of the Wikipedia "
                                          "article's tables)"),
    Column("code", description="the code in that scheme"), *_source(),
), key=("scheme", "code"), title="Codes in other schemes", references=(STATE_KEY,))

SMALL_STATES = TableSpec("geometry/small_states.csv", (
    _iso3(), Column("name", description="short English name"),
    Column("lon", kind="float", description="marker longitude, degrees"),
    Column("lat", kind="float", description="marker latitude, degrees"),
    Column("area_sq_deg", kind="float", description="area of the unit's polygons in square degrees"),
), key=("iso3",), title="Marker points for units too small to click", references=(STATE_KEY,))

MARKER_POSITIONS = TableSpec("geometry/marker_positions.csv", (
    Column("iso3"), Column("lon", kind="float"), Column("lat", kind="float"), Column("note"),
), key=("iso3",))

TRANSLATIONS = TableSpec("translations.csv", (
    Column("en", description="an English text of a translated column (recognition/translations.py), exactly as "
                             "in its cell"),
    Column("sq", description="its Albanian translation; a quotation kept in English is written {{en|words}}"),
    Column("sr", description="its Serbian translation in Cyrillic (the Latin script is derived from it); a "
                             "quotation kept in English is written {{en|words}}"),
), key=("en",), title="Translations of our own words in the data")

ALL_TABLES = (STATES, EVENTS, RECOGNITION_ORDER, BLOC_DEFINITIONS, BLOC_MEMBERSHIPS, POSITIONS,
              HEADLINE_COUNTS, CODE_CROSSWALK, SMALL_STATES, MARKER_POSITIONS, TRANSLATIONS)
GEOMETRY_FILE = "geometry/world_50m.geojson"
# The same shapes as quantised TopoJSON, as the page gets them (scripts/build_geometry.py derives it from the
# GeoJSON): one object, TOPOLOGY_OBJECT, whose geometries carry the property `iso3`.
TOPOLOGY_FILE = "geometry/world_50m.topojson"
TOPOLOGY_OBJECT = "units"
PACKAGE_FILE = "datapackage.json"


# --- Beyond recognition (issue 21): organisations, the 2008 vote, the ICJ, milestones, documents, other actors.
# A self-contained block: its vocabularies, its tables, and ALL_TABLES extended at the end.

# How exact an act's day is: `day`, or only the month or year (the cell then holds the first day of it).
ACT_DAY_PRECISIONS = ("day", "month", "year")
ORGANISATION_KINDS = ("financial", "sport", "police", "un_agency", "regional", "other")
# What an act in Kosovo's bid for an organisation did.
BID_OUTCOMES = (
    "admitted",            # Kosovo became a member
    "pending",             # an application or a step that decided nothing yet (filed, suspended, referred)
    "opinion_adopted",     # a body that advises (a board, an assembly) recommended admission
    "rejected",            # a vote that fell short
    "withdrawn",           # Kosovo withdrew or postponed its application
    "suspension_claimed",  # a suspension asserted by one side and denied by the other: does not end membership
)
GA_VOTES = ("yes", "no", "abstain", "absent")
ICJ_POSITIONS = ("supports_declaration_legal", "opposes", "other", "not_stated")
ACTOR_KINDS = ("entity", "movement")


def _precision() -> Column:
    return Column("date_precision", kind="choice", choices=ACT_DAY_PRECISIONS,
                  description="day, or month/year when only that is known (the date is then its first day)")


ORGANISATIONS = TableSpec("organisations.csv", (
    Column("org", description="key"), Column("name", description="the organisation's full name"),
    Column("kind", kind="choice", choices=ORGANISATION_KINDS, description="what kind of organisation"),
    Column("admission_rule", description="how a member is admitted, as the source states it"),
    *_source(), _note(),
), key=("org",), title="International organisations Kosovo joined or applied to")

KOSOVO_MEMBERSHIPS = TableSpec("kosovo_memberships.csv", (
    Column("org", description="an organisation of organisations.csv"),
    _date("date", description="the day of the act (vote, decision, signature); see date_kind and date_precision"),
    Column("date_kind", kind="choice", choices=DATE_KINDS, description="what `date` is"),
    _precision(),
    Column("outcome", kind="choice", choices=BID_OUTCOMES, description="what the act did"),
    Column("votes_for", required=False, kind="int", description="votes in favour, where published"),
    Column("votes_against", required=False, kind="int", description="votes against, where published"),
    Column("votes_abstaining", required=False, kind="int", description="abstentions, where published"),
    Column("threshold", description="the majority the act needed, as the source states it"),
    *_source(), _note(),
), key=("org", "date", "outcome"), title="Kosovo's memberships of and bids for international organisations",
    references=(("org", "organisations.csv", "org"),))

GA_VOTE_2008 = TableSpec("ga_vote_2008.csv", (
    _iso3(what="a UN member on 8 October 2008"),
    Column("vote", kind="choice", choices=GA_VOTES,
           description="its vote on resolution 63/3 (the request for the ICJ's advisory opinion)"),
    *_source(), _note(),
), key=("iso3",), title="The UN General Assembly's recorded vote of 8 October 2008 (resolution 63/3)",
    references=(STATE_KEY,))

ICJ_PROCEEDINGS = TableSpec("icj_proceedings.csv", (
    _iso3(what="a participant (XKX: the authors of the declaration)"),
    Column("written_statement", kind="yes_no", description="filed a written statement (April 2009)"),
    Column("written_comments", required=False, kind="yes_no",
           description="filed written comments (July 2009); empty where not known"),
    Column("oral", kind="yes_no", description="announced it would take part in the hearings of December 2009"),
    Column("position", kind="choice", choices=ICJ_POSITIONS, description="the position taken, where a source states it"),
    *_source(), _note(),
), key=("iso3",), title="Participation in the ICJ advisory proceedings on Kosovo (2009)", references=(STATE_KEY,))

MILESTONES = TableSpec("milestones.csv", (
    _date("date", description="the day of the act"), Column("key", description="key"),
    Column("title", description="a short title in our own words"),
    Column("what_changed", description="what changed, in our own words"),
    _date("end_date", required=False, description="the last day of a milestone that lasted (hearings, a moratorium)"),
    *_source(), _note(),
), key=("key",), title="Milestones: the court, the agreements, the dialogue")

TRAVEL_DOCUMENTS = TableSpec("travel_documents.csv", (
    _iso3(what="a state that does not recognise Kosovo"),
    _date("since", description="the day acceptance began or was reported; see date_kind and date_precision"),
    Column("date_kind", kind="choice", choices=DATE_KINDS, description="what `since` is"),
    _precision(),
    Column("what", description="which documents, for what"),
    *_source(), _note(),
), key=("iso3", "since"), title="Kosovo's travel documents accepted by states that do not recognise it",
    references=(STATE_KEY,))

OTHER_ACTORS = TableSpec("other_actors.csv", (
    Column("actor", description="the entity or movement, as named in English"),
    _iso3(required=False, what="its map unit, if it has one"),
    Column("actor_kind", kind="choice", choices=ACTOR_KINDS, description="an entity (state-like) or a movement"),
    Column("position", description="a summary in our own words"),
    _date("date", description="the day of the statement summarised"), _precision(),
    *_source(), _note(),
), key=("actor", "date"), title="Positions of non-UN entities and movements", references=(STATE_KEY,))

BEYOND_TABLES = (ORGANISATIONS, KOSOVO_MEMBERSHIPS, GA_VOTE_2008, ICJ_PROCEEDINGS, MILESTONES, TRAVEL_DOCUMENTS,
                 OTHER_ACTORS)
ALL_TABLES = ALL_TABLES + BEYOND_TABLES
