"""The status map: the project's own geometry as one choropleth, clickable markers for small states
and a callout for Kosovo. Plotly draws the shapes once; assets/map.js paints them (fills, outlines,
selection) from what the core shipped in the map-data store, and owns hover and clicks, so a date
change never waits for plotly or the server."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, dcc, html

from common import i18n, routes
from common.context import AppContext
from common.i18n import gettext
from common.i18n import gettext as _
from components import ids
from components.beyond import layer_paint
from components.controls import DEFAULT_PLAY_SECONDS, SLIDER_TOOLTIP
from components.palette import BORDER, CLASS_COLOURS, COMPARE_COLOURS, SELECTION
from components.rendered import per_language, plain
from components.share import share_config
from recognition.layers import DEFAULT_LAYER
from recognition.map_data import (
    CLASS_LABELS,
    COMPARE_CLASSES,
    COMPARE_LABELS,
    CONTESTED_LABEL,
    LEGEND_CLASSES,
    client_map_data,
    compare_counts,
    compare_styles,
    legend_count_text,
    legend_count_words,
    legend_counts,
)
from recognition.map_views import REGIONS, zoom_targets
from recognition.params import DISAGREEMENTS, View
from recognition.readings import DEFAULT_READING, READINGS
from recognition.schema import TIMELINE_START
from recognition.words import N_

MARKER_SIZE = 7
KOSOVO_MARKER_SIZE = 10


def build_figure(ctx: AppContext, geojson_url: str) -> go.Figure:
    """Shapes only: colours, hover and clicks belong to assets/map.js. The one word, Kosovo's label, is in
    the page's language; the geometry itself is a URL, the same in every language."""
    atlas = ctx.atlas
    markers = atlas.markers
    offset = markers[(markers["lon"] != markers["state_lon"]) | (markers["lat"] != markers["state_lat"])]
    leader_lon, leader_lat = [], []
    for row in offset.itertuples():
        leader_lon += [row.lon, row.state_lon, None]
        leader_lat += [row.lat, row.state_lat, None]
    kosovo = markers[markers["iso3"] == "XKX"]
    neutral = CLASS_COLOURS["no_data"]
    figure = go.Figure([
        go.Choropleth(
            geojson=geojson_url, featureidkey="properties.iso3", locations=list(atlas.geoframe["iso3"]),
            z=[0] * len(atlas.geoframe), colorscale=[[0, neutral], [1, neutral]], showscale=False,
            hoverinfo="skip", name="states", marker={"line": {"width": 0.4, "color": BORDER}},
        ),
        # Leader lines from markers drawn beside their state (so they cover no neighbour) to the state.
        go.Scattergeo(lon=leader_lon, lat=leader_lat, mode="lines", hoverinfo="skip", name="leaders",
                      line={"width": 1, "color": "#333333"}),
        go.Scattergeo(
            lon=list(markers["lon"]), lat=list(markers["lat"]), customdata=list(markers["iso3"]),
            mode="markers", hoverinfo="skip", name="small states",
            marker={"size": [KOSOVO_MARKER_SIZE if c == "XKX" else MARKER_SIZE for c in markers["iso3"]],
                    "color": neutral, "line": {"width": 1, "color": "#555555"}},
        ),
        go.Scattergeo(lon=list(kosovo["lon"]), lat=list(kosovo["lat"]), mode="text", text=[ctx.names()["XKX"]],
                      textposition="bottom center", hoverinfo="skip", name="label",
                      textfont={"size": 13, "color": "#0b3d2e", "family": "system-ui, sans-serif"}),
    ])
    figure.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False, showland=False,
                       showcountries=False, showocean=True, oceancolor="#F4F8FB", lataxis_range=[-58, 86],
                       bgcolor="rgba(0,0,0,0)")
    figure.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, dragmode="pan",
                         hovermode=False, uirevision="map", paper_bgcolor="rgba(0,0,0,0)")
    return figure


def _legend_item(colour: str, label: str, name: str | None = None, counts: dict | None = None,
                 contested: bool = False, words=None) -> html.Li:
    parts = [html.Span(className="swatch contested" if contested else "swatch", style={"background": colour}),
             html.Span(label, className="legend-label")]
    if counts is not None:
        parts.append(html.Span(legend_count_text(counts["un"], counts["other"], words), className="legend-count",
                               **{"data-class": name, "data-un": counts["un"], "data-other": counts["other"]}))
    return html.Li(parts, **{"data-key": name} if name else {})


def legend(ctx: AppContext, view: View, compare: dict | None = None) -> list:
    """The map's key with its counts: the statuses on the as-of date, or in compare mode what changed
    between the two dates (`compare`: the compare store, {"from", "to", "reading"})."""
    if compare:
        words = ctx.say()
        counts = compare_counts(ctx.atlas, compare["reading"], date.fromisoformat(compare["from"]),
                                date.fromisoformat(compare["to"]))
        return [_legend_item(COMPARE_COLOURS[name], _(COMPARE_LABELS[name]), name, counts[name], words=words)
                for name in COMPARE_CLASSES[:4]] + \
            [_legend_item(COMPARE_COLOURS[name], _(COMPARE_LABELS[name])) for name in COMPARE_CLASSES[4:]]
    return _status_legend(ctx, view.reading, view.as_of)


def _status_legend(ctx: AppContext, reading: str, day: date) -> list:
    """The statuses' key with their counts in a reading on `day`."""
    words = ctx.say()
    counts = legend_counts(ctx.atlas, reading, day)
    labels = {**CLASS_LABELS, "contested": CONTESTED_LABEL}
    # A disputed withdrawal is drawn as a recogniser with a black outline.
    colours = {**CLASS_COLOURS, "contested": CLASS_COLOURS["recognises"]}
    items = [_legend_item(colours[name], _(labels[name]), name, counts[name], contested=name == "contested",
                          words=words)
             for name in LEGEND_CLASSES]
    return items + [_legend_item(CLASS_COLOURS[name], _(CLASS_LABELS[name])) for name in ("kosovo", "no_data")]


# The counts change only with the epoch: one legend per reading, epoch (about 160) and language, ~10 KB each
# (measured with tracemalloc); the 1,024 most recent kept (all four readings of every epoch in two languages).
_drawn_status_legend = per_language(1024, lambda ctx, reading, day: (ctx, reading, ctx.atlas.epoch_day(day)))(
    _status_legend)


def follow_legend(ctx: AppContext, view: View, compare: dict | None) -> list:
    """The legend as plain JSON (components/settled.py): the statuses' key drawn once per reading and epoch."""
    if compare:
        return plain(legend(ctx, view, compare))
    return _drawn_status_legend(ctx, view.reading, view.as_of)


def paint_data(ctx: AppContext, prefix: str = "") -> dict:
    """The map-data store: the core's paint data, the views and every id, path, key and word the page
    scripts need (they spell none of them)."""
    language = i18n.current()
    words = ctx.say(language)
    live = ctx.live_counts[language]
    largest = max(n for entry in live.values() for row in entry["legend"]["counts"] for pair in row for n in pair)
    largest = max(largest, len(ctx.atlas.actors))
    return {
        "paint": client_map_data(ctx.atlas, ctx.bloc_keys, CLASS_COLOURS, BORDER, words),
        "compareStyles": compare_styles(COMPARE_COLOURS, BORDER, words),
        "selection": SELECTION,
        "regions": REGIONS,
        "zoom": zoom_targets(ctx.atlas),
        "ids": {"map": ids.MAP, "slider": ids.DATE_SLIDER, "asOf": ids.AS_OF, "dateInput": ids.DATE_INPUT,
                "search": ids.COUNTRY_SEARCH, "timeline": ids.TIMELINE, "dateLabel": ids.DATE_LABEL,
                "play": ids.PLAY, "speed": ids.PLAY_SPEED, "tooltip": ids.MAP_TOOLTIP,
                "zoomSelected": ids.ZOOM_SELECTED, "legend": ids.LEGEND, "imageSize": ids.IMAGE_SIZE,
                "imageSelection": ids.IMAGE_SELECTION,
                "shareButton": ids.SHARE_BUTTON, "shareDialog": ids.SHARE_DIALOG, "shareLink": ids.SHARE_LINK,
                "shareEmbed": ids.SHARE_EMBED, "shareStatus": ids.SHARE_STATUS, "embedLink": ids.EMBED_LINK,
                "embedView": ids.EMBED_VIEW, "mapFrame": ids.MAP_FRAME,
                "headline": ids.AS_OF_HEADLINE, "page": ids.PAGE, "table": ids.TABLE, "details": ids.DETAILS},
        "traces": {"polygons": 0, "markers": 2},
        "settleMs": 250,
        "start": TIMELINE_START.isoformat(),
        "liveCounts": live,
        # The legend's rows that carry a count, in the order of live_counts' legend entries.
        "legendClasses": list(LEGEND_CLASSES),
        "legendWords": legend_count_words(largest, words),
        "lang": language,
        "defaultLang": i18n.DEFAULT,
        "dateFormat": i18n.date_format(language),
        "defaultReading": DEFAULT_READING,
        "defaultPlaySeconds": DEFAULT_PLAY_SECONDS,
        # Page Up / Page Down move the slider a month (a year with Shift).
        "pageStep": {"months": 1, "shiftMonths": 12},
        "sliderTooltip": SLIDER_TOOLTIP,
        **routes.browser_config(prefix),
        # The map layers besides recognition (components/beyond.py): codes and styles, the URL key.
        "layers": layer_paint(ctx), "defaultLayer": DEFAULT_LAYER, "layerKey": routes.Key.LAYER,
        # Words only: the play and pause symbols are drawn by the stylesheet, so no font can lack them.
        "labels": {"play": _("Play"), "pause": _("Pause"), **date_errors()},
        "image": image_text(ctx),
        "share": share_config(),
    }


def date_errors() -> dict[str, str]:
    """Why a typed date is refused; {typed}, {date}, {start} and {latest} are filled in by the page."""
    return {"notADate": _("“%(typed)s” is not a real date in the form YYYY-MM-DD.", typed="{typed}"),
            "beforeStart": _("The atlas starts on %(start)s, when Kosovo declared independence.", start="{start}"),
            "future": _("%(date)s is in the future; the latest date is %(latest)s.", date="{date}",
                        latest="{latest}")}


IMAGE_SIZES = {"web": (1200, 675), "print": (3000, 1688)}
IMAGE_SIZE_NAMES = {"web": N_("Web %(width)s×%(height)s"), "print": N_("Print %(width)s×%(height)s")}


def image_text(ctx: AppContext) -> dict:
    """The words of a downloaded image; {date} is filled in by the page."""
    return {
        "title": _("Recognition of Kosovo as of %(date)s", date="{date}"),
        "compareTitle": _("Recognition of Kosovo: what changed from %(start)s to %(end)s", start="{from}",
                          end="{to}"),
        "readings": {**{key: _("Reading: %(reading)s", reading=_(r.label)) for key, r in READINGS.items()},
                     DISAGREEMENTS: _("Reading: disagreements only (states on which the readings differ)")},
        "blocsLabel": _("Blocs:"), "blocNames": {key: _(name) for key, name in ctx.atlas.bloc_names.items()},
        "source": _("Source: Kosovo Recognition Atlas; every event with its public source. Data reviewed up to "
                    "%(reviewed)s. Map: Natural Earth, world-atlas, visionscarto.",
                    reviewed=i18n.long_date(ctx.atlas.dataset.reviewed_on)),
        "sizes": {key: list(size) for key, size in IMAGE_SIZES.items()},
        # Type, markers and lines are drawn at this size and scaled with the image's width.
        "baseSize": "web",
        "legendColumns": 2,
        "filename": "kosovo-recognition-map_{date}",
        "compareFilename": "kosovo-recognition-changes_{from}_{to}",
    }


def layout(ctx: AppContext, view: View, geojson_url: str, topojson_url: str, prefix: str = "") -> html.Section:
    region_buttons = [html.Button(_(name), className="region", type="button", **{"data-region": key})
                      for key, name in ((k, REGIONS[k]["label"]) for k in REGIONS)]
    return html.Section(className="map-panel", **{"aria-label": _("Status map")}, children=[
        html.Div(className="map-toolbar", children=[
            html.Div(region_buttons + [html.Button(_("Zoom to selected"), id=ids.ZOOM_SELECTED, className="region",
                                                   type="button", disabled=view.country is None)],
                     className="map-views", role="group", **{"aria-label": _("Map view")}),
            html.Div(className="image-export", role="group", **{"aria-label": _("Download the map as an image")},
                     children=[
                html.Label(_("Image size"), htmlFor=ids.IMAGE_SIZE, className="visually-hidden"),
                html.Select(id=ids.IMAGE_SIZE, className="image-size", children=[
                    html.Option(_(IMAGE_SIZE_NAMES[key], width=w, height=h), value=key, selected=key == "web")
                    for key, (w, h) in IMAGE_SIZES.items()]),
                # Offered only while a state is selected (assets/map.js): no Tab stop for nothing.
                html.Span(id=ids.IMAGE_SELECTION_FIELD, className="image-selection", hidden=view.country is None,
                          children=[
                    dcc.Checklist(id=ids.IMAGE_SELECTION, options=[{"label": _("Outline the selected state"),
                                                                     "value": "on"}], value=[], inline=True),
                ]),
                html.Button(_("Download PNG"), className="region", type="button", **{"data-image-format": "png"}),
                html.Button(_("Download SVG"), className="region", type="button", **{"data-image-format": "svg"}),
            ]),
            html.Ul(legend(ctx, view), id=ids.LEGEND, className="legend", **{"aria-label": _("Map legend")}),
        ]),
        dcc.Store(id=ids.MAP_DATA, data=paint_data(ctx, prefix)),
        dcc.Store(id=ids.PAINT_SINK),
        html.Div(id=ids.MAP_FRAME, className="map-frame", children=[
            # The height comes from the stylesheet's --map-height (it changes with the screen width);
            # an inline style is needed because dcc.Graph sets its own inline height.
            dcc.Graph(id=ids.MAP, figure=build_figure(ctx, geojson_url), className="map",
                      style={"height": "var(--map-height)"},
                      config={"topojsonURL": topojson_url, "displaylogo": False, "scrollZoom": True,
                              "responsive": True, "doubleClick": False,
                              "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud", "pan2d"],
                              **i18n.plotly_config(i18n.current(), gettext)}),
            html.Div(id=ids.MAP_TOOLTIP, className="map-tooltip", role="tooltip", hidden=True),
        ]),
    ])


def register(app, ctx: AppContext) -> None:
    # The first paint needs no server answer: the default view from the paint data alone (assets/map.js).
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="start"),
        Output(ids.PAINT_SINK, "data", allow_duplicate=True), Input(ids.MAP_DATA, "data"), State(ids.AS_OF, "data"),
        prevent_initial_call="initial_duplicate",
    )
    # The painter (assets/map.js) learns the reading, blocs and selection from Dash; the date it
    # reads from the slider itself, so a key press or a drag repaints before Dash sees it.
    app.clientside_callback(
        ClientsideFunction(namespace="atlasMap", function_name="setView"),
        Output(ids.PAINT_SINK, "data"), Output(ids.ZOOM_SELECTED, "disabled"),
        Output(ids.IMAGE_SELECTION_FIELD, "hidden"),
        Input(ids.MAP_DATA, "data"), Input(ids.READING, "value"), Input(ids.BLOCS, "value"),
        Input(ids.SELECTED, "data"), Input(ids.COMPARE_CODES, "data"), Input(ids.LAYER, "value"),
        State(ids.AS_OF, "data"),
    )
