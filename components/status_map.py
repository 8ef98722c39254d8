"""The status map: one choropleth of the project's own geometry plus clickable markers for small
states. The figure (geometry by URL) and the status history are sent once; a date, reading or bloc
change recolours it in the browser, patching only the colour, hover and outline arrays."""

from __future__ import annotations

import gzip
import hashlib

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, dcc, html
from flask import Response, request

from components import ids
from components.context import AppContext
from components.inputs import require_view
from components.palette import BORDER, CLASS_COLOURS
from recognition.atlas import MAP_CLASSES
from recognition.load import geojson_text
from recognition.map_data import CLASS_LABELS, CONTESTED_LABEL, client_map_data, legend_counts
from recognition.params import View

GEOJSON_ROUTE = "/geometry/world_50m.geojson"


def _faded(colour: str, keep: float = 0.25) -> str:
    """The colour mixed with white: how a state outside the chosen blocs is drawn."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02X}" for c in rgb)


# Codes 0..n-1 are the classes at full colour, n..2n-1 the same classes faded. Plotly's geo
# choropleth ignores per-location opacity, so dimming is part of the colour code.
COLOURS = [CLASS_COLOURS[name] for name in MAP_CLASSES] + [_faded(CLASS_COLOURS[name]) for name in MAP_CLASSES]


def _colorscale() -> list[list]:
    """A stepped scale: code k gets exactly COLOURS[k]."""
    n = len(COLOURS)
    scale = []
    for k, colour in enumerate(COLOURS):
        scale += [[k / n, colour], [(k + 1) / n, colour]]
    return scale


COLOR_RANGE = {"zmin": -0.5, "zmax": len(COLOURS) - 0.5}


def build_figure(ctx: AppContext, geojson_url: str) -> go.Figure:
    """The figure as first sent: geometry by URL, neutral colours; assets/map.js colours it on load."""
    atlas = ctx.atlas
    neutral = lambda units: [max(int(c), 0) if c >= 0 else MAP_CLASSES.index("no_data") for c in units["fixed_class"]]
    figure = go.Figure([
        go.Choropleth(
            geojson=geojson_url, featureidkey="properties.iso3", locations=list(atlas.geoframe["iso3"]),
            z=neutral(atlas.geoframe), colorscale=_colorscale(), showscale=False, **COLOR_RANGE,
            text=list(atlas.geoframe["name"]), hovertemplate="%{text}<extra></extra>", name="states",
            marker={"line": {"width": 0.4, "color": BORDER}},
        ),
        go.Scattergeo(
            lon=list(atlas.markers["lon"]), lat=list(atlas.markers["lat"]), customdata=list(atlas.markers["iso3"]),
            mode="markers", text=list(atlas.markers["name"]), hovertemplate="%{text}<extra></extra>",
            name="small states",
            marker={"size": 7, "color": neutral(atlas.markers), "colorscale": _colorscale(),
                    "cmin": COLOR_RANGE["zmin"], "cmax": COLOR_RANGE["zmax"], "line": {"width": 1, "color": "#555555"}},
        ),
    ])
    figure.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False, showland=False,
                       showcountries=False, showocean=True, oceancolor="#F4F8FB", lataxis_range=[-58, 86],
                       bgcolor="rgba(0,0,0,0)")
    # A small hover distance: with plotly's default (20 px) the microstate markers win clicks
    # aimed at their neighbours (Kosovo, Serbia, Germany).
    figure.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, dragmode="pan",
                         uirevision="map", paper_bgcolor="rgba(0,0,0,0)", hoverdistance=4,
                         hoverlabel={"bgcolor": "white", "font": {"size": 13}})
    return figure


def legend(ctx: AppContext, view: View) -> list:
    counts = legend_counts(ctx.atlas, view.reading, view.as_of)
    items = []
    for name in ("recognises", "withdrew", "does_not_recognise"):
        c = counts[name]
        items.append(html.Li([
            html.Span(className="swatch", style={"background": CLASS_COLOURS[name]}),
            html.Span(CLASS_LABELS[name], className="legend-label"),
            html.Span(f"{c['un']} UN members" + (f" + {c['other']} other" if c["other"] else ""),
                      className="legend-count", **{"data-class": name, "data-un": c["un"]}),
        ]))
    items.append(html.Li([
        html.Span(className="swatch contested", style={"background": CLASS_COLOURS["recognises"]}),
        html.Span(CONTESTED_LABEL, className="legend-label"),
        html.Span(f"{counts['contested']['un']} UN members", className="legend-count",
                  **{"data-class": "contested", "data-un": counts["contested"]["un"]}),
    ]))
    for name in ("kosovo", "no_data"):
        items.append(html.Li([html.Span(className="swatch", style={"background": CLASS_COLOURS[name]}),
                              html.Span(CLASS_LABELS[name], className="legend-label")]))
    return items


def layout(ctx: AppContext, view: View, geojson_url: str, topojson_url: str) -> html.Section:
    return html.Section(className="map-panel", children=[
        html.Ul(legend(ctx, view), id=ids.LEGEND, className="legend", **{"aria-label": "Map legend"}),
        dcc.Store(id=ids.MAP_DATA, data=client_map_data(ctx.atlas)),
        # The height comes from the stylesheet's --map-height (it changes with the screen width);
        # an inline style is needed because dcc.Graph sets its own inline height.
        dcc.Graph(id=ids.MAP, figure=build_figure(ctx, geojson_url), className="map",
                  style={"height": "var(--map-height)"},
                  config={"topojsonURL": topojson_url, "displaylogo": False, "scrollZoom": True,
                          "responsive": True,
                          "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"]}),
    ])


def owner_of_click(ctx: AppContext, click: dict | None) -> str | None:
    """The state whose details a click opens: territories open their sovereign's."""
    try:
        point = click["points"][0]
        code = point.get("location") or point.get("customdata")
    except (TypeError, KeyError, IndexError, AttributeError):
        return None
    if isinstance(code, list):
        code = code[0] if code else None
    owner = ctx.owners.get(code) if isinstance(code, str) else None
    return owner if owner in ctx.selectable else None


def register(app, ctx: AppContext) -> None:
    body = geojson_text().encode("utf-8")
    compressed = gzip.compress(body, compresslevel=9, mtime=0)
    etag = hashlib.sha256(body).hexdigest()[:32]

    @app.server.route(GEOJSON_ROUTE)
    def geometry():
        """The geometry, gzip-compressed once at start-up and cached by the browser."""
        if request.if_none_match.contains(etag):
            return Response(status=304)
        gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
        response = Response(compressed if gzipped else body, mimetype="application/geo+json")
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = "public, max-age=86400"
        response.set_etag(etag)
        return response

    # The map recolours in the browser (assets/map.js): a date change repaints it at once from the
    # date sync (the fastest path, see bench/); the figure itself is patched for a reading or bloc
    # change, on load, and once the date settles, so dcc.Graph's figure always ends up the truth.
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="recolour"),
        Output(ids.MAP, "figure"),
        Input(ids.READING, "value"), Input(ids.BLOCS, "value"), Input(ids.MAP_DATA, "data"),
        Input(ids.SETTLED_AS_OF, "data"),
    )

    @app.callback(Output(ids.LEGEND, "children"), Input(ids.AS_OF, "data"), Input(ids.READING, "value"),
                  prevent_initial_call=True)
    def recount(as_of, reading):
        return legend(ctx, require_view(ctx, as_of, reading, []))
