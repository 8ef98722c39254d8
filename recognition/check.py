"""The maintainer's check (`python -m recognition check`): what the data says, and what still needs work."""

from __future__ import annotations

from datetime import date

import pandas as pd

from recognition import schema
from recognition.atlas import Atlas
from recognition.map_data import legend_counts
from recognition.readings import READINGS

WEAK_KINDS = ("reference", "other")


def sourced_tables(atlas: Atlas) -> dict[str, pd.DataFrame]:
    """Every loaded table that has a source_url column, by file name."""
    data = atlas.dataset
    frames = {schema.STATES.file: data.states, schema.EVENTS.file: data.events,
              schema.RECOGNITION_ORDER.file: data.recognition_order,
              schema.BLOC_DEFINITIONS.file: data.bloc_definitions, schema.BLOC_MEMBERSHIPS.file: data.bloc_memberships,
              schema.POSITIONS.file: data.positions, schema.HEADLINE_COUNTS.file: data.headline_counts,
              schema.CODE_CROSSWALK.file: data.code_crosswalk, **data.beyond.frames()}
    return {spec.file: frames[spec.file] for spec in schema.ALL_TABLES if spec.has_sources}


def source_kinds(atlas: Atlas) -> pd.DataFrame:
    """One row per cited source: file, row, source_url, source_kind."""
    return pd.concat([frame[["_row", "source_url", "source_kind"]].assign(file=file)
                      for file, frame in sourced_tables(atlas).items()], ignore_index=True)


def _counts(atlas: Atlas, as_of: date) -> list[str]:
    lines = []
    for key, reading in READINGS.items():
        counts = legend_counts(atlas, key, as_of)
        lines.append(f"  {reading.label}: {counts['recognises']['un']} UN members recognise "
                     f"(+{counts['recognises']['other']} others), {counts['withdrew']['un']} withdrew")
    return lines


def report(atlas: Atlas, today: date) -> str:
    data = atlas.dataset
    events = data.events.sort_values(["date", "_row"])
    latest = events.iloc[-1]
    unconfirmed = events[events["confirmed"] == "no"]
    sources = source_kinds(atlas)
    weak = sources[sources["source_kind"].isin(WEAK_KINDS)]
    lines = [f"Data valid: {len(schema.ALL_TABLES)} tables, {len(data.events)} events (version {data.version}).",
             f"As of today ({today.isoformat()}):", *_counts(atlas, today),
             f"As of the review date ({data.reviewed_on.isoformat()}, datapackage.json reviewed_on):",
             *_counts(atlas, data.reviewed_on),
             f"Latest event: {latest['date'].isoformat()} {atlas.names[latest['iso3']]} ({latest['iso3']}) "
             f"{latest['event']}, {latest['source_url']}",
             "Sources by kind: " + ", ".join(f"{kind} {count}" for kind, count in
                                               sources["source_kind"].value_counts().reindex(schema.SOURCE_KINDS,
                                                                                              fill_value=0).items()),
             f"Unconfirmed dates ({len(unconfirmed)}): the cited page does not state the day:"]
    lines += [f"  events.csv row {e['_row']}: {e['iso3']} {e['date'].isoformat()} {e['event']}"
              for _, e in unconfirmed.iterrows()]
    lines.append(f"Reference and other sources still cited ({len(weak)} cells, {weak['source_url'].nunique()} pages):")
    for (kind, url), cited in weak.groupby(["source_kind", "source_url"], sort=True):
        where = ", ".join(f"{file} {', '.join(map(str, group['_row'].head(5)))}"
                          + (" …" if len(group) > 5 else "") for file, group in cited.groupby("file"))
        lines.append(f"  {kind}: {url} ({where})")
    return "\n".join(lines)
