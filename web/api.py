"""The machine-readable views, version in the path: the status table, the event log, the counts series
and the changes between two dates as JSON, the changes as CSV, and the OpenAPI description of them all.

Public read-only data: any origin may read the JSON (CORS). A bad parameter is a 400 with a one-line
reason ({"error": ...} for JSON); the same data version and parameters give the same ETag (304 on a match)."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, request

from common import routes
from common.context import AppContext
from common.queries import changes_request, events_request, status_request
from common.status_rows import requested_rows
from recognition.changes import (
    CHANGE_EVENT_FIELDS,
    GAINED,
    LOST,
    OTHER,
    STATE_FIELDS,
    Changes,
    changes_between,
)
from recognition.event_log import (
    EVENT_FIELDS,
    Freshness,
    for_output,
    freshness,
    select_events,
)
from recognition.export import export_fields
from recognition.fields import records
from recognition.params import BadParameter, check_reading
from recognition.readings import READINGS
from recognition.timeline import COUNT_FIELDS, count_steps
from web.http_cache import conditional
from web.openapi import document

MAX_AGE = 300  # seconds, as for the status CSV


def json_response(payload: dict, status: int = 200) -> Response:
    # json.dumps keeps each row's keys in column order (Flask's own provider sorts them).
    return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json")


def changes_payload(changes: Changes) -> dict:
    # One conversion of all the events, then grouped: a conversion per state cost ~0.3 s for a long period.
    events_by_state: dict[str, list[dict]] = {}
    for event in records(for_output(changes.events).drop(columns=["name"]), EVENT_FIELDS[:1] + CHANGE_EVENT_FIELDS):
        events_by_state.setdefault(event.pop("iso3"), []).append(event)
    return {
        "summary": {GAINED: changes.count(GAINED), LOST: changes.count(LOST), OTHER: changes.count(OTHER),
                    "text": changes.summary(),
                    "un_members_recognising": {"from": changes.un_recognising_from, "to": changes.un_recognising_to}},
        "changes": [{**state, "events": events_by_state.get(state["iso3"], [])}
                    for state in records(changes.states, STATE_FIELDS)],
    }


def metadata(fresh: Freshness, version: str, as_of: date | None, asked: dict) -> dict:
    """What was asked (dates as YYYY-MM-DD, null where not given), and which data answered it and how fresh
    that is."""
    return {**{name: value.isoformat() if isinstance(value, date) else value or None if isinstance(value, str)
               else value for name, value in asked.items()},
            "data_version": version, "reviewed_on": fresh.reviewed_on.isoformat(),
            "latest_event": fresh.latest_event.isoformat(), "freshness": fresh.sentence(as_of)}


def public_blueprint(name: str) -> Blueprint:
    """A blueprint of public read-only data: any origin may read its answers (CORS)."""
    public = Blueprint(name, __name__)

    @public.after_request
    def allow_any_origin(response: Response) -> Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    return public


def blueprint(ctx: AppContext) -> Blueprint:
    version = ctx.atlas.dataset.version
    fresh = freshness(ctx.atlas)
    status_fields = export_fields(ctx.atlas.bloc_names)
    api = public_blueprint("api_v1")

    @api.errorhandler(BadParameter)
    def bad_parameter(error: BadParameter) -> Response:
        return json_response({"error": str(error)}, 400)

    @api.route(routes.STATUS_JSON)
    def status_json():
        asked = status_request(ctx, request.args)
        view, query = asked.view, asked.query
        return conditional(version, (routes.STATUS_JSON, asked), lambda: json_response({
            "meta": metadata(fresh, version, view.as_of, {
                "as_of": view.as_of, "reading": view.reading, "blocs": list(view.blocs), "q": asked.search,
                "filter": query.filter_param(), "sort": query.sort_param(),
                # Only when asked, so that answers without it stay as they were.
                **({routes.Key.LANG: asked.language} if asked.language else {})}),
            "rows": records(requested_rows(ctx, asked), status_fields),
        }), MAX_AGE)

    @api.route(routes.EVENTS_JSON)
    def events_json():
        country, start, end, kinds = events_request(ctx, request.args)
        return conditional(version, (routes.EVENTS_JSON, country, start, end, kinds), lambda: json_response({
            "meta": metadata(fresh, version, end, {"country": country, "from": start, "to": end, "type": kinds}),
            "events": records(for_output(select_events(ctx.atlas, country, start, end, kinds)), EVENT_FIELDS),
        }), MAX_AGE)

    @api.route(routes.COUNTS_JSON)
    def counts_json():
        reading = check_reading(request.args.get(routes.Key.READING), tuple(READINGS))
        return conditional(version, (routes.COUNTS_JSON, reading), lambda: json_response({
            "meta": metadata(fresh, version, None, {"reading": reading}),
            "counts": records(count_steps(ctx.series[reading]), COUNT_FIELDS),
        }), MAX_AGE)

    @api.route(routes.CHANGES_JSON)
    def changes_json():
        reading, start, end = changes_request(ctx, request.args)
        return conditional(version, (routes.CHANGES_JSON, reading, start, end), lambda: json_response({
            "meta": metadata(fresh, version, end, {"from": start, "to": end, "reading": reading}),
            **changes_payload(changes_between(ctx.atlas, reading, start, end)),
        }), MAX_AGE)

    @api.route(routes.OPENAPI_JSON)
    def openapi_json():
        server = request.script_root or "/"
        return conditional(version, (routes.OPENAPI_JSON, server), lambda: json_response(document(ctx, server)),
                           MAX_AGE)

    @api.route(f"{routes.API}/<path:unknown>")
    def no_such_route(unknown: str):
        return json_response({"error": f"no such route; see {routes.OPENAPI_JSON}"}, 404)

    return api
