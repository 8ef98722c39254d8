"""Read the recognition tables of the source document (../shared/seed/) as (order, code, ...) rows.

The seed lost some country cells. Which state a blank cell stands for is recorded here once,
from the field notes (../shared/NOTES.md); every other cell is a code the seed printed, which
data/code_crosswalk.csv (scheme `seed`) translates to ISO 3166-1 alpha-3.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

SEED_DIR = Path(os.environ.get("KRA_SEED_DIR", Path(__file__).resolve().parents[2] / "shared" / "seed"))

# (table, order label of the row or group, position inside the group) -> ISO code of a blank cell
BLANK_CELLS = {
    ("un_members", "2–8", 0): "AFG",
    ("un_members", "39", 0): "SMR",
    ("un_members", "44", 0): "BLZ",
    ("un_members", "64", 0): "MRT",
    ("un_members", "65", 0): "SWZ",
    ("un_members", "48–49", 1): "MKD",
    ("non_un", "1", 0): "TWN",
    ("non_un", "2", 0): "COK",
    ("non_un", "3", 0): "NIU",
}
LABEL = re.compile(r"^\d+(–\d+)?$")


@dataclass(frozen=True)
class SeedRow:
    table: str          # un_members | non_un | withdrawn
    position: int       # 1-based position in the table
    label: str          # the order number or range printed for the row's group
    code: str           # the code printed in the seed ("" for a blank cell)
    blank_iso3: str     # for a blank cell, the state it stands for (from the field notes)
    diplomatic_relations: str | None  # "Yes" / "No", None for the withdrawal table
    dates: tuple[str, ...]  # date cells that survived, as printed


def seed_text() -> str:
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no seed document in {SEED_DIR} (set KRA_SEED_DIR)")
    return files[0].read_text(encoding="utf-8")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _section(text: str, heading: str, stop: str) -> list[str]:
    start = text.index(heading)
    end = text.index(stop, start + len(heading))
    return [line for line in text[start:end].splitlines() if line.startswith("|")][1:]


def _recognisers(lines: list[str], table: str) -> list[SeedRow]:
    rows, label, in_group = [], "", 0
    for line in lines:
        cells = _cells(line)
        if LABEL.match(cells[0]):
            label, in_group, code, rest = cells[0], 0, cells[1], cells[2:]
        else:
            in_group += 1
            code, rest = cells[0], cells[1:]
        relations = next(c for c in rest if c in ("Yes", "No"))
        dates = tuple(c for c in rest if re.search(r"\d{4}", c) and c not in ("Yes", "No"))
        blank = "" if code else BLANK_CELLS[(table, label, in_group)]
        rows.append(SeedRow(table, len(rows) + 1, label, code, blank, relations, dates))
    return rows


def seed_rows() -> list[SeedRow]:
    text = seed_text()
    un = _recognisers(_section(text, "==== Member states of the United Nations ====", "==== Non-UN"), "un_members")
    non_un = _recognisers(_section(text, "==== Non-UN countries ====", "==="), "non_un")
    withdrawn = []
    for line in _section(text, "subsequently been reported to have withdrawn", "The Serbian Foreign Ministry")[1:]:
        cells = _cells(line)
        withdrawn.append(SeedRow("withdrawn", int(cells[0]), cells[0], cells[1], "", None,
                                 tuple(c for c in cells[2:4] if c)))
    return un + non_un + withdrawn
