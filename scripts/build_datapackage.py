"""Write data/datapackage.json from recognition/schema.py (a test fails while the two differ).

    python scripts/build_datapackage.py                          # keeps the current reviewed_on
    python scripts/build_datapackage.py --reviewed-on 2026-11-29  # after checking the sources for new events
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recognition import schema  # noqa: E402
from recognition.load import DATA_DIR, parse_date, read_reviewed_on  # noqa: E402
from recognition.package import package_text  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewed-on", type=parse_date, help="YYYY-MM-DD; default: keep the current value")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    reviewed_on = args.reviewed_on or read_reviewed_on(args.data_dir, date.today())
    (args.data_dir / schema.PACKAGE_FILE).write_text(package_text(reviewed_on), encoding="utf-8")


if __name__ == "__main__":
    main()
