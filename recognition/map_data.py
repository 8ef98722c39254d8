"""What the browser needs to recolour the map for any date, reading and blocs, computed once.

The status history is sent to the page once, as compact change lists; a clientside callback
(assets/map.js) then recolours the map without a server round trip. Nothing here is computed
in the browser that the core has not decided: the change lists carry each state's status and the
day it took effect, per reading.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from recognition.atlas import MAP_CLASSES, Atlas
from recognition.params import DISAGREEMENTS
from recognition.readings import DEFAULT_READING, READINGS
from recognition.schema import TIMELINE_START

CLASS_LABELS = {
    "recognises": "Recognises Kosovo",
    "withdrew": "Withdrew recognition",
    "does_not_recognise": "Does not recognise",
    "kosovo": "Kosovo",
    "no_data": "Not a state / no data",
}
CONTESTED_LABEL = "Withdrawal claimed by Serbia, disputed by Kosovo"


def _day(value) -> int:
    """Days since the timeline start: the unit the browser compares dates in."""
    return (pd.Timestamp(value).date() - TIMELINE_START).days


def _units(atlas: Atlas, frame: pd.DataFrame) -> dict:
    labels = []
    for iso3, name, owner in zip(frame["iso3"], frame["name"], frame["owner"]):
        labels.append(f"<b>{name}</b>" + (f" ({atlas.names[owner]})" if owner != iso3 else ""))
    return {"actor": frame["actor_index"].astype(int).tolist(), "fixed": frame["fixed_class"].astype(int).tolist(),
            "label": labels}


def change_lists(atlas: Atlas) -> dict[str, list[list[int]]]:
    """Per reading: [day, actor, status code] for every change of a state's status, in date order."""
    history = atlas.history
    lists = {}
    for key in READINGS:
        status = history.snapshots[key].status
        changes = []
        for row in range(1, len(history.dates)):
            day = _day(history.dates[row])
            for actor in np.flatnonzero(status[row] != status[row - 1]):
                changes.append([day, int(actor), int(status[row][actor])])
        lists[key] = changes
    return lists


def client_map_data(atlas: Atlas) -> dict:
    """Everything assets/map.js needs, as plain JSON (a few tens of KB before compression)."""
    position = {iso3: i for i, iso3 in enumerate(atlas.actors)}
    memberships = {}
    for bloc, iso3, joined, left in atlas.memberships[["bloc", "iso3", "joined", "left"]].itertuples(index=False):
        if iso3 in position:
            memberships.setdefault(bloc, []).append([position[iso3], None if joined is None or pd.isna(joined)
                                                     else _day(joined), None if left is None or pd.isna(left)
                                                     else _day(left)])
    return {
        "classes": list(MAP_CLASSES),
        "labels": CLASS_LABELS,
        "contestedLabel": CONTESTED_LABEL,
        "actors": len(atlas.actors),
        "changes": change_lists(atlas),
        # Every day on which something was recorded: the steps of Play.
        "eventDays": [_day(d) for d in atlas.history.dates[1:]],
        "memberships": memberships,
        "polygons": _units(atlas, atlas.geoframe),
        "markers": _units(atlas, atlas.markers),
        "disagreements": DISAGREEMENTS,
        "defaultReading": DEFAULT_READING,
    }


def legend_counts(atlas: Atlas, reading: str, as_of: date) -> dict[str, dict[str, int]]:
    """Per status (and for the contested outline): how many UN members and how many others."""
    status_reading = DEFAULT_READING if reading == DISAGREEMENTS else reading
    frame = atlas.status(status_reading, as_of)
    un = atlas.un_member_mask(as_of)
    shown = atlas.disagreement(as_of) if reading == DISAGREEMENTS else np.ones(len(frame), dtype=bool)
    status = frame["status"].to_numpy()
    groups = {name: (status == name) & shown for name in ("recognises", "withdrew", "does_not_recognise")}
    groups["contested"] = atlas.contested(as_of) & shown
    return {name: {"un": int((mask & un).sum()), "other": int((mask & ~un).sum())} for name, mask in groups.items()}
