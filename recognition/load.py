"""Load and validate the data files. Any broken rule raises one DataError naming file, row, column."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from recognition import schema
from recognition.beyond_data import Beyond, check_beyond
from recognition.errors import DataError
from recognition.readings import in_day_order
from recognition.schema import Column, TableSpec
from recognition.translations import WRITTEN, DataTexts, markup_error, translated_cells

# KRA_DATA_DIR lets a maintainer check a candidate copy of the data without touching data/.
DATA_DIR = Path(os.environ.get("KRA_DATA_DIR") or Path(__file__).resolve().parent.parent / "data")
RECOGNISING_KINDS = ("recognition", "recognition_claimed")


class UnknownColumnWarning(UserWarning):
    """A data file has a column the schema does not know; it is ignored."""

WITHDRAWING_KINDS = ("withdrawal", "withdrawal_claimed")


@dataclass(frozen=True)
class Dataset:
    states: pd.DataFrame
    events: pd.DataFrame
    recognition_order: pd.DataFrame
    bloc_definitions: pd.DataFrame
    bloc_memberships: pd.DataFrame
    positions: pd.DataFrame
    headline_counts: pd.DataFrame
    code_crosswalk: pd.DataFrame
    small_states: pd.DataFrame
    marker_positions: pd.DataFrame
    geometry: gpd.GeoDataFrame
    reviewed_on: date   # the last day a maintainer checked the sources for new events (datapackage.json)
    version: str        # a digest of every data file: changes whenever the data does (ETags, metadata)
    beyond: Beyond | None = None  # the tables beyond recognition (recognition/beyond_data.py)
    texts: DataTexts | None = None  # our own words in Albanian and Serbian (recognition/translations.py)


def parse_date(text: str) -> date:
    """Strict YYYY-MM-DD (an impossible day such as 2019-02-30 is an error)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"{text!r} is not a YYYY-MM-DD date")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def _check_cell(spec: TableSpec, column: Column, line: int, text: str, today: date) -> object:
    def fail(message: str) -> DataError:
        return DataError(spec.file, line, column.name, message)

    if text == "":
        if column.required:
            raise fail("is empty; a value is required")
        return None
    if column.kind == "date":
        try:
            value = parse_date(text)
        except ValueError as error:
            raise fail(str(error)) from None
        if column.min_date and value < column.min_date:
            raise fail(f"{text} is before {column.min_date.isoformat()}, the day Kosovo declared independence")
        if value > today:
            raise fail(f"{text} is in the future (today is {today.isoformat()})")
        return value
    if column.kind == "url" and not text.startswith(("https://", "http://")):
        raise fail(f"{text!r} is not an http(s) URL")
    if column.kind == "yes_no" and text not in schema.YES_NO:
        raise fail(f"{text!r} must be yes or no")
    if column.kind == "choice" and text not in column.choices:
        raise fail(f"{text!r} is not one of {', '.join(column.choices)}")
    if column.kind in ("int", "float"):
        try:
            return int(text) if column.kind == "int" else float(text)
        except ValueError:
            raise fail(f"{text!r} is not a number") from None
    if text != text.strip():
        raise fail(f"{text!r} has leading or trailing spaces")
    return text


def _decode(spec: TableSpec, raw: bytes) -> str:
    """UTF-8 with or without the byte-order mark that spreadsheet programs write."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise DataError(spec.file, line, None, f"is not UTF-8 at byte {error.start} (a cut or mis-saved file?)") from None


def _rows(spec: TableSpec, text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) per record. Refuses a quoted cell that never closes or spans lines: both
    mean a quote is missing and the csv module would silently swallow the lines after it into one cell."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                raise DataError(spec.file, start, None,
                                "a quoted cell is never closed: the file ends inside it (cut short?)") from None
            raise DataError(spec.file, start, None, f"a quote is out of place ({error}): "
                                                    "a missing or doubled quote?") from None
        if any("\n" in cell or "\r" in cell for cell in cells):
            raise DataError(spec.file, start, None, f"a quoted cell runs on to line {reader.line_num}: "
                                                    "a closing quote is missing (cut or damaged file?)")
        yield start, cells
        start = reader.line_num + 1


def canonical_bytes(raw: bytes) -> bytes:
    """The bytes a data file is measured by (datapackage.json's `bytes`, `hash`): UTF-8 without a byte-order
    mark, LF line ends, no blank lines at the end, one final line end. The honest differences the loader
    forgives (data/README.md) leave these bytes, and so the recorded hash, unchanged."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    raw = raw.replace(b"\r\n", b"\n")
    return raw.rstrip(b"\n") + b"\n" if raw.strip(b"\n") else b""


def count_rows(spec: TableSpec, raw: bytes) -> int:
    """Records after the header (blank lines at the end not counted)."""
    records = [cells for _, cells in _rows(spec, _decode(spec, raw))]
    while records and records[-1] == []:
        records.pop()
    return max(len(records) - 1, 0)


def read_table(spec: TableSpec, data_dir: Path = DATA_DIR, today: date | None = None) -> pd.DataFrame:
    """Read one CSV file, checking its header, every cell and its key; dates become `date` objects.

    Forgiving where an honest edit differs (a byte-order mark, CRLF line ends, blank lines at the end,
    extra columns, which are ignored with a warning); strict where a file is damaged (an unclosed quote,
    a short row, a cut inside a character), always naming this file and the line where it breaks."""
    today = today or date.today()
    path = data_dir / spec.file
    if not path.exists():
        raise DataError(spec.file, None, None, "file is missing")
    records = list(_rows(spec, _decode(spec, path.read_bytes())))
    while records and records[-1][1] == []:
        records.pop()
    if not records:
        raise DataError(spec.file, 1, None, "is empty; the first line must be the header")
    expected = [c.name for c in spec.columns]
    header = records[0][1]
    missing = [name for name in expected if name not in header]
    if missing:
        raise DataError(spec.file, 1, None, f"header lacks {', '.join(missing)} (header is {header})")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise DataError(spec.file, 1, None, f"header repeats {', '.join(repeated)}")
    extra = [name for name in header if name not in expected]
    if extra:
        warnings.warn(f"{spec.file}: ignoring unknown column(s) {', '.join(extra)}", UnknownColumnWarning,
                      stacklevel=2)
    position = [header.index(c.name) for c in spec.columns]
    rows, seen = [], {}
    for line, cells in records[1:]:
        if len(cells) != len(header):
            what = "blank" if cells == [] else f"has {len(cells)} cells"
            raise DataError(spec.file, line, None, f"{what}, expected {len(header)} as in the header"
                            + (" (cut short?)" if len(cells) < len(header) else ""))
        record = {c.name: _check_cell(spec, c, line, cells[i], today) for c, i in zip(spec.columns, position)}
        key = tuple(record[k] for k in spec.key)
        if spec.key and key in seen:
            raise DataError(spec.file, line, spec.key[0],
                            f"duplicates row {seen[key]} ({', '.join(map(str, key))})")
        seen[key] = line
        record["_row"] = line
        rows.append(record)
    if not rows:
        raise DataError(spec.file, 2, None, "has a header but no rows (cut short?)")
    return pd.DataFrame.from_records(rows, columns=expected + ["_row"])


def _fail_at(spec: TableSpec, frame: pd.DataFrame, index: int, column: str, message: str) -> DataError:
    return DataError(spec.file, int(frame.loc[index, "_row"]), column, message)


def _check_codes(spec: TableSpec, frame: pd.DataFrame, column: str, allowed: set[str], what: str) -> None:
    unknown = frame.index[~frame[column].isin(allowed) & frame[column].notna()]
    if len(unknown):
        first = unknown[0]
        raise _fail_at(spec, frame, first, column, f"{frame.loc[first, column]!r} is not {what}")


def _check_event_sequence(events: pd.DataFrame) -> None:
    """A withdrawal needs an earlier recognition; an annulment or a resumption an earlier withdrawal."""
    needs = {kind: RECOGNISING_KINDS for kind in WITHDRAWING_KINDS}
    needs.update({"withdrawal_annulled": WITHDRAWING_KINDS, "recognition_resumed": WITHDRAWING_KINDS})
    for index, event in events.iterrows():
        if event["event"] not in needs:
            continue
        earlier = events[(events["iso3"] == event["iso3"]) & (events["date"] <= event["date"])
                         & events["event"].isin(needs[event["event"]]) & (events.index != index)]
        if earlier.empty:
            wanted = " or ".join(needs[event["event"]])
            raise _fail_at(schema.EVENTS, events, index, "event",
                           f"{event['event']} of {event['iso3']} on {event['date']} has no earlier {wanted}")


def _check_date_policy(events: pd.DataFrame) -> None:
    """`alt_date` and `alt_date_kind` come together, differ from `date`, and the act's day is never the
    alternative one (data/README.md, "Date policy"): if either day is the act, `date` is."""
    has_day, has_kind = events["alt_date"].notna(), events["alt_date_kind"].notna()
    broken = events.index[has_day != has_kind]
    if len(broken):
        column = "alt_date_kind" if has_day[broken[0]] else "alt_date"
        raise _fail_at(schema.EVENTS, events, broken[0], column, "alt_date and alt_date_kind go together")
    same = events.index[has_day & (events["alt_date"] == events["date"])]
    if len(same):
        raise _fail_at(schema.EVENTS, events, same[0], "alt_date", "is the same day as date")
    act_second = events.index[(events["alt_date_kind"] == "act") & (events["date_kind"] != "act")]
    if len(act_second):
        raise _fail_at(schema.EVENTS, events, act_second[0], "alt_date_kind",
                       "the act's day goes in date (swap date and alt_date and their kinds)")


def _check_precision(spec: TableSpec, frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """A date known to the month is written as the month's 1st; to the year, as 1 January (data/README.md,
    "Precision"): any other day in such a cell pretends to know more than the source says."""
    for column in columns:
        for index, day in frame[column].items():
            if day is None or pd.isna(day):
                continue
            precision = frame.loc[index, "date_precision"]
            if precision == "year" and (day.month, day.day) != (1, 1):
                raise _fail_at(spec, frame, index, column, f"{day.isoformat()} has date_precision year: "
                               f"write the year's first day, {day.year}-01-01")
            if precision == "month" and day.day != 1:
                raise _fail_at(spec, frame, index, column, f"{day.isoformat()} has date_precision month: "
                               f"write the month's first day, {day:%Y-%m}-01")


def _check_evidence(events: pd.DataFrame) -> None:
    """A row marked confirmed quotes the words of its page that give the date."""
    bare = events.index[(events["confirmed"] == "yes") & events["date_evidence"].isna()]
    if len(bare):
        raise _fail_at(schema.EVENTS, events, bare[0], "date_evidence",
                       "is empty on a confirmed row: quote the words of the cited page that give the date, "
                       "or set confirmed to no")


def _check_states(states: pd.DataFrame) -> None:
    """Rows that contradict themselves: `kind` and `un_member` must agree, only a member has an admission
    day, only a territory has a sovereign."""
    member_kind = states["kind"] == "un_member"
    member = states["un_member"] == "yes"
    wrong = states.index[member_kind != member]
    if len(wrong):
        row = states.loc[wrong[0]]
        raise _fail_at(schema.STATES, states, wrong[0], "un_member",
                       f"is {row['un_member']} while kind is {row['kind']} (a UN member has kind un_member)")
    admitted = states.index[~member & states["un_admitted"].notna()]
    if len(admitted):
        raise _fail_at(schema.STATES, states, admitted[0], "un_admitted", "is set on a state that is not a UN member")
    sovereign = states.index[(states["kind"] != "territory") & states["sovereign_iso3"].notna()]
    if len(sovereign):
        raise _fail_at(schema.STATES, states, sovereign[0], "sovereign_iso3", "is set on a row that is not a territory")


def _check_spells(memberships: pd.DataFrame) -> None:
    """Two spells of one state in one bloc must not overlap."""
    for _, spells in memberships.groupby(["bloc", "iso3"]):
        if len(spells) < 2:
            continue
        ordered = spells.sort_values("joined", key=lambda days: days.map(lambda d: d or date.min))
        for (_, first), (index, second) in zip(ordered.iterrows(), list(ordered.iterrows())[1:]):
            if first["left"] is None or pd.isna(first["left"]) or (second["joined"] is not None
                                                                   and second["joined"] < first["left"]):
                raise _fail_at(schema.BLOC_MEMBERSHIPS, memberships, index, "joined",
                               f"overlaps the {first['bloc']} spell of {first['iso3']} on row {first['_row']}")


def _check_translations(tables: dict[str, pd.DataFrame]) -> DataTexts:
    """Every text of a translated column has its Albanian and Serbian translation, every translation a text
    that needs it (an edited note leaves its former translation behind, and is refused until it has its
    own), and quotations inside a translation are {{en|words}} of the English text."""
    spec = schema.TRANSLATIONS
    translations = tables[spec.file]
    known = set(translations["en"])
    needed = set()
    for file, column, index, text in translated_cells(tables):
        if text not in known:
            owner = next(s for s in schema.ALL_TABLES if s.file == file)
            raise _fail_at(owner, tables[file], index, column,
                           f"has no Albanian and Serbian translation in {spec.file} (add a row whose en is this text)")
        needed.add(text)
    for index, row in translations.iterrows():
        if row["en"] not in needed:
            raise _fail_at(spec, translations, index, "en", "is no longer the text of any translated cell "
                                                            "(translate the new text, remove this row)")
        for language in WRITTEN:
            problem = markup_error(row["en"], row[language])
            if problem:
                raise _fail_at(spec, translations, index, language, problem)
    return DataTexts(translations)


def load_geometry(data_dir: Path, states: pd.DataFrame) -> gpd.GeoDataFrame:
    path = data_dir / schema.GEOMETRY_FILE
    if not path.exists():
        raise DataError(schema.GEOMETRY_FILE, None, None, "file is missing")
    try:
        geometry = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types for an unreadable file
        raise DataError(schema.GEOMETRY_FILE, None, None, f"cannot be read as GeoJSON: {error}") from None
    if "iso3" not in geometry.columns:
        raise DataError(schema.GEOMETRY_FILE, None, "iso3", "features have no iso3 property")
    known = set(states["iso3"])
    for position, (iso3, shape) in enumerate(zip(geometry["iso3"], geometry.geometry), start=1):
        if iso3 not in known:
            raise DataError(schema.GEOMETRY_FILE, position, "iso3", f"feature {iso3!r} is not in states.csv")
        if shape is None or shape.is_empty:
            raise DataError(schema.GEOMETRY_FILE, position, "geometry", f"feature {iso3} has no shape")
    needed = states.loc[(states["kind"] == "un_member") | (states["iso3"] == "XKX"), "iso3"]
    missing = sorted(set(needed) - set(geometry["iso3"]))
    if missing:
        raise DataError(schema.GEOMETRY_FILE, None, "iso3", f"no feature for {', '.join(missing)}")
    check_topology(data_dir, list(geometry["iso3"]))
    return geometry[["iso3", "geometry"]]


def check_topology(data_dir: Path, units: list[str]) -> None:
    """The TopoJSON the page draws holds a shape for exactly the GeoJSON's units (tests/test_geometry.py
    checks that the shapes themselves are the GeoJSON's; scripts/build_geometry.py rebuilds it)."""
    file = schema.TOPOLOGY_FILE
    try:
        topology = json.loads((data_dir / file).read_text(encoding="utf-8"))
        geometries = topology["objects"][schema.TOPOLOGY_OBJECT]["geometries"]
    except FileNotFoundError:
        raise DataError(file, None, None, "file is missing (python scripts/build_geometry.py --topology-only)") from None
    except (ValueError, KeyError, TypeError) as error:
        raise DataError(file, None, None, f"is not a TopoJSON with the object {schema.TOPOLOGY_OBJECT!r} "
                                          f"({type(error).__name__}: {error})") from None
    found = [g.get("properties", {}).get("iso3") if isinstance(g, dict) else None for g in geometries]
    for position, iso3 in enumerate(found, start=1):
        if iso3 not in units:
            raise DataError(file, position, "iso3", f"{iso3!r} is not a feature of {schema.GEOMETRY_FILE}")
        if not geometries[position - 1].get("arcs"):
            raise DataError(file, position, "arcs", f"{iso3} has no shape")
    missing = sorted(set(units) - set(found))
    if missing:
        raise DataError(file, None, "iso3", f"no shape for {', '.join(missing)} (python scripts/build_geometry.py "
                                            "--topology-only)")


def data_version(data_dir: Path) -> str:
    """A short digest of every file under `data_dir`, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_reviewed_on(data_dir: Path, today: date) -> date:
    """The `reviewed_on` day of data/datapackage.json."""
    path = data_dir / schema.PACKAGE_FILE
    if not path.exists():
        raise DataError(schema.PACKAGE_FILE, None, None, "file is missing")
    try:
        text = json.loads(path.read_text(encoding="utf-8-sig"))["reviewed_on"]
        reviewed = parse_date(text)
    except (ValueError, KeyError, TypeError) as error:
        raise DataError(schema.PACKAGE_FILE, None, "reviewed_on", f"needs a YYYY-MM-DD date ({error})") from None
    if reviewed > today:
        raise DataError(schema.PACKAGE_FILE, None, "reviewed_on", f"{text} is in the future")
    return reviewed


PACKAGE_HINT = "run `python -m recognition package` after an edit"


def read_package_stats(data_dir: Path) -> dict[str, dict]:
    """What datapackage.json records of each CSV file, by path: `bytes`, `hash`, `stats.rows`."""
    path = data_dir / schema.PACKAGE_FILE
    if not path.exists():
        raise DataError(schema.PACKAGE_FILE, None, None, "file is missing")
    try:
        resources = json.loads(path.read_text(encoding="utf-8-sig"))["resources"]
        recorded = {r["path"]: {"hash": r["hash"], "rows": int(r["stats"]["rows"])} for r in resources}
    except (ValueError, KeyError, TypeError) as error:
        raise DataError(schema.PACKAGE_FILE, None, "resources",
                        f"needs each file's hash and stats.rows ({error!r}); {PACKAGE_HINT}") from None
    missing = [spec.file for spec in schema.ALL_TABLES if spec.file not in recorded]
    if missing:
        raise DataError(schema.PACKAGE_FILE, None, "resources", f"does not describe {', '.join(missing)}; {PACKAGE_HINT}")
    return recorded


def _check_row_count(spec: TableSpec, frame: pd.DataFrame, recorded: dict[str, dict]) -> None:
    """A file cut at a line break (or with rows added or removed without regenerating the package) has a
    different number of rows from the one datapackage.json records."""
    expected = recorded[spec.file]["rows"]
    if len(frame) != expected:
        raise DataError(spec.file, None, None,
                        f"has {len(frame)} rows but datapackage.json records {expected} "
                        f"(cut short or extended?); if the edit is intended, {PACKAGE_HINT}")


def _check_hashes(data_dir: Path, recorded: dict[str, dict]) -> None:
    """Checked after every other rule, so that a file with a broken cell is reported by that cell."""
    for spec in schema.ALL_TABLES:
        digest = "sha256:" + hashlib.sha256(canonical_bytes((data_dir / spec.file).read_bytes())).hexdigest()
        if digest != recorded[spec.file]["hash"]:
            raise DataError(spec.file, None, None,
                            f"differs from the file datapackage.json describes (SHA-256 {digest[7:19]}…, "
                            f"recorded {recorded[spec.file]['hash'][7:19]}…, same {recorded[spec.file]['rows']} "
                            f"rows); if the edit is intended, {PACKAGE_HINT}")


def load_dataset(data_dir: Path = DATA_DIR, today: date | None = None) -> Dataset:
    """Read every data file, check each on its own and against the others."""
    recorded = read_package_stats(data_dir)
    tables = {}
    for spec in schema.ALL_TABLES:
        tables[spec.file] = read_table(spec, data_dir, today)
        _check_row_count(spec, tables[spec.file], recorded)
    states = tables[schema.STATES.file]
    _check_states(states)
    all_codes = set(states["iso3"])
    sovereign_states = set(states.loc[states["kind"] == "un_member", "iso3"])
    actors = set(states.loc[states["kind"].isin(["un_member", "non_un"]), "iso3"]) - {"XKX"}

    territories = states[states["kind"] == "territory"]
    _check_codes(schema.STATES, territories, "sovereign_iso3", sovereign_states, "a UN member")
    missing_sovereign = territories.index[territories["sovereign_iso3"].isna()]
    if len(missing_sovereign):
        raise _fail_at(schema.STATES, states, missing_sovereign[0], "sovereign_iso3", "a territory needs its sovereign")

    events = tables[schema.EVENTS.file]
    _check_codes(schema.EVENTS, events, "iso3", actors, "a state or entity in states.csv that can recognise")
    _check_date_policy(events)
    _check_precision(schema.EVENTS, events, ("date",))
    _check_evidence(events)
    _check_event_sequence(in_day_order(events))

    order = tables[schema.RECOGNITION_ORDER.file]
    _check_codes(schema.RECOGNITION_ORDER, order, "iso3", actors, "a state in states.csv")
    recognised = set(events.loc[events["event"] == "recognition", "iso3"])
    unrecognised = order.index[~order["iso3"].isin(recognised)]
    if len(unrecognised):
        raise _fail_at(schema.RECOGNITION_ORDER, order, unrecognised[0], "iso3",
                       f"{order.loc[unrecognised[0], 'iso3']} has no recognition in events.csv")

    definitions = tables[schema.BLOC_DEFINITIONS.file]
    memberships = tables[schema.BLOC_MEMBERSHIPS.file]
    _check_codes(schema.BLOC_MEMBERSHIPS, memberships, "bloc", set(definitions["bloc"]), "a bloc in bloc_definitions.csv")
    _check_codes(schema.BLOC_MEMBERSHIPS, memberships, "iso3", all_codes, "a state in states.csv")
    backwards = memberships.index[memberships["left"].notna() & memberships["joined"].notna()
                                  & (memberships["left"] <= memberships["joined"])]
    if len(backwards):
        raise _fail_at(schema.BLOC_MEMBERSHIPS, memberships, backwards[0], "left", "is not after joined")
    _check_precision(schema.BLOC_MEMBERSHIPS, memberships, ("joined", "left"))
    _check_spells(memberships)

    for spec in (schema.POSITIONS, schema.CODE_CROSSWALK, schema.SMALL_STATES, schema.MARKER_POSITIONS):
        _check_codes(spec, tables[spec.file], "iso3", all_codes, "a state in states.csv")

    geometry, beyond = load_geometry(data_dir, states), check_beyond(tables, states)
    texts = _check_translations(tables)
    _check_hashes(data_dir, recorded)  # last: every other rule names its own file, row and column first
    return Dataset(
        states=states, events=events, recognition_order=order, bloc_definitions=definitions,
        bloc_memberships=memberships, positions=tables[schema.POSITIONS.file],
        headline_counts=tables[schema.HEADLINE_COUNTS.file], code_crosswalk=tables[schema.CODE_CROSSWALK.file],
        small_states=tables[schema.SMALL_STATES.file], marker_positions=tables[schema.MARKER_POSITIONS.file],
        geometry=geometry, beyond=beyond, texts=texts,
        reviewed_on=read_reviewed_on(data_dir, today or date.today()), version=data_version(data_dir),
    )


def geojson_text(data_dir: Path = DATA_DIR) -> str:
    """The geometry file as a download (already simplified and rounded)."""
    return (data_dir / schema.GEOMETRY_FILE).read_text(encoding="utf-8")


def topology_text(data_dir: Path = DATA_DIR) -> str:
    """The same shapes as the page gets them (checked against the GeoJSON when the data is loaded)."""
    return (data_dir / schema.TOPOLOGY_FILE).read_text(encoding="utf-8")
