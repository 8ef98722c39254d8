"""The CSV downloads: the status table (/download/status.csv, the rows the page's table shows for the same
view, search, filters and sort) and the changes between two dates (/download/changes.csv)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from common import routes
from common.context import AppContext
from common.queries import changes_request, status_request
from common.status_rows import status_csv
from recognition.changes import changes_between, changes_filename, changes_table
from recognition.export import to_csv_bytes
from recognition.params import BadParameter
from web.http_cache import conditional

MAX_AGE = 300  # seconds


def attachment(content: bytes, filename: str) -> Response:
    response = Response(content, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def blueprint(ctx: AppContext) -> Blueprint:
    downloads = Blueprint("downloads", __name__)

    @downloads.errorhandler(BadParameter)
    def bad_parameter(error: BadParameter) -> Response:
        return Response(f"Bad request: {error}\n", status=400, mimetype="text/plain")

    @downloads.route(routes.STATUS_CSV)
    def status():
        asked = status_request(ctx, request.args)
        # The resolved as_of is in the tag: without one, the CSV is of today and changes at midnight.
        return conditional(ctx.atlas.dataset.version, (routes.STATUS_CSV, asked),
                           lambda: attachment(*status_csv(ctx, asked)), MAX_AGE)

    @downloads.route(routes.CHANGES_CSV)
    def changes():
        reading, start, end = changes_request(ctx, request.args)

        def build() -> Response:
            found = changes_between(ctx.atlas, reading, start, end)
            return attachment(to_csv_bytes(changes_table(found)), changes_filename(found, ctx.atlas.dataset.reviewed_on))

        return conditional(ctx.atlas.dataset.version, (routes.CHANGES_CSV, reading, start, end), build, MAX_AGE)

    return downloads
