"""The cumulative timeline: UN members recognising over time, one step line per reading, withdrawals
marked, and a vertical line at the as-of date (moved by a patch). Clicking it sets the date."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, dcc, html

from common import i18n
from common.context import AppContext
from common.i18n import gettext, ngettext
from common.i18n import gettext as _
from components import ids
from components.beyond import milestone_marks
from components.fold import fold
from components.palette import READING_STYLES
from recognition.map_text import change_log
from recognition.params import VIEW_READINGS, View, status_reading
from recognition.readings import READINGS

# The as-of line is the figure's first shape (build_figure).
AS_OF_LINE = 0


def _line_widths(reading: str) -> dict[str, float]:
    focus = status_reading(reading)
    return {key: 3.0 if key == focus else 1.5 for key in READINGS}


def build_figure(ctx: AppContext, view: View) -> go.Figure:
    today = ctx.today()
    widths = _line_widths(view.reading)
    traces = []
    words = ctx.say()
    changed = {}
    for key, series in ctx.series.items():
        changed[key] = dict(zip(*change_log(ctx.atlas, key, words)))
        hover = [ngettext("%(date)s: %(num)s UN member", "%(date)s: %(num)s UN members", n, date=words.date(d))
                 + (f"<br>{changed[key][d]}" if d in changed[key] else "")
                 for d, n in zip(series.dates, series.recognising)]
        style = READING_STYLES[key]
        name = _(READINGS[key].label)
        traces.append(go.Scatter(
            x=[d.isoformat() for d in series.dates] + [today.isoformat()], y=series.recognising + [series.recognising[-1]],
            text=hover + [_("%(date)s: today", date=words.date(today))],
            mode="lines", line={"shape": "hv", "color": style["color"], "dash": style["dash"], "width": widths[key]},
            name=name, hovertemplate="%{text}<extra>" + name + "</extra>"))
    independent = ctx.series["independent"]
    marks = [i for i, d in enumerate(independent.dates) if d in set(independent.withdrawal_dates)]
    traces.append(go.Scatter(
        x=[independent.dates[i].isoformat() for i in marks], y=[independent.recognising[i] for i in marks],
        mode="markers", marker={"symbol": "x", "size": 9, "color": "#E69F00", "line": {"width": 1}},
        name=_("Withdrawal (independent)"),
        text=[_("%(date)s: %(changes)s", date=words.date(independent.dates[i]),
                changes=changed["independent"].get(independent.dates[i], "")) for i in marks],
        hovertemplate="%{text}<extra></extra>"))
    marks, shaded = milestone_marks(ctx, max(max(s.recognising) for s in ctx.series.values()) + 8)
    figure = go.Figure(traces + marks)
    figure.update_layout(
        margin={"l": 40, "r": 10, "t": 10, "b": 10}, height=300, hovermode="closest",
        legend={"orientation": "h", "y": -0.18, "x": 0, "yanchor": "top"}, yaxis={"title": _("UN members recognising"), "rangemode": "tozero", "fixedrange": True},
        xaxis={"range": ["2008-01-01", today.isoformat()], "fixedrange": True}, plot_bgcolor="#FFFFFF",
        paper_bgcolor="rgba(0,0,0,0)", dragmode=False, shapes=[_as_of_line(view.as_of), *shaded], uirevision="timeline")
    figure.update_xaxes(gridcolor="#EEEEEE")
    figure.update_yaxes(gridcolor="#EEEEEE")
    return figure


def _as_of_line(as_of: date) -> dict:
    return {"type": "line", "xref": "x", "yref": "paper", "x0": as_of.isoformat(), "x1": as_of.isoformat(),
            "y0": 0, "y1": 1, "line": {"color": "#333333", "width": 1.5, "dash": "dot"}}


def _placeholder(figure: go.Figure) -> dict:
    """What the graph shows until the chart is drawn: nothing, at the chart's height."""
    return {"data": [], "layout": {"height": figure.layout.height, "margin": figure.layout.margin.to_plotly_json(),
                                   "xaxis": {"visible": False}, "yaxis": {"visible": False},
                                   "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)"}}


def layout(ctx: AppContext, view: View) -> html.Section:
    # The chart comes with the page (so it is there offline) but is drawn after the map's first paint, when the
    # chart is near the viewport or the page is idle (assets/on_demand.js sets TIMELINE_WANTED): drawing it
    # first cost a phone's repeat visit about 0.4 s before the map.
    figure = build_figure(ctx, view)
    return html.Section(id=ids.TIMELINE_PANEL, className="timeline-panel", children=fold(
        _("Recognitions over time"), _("A chart of the UN members recognising Kosovo since 2008, in each reading"), [
            dcc.Graph(id=ids.TIMELINE, figure=_placeholder(figure),
                      config={"displayModeBar": False, **i18n.plotly_config(i18n.current(), gettext)}),
            html.P(_("Click anywhere on the chart to move the date there, or use the date slider under the map."),
                   className="hint"),
            dcc.Store(id=ids.TIMELINE_MARKER, data=marker_data()),
            dcc.Store(id=ids.TIMELINE_FIGURE, data=figure.to_plotly_json()),
            dcc.Store(id=ids.TIMELINE_WANTED),
        ]))


def marker_data() -> dict:
    """What the page needs to move the marker itself (assets/atlas.js, timeline): which shape is the as-of
    line, and for each reading the widths of the reading lines (the first traces, in this order)."""
    return {"line": AS_OF_LINE, "widths": {reading: list(_line_widths(reading).values()) for reading in VIEW_READINGS}}


def register(app) -> None:
    # The chart is drawn when it is wanted, then its marker follows the settled date (a second plotly redraw per
    # step would compete with the map), moved in the page: the date and the widths are a lookup, not worth a
    # request. The graph's own figure says whether the chart is drawn yet.
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="timeline"),
        Output(ids.TIMELINE, "figure"), Input(ids.AS_OF, "data"), Input(ids.READING, "value"),
        Input(ids.TIMELINE_WANTED, "data"), State(ids.TIMELINE, "figure"), State(ids.TIMELINE_FIGURE, "data"),
        State(ids.TIMELINE_MARKER, "data"), prevent_initial_call=True,
    )
