"""Sharing: the "Share / embed" dialog (the link of the current view and an <iframe> snippet, each with
a copy button) and the embed mode of the page at /embed, a compact map for other sites to frame."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, html

from common import i18n, routes
from common.context import AppContext
from common.i18n import gettext as _
from components import ids

EMBED_HEIGHT = 560


def button() -> html.Button:
    return html.Button(_("Share / embed"), id=ids.SHARE_BUTTON, className="share-button", type="button",
                       **{"aria-haspopup": "dialog", "aria-controls": ids.SHARE_DIALOG})


def dialog() -> html.Dialog:
    def field(label: str, field_id: str) -> html.Div:
        return html.Div(className="share-field", children=[
            html.Label(label, htmlFor=field_id),
            html.Div(className="share-row", children=[
                html.Textarea(id=field_id, readOnly=True, rows=3, className="share-text"),
                html.Button(_("Copy"), type="button", className="region", **{"data-copy": field_id}),
            ]),
        ])

    return html.Dialog(id=ids.SHARE_DIALOG, className="share-dialog", **{"aria-labelledby": "share-title"}, children=[
        html.H2(_("Share this view"), id="share-title"),
        field(_("Link to this view (date, reading, blocs and country)"), ids.SHARE_LINK),
        field(_("Embed the map on another site"), ids.SHARE_EMBED),
        html.P(id=ids.SHARE_STATUS, className="hint", role="status", **{"aria-live": "polite"}),
        html.Button(_("Close"), type="button", className="region", **{"data-close-dialog": ids.SHARE_DIALOG}),
    ])


def embed_footer(ctx: AppContext) -> html.P:
    """Shown only in embed mode: where the data comes from and the way to the full atlas."""
    return html.P(className="embed-only embed-footer", children=[
        _("Kosovo Recognition Atlas: every event with its public source; data reviewed up to %(reviewed)s.",
          reviewed=i18n.long_date(ctx.atlas.dataset.reviewed_on)) + " ",
        html.A(_("Open in the full atlas"), id=ids.EMBED_LINK, href="/", target="_blank", rel="noopener"),
    ])


def share_config() -> dict:
    """What assets/share.js needs: the embed path and the snippet's size and title."""
    return {"embedPath": routes.EMBED, "height": EMBED_HEIGHT, "title": _("Map: recognition of Kosovo"),
            "copied": _("Copied."), "copyFailed": _("Select the text and copy it.")}


def register(app) -> None:
    # The page at /embed shows only the map, its legend and the date bar (assets/share.js).
    app.clientside_callback(
        ClientsideFunction(namespace="atlasShare", function_name="pageMode"),
        Output(ids.PAGE, "className"), Input(ids.URL, "pathname"), State(ids.MAP_DATA, "data"),
    )
