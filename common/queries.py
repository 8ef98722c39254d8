"""The one parser of what a URL asks for: the page (a shared link: bad values fall back to defaults), the
status table as CSV and JSON, the event log and the changes between two dates (bad values are a
BadParameter, answered 400). Datasette's idea: one view, several renderers, one way to read the question."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from common import i18n
from common.context import AppContext
from common.routes import Key
from recognition.params import (
    MAX_BLOCS,
    MAX_TEXT,
    BadParameter,
    View,
    check_blocs,
    check_country,
    check_date,
    check_event_kinds,
    check_period,
    check_reading,
)
from recognition.readings import DEFAULT_READING, READINGS
from recognition.table_view import TableQuery, check_filter_model, check_sort


@dataclass(frozen=True)
class StatusRequest:
    """The status table as a download or status.json asks for it."""

    view: View
    search: str
    query: TableQuery
    language: str | None  # `lang`: add the names in this language (machine outputs only)


def valid_search(search: object) -> bool:
    return search is None or (isinstance(search, str) and len(search) <= MAX_TEXT)


def status_request(ctx: AppContext, args) -> StatusRequest:
    """The view, table search, column query and name language of a status download or status.json;
    BadParameter if any is wrong. `filter_lang` says which language the words of `q` and `filter` are in
    (the page's); it changes which rows match, never the columns."""
    view = View(
        as_of=check_date(args[Key.AS_OF], ctx.today()) if Key.AS_OF in args else ctx.today(),
        blocs=tuple(check_blocs(args.getlist(Key.BLOC), set(ctx.bloc_keys))),
        reading=check_reading(args.get(Key.READING)),
        country=None)
    search = args.get(Key.SEARCH, "")
    if not valid_search(search):
        raise BadParameter(f"{Key.SEARCH} must be text of at most {MAX_TEXT} characters")
    filter_language = i18n.check_language(args.get(Key.FILTER_LANG))
    query = TableQuery(check_filter_model(args.get(Key.FILTER)), check_sort(args.get(Key.SORT)),
                       None if filter_language == i18n.DEFAULT else filter_language)
    return StatusRequest(view, search, query, i18n.check_language(args.get(Key.LANG)))


def status_query(view: View, search: str = "", query: TableQuery = TableQuery()) -> str:
    """The query string of the status download for what the table shows (the inverse of status_request)."""
    params = [(Key.AS_OF, view.as_of.isoformat())] + [(Key.BLOC, b) for b in view.blocs] + \
        [(Key.READING, view.reading)]
    if search:
        params.append((Key.SEARCH, search))
    if query.filters:
        params.append((Key.FILTER, query.filter_param()))
    if query.sort:
        params.append((Key.SORT, query.sort_param()))
    if query.language and (search or query.filters):
        params.append((Key.FILTER_LANG, query.language))
    return urlencode(params)


def _optional_date(args: Mapping, name: str, today: date) -> date | None:
    return check_date(args[name], today, name) if name in args else None


def events_request(ctx: AppContext, args: Mapping) -> tuple[str | None, date | None, date | None, list[str]]:
    """country, from, to (inclusive, each optional) and the repeatable type of events.json."""
    start, end = _optional_date(args, Key.FROM, ctx.today()), _optional_date(args, Key.TO, ctx.today())
    check_period(start, end)
    return (check_country(args.get(Key.COUNTRY), ctx.selectable), start, end,
            check_event_kinds(args.getlist(Key.TYPE)))


def changes_request(ctx: AppContext, args: Mapping) -> tuple[str, date, date]:
    """reading, from (required) and to (default today) of the changes routes."""
    if Key.FROM not in args:
        raise BadParameter(f"{Key.FROM} is required (YYYY-MM-DD)")
    start = check_date(args[Key.FROM], ctx.today(), Key.FROM)
    end = _optional_date(args, Key.TO, ctx.today()) or ctx.today()
    check_period(start, end)
    return check_reading(args.get(Key.READING), tuple(READINGS)), start, end


def changes_query(reading: str, start: date, end: date) -> str:
    return urlencode({Key.FROM: start.isoformat(), Key.TO: end.isoformat(), Key.READING: reading})


@dataclass(frozen=True)
class PageRequest:
    """What a shared link of the page asks for; a compare link (`from`, `to`) has a first date."""

    view: View
    compare_from: date | None


def page_request(ctx: AppContext, args: Mapping[str, list[str]]) -> PageRequest:
    """A shared link: every invalid value falls back to its default instead of failing. In a compare link
    `to` is the as-of date; a first date on or after it is no comparison."""
    today = ctx.today()

    def first(key: str) -> str | None:
        values = args.get(key) or []
        return values[0] if values else None

    def lenient(check, value, default):
        try:
            return check(value)
        except BadParameter:
            return default

    start = lenient(lambda v: check_date(v, today, Key.FROM), first(Key.FROM), None)
    as_of = lenient(lambda v: check_date(v, today), first(Key.TO if start and Key.TO in args else Key.AS_OF), today)
    wanted = [b for b in (args.get(Key.BLOC) or []) if b in set(ctx.bloc_keys)][:MAX_BLOCS]
    view = View(as_of=as_of, blocs=tuple(sorted(set(wanted), key=wanted.index)),
                reading=lenient(check_reading, first(Key.READING), DEFAULT_READING),
                country=lenient(lambda v: check_country(v, ctx.selectable), first(Key.COUNTRY), None))
    return PageRequest(view, start if start is not None and start < view.as_of else None)
