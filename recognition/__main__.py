"""`python -m recognition check [--data-dir DIR]`: validate the data and print what a maintainer needs.

Exit 0 with the report when every file passes; exit 1 with the one-line reason when one does not."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from recognition.atlas import build_atlas
from recognition.check import report
from recognition.errors import DataError
from recognition.load import DATA_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m recognition")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data and list unconfirmed dates and weak sources")
    check.add_argument("--data-dir", type=Path, default=DATA_DIR, help="default: data/ or $KRA_DATA_DIR")
    args = parser.parse_args(argv)
    today = date.today()
    try:
        atlas = build_atlas(args.data_dir, today)
    except DataError as error:
        print(f"Data error: {error}", file=sys.stderr)
        return 1
    print(report(atlas, today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
