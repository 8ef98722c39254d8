"""The arrays that colour the map, per reading and event date, computed once at start-up.

A date change then only looks up arrays (no geometry, no pandas), which a callback sends as
a small patch to the figure already in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from recognition.atlas import MAP_CLASSES, Atlas
from recognition.params import DISAGREEMENTS
from recognition.readings import DEFAULT_READING, READINGS

CLASS_LABELS = {
    "recognises": "Recognises Kosovo",
    "withdrew": "Withdrew recognition",
    "does_not_recognise": "Does not recognise",
    "kosovo": "Kosovo",
    "no_data": "Not a state / no data",
}
CONTESTED_LABEL = "Withdrawal claimed by Serbia, disputed by Kosovo"
DIMMED_OPACITY, FULL_OPACITY = 0.2, 1.0
CONTESTED_LINE, NORMAL_LINE = 2.5, 0.4


@dataclass(frozen=True)
class UnitArrays:
    """Per map unit (polygons or markers), in the order of the figure's trace."""

    classes: list[int]
    text: list[str]
    line_width: list[float]
    opacity: list[float]


def _hover(names: list[str], sovereign: list[str | None], classes: np.ndarray, since: list[date | None],
           contested: np.ndarray) -> list[str]:
    texts = []
    for name, owner, cls, day, disputed in zip(names, sovereign, classes, since, contested):
        label = CLASS_LABELS[MAP_CLASSES[cls]]
        head = f"<b>{name}</b>" + (f" ({owner})" if owner else "")
        when = f" since {day.isoformat()}" if day and MAP_CLASSES[cls] in ("recognises", "withdrew") else ""
        if MAP_CLASSES[cls] == "kosovo":
            label, when = "Kosovo", ": declared independence 2008-02-17"
        texts.append(f"{head}<br>{label}{when}" + (f"<br><i>{CONTESTED_LABEL}</i>" if disputed else ""))
    return texts


class MapData:
    """Colour, hover, outline and opacity arrays for the polygons and the markers."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self._cache: dict[tuple[str, int, str], tuple[np.ndarray, list[str], np.ndarray, np.ndarray]] = {}
        for reading in READINGS:
            for row in range(len(atlas.history.dates)):
                for layer in ("polygons", "markers"):
                    self._cache[(reading, row, layer)] = self._compute(reading, row, layer)

    def units(self, layer: str) -> pd.DataFrame:
        return self.atlas.geoframe if layer == "polygons" else self.atlas.markers

    def _compute(self, reading: str, row: int, layer: str):
        history = self.atlas.history
        units = self.units(layer)
        actor = units["actor_index"].to_numpy()
        has_actor = actor >= 0
        actor = np.maximum(actor, 0)
        codes = {key: snap.status[row] for key, snap in history.snapshots.items()}
        fixed = units["fixed_class"].to_numpy()
        classes = np.where(fixed >= 0, fixed, codes[reading][actor])
        since = history.snapshots[reading].since[row][actor]
        contested = self.atlas.contested_codes(codes)[actor] & has_actor
        stacked = np.vstack(list(codes.values()))
        disagree = (stacked != stacked[0]).any(axis=0)[actor] & has_actor
        sovereign = [self.atlas.names[o] if o != i else None for i, o in zip(units["iso3"], units["owner"])]
        days = [None if np.isnat(d) else pd.Timestamp(d).date() for d in since]
        text = _hover(list(units["name"]), sovereign, classes, days, contested)
        return classes, text, contested, disagree

    def arrays(self, layer: str, reading: str, as_of: date, blocs: list[str]) -> UnitArrays:
        status_reading = DEFAULT_READING if reading == DISAGREEMENTS else reading
        row = self.atlas.history.row_for(as_of)
        classes, text, contested, disagree = self._cache[(status_reading, row, layer)]
        units = self.units(layer)
        visible = np.ones(len(units), dtype=bool)
        if blocs:
            visible &= units["owner"].isin(self.atlas.members_of_any(blocs, as_of)).to_numpy()
        if reading == DISAGREEMENTS:
            visible &= disagree
        return UnitArrays(
            classes=classes.tolist(), text=text,
            line_width=np.where(contested, CONTESTED_LINE, NORMAL_LINE).tolist(),
            opacity=np.where(visible, FULL_OPACITY, DIMMED_OPACITY).tolist(),
        )


def legend_counts(atlas: Atlas, reading: str, as_of: date) -> dict[str, dict[str, int]]:
    """Per status (and for the contested outline): how many UN members and how many others."""
    status_reading = DEFAULT_READING if reading == DISAGREEMENTS else reading
    frame = atlas.status(status_reading, as_of)
    un = frame["iso3"].map(atlas.dataset.states.set_index("iso3")["un_member"]).eq("yes").to_numpy()
    shown = atlas.disagreement(as_of) if reading == DISAGREEMENTS else np.ones(len(frame), dtype=bool)
    status = frame["status"].to_numpy()
    groups = {name: (status == name) & shown for name in ("recognises", "withdrew", "does_not_recognise")}
    groups["contested"] = atlas.contested(as_of) & shown
    return {name: {"un": int((mask & un).sum()), "other": int((mask & ~un).sum())} for name, mask in groups.items()}
