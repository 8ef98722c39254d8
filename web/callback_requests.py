"""What a well-formed callback request is: the JSON body dash-renderer POSTs to /_dash-update-component.

Dash indexes into the body without checking it, so a malformed body would fail somewhere inside Dash
with a KeyError, TypeError or AttributeError that looks exactly like a bug in the app. Checking the
shape first against the app's own callback map separates the two: a body that fails here is the
client's error (400 with the reason); an exception after it is the server's (500).
"""

from __future__ import annotations

from collections.abc import Mapping

from dash._utils import split_callback_id

WILDCARD_OUTPUT = "{"  # pattern-matching outputs have JSON ids in the callback key
# The renderer's bodies go 7 levels deep (a table's filter model in a list of inputs); json.loads
# recursion fails near 1,000.
MAX_BODY_DEPTH = 32


def _is_dependency(item: object, expected: Mapping) -> bool:
    """One input, state or output entry: the id and property the callback declares (a pattern-matching
    id is a JSON object whose concrete values the renderer fills in)."""
    if not isinstance(item, dict) or item.get("property") != expected["property"]:
        return False
    if isinstance(expected["id"], dict):
        return isinstance(item.get("id"), dict)
    return item.get("id") == expected["id"]


def _matches(sent: object, declared: list[Mapping]) -> bool:
    if not isinstance(sent, list) or len(sent) != len(declared):
        return False
    for item, expected in zip(sent, declared):
        group = item if isinstance(item, list) and isinstance(expected["id"], dict) else [item]
        if not all(_is_dependency(entry, expected) for entry in group):
            return False
    return True


def _bare(output: object) -> object:
    """An output entry without the "@<hash>" that marks an output other callbacks also set: the renderer
    sends the mark, and Dash answers the same without it."""
    if isinstance(output, dict) and isinstance(output.get("property"), str):
        return {**output, "property": output["property"].split("@")[0]}
    return output


def _outputs_match(key: str, outputs: object) -> bool:
    """A multi-output callback ("..a.x...b.y..") is sent a list of outputs, a single-output one an object."""
    multi = key.startswith("..")
    if WILDCARD_OUTPUT in key:  # the renderer fills in the ids: only the shape can be checked
        return isinstance(outputs, list if multi else dict)
    declared = split_callback_id(key)
    sent = outputs if multi else [outputs]
    return _matches([_bare(o) for o in sent] if isinstance(sent, list) else sent,
                    [_bare(o) for o in (declared if multi else [declared])])


def callback_body_problem(body: object, callback_map: Mapping[str, Mapping]) -> str | None:
    """Why `body` is not a request for one of the app's server callbacks, or None if it is one."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:
        return "'output' names no server callback of this app"
    for field in ("inputs", "state"):
        if not _matches(body.get(field, []), spec[field]):
            return f"'{field}' does not match the callback's {field}"
    if not spec.get("no_output") and not _outputs_match(output, body.get("outputs")):
        return "'outputs' does not match the callback's outputs"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(prop, str) for prop in changed):
        return "'changedPropIds' must be a list of strings"
    return None
