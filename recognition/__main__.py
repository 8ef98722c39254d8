"""The maintainer's commands.

    python -m recognition check [--data-dir DIR]     validate the data and print what a maintainer needs
    python -m recognition package [--data-dir DIR] [--reviewed-on YYYY-MM-DD]
                                                     after an edit: record each file's size, hash and rows
                                                     in datapackage.json (and the review day, if given)

`check` exits 0 with the report when every file passes, 1 with the one-line reason when one does not.
`package` refuses (exit 1) data that does not pass every other rule of the loader."""

from __future__ import annotations

import argparse
import sys
import tempfile
import shutil
from datetime import date
from pathlib import Path

from recognition.errors import DataError
from recognition.load import DATA_DIR, parse_date


def _package(data_dir: Path, reviewed_on: date | None) -> int:
    """Validate a copy packaged as it stands (so only the hashes can differ), then package data_dir itself."""
    from recognition.load import load_dataset
    from recognition.package import write_package

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data_dir, copy)
        write_package(copy, reviewed_on)
        try:
            load_dataset(copy)
        except DataError as error:
            print(f"Data error: {error}", file=sys.stderr)
            return 1
    rewritten = write_package(data_dir, reviewed_on)
    for file in rewritten:
        print(f"normalised {file} (byte-order mark, line ends or blank lines at the end)")
    print(f"wrote {data_dir / 'datapackage.json'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m recognition")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data and list unconfirmed dates and weak sources")
    check.add_argument("--data-dir", type=Path, default=DATA_DIR, help="default: data/ or $KRA_DATA_DIR")
    package = commands.add_parser("package", help="after an edit: write data/datapackage.json (sizes, hashes, rows)")
    package.add_argument("--data-dir", type=Path, default=DATA_DIR, help="default: data/ or $KRA_DATA_DIR")
    package.add_argument("--reviewed-on", type=parse_date, help="YYYY-MM-DD, the day the sources were checked "
                                                                "for new events; default: keep the current one")
    args = parser.parse_args(argv)
    if args.command == "package":
        return _package(args.data_dir, args.reviewed_on)
    from recognition.atlas import build_atlas
    from recognition.check import report

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
