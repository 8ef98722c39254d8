"""/feed.atom: an Atom 1.0 feed of the latest events (recognitions, withdrawals, resumptions, claims,
denials), newest first, each with its date, parties, evidence and source. Entry ids are tag: URIs made
from the event's key in data/events.csv (state, date, kind, asserter), so they never change."""

from __future__ import annotations

from datetime import date, datetime, timezone
from html import escape
from urllib.parse import urlencode

import pandas as pd
from feedgen.feed import FeedGenerator
from flask import Blueprint, Response

from common.context import AppContext
from common.routes import FEED_ATOM, HOME, Key
from recognition.details import ASSERTER_LABELS, EVENT_LABELS, EVIDENCE_LABELS
from recognition.event_log import Freshness, freshness, select_events
from recognition.organisations import milestones
from recognition.words import machine_day
from web.beyond import fill_milestone_entry
from web.http_cache import conditional

TITLE = "Kosovo Recognition Atlas: recognition events"
ENTRIES = 50
MAX_AGE = 300
# RFC 4151: an authority name and the day it was first used; the atlas's timeline starts on that day.
TAG = "tag:kosovo-recognition-atlas,2008-02-17:"


def entry_id(event: pd.Series) -> str:
    return f"{TAG}event/{event['iso3']}/{event['date'].isoformat()}/{event['event']}/{event['asserted_by']}"


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def entry_html(event: pd.Series) -> str:
    """The entry's content: every value escaped; empty fields left out."""
    disputed = event["disputed_by"] if isinstance(event["disputed_by"], str) else None
    day = machine_day(event["date"], event["date_precision"])  # "2018-12" where only the month is known
    lines = [
        f"{EVENT_LABELS[event['event']]}: {event['name']} ({event['iso3']}), {day}.",
        f"Asserted by {ASSERTER_LABELS[event['asserted_by']]}"
        + (f"; disputed by {ASSERTER_LABELS[disputed]}." if disputed else "; disputed by nobody on record."),
        f"Evidence: {EVIDENCE_LABELS[event['evidence']]}; confirmed: {event['confirmed']}.",
    ]
    if isinstance(event["alt_date"], date):
        lines.append(f"Also reported as {event['alt_date'].isoformat()}.")
    if isinstance(event["note"], str):
        lines.append(event["note"])
    source = escape(event["source_url"])
    return "".join(f"<p>{escape(line)}</p>" for line in lines) + f'<p>Source: <a href="{source}">{source}</a></p>'


def build_feed(events: pd.DataFrame, fresh: Freshness, public_url: str,
               milestone_rows: pd.DataFrame | None = None) -> bytes:
    """`events` in date order; the newest `ENTRIES` become entries, newest first. Links are absolute, from
    the configured public address of the atlas (never from the request's Host header)."""
    url_root = public_url.rstrip("/") + HOME
    feed = FeedGenerator()
    feed.id(f"{TAG}feed")
    feed.title(TITLE)
    feed.subtitle(fresh.sentence())
    feed.author({"name": "Kosovo Recognition Atlas"})
    feed.link(href=url_root, rel="alternate")
    feed.link(href=url_root + FEED_ATOM.lstrip("/"), rel="self")
    feed.language("en")
    feed.updated(_moment(max(fresh.reviewed_on, fresh.latest_event)))
    newest = [(event["date"], 1, event) for _, event in events.iloc[::-1].head(ENTRIES).iterrows()]
    # Milestones (issue 21) among the events, newest first; on a shared day the events come first.
    for _, milestone in (milestone_rows.iloc[::-1].iterrows() if milestone_rows is not None else ()):
        newest.append((milestone["date"], 0, milestone))
    for _, is_event, event in sorted(newest, key=lambda item: (item[0], item[1]), reverse=True):
        entry = feed.add_entry(order="append")
        if not is_event:
            fill_milestone_entry(entry, event, url_root, TAG)
            continue
        entry.id(entry_id(event))
        day = machine_day(event["date"], event["date_precision"])
        entry.title(f"{event['name']}: {EVENT_LABELS[event['event']]} ({day})")
        entry.published(_moment(event["date"]))
        entry.updated(_moment(event["date"]))
        # One link only: feedgen 1.0.0 drops rel from entry links (lkiesow/python-feedgen#135), so a second
        # one would be a second "alternate". The source is linked in the content.
        entry.link(href=f"{url_root}?{urlencode({Key.AS_OF: event['date'].isoformat(), Key.COUNTRY: event['iso3']})}")
        entry.category(term=event["event"], label=EVENT_LABELS[event["event"]])
        entry.content(entry_html(event), type="html")
    return feed.atom_str(pretty=True)


def blueprint(ctx: AppContext) -> Blueprint:
    feed = Blueprint("feed", __name__)
    fresh = freshness(ctx.atlas)
    events = select_events(ctx.atlas)

    @feed.route(FEED_ATOM)
    def atom():
        response = conditional(ctx.atlas.dataset.version, (FEED_ATOM, ctx.public_url),
                               lambda: Response(build_feed(events, fresh, ctx.public_url,
                                                           milestones(ctx.atlas.dataset.beyond)),
                                                mimetype="application/atom+xml"),
                               MAX_AGE)
        response.headers["Access-Control-Allow-Origin"] = "*"  # public data: feed readers in any page may fetch it
        return response

    return feed
