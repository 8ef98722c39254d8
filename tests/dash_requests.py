"""Build the JSON body the Dash renderer POSTs to /_dash-update-component, from the app's own
callback map, so tests drive callbacks through the real HTTP endpoint."""

from __future__ import annotations


def _outputs(key: str) -> list[dict]:
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    outputs = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop.split("@")[0]})
    return outputs


def find_callback(app, output_prefix: str) -> str:
    """The callback key one of whose outputs starts with `output_prefix` (a whole key is its own prefix)."""
    if output_prefix in app.callback_map:
        return output_prefix
    matches = [k for k in app.callback_map if k.lstrip(".").startswith(output_prefix)
               or any(output.startswith(output_prefix) for output in k.strip(".").split("..."))]
    if len(matches) != 1:
        raise LookupError(f"{len(matches)} callbacks output {output_prefix}: {matches}")
    return matches[0]


def payload(app, output_prefix: str, values: dict[str, object], changed: list[str] | None = None) -> dict:
    """`values` maps "component.property" to a value for every input and state of the callback."""
    key = find_callback(app, output_prefix)
    spec = app.callback_map[key]
    entry = lambda item: {"id": item["id"], "property": item["property"],
                          "value": values.get(f"{item['id']}.{item['property']}")}
    outputs = _outputs(key)
    return {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [entry(i) for i in spec["inputs"]],
        "state": [entry(s) for s in spec["state"]],
        "changedPropIds": changed if changed is not None else [f"{i['id']}.{i['property']}" for i in spec["inputs"][:1]],
    }
