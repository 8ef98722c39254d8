"""Parts drawn once: what a callback returns as plain JSON values, and a cache of the parts that depend only on
what changes on event days.

A settled view's answer (components/settled.py) is mostly the same from one date to the next: a legend, a
table of disagreements or a list of organisations changes only on the day of an event (an epoch,
Atlas.epoch_day), while the date it is drawn for is named in a sentence or two. The parts keep what depends
on the epoch in a `per_language` cache, drawn once per epoch and language, and put the date in around it.

Dash turns every value a callback returns into JSON; given Dash components, it first tries orjson, fails,
then walks the whole answer in Python (plotly's clean_to_json_compatible), a few milliseconds for a settled
view. `plain` turns the components into the dictionaries that walk would give (`Component.to_plotly_json`,
recursively), so that a cached part is turned once, not on every request, and the answer is written in one
go. What `plain` leaves as it is (a component inside a dictionary property) is still written correctly, by
that walk."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps

from dash.development.base_component import Component

from common import i18n


def plain(value):
    """`value` with every component (in lists and in the children of components) as its JSON dictionary."""
    if isinstance(value, Component):
        data = value.to_plotly_json()
        data["props"] = {name: plain(prop) for name, prop in data["props"].items()}
        return data
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def per_language(maxsize: int, normalise: Callable[..., tuple]) -> Callable[[Callable], Callable]:
    """Keep the plain JSON of a drawing function's answers by its normalised arguments and the page's language,
    the `maxsize` most recently used. `normalise` gives the arguments the drawing is made for: the same answer
    for every argument that has the same answer (an epoch's first day for any day of the epoch), and all that
    the drawing depends on besides the language (the context stands for the data version)."""
    def decorate(draw: Callable) -> Callable:
        @lru_cache(maxsize=maxsize)
        def drawn(language: str, *args):
            del language  # part of the key: `draw` writes in the request's language, which is this one
            return plain(draw(*args))

        @wraps(draw)
        def cached(*args):
            return drawn(i18n.current(), *normalise(*args))

        return cached
    return decorate
