"""What follows a settled view: one server callback, so one request, for every part of the page that follows the
as-of date, the reading, the blocs, the chosen state, the comparison, the map layer or the table's search once it
settles (issue 17: a settled date cost ten requests, one per part). Each part keeps its ids, layout and rendering
(the `follow` functions called here); this module only wires them, and leaves the parts that do not follow what
changed as they are (`no_update`).

Not here: the grid's rows (components/table.py: the grid is put in the page when the table comes near, and Dash
runs no callback whose output is missing from the page, so they keep a callback of their own, a request only once
the grid is there) and the timeline's marker (moved in the page: components/timeline.py).

What changed is what triggered the request and what differs from the inputs the parts were last drawn for (a
store the callback writes with its answer): when an input changes while a request is under way, Dash drops
that request's answer and sends a new one that names only the newest change, so parts that followed only the
first change (a shared link's comparison or blocs, restored while the slider settles) would never be drawn."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from dash import Input, Output, State, callback_context, dcc, no_update
from dash.exceptions import PreventUpdate

from common.context import AppContext
from components import (
    beyond,
    bloc_summary,
    compare,
    controls,
    details,
    disagreements,
    header,
    ids,
    status_map,
    table,
    text_view,
)
from components.inputs import require_view
from components.rendered import plain
from recognition.params import View

# What the page sends, in this order (the first is the as-of date: the change that happens most).
AS_OF, READING, BLOCS = Input(ids.AS_OF, "data"), Input(ids.READING, "value"), Input(ids.BLOCS, "value")
COUNTRY = Input(ids.COUNTRY_SEARCH, "value")
COMPARE_ON, COMPARE_FROM = Input(ids.COMPARE_ON, "value"), Input(ids.COMPARE_FROM, "value")
LAYER, SEARCH, GRID = Input(ids.LAYER, "value"), Input(ids.TABLE_SEARCH, "value"), Input(ids.TABLE_QUERY, "data")
# Set once the first screen is painted, or when the reader comes near a section below the fold
# (assets/on_demand.js): the bodies of those sections are drawn then, not with the first layout.
BELOW_FOLD = Input(ids.BELOW_FOLD, "data")
INPUTS = (AS_OF, READING, BLOCS, COUNTRY, COMPARE_ON, COMPARE_FROM, LAYER, SEARCH, GRID, BELOW_FOLD)


def key(dependency) -> str:
    return f"{dependency.component_id}.{dependency.component_property}"


class Settled:
    """The values of one request, each checked (and computed) once, when a part first needs it."""

    def __init__(self, ctx: AppContext, comparison: Callable, values: dict, changed: set[str]) -> None:
        self.ctx, self.comparison, self.values, self.changed = ctx, comparison, values, changed

    def __getitem__(self, dependency):
        return self.values[key(dependency)]

    @cached_property
    def view(self) -> View:
        """The date, reading and blocs (no update at all for a forged or broken one)."""
        return require_view(self.ctx, self[AS_OF], self[READING], self[BLOCS])

    @cached_property
    def country(self) -> str | None:
        return controls.chosen_country(self.ctx, self[COUNTRY])

    @cached_property
    def compared(self) -> tuple[dict | None, list]:
        """The compare store (the comparison the server accepted, or None) and the list of changes."""
        return self.comparison(self[COMPARE_ON], self[COMPARE_FROM], self.view)

    @cached_property
    def with_country(self) -> View:
        return replace(self.view, country=self.country)

    def below_fold(self, values: Callable[[], tuple]) -> tuple:
        """A section below the fold: drawn once the page wants it, until then left as it is."""
        if not self[BELOW_FOLD]:
            raise PreventUpdate
        return values()


@dataclass(frozen=True)
class Part:
    outputs: tuple[Output, ...]
    follows: tuple[Input, ...]
    values: Callable[[Settled], tuple]


def parts(ctx: AppContext, route_prefix: str) -> tuple[Part, ...]:
    """Every part that follows the settled view: its outputs, the inputs it follows, what it shows."""
    dated = (AS_OF, READING)
    return (
        Part((Output(ids.SELECTED, "data"),), (COUNTRY,), lambda s: (s.country,)),
        Part((Output(ids.AS_OF_HEADLINE, "children"), Output(ids.FRESHNESS, "children")),
             (*dated, COMPARE_ON, COMPARE_FROM), lambda s: header.follow(ctx, s.view, s.compared[0])),
        Part((Output(ids.LEGEND, "children"),), (*dated, COMPARE_ON, COMPARE_FROM),
             lambda s: (status_map.follow_legend(ctx, s.view, s.compared[0]),)),
        Part((Output(ids.COMPARE_CODES, "data"), Output(ids.COMPARE_RESULT, "children")),
             (*dated, COMPARE_ON, COMPARE_FROM), comparison_shown),
        Part((Output(ids.DETAILS, "children"), Output(ids.DETAILS_STATUS, "children")), (*dated, COUNTRY),
             lambda s: details.follow(ctx, s.with_country)),
        Part((Output(ids.BLOC_COUNT, "children"),), (BLOCS,), lambda s: (controls.bloc_count(s.view.blocs),)),
        Part((Output(ids.BLOC_SUMMARY, "children"),), (*dated, BLOCS), lambda s: (bloc_summary.follow(ctx, s.view),)),
        Part((Output(ids.MAP_TEXT, "children"), Output(ids.MAP_CHANGES, "children")), (*dated, BLOCS),
             lambda s: text_view.follow(ctx, s.view)),
        Part((Output(ids.EXPORT_LINK, "href"),), (*dated, BLOCS, SEARCH, GRID),
             lambda s: (table.export_link(s.view, s[SEARCH], s[GRID], route_prefix),)),
        Part((Output(ids.DISAGREEMENTS_PUBLISHED, "children"),), (BELOW_FOLD,),
             lambda s: s.below_fold(lambda: (disagreements.published(ctx),))),
        Part((Output(ids.DISAGREEMENTS_PANEL, "children"),), (AS_OF, BELOW_FOLD),
             lambda s: s.below_fold(lambda: (disagreements.follow(ctx, s.view),))),
        Part((Output(ids.ORGANISATIONS_BODY, "children"),), (AS_OF, BELOW_FOLD),
             lambda s: s.below_fold(lambda: (beyond.follow_organisations(ctx, s.view.as_of),))),
        Part((Output(ids.MILESTONE_LIST, "children"), Output(ids.OTHER_ACTORS_LIST, "children")), (BELOW_FOLD,),
             lambda s: s.below_fold(lambda: (beyond.milestone_items(ctx), beyond.other_actor_items(ctx)))),
        Part((Output(ids.LAYER_PANEL, "children"), Output(ids.LAYER_PANEL, "hidden"), Output(ids.LEGEND, "hidden")),
             (LAYER, COUNTRY), lambda s: beyond.follow_layer(ctx, s[LAYER], s.country)),
    )


def comparison_shown(settled: Settled) -> tuple:
    """The comparison, unless there is none now and was none before (the switch is off and was not just
    turned off): then the store and the list stay as they are, and what follows the store (the map's painter,
    the page URL) does not run again."""
    if settled.compared == (None, []) and key(COMPARE_ON) not in settled.changed:
        return no_update, no_update
    return settled.compared


def fingerprint(value) -> str:
    """A short digest of an input's value: the store echoes no text or number a request sent."""
    return hashlib.sha1(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def fingerprints(values: dict) -> dict[str, str]:
    return {name: fingerprint(value) for name, value in values.items()}


def layout(view: View) -> list[dcc.Store]:
    """The view the page's first layout is drawn for, and whether the sections below the fold are wanted (not
    yet). The other inputs are not known here: the first settled request draws their parts again, which
    costs only that."""
    first = {key(AS_OF): view.as_of.isoformat(), key(READING): view.reading, key(BLOCS): list(view.blocs),
             key(COUNTRY): view.country, key(BELOW_FOLD): False}
    return [dcc.Store(id=ids.SETTLED_SEEN, data=fingerprints(first)), dcc.Store(id=ids.BELOW_FOLD, data=False)]


def changed_since(seen, values: dict, triggered: set[str]) -> set[str]:
    """What triggered the request, and every input whose value differs from the one the parts were last drawn
    for (no store: what triggered the request)."""
    if not isinstance(seen, dict):
        return triggered
    return triggered | {name for name, digest in fingerprints(values).items() if seen.get(name) != digest}


def register(app, ctx: AppContext, route_prefix: str) -> None:
    every_part = parts(ctx, route_prefix)
    comparison = compare.follower(ctx, route_prefix)

    @app.callback(*(output for part in every_part for output in part.outputs), Output(ids.SETTLED_SEEN, "data"),
                  *INPUTS, State(ids.SETTLED_SEEN, "data"), prevent_initial_call=True)
    def follow(*values_and_seen):
        *values, seen = values_and_seen
        values = {key(dependency): value for dependency, value in zip(INPUTS, values)}
        triggered = set(callback_context.triggered_prop_ids) or set(values)
        changed = changed_since(seen, values, triggered)
        settled = Settled(ctx, comparison, values, changed)
        answer = []
        for part in every_part:
            answer += show(part, settled, changed)
            # Let the server answer others between two parts: under gevent (gunicorn.conf.py patches time.sleep)
            # this yields to the event loop, so that a /health check waits for a part of each request ahead of
            # it, not for all of them; elsewhere it only gives up the rest of this thread's time slice.
            time.sleep(0)
        if all(value is no_update for value in answer):
            raise PreventUpdate
        return [*answer, fingerprints(values)]


def show(part: Part, settled: Settled, changed: set[str]) -> list:
    """The part's new values (as plain JSON: components/rendered.py) if it follows what changed, else no update;
    no update too for a part whose inputs are forged or broken (the others still follow)."""
    unchanged = [no_update] * len(part.outputs)
    if not changed & {key(dependency) for dependency in part.follows}:
        return unchanged
    try:
        return [plain(value) for value in part.values(settled)]
    except PreventUpdate:
        return unchanged
