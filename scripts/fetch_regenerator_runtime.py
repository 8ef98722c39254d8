"""Fetch regenerator-runtime (MIT) into assets/vendor/ (committed): the one thing the page needed from Dash's
@babel/polyfill, which the page no longer loads.

    python scripts/fetch_regenerator_runtime.py      # `npm pack regenerator-runtime@<VERSION>`

Dash's renderer and dcc call the global `regeneratorRuntime` when they load a component's code on demand
(their async-import helper); @babel/polyfill 7.12.1 (30 KB brotli, ~0.5 s of a phone's CPU) provides it
along with core-js's polyfills of ES2015-2019 features. The atlas's own scripts need ES2020 (`??`), so a
browser that can run them has every feature core-js would add; this runtime alone (6 KB brotli) is
left to supply.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "regenerator-runtime"
VERSION = "0.14.1"
RUNTIME = ROOT / "assets" / "vendor" / "regenerator-runtime.js"


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir, check=True)
        with tarfile.open(Path(workdir) / f"{PACKAGE}-{VERSION}.tgz") as tar:
            member = tar.extractfile("package/runtime.js")
            if member is None:
                raise SystemExit(f"{PACKAGE}@{VERSION}: no package/runtime.js")
            RUNTIME.parent.mkdir(parents=True, exist_ok=True)
            RUNTIME.write_bytes(member.read())
    print(f"wrote {RUNTIME.relative_to(ROOT)} ({PACKAGE}@{VERSION})")


if __name__ == "__main__":
    main()
