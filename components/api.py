"""The machine-readable views, version in the path: the status table, the event log, the counts series
and the changes between two dates as JSON, the changes as CSV, and the OpenAPI description of them all.

Public read-only data: any origin may read the JSON (CORS). A bad parameter is a 400 with a one-line
reason ({"error": ...} for JSON); the same data version and parameters give the same ETag (304 on a match)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from flask import Blueprint, Response, request

from components import i18n, table
from components.context import AppContext
from components.http_cache import conditional
from components.openapi import (API, CHANGES_CSV, CHANGES_JSON, COUNTS_JSON, EVENTS_JSON, OPENAPI_JSON, STATUS_JSON,
                                document)
from recognition.changes import GAINED, LOST, OTHER, Changes, changes_between, changes_filename, changes_table
from recognition.event_log import Freshness, for_output, freshness, select_events
from recognition.export import to_csv_bytes, to_records
from recognition.params import (BadParameter, check_country, check_date, check_event_kinds, check_period,
                                check_reading)
from recognition.readings import READINGS
from recognition.timeline import count_steps

MAX_AGE = 300  # seconds, as for the status CSV


def json_response(payload: dict, status: int = 200) -> Response:
    # json.dumps keeps each row's keys in column order (Flask's own provider sorts them).
    return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json")


def _optional_date(args: Mapping, name: str, today: date) -> date | None:
    return check_date(args[name], today, name) if name in args else None


def events_request(args: Mapping, ctx: AppContext) -> tuple[str | None, date | None, date | None, list[str]]:
    """country, from, to (inclusive, each optional) and the repeatable type of events.json."""
    start, end = _optional_date(args, "from", ctx.today()), _optional_date(args, "to", ctx.today())
    check_period(start, end)
    return check_country(args.get("country"), ctx.selectable), start, end, check_event_kinds(args.getlist("type"))


def changes_request(args: Mapping, ctx: AppContext) -> tuple[str, date, date]:
    """reading, from (required) and to (default today) of the changes routes."""
    if "from" not in args:
        raise BadParameter("from is required (YYYY-MM-DD)")
    start = check_date(args["from"], ctx.today(), "from")
    end = _optional_date(args, "to", ctx.today()) or ctx.today()
    check_period(start, end)
    return check_reading(args.get("reading"), tuple(READINGS)), start, end


def changes_payload(changes: Changes) -> dict:
    return {
        "summary": {GAINED: changes.count(GAINED), LOST: changes.count(LOST), OTHER: changes.count(OTHER),
                    "text": changes.summary(),
                    "un_members_recognising": {"from": changes.un_recognising_from, "to": changes.un_recognising_to}},
        "changes": [{**state,
                     "events": to_records(for_output(changes.events_of(state["iso3"])).drop(columns=["iso3", "name"]))}
                    for state in to_records(changes.states)],
    }


def metadata(fresh: Freshness, version: str, as_of: date | None, asked: dict) -> dict:
    """What was asked (dates as YYYY-MM-DD), and which data answered it and how fresh that is."""
    return {**{name: value.isoformat() if isinstance(value, date) else value for name, value in asked.items()},
            "data_version": version, "reviewed_on": fresh.reviewed_on.isoformat(),
            "latest_event": fresh.latest_event.isoformat(), "freshness": fresh.sentence(as_of)}


def register(app, ctx: AppContext) -> None:
    version = ctx.atlas.dataset.version
    fresh = freshness(ctx.atlas)
    api = Blueprint("api_v1", __name__)

    @api.after_request
    def allow_any_origin(response: Response) -> Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    @api.errorhandler(BadParameter)
    def bad_parameter(error: BadParameter) -> Response:
        return json_response({"error": str(error)}, 400)

    @api.route(STATUS_JSON)
    def status_json():
        view, search, query = table.table_request(ctx, request.args)
        language = i18n.check_language(request.args.get(i18n.QUERY_KEY))
        return conditional(version, (STATUS_JSON, view, search, query, language), lambda: json_response({
            "meta": metadata(fresh, version, view.as_of, {
                "as_of": view.as_of, "reading": view.reading, "blocs": list(view.blocs), "q": search,
                "filter": query.filter_param(), "sort": query.sort_param(),
                # Only when asked, so that answers without it stay as they were.
                **({i18n.QUERY_KEY: language} if language else {})}),
            "rows": to_records(table.with_local_names(ctx, table.export_rows(ctx, view, search, query), language)),
        }), MAX_AGE)

    @api.route(EVENTS_JSON)
    def events_json():
        country, start, end, kinds = events_request(request.args, ctx)
        return conditional(version, (EVENTS_JSON, country, start, end, kinds), lambda: json_response({
            "meta": metadata(fresh, version, end, {"country": country, "from": start, "to": end, "type": kinds}),
            "events": to_records(for_output(select_events(ctx.atlas, country, start, end, kinds))),
        }), MAX_AGE)

    @api.route(COUNTS_JSON)
    def counts_json():
        reading = check_reading(request.args.get("reading"), tuple(READINGS))
        return conditional(version, (COUNTS_JSON, reading), lambda: json_response({
            "meta": metadata(fresh, version, None, {"reading": reading}),
            "counts": to_records(count_steps(ctx.series[reading])),
        }), MAX_AGE)

    @api.route(CHANGES_JSON)
    def changes_json():
        reading, start, end = changes_request(request.args, ctx)
        return conditional(version, (CHANGES_JSON, reading, start, end), lambda: json_response({
            "meta": metadata(fresh, version, end, {"from": start, "to": end, "reading": reading}),
            **changes_payload(changes_between(ctx.atlas, reading, start, end)),
        }), MAX_AGE)

    @api.route(OPENAPI_JSON)
    def openapi_json():
        server = request.script_root or "/"
        return conditional(version, (OPENAPI_JSON, server), lambda: json_response(document(ctx, server)), MAX_AGE)

    @api.route(f"{API}/<path:unknown>")
    def no_such_route(unknown: str):
        return json_response({"error": f"no such route; see {OPENAPI_JSON}"}, 404)

    app.server.register_blueprint(api)

    @app.server.route(CHANGES_CSV)
    def changes_csv():
        try:
            reading, start, end = changes_request(request.args, ctx)
        except BadParameter as error:
            return Response(f"Bad request: {error}\n", status=400, mimetype="text/plain")

        def build() -> Response:
            changes = changes_between(ctx.atlas, reading, start, end)
            response = Response(to_csv_bytes(changes_table(changes)), mimetype="text/csv")
            filename = changes_filename(changes, fresh.reviewed_on)
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response

        return conditional(version, (CHANGES_CSV, reading, start, end), build, MAX_AGE)
