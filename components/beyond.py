"""The parts beyond recognition (issue 21): the "Show" choice of map layer (recognition, the 2008 General
Assembly vote, the ICJ proceedings, passports accepted) with its legend, table and a state's record; Kosovo
in international organisations as of the date; the milestones (also marked on the timeline); the positions
of other actors. The core decides every class, count and date; this module words and lays them out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from dash import Input, Output, dcc, html, no_update
from dash.exceptions import PreventUpdate

from common import i18n, routes
from common.context import AppContext
from common.i18n import gettext as _
from common.i18n import ngettext
from components import ids
from components.data_words import data_words
from components.fold import below_fold_placeholder
from components.palette import BORDER, CLASS_COLOURS
from components.rendered import per_language, plain
from recognition.details import SOURCE_KIND_LABELS
from recognition.layers import (
    CLASS_LABELS,
    DEFAULT_LAYER,
    LAYER_CLASSES,
    LAYER_LABELS,
    LAYERS,
    TABLE_COLUMNS,
    layer_counts,
    layer_map_data,
    layer_rows,
    layer_state,
)
from recognition.organisations import (
    last_act_day,
    memberships_as_of,
    milestones,
    organisations_as_of,
)
from recognition.words import N_

LAYER_COLOURS = {
    "yes": "#D55E00", "no": "#0072B2", "abstain": "#F0E442", "absent": "#7A7A7A", "not_member": "#D9D9D9",
    "written_and_oral": "#0072B2", "written_only": "#56B4E9", "oral_only": "#CC79A7", "no_part": "#E4E7EB",
    "accepts_documents": "#E69F00", "no_record": "#E4E7EB",
    "kosovo": CLASS_COLOURS["kosovo"], "no_data": CLASS_COLOURS["no_data"],
}
LAYER_DAY_WORDS = {
    "ga_vote_2008": N_("Fixed in time: the recorded vote of %(date)s on resolution 63/3, which asked the ICJ for "
                       "its advisory opinion. The date slider does not change this layer."),
    "icj": N_("Fixed in time: the written statements and the hearings of 2009, which ended on %(date)s. The date "
              "slider does not change this layer."),
    "passports": N_("As recorded up to %(date)s: states that do not recognise Kosovo but accept its passports or "
                    "documents. The date slider does not change this layer."),
}
COLUMN_LABELS = {
    "name": N_("State"), "vote": N_("Vote"), "written_statement": N_("Written statement"),
    "written_comments": N_("Written comments"), "oral": N_("Oral hearings"), "position": N_("Position"),
    "since": N_("Since"), "date_precision": N_("Date known to the"), "what": N_("What is accepted"),
    "class": N_("Class"), "source_url": N_("Source"),
}
VALUE_LABELS = {"yes": N_("yes"), "no": N_("no"), "abstain": N_("abstained"), "absent": N_("did not vote"),
                "supports_declaration_legal": N_("the declaration was lawful"), "opposes": N_("against the declaration"),
                "other": N_("another position"), "not_stated": N_("not stated"), "day": N_("day"),
                "month": N_("month"), "year": N_("year")}
OUTCOME_LABELS = {"admitted": N_("admitted"), "pending": N_("pending"), "opinion_adopted": N_("recommended"),
                  "rejected": N_("rejected"), "withdrawn": N_("withdrawn"),
                  "suspension_claimed": N_("suspension claimed by Serbia, denied by Kosovo")}
MILESTONE_LABELS = {
    "declaration": N_("Declaration of independence"), "icj_referral": N_("UN asks the ICJ"),
    "icj_order": N_("ICJ sets the procedure"), "icj_written_statements": N_("Written statements"),
    "icj_hearings": N_("ICJ hearings"), "icj_opinion": N_("ICJ opinion"), "ga_64_298": N_("UN welcomes dialogue"),
    "freedom_of_movement_2011": N_("Freedom of movement"), "brussels_2013": N_("Brussels Agreement"),
    "washington_2020": N_("Washington"), "brussels_2023": N_("Brussels 2023"), "ohrid_2023": N_("Ohrid"),
    "pace_opinion_2024": N_("PACE opinion"),
}


def milestone_label(key: str, title: str) -> str:
    return _(MILESTONE_LABELS[key]) if key in MILESTONE_LABELS else title


def layer_paint(ctx: AppContext) -> dict:
    """The map-data store's layers (the status map ships them with the readings)."""
    words = ctx.say(i18n.current())
    return {layer: layer_map_data(ctx.atlas, layer, LAYER_COLOURS, BORDER, words) for layer in LAYERS
            if layer != DEFAULT_LAYER}


def layer_control(layer: str = DEFAULT_LAYER) -> html.Fieldset:
    return html.Fieldset(className="reading layer-choice", children=[
        html.Legend(_("Show")),
        dcc.RadioItems(id=ids.LAYER, options=[{"label": _(LAYER_LABELS[key]), "value": key} for key in LAYERS],
                       value=layer, inline=False),
    ])


def _cell(ctx: AppContext, column: str, value) -> object:
    if value is None or value == "":
        return "—"
    if column == "source_url":
        return html.A(_("source"), href=value, rel="noopener", target="_blank")
    if column == "class":
        return _(CLASS_LABELS[value])
    if column in ("what",):
        return data_words(ctx, value)
    return _(VALUE_LABELS[value]) if value in VALUE_LABELS else str(value)


def layer_view(ctx: AppContext, layer: str, selected: str | None) -> list:
    """The layer's panel: its day, legend with counts, the selected state's record, downloads and table."""
    if layer not in LAYER_CLASSES:
        return []
    atlas = ctx.atlas
    state = layer_state(atlas, layer)
    counts = layer_counts(atlas, state)
    names = ctx.names()
    legend = [html.Li([
        html.Span(className="swatch", style={"background": LAYER_COLOURS[name]}),
        html.Span(_(CLASS_LABELS[name]), className="legend-label"),
        html.Span(ngettext("%(num)s UN member", "%(num)s UN members", c["un"])
                  + (" + " + ngettext("%(num)s other", "%(num)s other", c["other"]) if c["other"] else ""),
                  className="legend-count", **{"data-class": name, "data-un": c["un"], "data-other": c["other"]}),
    ]) for name, c in counts.items()]
    rows = layer_rows(atlas, state)
    record = rows[rows["iso3"] == selected] if selected else rows.iloc[0:0]
    if selected and record.empty:
        chosen = [html.P(_("%(state)s: no record in this layer.", state=names.get(selected, selected)),
                         className="layer-record")]
    elif selected:
        row = record.iloc[0]
        chosen = [html.Div(className="layer-record", children=[
            html.H3(names.get(selected, selected)),
            html.P(_(CLASS_LABELS[row["class"]])),
            html.Dl([item for column in TABLE_COLUMNS[layer]
                     for item in (html.Dt(_(COLUMN_LABELS[column])), html.Dd(_cell(ctx, column, row[column])))]),
            html.P([data_words(ctx, row["note"]) if isinstance(row["note"], str) else "", " ",
                    html.A(_("Source"), href=row["source_url"], rel="noopener", target="_blank"),
                    f" ({_(SOURCE_KIND_LABELS[row['source_kind']])})"]),
        ])]
    else:
        chosen = [html.P(_("Click a state on the map, or choose it in the country list, to see its record."),
                         className="hint")]
    columns = ["name", *TABLE_COLUMNS[layer], "class", "source_url"]
    local = {r["iso3"]: names.get(r["iso3"], r["name"]) for r in rows.to_dict("records")}
    by_iso3 = {r["iso3"]: r for r in rows.to_dict("records")}
    in_local_order = [by_iso3[iso3] for iso3 in i18n.alphabetical(local)]
    query = f"?{routes.Key.LAYER}={layer}"
    return [
        html.H2(_(LAYER_LABELS[layer])),
        html.P(_(LAYER_DAY_WORDS[layer], date=i18n.long_date(state.day)), className="layer-day"),
        html.Ul(legend, className="legend layer-legend", **{"aria-label": _("Layer legend")}),
        html.Div(chosen, **{"aria-live": "polite"}),
        html.P([html.A(_("Download CSV"), href=routes.LAYER_CSV + query), " · ",
                html.A(_("JSON"), href=routes.LAYER_JSON + query)], className="layer-downloads"),
        html.Details([
            html.Summary(ngettext("Table: %(num)s state with a record", "Table: %(num)s states with a record",
                                  len(rows))),
            html.Div(className="layer-table-wrap", tabIndex="0", **{"role": "region", "aria-label": _("Layer table")},
                     children=html.Table(className="layer-table", children=[
                         html.Thead(html.Tr([html.Th(_(COLUMN_LABELS[c]), scope="col") for c in columns])),
                         html.Tbody([html.Tr([html.Td(local[r["iso3"]] if c == "name" else _cell(ctx, c, r[c]))
                                              for c in columns], **{"data-iso3": r["iso3"]})
                                     for r in in_local_order]),
                     ])),
        ], className="layer-table-drawer"),
    ]


def layer_panel() -> html.Section:
    return html.Section(id=ids.LAYER_PANEL, className="layer-panel", hidden=True,
                        **{"aria-label": _("Map layer")})


def _votes(act: dict) -> str:
    if act["votes_for"] is None or act["votes_for"] != act["votes_for"]:
        return ""
    parts = [_("%(num)s for", num=act["votes_for"])]
    if act["votes_against"] == act["votes_against"] and act["votes_against"] is not None:
        parts.append(_("%(num)s against", num=act["votes_against"]))
    if act["votes_abstaining"] == act["votes_abstaining"] and act["votes_abstaining"] is not None:
        parts.append(_("%(num)s abstaining", num=act["votes_abstaining"]))
    return ", ".join(str(p) for p in parts)


def _organisation_lists(ctx: AppContext, day: date) -> list:
    """The memberships and the bids on `day` (they do not name it)."""
    beyond = ctx.atlas.dataset.beyond
    members = memberships_as_of(beyond, day)
    acts = organisations_as_of(beyond, day)
    bids = acts[acts["status_on_day"] != "member"]
    member_items = [html.Li([html.Strong(data_words(ctx, m["org"])), " ", data_words(ctx, m["name"]), ": ",
                             _("member since %(date)s", date=i18n.long_date(m["since"])), " ",
                             html.A(_("source"), href=m["source_url"], rel="noopener", target="_blank")],
                            **{"data-org": m["org"]})
                    for m in members.to_dict("records")]
    bid_items = [html.Li([i18n.long_date(a["date"]), " — ", html.Strong(data_words(ctx, a["org"])), ": ",
                          _(OUTCOME_LABELS[a["outcome"]]),
                          (f" ({_votes(a)}; " + _("needed:") + " " if _votes(a) else ""),
                          data_words(ctx, a["threshold"]) if _votes(a) else "", ")" if _votes(a) else "", " ",
                          html.A(_("source"), href=a["source_url"], rel="noopener", target="_blank")],
                         **{"data-org": a["org"], "data-outcome": a["outcome"], "data-date": a["date"].isoformat()})
                 for a in bids.to_dict("records")]
    return [
        html.H3(ngettext("Member of %(num)s organisation", "Member of %(num)s organisations", len(members))),
        html.Ul(member_items or [html.Li(_("None yet."))], className="org-members"),
        html.H3(_("Bids not (yet) successful, oldest first")),
        html.Ul(bid_items or [html.Li(_("None yet."))], className="org-bids"),
    ]


def organisations_view(ctx: AppContext, day: date, lists: Callable = _organisation_lists) -> list:
    """Kosovo's memberships and bids as of `day`; `lists` draws the lists (uncached by default, cached when the
    settled view follows: `follow_organisations`)."""
    query = f"?{routes.Key.AS_OF}={day.isoformat()}"
    return [
        html.H2(_("Kosovo in international organisations as of %(date)s", date=i18n.long_date(day))),
        *lists(ctx, day),
        html.P([html.A(_("Download CSV"), href=routes.ORGANISATIONS_CSV + query), " · ",
                html.A(_("JSON"), href=routes.ORGANISATIONS_JSON + query)]),
    ]


# The lists change only on the day of an act: one per act (about 20) and language, up to ~70 KB each.
_drawn_organisation_lists = per_language(128, lambda ctx, day: (ctx, last_act_day(ctx.atlas.dataset.beyond, day)))(
    _organisation_lists)


def follow_organisations(ctx: AppContext, day: date) -> list:
    """The organisations as of `day` as plain JSON, the lists drawn once per act (components/settled.py)."""
    return plain(organisations_view(ctx, day, _drawn_organisation_lists))


def organisations_panel() -> html.Section:
    """Kosovo's memberships and bids as of the view's date, drawn once the first screen is painted."""
    return html.Section(id=ids.ORGANISATIONS_PANEL, className="organisations-panel",
                        **{"aria-labelledby": ids.ORGANISATIONS_PANEL + "-h"},
                        children=html.Div(id=ids.ORGANISATIONS_BODY, children=below_fold_placeholder()))


def milestones_panel() -> html.Section:
    return html.Section(id=ids.MILESTONES_PANEL, className="milestones-panel", children=[
        html.H2(_("Milestones")),
        html.P(_("Marked on the timeline above; the year of the Washington moratorium (September 2020 to September "
                 "2021) is shaded. Click a mark to read it here."), className="hint"),
        html.Div(id=ids.MILESTONE_DETAIL, **{"aria-live": "polite"}),
        html.Ol(id=ids.MILESTONE_LIST, className="milestone-list"),
    ])


def milestone_items(ctx: AppContext) -> list:
    frame = milestones(ctx.atlas.dataset.beyond)
    return [html.Li([
        html.Strong(i18n.long_date(m["date"])), " — ", milestone_label(m["key"], m["title"]), ": ",
        data_words(ctx, m["what_changed"]), " ",
        html.A(_("source"), href=m["source_url"], rel="noopener", target="_blank")],
        id=f"milestone-{m['key']}", **{"data-key": m["key"], "data-date": m["date"].isoformat()})
        for m in frame.to_dict("records")]


def other_actors_panel() -> html.Section:
    return html.Section(id=ids.OTHER_ACTORS_PANEL, className="other-actors-panel", children=[
        html.H2(_("Other actors: non-UN entities and movements")),
        html.P(_("Their positions, not shown on the map."), className="hint"),
        html.Ul(id=ids.OTHER_ACTORS_LIST),
    ])


def other_actor_items(ctx: AppContext) -> list:
    frame = ctx.atlas.dataset.beyond.other_actors.sort_values("date")
    return [html.Li([html.Strong(data_words(ctx, a["actor"])), f" ({i18n.long_date(a['date'])}): ",
                     data_words(ctx, a["position"]), " ",
                     html.A(_("source"), href=a["source_url"], rel="noopener", target="_blank")])
            for a in frame.to_dict("records")]


def milestone_marks(ctx: AppContext, top: int) -> tuple[list, list]:
    """Timeline traces and shapes: a labelled mark per milestone at the top, the moratorium year shaded."""
    import plotly.graph_objects as go

    frame = milestones(ctx.atlas.dataset.beyond)
    labels = [milestone_label(k, t) for k, t in zip(frame["key"], frame["title"])]
    trace = go.Scatter(
        x=[d.isoformat() for d in frame["date"]], y=[top] * len(frame), mode="markers",
        marker={"symbol": "triangle-down", "size": 11, "color": "#333333"}, name=_("Milestone"),
        customdata=list(frame["key"]), text=[f"{i18n.long_date(d)}: {label}" for d, label in zip(frame["date"], labels)],
        hovertemplate="%{text}<extra></extra>")
    shapes = [{"type": "rect", "xref": "x", "yref": "paper", "x0": m["date"].isoformat(),
               "x1": m["end_date"].isoformat(), "y0": 0, "y1": 1, "fillcolor": "#F0E442", "opacity": 0.25,
               "line": {"width": 0}, "layer": "below"}
              for m in frame.to_dict("records") if m["key"] == "washington_2020" and isinstance(m["end_date"], date)]
    return [trace], shapes


def follow_layer(ctx: AppContext, layer, selected: str | None) -> tuple[list, bool, bool]:
    """The layer's panel (with the selected state's record), whether it is hidden, and whether the status
    legend is (components/settled.py)."""
    if layer not in LAYERS:
        raise PreventUpdate
    if layer == DEFAULT_LAYER:
        return [], True, False
    return layer_view(ctx, layer, selected), False, True


def asked_layer(params: dict[str, list[str]]) -> str:
    """The layer a page URL's parameters ask for (components/controls.py restores it); the default if none is."""
    wanted = (params.get(routes.Key.LAYER) or [DEFAULT_LAYER])[0]
    return wanted if wanted in LAYERS else DEFAULT_LAYER


def register(app, ctx: AppContext) -> None:
    @app.callback(Output(ids.MILESTONE_DETAIL, "children"), Input(ids.TIMELINE, "clickData"),
                  prevent_initial_call=True)
    def read_milestone(click):
        try:
            key = click["points"][0]["customdata"]
        except (TypeError, KeyError, IndexError):
            return no_update
        found = milestones(ctx.atlas.dataset.beyond)
        found = found[found["key"] == key]
        if found.empty:
            return no_update
        m = found.iloc[0]
        return html.Div(className="milestone-note", children=[
            html.H3([i18n.long_date(m["date"]), " — ", milestone_label(m["key"], m["title"])]),
            html.P(data_words(ctx, m["what_changed"])),
            html.P(data_words(ctx, m["note"])) if isinstance(m["note"], str) else None,
            html.P(html.A(_("Source"), href=m["source_url"], rel="noopener", target="_blank")),
        ])
