"""JSON from a client, parsed only when it is nested no deeper than a limit. Python's json module recurses
once per level of nesting, so text nested about a thousand deep raises RecursionError however short it
is: the nesting is measured first, by a scan that does not recurse."""

from __future__ import annotations

import json
import re

# A JSON string with its escapes: a bracket inside one is text, not nesting.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


class TooDeep(ValueError):
    """JSON text nested deeper than the limit; the message says so in one line."""


def nesting_depth(text: str) -> int:
    """How many arrays and objects deep `text` goes (0 for a scalar). Text that is no JSON gets a
    number as well; parsing it still fails as it would have."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def check_depth(text: str, max_depth: int) -> None:
    if nesting_depth(text) > max_depth:
        raise TooDeep(f"JSON nested more than {max_depth} levels deep")


def loads(text: str, max_depth: int) -> object:
    """json.loads for text nested at most `max_depth` deep; TooDeep otherwise, ValueError if it is no JSON."""
    check_depth(text, max_depth)
    return json.loads(text)
