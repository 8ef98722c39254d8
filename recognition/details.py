"""Everything the details panel says about one state as of a date, in one reading."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from recognition.atlas import Atlas
from recognition.blocs import UN_BLOC
from recognition.params import status_reading
from recognition.readings import READINGS, in_day_order
from recognition.words import ENGLISH, N_, Words

EVENT_LABELS = {
    "recognition": N_("Recognised Kosovo"),
    "recognition_claimed": N_("Recognition announced, not confirmed by the state"),
    "recognition_denied": N_("Recognition denied or voided by the state"),
    "withdrawal": N_("Withdrew recognition"),
    "withdrawal_claimed": N_("Withdrawal claimed"),
    "withdrawal_annulled": N_("Withdrawal annulled"),
    "recognition_resumed": N_("Recognition resumed"),
    "claim_denied": N_("Claim denied"),
}
# kosovo_mfa and serbia_mfa stand for anyone speaking for the government (data/README.md).
ASSERTER_LABELS = {"self": N_("the state itself"), "kosovo_mfa": N_("Kosovo's government"),
                   "serbia_mfa": N_("Serbia's government"), "third_party": N_("third-party sources")}
SOURCE_KIND_LABELS = {"primary": N_("official source"), "press": N_("press"), "reference": N_("encyclopaedia"),
                      "other": N_("blog or other site")}
EVIDENCE_LABELS = {"note_verbale": N_("note verbale"), "official_statement": N_("official statement"),
                   "media_report": N_("media report"), "unknown": N_("evidence not known")}


def _day_words(kind: str, day: str, words: Words) -> str:
    """How each kind of day reads in "Note dated 5 Dec; announced 7 Dec"."""
    kinds = {"act": words.gettext("dated %(date)s", date=day),
             "announcement": words.gettext("announced %(date)s", date=day),
             "report": words.gettext("reported %(date)s", date=day),
             "confirmation": words.gettext("confirmed %(date)s", date=day)}
    return kinds[kind]


def order_short(order_label: str, words: Words = ENGLISH) -> str:
    """The place in the order as a table cell says it, in the details' words: "4th" or "shared 2nd–8th"."""
    first, _, last = order_label.partition("–")
    if not last:
        return words.gettext("%(ordinal)s", ordinal=ordinal(int(first)), num=int(first))
    return words.gettext("shared %(first_ordinal)s–%(last_ordinal)s", first_ordinal=ordinal(int(first)),
                         last_ordinal=ordinal(int(last)), first=int(first), last=int(last))


@dataclass(frozen=True)
class EventLine:
    date: date
    label: str
    asserted_by: str
    disputed_by: str | None
    evidence: str
    source_url: str
    source_kind: str
    date_kind: str
    alt_date: date | None
    alt_date_kind: str | None
    note: str | None
    confirmed: bool
    after_as_of: bool
    date_precision: str = "day"      # how much of `date` is known: day, month or year
    date_evidence: str | None = None  # the words of the cited page that give the date


def event_day(event: EventLine, words: Words = ENGLISH, dated=date.isoformat) -> str:
    """The event's day in words, to the precision known: `dated(day)` for a day, "March 1992", "1992"."""
    return dated(event.date) if event.date_precision == "day" else words.dated(event.date, event.date_precision)


def both_days(event: EventLine, words: Words = ENGLISH, dated=date.isoformat) -> str | None:
    """Where two days are recorded: "Note dated 2018-12-05; announced 2018-12-07" (the `date` first)."""
    if event.alt_date is None or event.alt_date_kind is None:
        return None
    first = _day_words(event.date_kind, event_day(event, words, dated), words)
    if event.date_kind == "act":
        first = (words.gettext("Note %(dated)s", dated=first) if event.evidence == EVIDENCE_LABELS["note_verbale"]
                 else words.gettext("Act %(dated)s", dated=first))
    text = words.gettext("%(first)s; %(second)s", first=first,
                         second=_day_words(event.alt_date_kind, dated(event.alt_date), words))
    return text[0].upper() + text[1:]


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def order_words(order_label: str, words: Words = ENGLISH) -> str:
    """The place in the order of recognition in words: "1st" or, where the sources give a group of states
    one shared place ("2–8"), "shared 2nd to 8th". (A translation may use the plain number, %(num)s.)"""
    first, _, last = order_label.partition("–")
    if not last:
        return words.gettext("%(ordinal)s UN member to recognise Kosovo", ordinal=ordinal(int(first)), num=int(first))
    return words.gettext("shared %(first_ordinal)s to %(last_ordinal)s place among the UN members to recognise Kosovo",
                         first_ordinal=ordinal(int(first)), last_ordinal=ordinal(int(last)), first=int(first),
                         last=int(last))


@dataclass(frozen=True)
class CountryDetails:
    iso3: str
    name: str
    un_member: bool
    status: str
    status_by_reading: dict[str, str]
    status_since: date | None
    recognised_on: date | None
    withdrawn_on: date | None
    order: int | None
    order_label: str | None
    diplomatic_relations: str | None
    blocs: list[str]
    position: str | None
    position_source: str | None
    position_source_kind: str | None
    events: list[EventLine]
    # How much of status_since, recognised_on and withdrawn_on is known (day, month or year), by field name.
    precision: dict[str, str] = None  # type: ignore[assignment]

    def dated(self, field: str, words: Words = ENGLISH, dated=date.isoformat) -> str | None:
        """One of the status days in words, to the precision known ("1992" rather than a day)."""
        day = getattr(self, field)
        if day is None:
            return None
        known = (self.precision or {}).get(field, "day")
        return dated(day) if known == "day" else words.dated(day, known)


def _value(frame: pd.DataFrame, iso3: str, column: str):
    rows = frame.loc[frame["iso3"] == iso3, column]
    if rows.empty or pd.isna(rows.iloc[0]):
        return None
    return rows.iloc[0]


def country_details(atlas: Atlas, iso3: str, reading: str, as_of: date) -> CountryDetails:
    """Views in the same epoch share one answer (Atlas.epoch_day): no event falls between the two days."""
    return _details(atlas, iso3, reading, atlas.epoch_day(as_of))


@lru_cache(maxsize=1024)
def _details(atlas: Atlas, iso3: str, reading: str, as_of: date) -> CountryDetails:
    shown_reading = status_reading(reading)
    frames = {key: atlas.status(key, as_of) for key in READINGS}
    frame = frames[shown_reading]
    order = atlas.dataset.recognition_order
    positions = atlas.dataset.positions
    events = in_day_order(atlas.dataset.events[atlas.dataset.events["iso3"] == iso3])
    status = _value(frame, iso3, "status")
    un_members = atlas.membership.members(UN_BLOC, as_of)
    in_order = status in ("recognises", "withdrew") and _value(order, iso3, "table") == "un_members"
    return CountryDetails(
        iso3=iso3, name=atlas.names[iso3], un_member=iso3 in un_members,
        status=status or "kosovo",
        status_by_reading={key: _value(f, iso3, "status") for key, f in frames.items()},
        status_since=_value(frame, iso3, "status_since"), recognised_on=_value(frame, iso3, "recognised_on"),
        withdrawn_on=_value(frame, iso3, "withdrawn_on"),
        order=int(_value(order, iso3, "order")) if in_order else None,
        order_label=_value(order, iso3, "order_label") if in_order else None,
        # Relations are recorded as they are now, without a date: shown only once the state has recognised.
        diplomatic_relations=_value(order, iso3, "diplomatic_relations") if status in ("recognises", "withdrew")
        else None,
        blocs=[atlas.bloc_names[b] for b in atlas.bloc_names if iso3 in atlas.membership.members(b, as_of)],
        position=_value(positions, iso3, "position"), position_source=_value(positions, iso3, "source_url"),
        position_source_kind=_value(positions, iso3, "source_kind"),
        events=[EventLine(
            date=e["date"], label=EVENT_LABELS[e["event"]], asserted_by=ASSERTER_LABELS[e["asserted_by"]],
            disputed_by=ASSERTER_LABELS.get(e["disputed_by"]) if e["disputed_by"] else None,
            evidence=EVIDENCE_LABELS[e["evidence"]], source_url=e["source_url"], source_kind=e["source_kind"],
            date_kind=e["date_kind"], alt_date=e["alt_date"] if e["alt_date"] else None,
            alt_date_kind=e["alt_date_kind"] if e["alt_date"] else None, note=e["note"] if e["note"] else None,
            confirmed=e["confirmed"] == "yes", after_as_of=e["date"] > as_of,
            date_precision=e["date_precision"], date_evidence=e["date_evidence"] if e["date_evidence"] else None,
        ) for _, e in events.iterrows()],
        precision={name: atlas.history.precision_of(iso3, _value(frame, iso3, name))
                   for name in ("status_since", "recognised_on", "withdrawn_on")},
    )
