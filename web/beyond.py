"""Routes beyond recognition (issue 21): Kosovo in international organisations as of a day (JSON and CSV),
each map layer's table (JSON and CSV: the rows, classes and sources the page's legend and table show) and
the milestones. Public read-only data; a bad parameter is a 400 with a one-line reason."""

from __future__ import annotations

from datetime import UTC, date

from flask import Blueprint, Response, request

from common import routes
from common.context import AppContext
from recognition.export import to_csv_bytes
from recognition.fields import records
from recognition.layers import (
    LAYER_LABELS,
    LAYERS,
    RECOGNITION,
    layer_counts,
    layer_fields,
    layer_rows,
    layer_state,
)
from recognition.organisations import (
    ACT_FIELDS,
    MEMBER_FIELDS,
    MILESTONE_FIELDS,
    memberships_as_of,
    milestones,
    organisations_as_of,
)
from recognition.params import BadParameter, check_date
from web.api import json_response, public_blueprint
from web.downloads import attachment
from web.http_cache import conditional

MAX_AGE = 300
DATA_LAYERS = tuple(layer for layer in LAYERS if layer != RECOGNITION)  # recognition: status.json / status.csv


def check_layer(value: object) -> str:
    if value is None or value == "":
        return DATA_LAYERS[0]
    if not isinstance(value, str) or value not in DATA_LAYERS:
        raise BadParameter(f"layer must be one of {', '.join(DATA_LAYERS)}")
    return value


def as_of_arg(ctx: AppContext) -> date:
    value = request.args.get(routes.Key.AS_OF)
    return ctx.today() if value in (None, "") else check_date(value, ctx.today())


def organisations_payload(ctx: AppContext, day: date) -> dict:
    beyond = ctx.atlas.dataset.beyond
    return {"meta": {"as_of": day.isoformat(), "data_version": ctx.atlas.dataset.version,
                     "reviewed_on": ctx.atlas.dataset.reviewed_on.isoformat()},
            "members": records(memberships_as_of(beyond, day), MEMBER_FIELDS),
            "acts": records(organisations_as_of(beyond, day), ACT_FIELDS)}


def layer_payload(ctx: AppContext, layer: str) -> dict:
    state = layer_state(ctx.atlas, layer)
    return {"meta": {"layer": layer, "day": state.day.isoformat(), "data_version": ctx.atlas.dataset.version,
                     "counts": layer_counts(ctx.atlas, state)},
            "rows": records(layer_rows(ctx.atlas, state), layer_fields(layer))}


def blueprint(ctx: AppContext) -> Blueprint:
    version = ctx.atlas.dataset.version
    beyond = public_blueprint("beyond")

    @beyond.errorhandler(BadParameter)
    def bad_parameter(error: BadParameter) -> Response:
        if request.path.startswith(routes.API):
            return json_response({"error": str(error)}, 400)
        return Response(f"Bad request: {error}\n", status=400, mimetype="text/plain")

    @beyond.route(routes.ORGANISATIONS_JSON)
    def organisations_json():
        day = as_of_arg(ctx)
        return conditional(version, (routes.ORGANISATIONS_JSON, day),
                           lambda: json_response(organisations_payload(ctx, day)), MAX_AGE)

    @beyond.route(routes.ORGANISATIONS_CSV)
    def organisations_csv():
        day = as_of_arg(ctx)
        return conditional(version, (routes.ORGANISATIONS_CSV, day), lambda: attachment(
            to_csv_bytes(organisations_as_of(ctx.atlas.dataset.beyond, day)),
            f"kosovo-organisations_{day.isoformat()}.csv"), MAX_AGE)

    @beyond.route(routes.LAYER_JSON)
    def layer_json():
        layer = check_layer(request.args.get(routes.Key.LAYER))
        return conditional(version, (routes.LAYER_JSON, layer), lambda: json_response(layer_payload(ctx, layer)),
                           MAX_AGE)

    @beyond.route(routes.LAYER_CSV)
    def layer_csv():
        layer = check_layer(request.args.get(routes.Key.LAYER))
        return conditional(version, (routes.LAYER_CSV, layer), lambda: attachment(
            to_csv_bytes(layer_rows(ctx.atlas, layer_state(ctx.atlas, layer))), f"kosovo-layer-{layer}.csv"), MAX_AGE)

    @beyond.route(routes.MILESTONES_JSON)
    def milestones_json():
        return conditional(version, (routes.MILESTONES_JSON,), lambda: json_response(
            {"meta": {"data_version": version},
             "milestones": records(milestones(ctx.atlas.dataset.beyond), MILESTONE_FIELDS)}),
            MAX_AGE)

    return beyond


def operations():
    """The OpenAPI entries of these routes (web/openapi.py lists them with the others)."""
    from web.openapi import (
        DAY,
        Operation,
        Parameter,
        _array,
        _date,
        _object,
        choice,
        row_schema,
    )

    as_of = (_date(routes.Key.AS_OF, "The day: memberships on it and every act up to it; default today.",
                   "2019-01-01"),)
    layer = (Parameter(routes.Key.LAYER, f"The map layer (default {DATA_LAYERS[0]}; recognition itself: status.json and "
                       "status.csv).", choice(list(DATA_LAYERS), LAYER_LABELS), "icj"),)
    csv = {"type": "string", "description": "CSV (UTF-8, a header row, LF line ends)."}
    version = {"type": "string", "description": "the data's version (a hash of the data files)"}
    counts = _object({"un": {"type": "integer"}, "other": {"type": "integer"}},
                     "UN members on the layer's day, and the others")
    return [
        Operation(routes.ORGANISATIONS_JSON, "Kosovo in international organisations as of a day",
                  "members: the organisations Kosovo belongs to on as_of, with the day it was admitted; acts: every "
                  "act of its memberships and bids up to as_of, oldest first (outcome, votes where published, "
                  "threshold, its organisation's standing on as_of, source).", as_of, "application/json", _object({
                      "meta": _object({"as_of": DAY, "data_version": version,
                                       "reviewed_on": {**DAY, "description": "the last day the sources were checked"}}),
                      "members": _array(row_schema(MEMBER_FIELDS, "An organisation Kosovo belongs to on as_of."),
                                        "oldest first"),
                      "acts": _array(row_schema(ACT_FIELDS, "An act of a membership or a bid."), "oldest first")})),
        Operation(routes.ORGANISATIONS_CSV, "Kosovo's memberships and bids as CSV",
                  "The acts of organisations.json, one per row.", as_of, "text/csv", csv),
        Operation(routes.LAYER_JSON, "A map layer's table",
                  "Every state with a record in the layer: its class, the record and its source; meta gives the "
                  "layer's fixed day and the legend's counts (UN members and others per class).", layer,
                  "application/json", _object({
                      "meta": _object({"layer": layer[0].schema, "day": {**DAY, "description": "the day the layer is "
                                                                         "fixed at"},
                                       "data_version": version,
                                       "counts": {"type": "object", "description": "per class of the layer",
                                                  "additionalProperties": counts}}),
                      "rows": _array({"anyOf": [row_schema(layer_fields(name), f"A row of the {name} layer.")
                                                for name in DATA_LAYERS]}, "by name")})),
        Operation(routes.LAYER_CSV, "A map layer's table as CSV", "The rows of layer.json.", layer, "text/csv", csv),
        Operation(routes.MILESTONES_JSON, "Milestones",
                  "The court, the agreements and the dialogue: date, title, what changed, source.", (),
                  "application/json", _object({
                      "meta": _object({"data_version": version}),
                      "milestones": _array(row_schema(MILESTONE_FIELDS, "A milestone."), "oldest first")})),
    ]


def fill_milestone_entry(entry, milestone, url_root: str, tag: str) -> None:
    """An Atom entry for a milestone (its id from its key, so it never changes)."""
    from datetime import datetime
    from html import escape
    from urllib.parse import urlencode

    day = milestone["date"]
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    entry.id(f"{tag}milestone/{milestone['key']}")
    entry.title(f"Milestone: {milestone['title']} ({day.isoformat()})")
    entry.published(moment)
    entry.updated(moment)
    entry.link(href=f"{url_root}?{urlencode({routes.Key.AS_OF: day.isoformat()})}")
    entry.category(term="milestone", label="Milestone")
    source = escape(milestone["source_url"])
    entry.content(f"<p>{escape(milestone['what_changed'])}</p>"
                  + (f"<p>{escape(milestone['note'])}</p>" if isinstance(milestone["note"], str) else "")
                  + f'<p>Source: <a href="{source}">{source}</a></p>', type="html")
