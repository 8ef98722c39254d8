"""What the browser needs to paint the map for any date, reading and blocs, decided here once.

The core gives every map unit (polygons, then small-state markers) a *paint code* for a view:

    code = class + K * contested + 2K * faded          (K = len(MAP_CLASSES))

where the class is the owner's status (or a fixed class: Kosovo, no data), `contested` marks a
withdrawal claimed by Serbia and disputed by Kosovo, and `faded` a unit outside the view (agreeing
readings in "disagreements only", units outside the chosen blocs: a dependency takes its sovereign's
status but not its blocs, see bloc_units). The page receives, once:

- per reading, the code string of every unit on each day on which some code changes;
- per bloc, the membership string of every unit on each day on which membership changes;
- the style (fill, outline) of every code, and the faded code of every code.

The browser only finds the entry in force for a day (binary search), ORs the chosen blocs'
membership strings and looks the style up: it holds no rule of its own.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from recognition.atlas import MAP_CLASSES, Atlas
from recognition.changes import change_kinds
from recognition.map_text import headline_sentence
from recognition.params import DISAGREEMENTS, VIEW_READINGS, status_reading
from recognition.schema import TIMELINE_START
from recognition.words import ENGLISH, N_, Words

CLASS_LABELS = {
    "recognises": N_("Recognises Kosovo"),
    "withdrew": N_("Withdrew recognition"),
    "does_not_recognise": N_("Does not recognise"),
    "kosovo": N_("Kosovo"),
    "no_data": N_("Not a state / no data"),
}
CONTESTED_LABEL = N_("Withdrawal claimed by Serbia, disputed by Kosovo")
CONTESTED_OUTLINE, CONTESTED_WIDTH = "#000000", 2.5
BORDER_WIDTH, MARKER_OUTLINE = 0.4, "#555555"
N_CLASSES = len(MAP_CLASSES)
CONTESTED_BIT, FADED_BIT = N_CLASSES, 2 * N_CLASSES
N_CODES = 4 * N_CLASSES
# One character per unit and code: '0' is code 0; every code stays a printable ASCII character.
CODE_BASE = ord("0")
# One character per unit in a bloc's membership string.
MEMBER, NOT_MEMBER = "1", "0"


def day_number(value) -> int:
    """Days since the timeline start: the unit the browser compares dates in."""
    return (pd.Timestamp(value).date() - TIMELINE_START).days


def _encode(codes: np.ndarray) -> str:
    return "".join(chr(CODE_BASE + int(c)) for c in codes)


def decode(text: str) -> list[int]:
    return [ord(ch) - CODE_BASE for ch in text]


def units(atlas: Atlas) -> pd.DataFrame:
    """Every map unit in drawing order: the polygons, then the small-state markers."""
    polygons = atlas.geoframe[["iso3", "owner", "actor_index", "fixed_class"]].assign(shape="polygon")
    markers = atlas.markers[["iso3", "owner", "actor_index", "fixed_class"]].assign(shape="marker")
    return pd.concat([polygons, markers], ignore_index=True)


def bloc_units(unit_frame: pd.DataFrame) -> pd.Series:
    """The code each unit is looked up by in a bloc's members: its own, never its owner's. A unit takes its
    owner's status (it is painted in its sovereign's colour), but blocs are of states: a dependency drawn apart
    from its sovereign (Greenland, the Faroe Islands) is in a bloc only where the memberships list it, and they
    list states. Units with a fixed class (Kosovo, no data) belong to no bloc (NaN)."""
    return unit_frame["iso3"].where(unit_frame["fixed_class"].to_numpy() < 0)


def view_codes(atlas: Atlas, reading: str, as_of: date, unit_frame: pd.DataFrame,
               members: set[str] | None = None) -> np.ndarray:
    """The paint code of every unit for a view; `members` (the chosen blocs' union) or None for all."""
    shown_reading = status_reading(reading)
    actor = unit_frame["actor_index"].to_numpy()
    fixed = unit_frame["fixed_class"].to_numpy()
    has_actor = (actor >= 0) & (fixed < 0)
    owner_status = atlas.history.status_codes(shown_reading, as_of)[np.maximum(actor, 0)]
    classes = np.where(fixed >= 0, fixed, owner_status)
    contested = has_actor & atlas.contested(as_of)[np.maximum(actor, 0)]
    shown = np.ones(len(unit_frame), dtype=bool)
    if reading == DISAGREEMENTS:
        shown &= has_actor & atlas.disagreement(as_of)[np.maximum(actor, 0)]
    if members is not None:
        shown &= has_actor & bloc_units(unit_frame).isin(members).to_numpy()
    return classes + CONTESTED_BIT * contested + FADED_BIT * ~shown


def styles(colours: dict[str, str], border: str, words: Words = ENGLISH) -> dict[str, list]:
    """Fill and outline of every code; `fade[c]` is the code of the same unit faded."""
    table: dict[str, list] = {key: [] for key in ("fill", "stroke", "width", "markerStroke", "markerWidth", "label")}
    for code in range(N_CODES):
        faded = code >= FADED_BIT
        contested = code % FADED_BIT >= CONTESTED_BIT
        name = MAP_CLASSES[code % N_CLASSES]
        table["fill"].append(faded_colour(colours[name]) if faded else colours[name])
        table["stroke"].append(CONTESTED_OUTLINE if contested else border)
        table["width"].append(CONTESTED_WIDTH if contested else BORDER_WIDTH)
        table["markerStroke"].append(CONTESTED_OUTLINE if contested else MARKER_OUTLINE)
        table["markerWidth"].append(CONTESTED_WIDTH if contested else 1)
        label = words.gettext(CLASS_LABELS[name])
        table["label"].append(words.gettext("%(status)s (withdrawal claimed by Serbia, disputed by Kosovo)",
                                            status=label) if contested else label)
    table["fade"] = [code if code >= FADED_BIT else code + FADED_BIT for code in range(N_CODES)]
    return table


def faded_colour(colour: str, keep: float = 0.25) -> str:
    """The colour mixed with white: how a unit outside the view is drawn."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02X}" for c in rgb)


def reading_snapshots(atlas: Atlas, unit_frame: pd.DataFrame) -> dict[str, dict[str, list]]:
    """Per view reading: the days on which some unit's code changes, and every unit's codes from then."""
    days = [pd.Timestamp(d).date() for d in atlas.history.dates]
    days[0] = TIMELINE_START - timedelta(days=1)
    snapshots = {}
    for reading in VIEW_READINGS:
        entries: dict[str, list] = {"days": [], "codes": []}
        for day in days:
            text = _encode(view_codes(atlas, reading, day, unit_frame))
            if not entries["codes"] or entries["codes"][-1] != text:
                entries["days"].append(day_number(day))
                entries["codes"].append(text)
        snapshots[reading] = entries
    return snapshots


def membership_change_days(memberships: pd.DataFrame) -> list[date]:
    """The start of the timeline and every later day on which some bloc gains or loses a member."""
    changes = set(pd.concat([memberships["joined"], memberships["left"]]).dropna())
    return [TIMELINE_START] + sorted(d for d in changes if d > TIMELINE_START)


def bloc_snapshots(atlas: Atlas, unit_frame: pd.DataFrame, bloc_keys: list[str]) -> dict[str, dict[str, list]]:
    """Per bloc: '1' for every unit that is a member (bloc_units), on each day on which that changes."""
    looked_up = bloc_units(unit_frame)
    snapshots = {}
    for bloc in bloc_keys:
        rows = atlas.memberships[atlas.memberships["bloc"] == bloc]
        entries: dict[str, list] = {"days": [], "members": []}
        for day in membership_change_days(rows):
            members = atlas.membership.members(bloc, day)
            text = "".join(MEMBER if code in members else NOT_MEMBER for code in looked_up)
            if not entries["members"] or entries["members"][-1] != text:
                entries["days"].append(day_number(day))
                entries["members"].append(text)
        snapshots[bloc] = entries
    return snapshots


def client_map_data(atlas: Atlas, bloc_keys: list[str], colours: dict[str, str], border: str,
                    words: Words = ENGLISH) -> dict:
    """Everything assets/map.js needs to paint, as plain JSON; its names and labels in `words`' language."""
    unit_frame = units(atlas)
    known = words.state_names(atlas.names)
    names = [known.get(i, i) + (f" ({known[o]})" if o != i and o in known else "")
             for i, o in zip(unit_frame["iso3"], unit_frame["owner"])]
    markers = atlas.markers
    beside = ((markers["lon"] != markers["state_lon"]) | (markers["lat"] != markers["state_lat"])).tolist()
    return {
        "units": {"iso3": list(unit_frame["iso3"]), "opens": list(unit_frame["owner"]), "name": names,
                  "polygons": int((unit_frame["shape"] == "polygon").sum()),
                  # A marker drawn beside its state (over the sea) takes clicks wherever it is drawn; one
                  # drawn on its state yields to any state's shape under the pointer, so it hides no neighbour.
                  "beside": beside},
        "readings": reading_snapshots(atlas, unit_frame),
        "blocs": bloc_snapshots(atlas, unit_frame, bloc_keys),
        "styles": styles(colours, border, words),
        # How to read the strings: code = character code - codeBase; a bloc member is the `member` character.
        "codeBase": CODE_BASE, "member": MEMBER,
        # Every day on which something was recorded.
        "eventDays": [day_number(d) for d in atlas.history.dates[1:]],
    }


def legend_counts(atlas: Atlas, reading: str, as_of: date) -> dict[str, dict[str, int]]:
    """Per status (and for the contested outline): how many UN members and how many others."""
    shown_reading = status_reading(reading)
    frame = atlas.status(shown_reading, as_of)
    un = atlas.un_member_mask(as_of)
    shown = atlas.disagreement(as_of) if reading == DISAGREEMENTS else np.ones(len(frame), dtype=bool)
    status = frame["status"].to_numpy()
    groups = {name: (status == name) & shown for name in ("recognises", "withdrew", "does_not_recognise")}
    groups["contested"] = atlas.contested(as_of) & shown
    return {name: {"un": int((mask & un).sum()), "other": int((mask & ~un).sum())} for name, mask in groups.items()}



def count_sentence(count: int, words: Words = ENGLISH) -> str:
    return words.ngettext("%(num)s UN member recognises Kosovo", "%(num)s UN members recognise Kosovo", count)


def disagreement_sentence(count: int, words: Words = ENGLISH) -> str:
    return words.ngettext("the readings differ on %(num)s state", "the readings differ on %(num)s states", count)


# The legend's counted rows, in the order the legend (and the exported image) lists them.
LEGEND_CLASSES = ("recognises", "withdrew", "does_not_recognise", "contested")


def legend_days(atlas: Atlas) -> list[date]:
    """Every day on which a legend count can change: a recorded event or a UN admission."""
    days = {pd.Timestamp(d).date() for d in atlas.history.dates}
    un = atlas.memberships[atlas.memberships["bloc"] == "UN"]
    days |= {d for d in membership_change_days(un) if d > TIMELINE_START}
    days = sorted(days)
    days[0] = min(days[0], TIMELINE_START - timedelta(days=1))
    return days


def live_legend(atlas: Atlas, reading: str, days: list[date]) -> dict[str, list]:
    """The legend counts (UN members, others) of every LEGEND_CLASSES row, from each day on which one changes."""
    entries: dict[str, list] = {"days": [], "counts": []}
    for day in days:
        counts = legend_counts(atlas, reading, max(day, TIMELINE_START))
        row = [[counts[name]["un"], counts[name]["other"]] for name in LEGEND_CLASSES]
        if not entries["counts"] or entries["counts"][-1] != row:
            entries["days"].append(day_number(day))
            entries["counts"].append(row)
    return entries


def live_numbers(atlas: Atlas, series: dict) -> dict[str, dict[str, list]]:
    """Per view reading: the count under the date while it moves, from each day on which it changes, and
    the legend's counts (`legend`), so that the date label, the headline and the legend follow the map."""
    live = {reading: {"days": [day_number(d) for d in counts.dates], "counts": list(counts.recognising)}
            for reading, counts in series.items()}
    live[DISAGREEMENTS] = {"days": [day_number(d) for d in atlas.history.dates],
                           "counts": [int(atlas.disagreement(pd.Timestamp(d).date()).sum())
                                      for d in atlas.history.dates]}
    days = legend_days(atlas)
    for reading, entry in live.items():
        entry["legend"] = live_legend(atlas, reading, days)
    return live


def live_counts(numbers: dict[str, dict[str, list]], words: Words = ENGLISH) -> dict[str, dict[str, list]]:
    """The live_numbers as sentences (the page shows them as they are): the date label's count (`text`)
    and the headline with its date left as {date} (`headline`); the legend's counts as numbers."""
    return {reading: {"days": entry["days"],
                      "text": [(disagreement_sentence if reading == DISAGREEMENTS else count_sentence)(n, words)
                               for n in entry["counts"]],
                      "headline": [headline_sentence(reading, n, "{date}", words) for n in entry["counts"]],
                      "legend": entry["legend"]}
            for reading, entry in numbers.items()}


def legend_count_words(largest: int, words: Words = ENGLISH) -> dict[str, object]:
    """The legend's count in words for every number up to `largest` (plural forms differ by language):
    `un[n]`, `other[n]`, and how the two are joined ({un}, {other})."""
    return {"un": [words.ngettext("%(num)s UN member", "%(num)s UN members", n) for n in range(largest + 1)],
            "other": [words.ngettext("%(num)s other", "%(num)s other", n) for n in range(largest + 1)],
            "both": words.gettext("%(un)s + %(other)s", un="{un}", other="{other}")}


def legend_count_text(un: int, other: int, words: Words = ENGLISH) -> str:
    text = words.ngettext("%(num)s UN member", "%(num)s UN members", un)
    if other:
        text = words.gettext("%(un)s + %(other)s", un=text,
                             other=words.ngettext("%(num)s other", "%(num)s other", other))
    return text


# Compare mode: every unit's change between two dates. Codes: the change kinds, then "unchanged",
# then the fixed classes (Kosovo, no data); + FADED for units outside the chosen blocs.
COMPARE_CLASSES = ("gained", "lost", "other", "unchanged", "kosovo", "no_data")
COMPARE_LABELS = {"gained": N_("Recognises now, did not on the first date"),
                  "lost": N_("Recognised on the first date, no longer"), "other": N_("Another change of status"),
                  "unchanged": N_("No change"), "kosovo": CLASS_LABELS["kosovo"], "no_data": CLASS_LABELS["no_data"]}
COMPARE_FADED = len(COMPARE_CLASSES)


def compare_codes(atlas: Atlas, reading: str, start: date, end: date, unit_frame: pd.DataFrame) -> str:
    """The compare code of every unit (encoded as the day snapshots are)."""
    shown_reading = status_reading(reading)
    kinds = change_kinds(atlas.history.status_codes(shown_reading, start),
                         atlas.history.status_codes(shown_reading, end))
    actor = unit_frame["actor_index"].to_numpy()
    fixed = unit_frame["fixed_class"].to_numpy()
    owner_kind = np.where(kinds == "", "unchanged", kinds)[np.maximum(actor, 0)]
    names = np.where(fixed >= 0, np.array(MAP_CLASSES, dtype=object)[np.maximum(fixed, 0)], owner_kind)
    return _encode(np.array([COMPARE_CLASSES.index(n) for n in names]))


def compare_counts(atlas: Atlas, reading: str, start: date, end: date) -> dict[str, dict[str, int]]:
    """Per compare class (gained, lost, other, unchanged): how many UN members (on `end`) and how many others."""
    shown_reading = status_reading(reading)
    kinds = change_kinds(atlas.history.status_codes(shown_reading, start),
                         atlas.history.status_codes(shown_reading, end))
    kinds = np.where(kinds == "", "unchanged", kinds)
    un = atlas.un_member_mask(end)
    return {name: {"un": int(((kinds == name) & un).sum()), "other": int(((kinds == name) & ~un).sum())}
            for name in COMPARE_CLASSES[:4]}


def compare_styles(colours: dict[str, str], border: str, words: Words = ENGLISH) -> dict[str, list]:
    table: dict[str, list] = {key: [] for key in ("fill", "stroke", "width", "markerStroke", "markerWidth", "label")}
    for code in range(2 * COMPARE_FADED):
        name = COMPARE_CLASSES[code % COMPARE_FADED]
        colour = colours[name] if name in colours else colours["no_data"]
        table["fill"].append(faded_colour(colour) if code >= COMPARE_FADED else colour)
        table["stroke"].append(border)
        table["width"].append(BORDER_WIDTH)
        table["markerStroke"].append(MARKER_OUTLINE)
        table["markerWidth"].append(1)
        table["label"].append(words.gettext(COMPARE_LABELS[name]))
    table["fade"] = [code if code >= COMPARE_FADED else code + COMPARE_FADED for code in range(2 * COMPARE_FADED)]
    return table
