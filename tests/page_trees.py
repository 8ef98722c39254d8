"""The whole page as a reader ends up with it, as Dash component trees: the first layout and the bodies of the
sections below the fold, which the settled callback draws once the first screen is painted
(components/settled.py, BELOW_FOLD)."""

from __future__ import annotations

from components import compare, settled
from recognition.params import View


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
    return [value for part in drawn for value in part.values(state)]


def whole_page(dash_app, ctx, view: View) -> list:
    from app import build_layout
    return [build_layout(dash_app, ctx, view), *below_fold(dash_app, ctx, view)]
