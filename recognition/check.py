"""The maintainer's check (`python -m recognition check`): what the data says, and what still needs work."""

from __future__ import annotations

from datetime import date

import pandas as pd

from recognition import schema
from recognition.atlas import Atlas
from recognition.map_data import legend_counts
from recognition.readings import EVENT_EFFECT, READINGS, STATUSES, in_day_order

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


def weak_event_impact(atlas: Atlas) -> pd.DataFrame:
    """Every events.csv row with a `reference` or `other` source, ranked by what rests on it: first the rows
    that alone decide a state's current status in some reading (the event that set the status today has a
    weak source, and no other event with the same effect counted in that reading has a primary or press
    one), by how many readings they decide; then the other weak rows. Columns: _row, iso3, date, event,
    source_kind, source_url, decides (the readings whose current status rests on the row alone), status."""
    history = atlas.history
    events = history.events
    last = len(history.dates) - 1
    weak = events["source_kind"].isin(WEAK_KINDS)
    decides: dict[int, list[str]] = {}
    status_of: dict[int, str] = {}
    effect = events["event"].map(EVENT_EFFECT)
    for key, reading in READINGS.items():
        snapshot = history.snapshots[key]
        for position, iso3 in enumerate(history.actors):
            index = int(snapshot.last_event[last][position])
            if index < 0 or not weak.iloc[index]:
                continue
            since = pd.Timestamp(snapshot.since[last][position]).date()  # other support counts only since then
            same = events[(events["iso3"] == iso3) & (effect == effect.iloc[index]) & (events.index != index)
                          & (events["date"] >= since)]
            accepted = [reading.accepts(kind, disputed) for kind, disputed in zip(same["event"], same["disputed_by"])]
            counted = same.loc[pd.Series(accepted, index=same.index, dtype=bool)]
            if counted["source_kind"].isin(("primary", "press")).any():
                continue
            decides.setdefault(index, []).append(key)
            status_of[index] = STATUSES[snapshot.status[last][position]]
    rows = events[weak].copy()
    rows["decides"] = [",".join(decides.get(i, [])) for i in rows.index]
    rows["status"] = [status_of.get(i, "") for i in rows.index]
    rows["rank"] = [-len(decides.get(i, [])) for i in rows.index]
    return rows.sort_values(["rank", "date", "_row"])[["_row", "iso3", "date", "event", "source_kind", "source_url",
                                                        "decides", "status"]].reset_index(drop=True)


def _counts(atlas: Atlas, as_of: date) -> list[str]:
    lines = []
    for key, reading in READINGS.items():
        counts = legend_counts(atlas, key, as_of)
        lines.append(f"  {reading.label}: {counts['recognises']['un']} UN members recognise "
                     f"(+{counts['recognises']['other']} others), {counts['withdrew']['un']} withdrew")
    return lines


def report(atlas: Atlas, today: date) -> str:
    data = atlas.dataset
    events = in_day_order(data.events)
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
             f"Confirmed dates: {len(events) - len(unconfirmed)} of {len(events)} events quote the words of the cited "
             "page that give the day (date_evidence).",
             f"Rows that cannot be confirmed ({len(unconfirmed)}): no cited page states the day (the note says why):"]
    lines += [f"  events.csv row {e['_row']}: {e['iso3']} {e['date'].isoformat()} {e['event']}"
              + ("" if e["date_precision"] == "day" else f" (known to the {e['date_precision']})")
              for _, e in unconfirmed.iterrows()]
    ranked = weak_event_impact(atlas)
    deciding = ranked[ranked["decides"] != ""]
    lines.append(f"Reference and other sources still cited ({len(weak)} cells, {weak['source_url'].nunique()} pages), "
                 "ranked by impact:")
    lines.append(f"  1. Events whose weak source alone decides a state's current status ({len(deciding)}):")
    lines += [f"    events.csv row {e['_row']}: {e['iso3']} {e['date'].isoformat()} {e['event']} -> {e['status']} "
              f"in {e['decides'].replace(',', ', ')}; {e['source_kind']}: {e['source_url']}"
              for _, e in deciding.iterrows()]
    rest = ranked[ranked["decides"] == ""]
    lines.append(f"  2. Other events with a weak source (history, claims, denials; {len(rest)}):")
    lines += [f"    events.csv row {e['_row']}: {e['iso3']} {e['date'].isoformat()} {e['event']}; "
              f"{e['source_kind']}: {e['source_url']}" for _, e in rest.iterrows()]
    others = weak[weak["file"] != schema.EVENTS.file]
    lines.append(f"  3. Other files (positions, counts, states, order tables, codes; {len(others)} cells), by page:")
    for (kind, url), cited in others.groupby(["source_kind", "source_url"], sort=True):
        where = ", ".join(f"{file} {', '.join(map(str, group['_row'].head(5)))}"
                          + (" …" if len(group) > 5 else "") for file, group in cited.groupby("file"))
        lines.append(f"    {kind}: {url} ({where})")
    return "\n".join(lines)
