"""Write data/datapackage.json (the same as `python -m recognition package`, which is the documented command).

    python scripts/build_datapackage.py                          # keeps the current reviewed_on
    python scripts/build_datapackage.py --reviewed-on 2026-12-02  # after checking the sources for new events
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recognition.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["package", *sys.argv[1:]]))
