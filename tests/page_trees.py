"""The whole page as a reader ends up with it, as Dash component trees: the first layout and the bodies of the
sections below the fold, which the settled callback draws once the first screen is painted
(components/settled.py, BELOW_FOLD)."""

from __future__ import annotations

from dash import dcc, html

from components import compare, settled
from recognition.params import View

# The libraries of the components a part may return as plain JSON (components/rendered.py).
LIBRARIES = {"dash_html_components": html, "dash_core_components": dcc}


def as_components(value):
    """A part's answer with every plain JSON component (components/rendered.py `plain`) a component again, so that
    the tests read it as they read the layout (what a reader sees: the readable properties, not ids)."""
    if isinstance(value, dict) and {"type", "namespace", "props"} <= value.keys() and value["namespace"] in LIBRARIES:
        props = {name: as_components(prop) for name, prop in value["props"].items()}
        return getattr(LIBRARIES[value["namespace"]], value["type"])(**props)
    if isinstance(value, list):
        return [as_components(item) for item in value]
    return value


def below_fold(dash_app, ctx, view: View) -> list:
    """What every part that follows BELOW_FOLD draws for `view` once the page wants it."""
    values = {settled.key(dependency): None for dependency in settled.INPUTS}
    values |= {settled.key(settled.AS_OF): view.as_of.isoformat(), settled.key(settled.READING): view.reading,
               settled.key(settled.BLOCS): list(view.blocs), settled.key(settled.COUNTRY): view.country,
               settled.key(settled.BELOW_FOLD): True}
    prefix = dash_app.config.requests_pathname_prefix.rstrip("/")
    state = settled.Settled(ctx, compare.follower(ctx, prefix), values, set(values))
    drawn = [part for part in settled.parts(ctx, prefix) if settled.BELOW_FOLD in part.follows]
    assert drawn, "no part follows BELOW_FOLD"
    return [as_components(value) for part in drawn for value in part.values(state)]


def whole_page(dash_app, ctx, view: View) -> list:
    from app import build_layout
    return [build_layout(dash_app, ctx, view), *below_fold(dash_app, ctx, view)]
