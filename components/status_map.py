"""The status map: one choropleth of the project's own geometry plus clickable markers for small
states. The figure (geometry by URL) is sent once; a date, reading or bloc change patches only
the colour, hover, outline and opacity arrays."""

from __future__ import annotations

import gzip
import hashlib

import plotly.graph_objects as go
from dash import Input, Output, Patch, dcc, html
from flask import Response, request

from components import ids
from components.context import AppContext
from components.inputs import require_view
from components.palette import BORDER, CLASS_COLOURS, CONTESTED_OUTLINE
from recognition.atlas import MAP_CLASSES
from recognition.load import geojson_text
from recognition.map_data import CLASS_LABELS, CONTESTED_LABEL, UnitArrays, legend_counts
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


def colour_codes(arrays: UnitArrays) -> list[int]:
    n = len(MAP_CLASSES)
    return [c if o >= 1 else c + n for c, o in zip(arrays.classes, arrays.opacity)]


def _line_colours(arrays: UnitArrays) -> list[str]:
    return [CONTESTED_OUTLINE if w > 1 else BORDER for w in arrays.line_width]


def build_figure(ctx: AppContext, view: View, geojson_url: str) -> go.Figure:
    polygons = ctx.map_data.arrays("polygons", view.reading, view.as_of, list(view.blocs))
    markers = ctx.map_data.arrays("markers", view.reading, view.as_of, list(view.blocs))
    atlas = ctx.atlas
    figure = go.Figure([
        go.Choropleth(
            geojson=geojson_url, featureidkey="properties.iso3", locations=list(atlas.geoframe["iso3"]),
            z=colour_codes(polygons), colorscale=_colorscale(), showscale=False, **COLOR_RANGE,
            text=polygons.text, hovertemplate="%{text}<extra></extra>", name="states",
            marker={"line": {"width": polygons.line_width, "color": _line_colours(polygons)}},
        ),
        go.Scattergeo(
            lon=list(atlas.markers["lon"]), lat=list(atlas.markers["lat"]), customdata=list(atlas.markers["iso3"]),
            mode="markers", text=markers.text, hovertemplate="%{text}<extra></extra>", name="small states",
            marker={"size": 7, "color": colour_codes(markers), "colorscale": _colorscale(),
                    "cmin": COLOR_RANGE["zmin"], "cmax": COLOR_RANGE["zmax"],
                    "line": {"width": [max(w, 1.0) for w in markers.line_width],
                             "color": [CONTESTED_OUTLINE if w > 1 else "#555555" for w in markers.line_width]}},
        ),
    ])
    figure.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False, showland=False,
                       showcountries=False, showocean=True, oceancolor="#F4F8FB", lataxis_range=[-58, 86],
                       bgcolor="rgba(0,0,0,0)")
    figure.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, dragmode="pan",
                         uirevision="map", paper_bgcolor="rgba(0,0,0,0)",
                         hoverlabel={"bgcolor": "white", "font": {"size": 13}})
    return figure


def _patch(ctx: AppContext, view: View) -> Patch:
    polygons = ctx.map_data.arrays("polygons", view.reading, view.as_of, list(view.blocs))
    markers = ctx.map_data.arrays("markers", view.reading, view.as_of, list(view.blocs))
    patch = Patch()
    patch["data"][0]["z"] = colour_codes(polygons)
    patch["data"][0]["text"] = polygons.text
    patch["data"][0]["marker"]["line"]["width"] = polygons.line_width
    patch["data"][0]["marker"]["line"]["color"] = _line_colours(polygons)
    patch["data"][1]["marker"]["color"] = colour_codes(markers)
    patch["data"][1]["text"] = markers.text
    patch["data"][1]["marker"]["line"]["width"] = [max(w, 1.0) for w in markers.line_width]
    patch["data"][1]["marker"]["line"]["color"] = [CONTESTED_OUTLINE if w > 1 else "#555555"
                                                   for w in markers.line_width]
    return patch


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
        dcc.Graph(id=ids.MAP, figure=build_figure(ctx, view, geojson_url), className="map",
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
    owners = dict(zip(ctx.atlas.geoframe["iso3"], ctx.atlas.geoframe["owner"]))
    owner = owners.get(code) if isinstance(code, str) else None
    return owner if owner in ctx.countries or owner == "XKX" else None


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

    @app.callback(Output(ids.MAP, "figure"), Output(ids.LEGEND, "children"),
                  Input(ids.AS_OF, "data"), Input(ids.READING, "value"), Input(ids.BLOCS, "value"),
                  prevent_initial_call=True)
    def recolour(as_of, reading, blocs):
        view = require_view(ctx, as_of, reading, blocs)
        return _patch(ctx, view), legend(ctx, view)
