"""What the map shows besides recognition: the 2008 General Assembly vote, the ICJ proceedings and the
travel documents accepted by states that do not recognise. Per layer: every state's class, the legend's
counts, the table's columns and a state's record with its source. Pure functions over the loaded tables.

Layers other than recognition are fixed in time (`LAYER_DAYS`): the vote of 8 October 2008, the proceedings
of 2009, the documents as recorded up to the review day. The slider drives the recognition layer only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from recognition import schema
from recognition.atlas import Atlas
from recognition.beyond_data import GA_VOTE_DAY, un_members_on
from recognition.fields import CHOICE, Field, of_table
from recognition.collation import ENGLISH_KEY
from recognition.words import N_

RECOGNITION = "recognition"
LAYERS = (RECOGNITION, "ga_vote_2008", "icj", "passports")
DEFAULT_LAYER = RECOGNITION
LAYER_LABELS = {RECOGNITION: N_("Recognition"), "ga_vote_2008": N_("UN vote of 8 October 2008"),
                "icj": N_("ICJ proceedings (2009)"), "passports": N_("Passports accepted")}
# The classes of each layer other than recognition, in legend order; the last is "no record".
LAYER_CLASSES = {
    "ga_vote_2008": ("yes", "no", "abstain", "absent", "not_member"),
    "icj": ("written_and_oral", "written_only", "oral_only", "no_part"),
    "passports": ("accepts_documents", "no_record"),
}
CLASS_LABELS = {
    "yes": N_("Voted for the referral to the ICJ"), "no": N_("Voted against"), "abstain": N_("Abstained"),
    "absent": N_("Did not vote"), "not_member": N_("Not a UN member then"),
    "written_and_oral": N_("Written statement and oral hearings"), "written_only": N_("Written statement only"),
    "oral_only": N_("Oral hearings only"), "no_part": N_("Took no part"),
    "accepts_documents": N_("Does not recognise, accepts Kosovo's documents"),
    "no_record": N_("No record of this"),
}
# Table columns per layer (beyond the state's name): the record's own columns.
TABLE_COLUMNS = {
    "ga_vote_2008": ("vote",),
    "icj": ("written_statement", "written_comments", "oral", "position"),
    "passports": ("since", "date_precision", "what"),
}

LAYER_SPECS = {"ga_vote_2008": schema.GA_VOTE_2008, "icj": schema.ICJ_PROCEEDINGS, "passports": schema.TRAVEL_DOCUMENTS}
SOURCE_COLUMNS = ("source_url", "source_kind", "accessed_on", "note")


def layer_fields(layer: str) -> tuple[Field, ...]:
    """The columns of a layer's table (layer_rows, layer.json), from its data file."""
    return (*of_table(schema.STATES, ["iso3", "name"]),
            Field("class", CHOICE, "the state's class in the layer (the legend's categories)", LAYER_CLASSES[layer],
                  {name: CLASS_LABELS[name] for name in LAYER_CLASSES[layer]}),
            *of_table(LAYER_SPECS[layer], [*TABLE_COLUMNS[layer], *SOURCE_COLUMNS]))


@dataclass(frozen=True)
class LayerState:
    """One layer's view: every actor's class (in `atlas.actors` order) and its record, if it has one."""
    layer: str
    day: date                 # the day the layer is fixed at
    classes: pd.Series        # iso3 -> class
    records: pd.DataFrame     # one row per state with a record: iso3 + TABLE_COLUMNS + source columns


def layer_day(atlas: Atlas, layer: str) -> date:
    if layer == "ga_vote_2008":
        return GA_VOTE_DAY
    if layer == "icj":
        return date(2009, 12, 11)   # the last day of the hearings
    return atlas.dataset.reviewed_on


def layer_state(atlas: Atlas, layer: str) -> LayerState:
    beyond = atlas.dataset.beyond
    actors = pd.Index(atlas.actors)
    source = list(SOURCE_COLUMNS)
    if layer == "ga_vote_2008":
        records = beyond.ga_vote[["iso3", "vote", *source]]
        members = un_members_on(atlas.dataset.states, GA_VOTE_DAY)
        classes = pd.Series("not_member", index=actors)
        classes[classes.index.isin(members)] = "absent"  # a member without a row would not hide: see counts
        classes.update(records.set_index("iso3")["vote"])
    elif layer == "icj":
        records = beyond.icj[beyond.icj["iso3"].isin(actors)]
        records = records[["iso3", "written_statement", "written_comments", "oral", "position", *source]]
        written, oral = records["written_statement"] == "yes", records["oral"] == "yes"
        kind = np.select([written & oral, written, oral], ["written_and_oral", "written_only", "oral_only"], "no_part")
        classes = pd.Series("no_part", index=actors)
        classes.update(pd.Series(kind, index=records["iso3"].to_numpy()))
    elif layer == "passports":
        day = atlas.dataset.reviewed_on
        rows = beyond.travel_documents[beyond.travel_documents["since"] <= day].sort_values(["iso3", "since"])
        records = rows.groupby("iso3", as_index=False).first()[["iso3", "since", "date_precision", "what", *source]]
        classes = pd.Series("no_record", index=actors)
        classes[classes.index.isin(records["iso3"])] = "accepts_documents"
    else:
        raise ValueError(f"{layer!r} is not a layer other than recognition")
    return LayerState(layer=layer, day=layer_day(atlas, layer), classes=classes,
                      records=records.reset_index(drop=True))


def layer_counts(atlas: Atlas, state: LayerState) -> dict[str, dict[str, int]]:
    """Per class: how many UN members (on the layer's day) and how many others."""
    un = pd.Series(atlas.un_member_mask(state.day), index=atlas.actors)
    return {name: {"un": int(((state.classes == name) & un).sum()), "other": int(((state.classes == name) & ~un).sum())}
            for name in LAYER_CLASSES[state.layer]}


def layer_rows(atlas: Atlas, state: LayerState) -> pd.DataFrame:
    """The table of a layer: every state with a record, its class, the record's columns and its source."""
    frame = state.records.copy()
    frame.insert(1, "name", frame["iso3"].map(atlas.names))
    frame.insert(2, "class", frame["iso3"].map(state.classes))
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, date)).any():
            frame[column] = frame[column].map(lambda v: v.isoformat() if isinstance(v, date) else v)
    return frame.sort_values("name", key=lambda names: names.map(ENGLISH_KEY), kind="stable").reset_index(drop=True)


def layer_record(atlas: Atlas, state: LayerState, iso3: str) -> dict | None:
    """A state's record in a layer (with its source), or None."""
    rows = layer_rows(atlas, state)
    found = rows[rows["iso3"] == iso3]
    return None if found.empty else {k: (None if pd.isna(v) else v) for k, v in found.iloc[0].items()}


# The map: every unit's paint code in a layer, as recognition/map_data.py codes the readings.
#     code = index of the unit's class in LAYER_CLASSES[layer] + FIXED (Kosovo, no data) + n * faded
FIXED_CLASSES = ("kosovo", "no_data")


def layer_map_data(atlas: Atlas, layer: str, colours: dict[str, str], border: str, words) -> dict:
    """What assets/map.js paints for a layer: the code string of every unit and the style of every code
    (fill, outline, the label read on hover), with `fade` for units outside the chosen blocs."""
    from recognition.map_data import (
        BORDER_WIDTH,
        MARKER_OUTLINE,
        _encode,
        faded_colour,
        units,
    )
    from recognition.map_data import CLASS_LABELS as MAP_LABELS

    names = LAYER_CLASSES[layer] + FIXED_CLASSES
    state = layer_state(atlas, layer)
    unit_frame = units(atlas)
    owners = unit_frame["owner"].map(state.classes)
    fixed = unit_frame["fixed_class"].to_numpy()
    from recognition.atlas import MAP_CLASSES
    classes = [MAP_CLASSES[f] if f >= 0 else (c if isinstance(c, str) else "no_data")
               for f, c in zip(fixed, owners)]
    codes = np.array([names.index(c) for c in classes])
    n = len(names)
    table: dict[str, list] = {key: [] for key in ("fill", "stroke", "width", "markerStroke", "markerWidth", "label")}
    for code in range(2 * n):
        name = names[code % n]
        table["fill"].append(faded_colour(colours[name]) if code >= n else colours[name])
        table["stroke"].append(border)
        table["width"].append(BORDER_WIDTH)
        table["markerStroke"].append(MARKER_OUTLINE)
        table["markerWidth"].append(1)
        table["label"].append(words.gettext(CLASS_LABELS[name] if name in CLASS_LABELS else MAP_LABELS[name]))
    table["fade"] = [code if code >= n else code + n for code in range(2 * n)]
    return {"codes": _encode(codes), "styles": table, "day": state.day.isoformat()}
