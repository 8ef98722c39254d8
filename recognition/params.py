"""Validation of what a user or a request can ask for: dates, blocs, readings, country codes, event kinds.

Used by the download and API routes (a bad value is a 400 with a one-line reason) and by every
callback (a bad value means no update), so both accept exactly the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recognition.load import parse_date
from recognition.readings import DEFAULT_READING, READINGS
from recognition.schema import EVENT_KINDS, TIMELINE_START

DISAGREEMENTS = "disagreements"
VIEW_READINGS = tuple(READINGS) + (DISAGREEMENTS,)
MAX_BLOCS = 20
MAX_TEXT = 64


def status_reading(reading: str) -> str:
    """The reading whose statuses a view shows: "disagreements" shows the independent reading's, faded where
    the readings agree."""
    return DEFAULT_READING if reading == DISAGREEMENTS else reading


class BadParameter(ValueError):
    """A request value outside what the app accepts; the message is safe to show."""


def check_date(value: object, today: date, name: str = "as_of") -> date:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise BadParameter(f"{name} must be a YYYY-MM-DD date")
    try:
        parsed = parse_date(value)
    except ValueError:
        raise BadParameter(f"{name} {value!r} is not a real YYYY-MM-DD date") from None
    if parsed < TIMELINE_START:
        raise BadParameter(f"{name} must not be before {TIMELINE_START.isoformat()}")
    if parsed > today:
        raise BadParameter(f"{name} must not be after today ({today.isoformat()})")
    return parsed


def check_period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise BadParameter(f"from ({start.isoformat()}) must not be after to ({end.isoformat()})")


def check_choices(values: object, known: set[str] | tuple[str, ...], name: str) -> list[str]:
    """A repeatable parameter: each value one of `known`, duplicates dropped, first-given order kept."""
    if values is None:
        return []
    if not isinstance(values, list) or len(values) > MAX_BLOCS:
        raise BadParameter(f"{name} must be a list of at most {MAX_BLOCS} {name} keys")
    unknown = [v for v in values if not isinstance(v, str) or v not in known]
    if unknown:
        raise BadParameter(f"unknown {name} {str(unknown[0])[:MAX_TEXT]!r}; known: {', '.join(sorted(known))}")
    return sorted(set(values), key=values.index)


def check_blocs(values: object, known: set[str]) -> list[str]:
    return check_choices(values, known, "bloc")


def check_event_kinds(values: object) -> list[str]:
    return check_choices(values, EVENT_KINDS, "type")


def check_reading(value: object, allowed: tuple[str, ...] = VIEW_READINGS) -> str:
    if value is None or value == "":
        return DEFAULT_READING
    if not isinstance(value, str) or value not in allowed:
        raise BadParameter(f"reading must be one of {', '.join(allowed)}")
    return value


def check_country(value: object, known: set[str]) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in known:
        raise BadParameter("unknown country code")
    return value


@dataclass(frozen=True)
class View:
    """Everything that decides what the page shows; it is also the page's URL query."""

    as_of: date
    blocs: tuple[str, ...]
    reading: str
    country: str | None
