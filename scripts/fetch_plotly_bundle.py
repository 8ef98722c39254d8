"""Fetch plotly's published geo partial bundle, the same plotly.js version as the plotly package ships,
into assets/ (committed; the page never loads plotly.js from a CDN).

    python scripts/fetch_plotly_bundle.py            # `npm pack plotly.js-geo-dist-min@<version>`
    python scripts/fetch_plotly_bundle.py --check    # only verify the committed file

The map, its image exports and the timeline draw choropleth, scattergeo and scatter traces; the geo
bundle holds exactly those (1.4 MB raw against 4.8 MB for plotly's full bundle). Dash's dcc.Graph loads
plotly's full bundle only when `window.Plotly` is missing; every file in assets/ is a page script loaded
before the renderer starts, so the graphs use this one.

To update after upgrading the plotly Python package: run this script, run
`python -m pytest tests/test_plotly_bundle.py` (the trace types of every figure the app draws must be
in the bundle) and commit assets/plotly-geo.min.js.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "plotly.js-geo-dist-min"
BUNDLE_IN_PACKAGE = "package/plotly-geo.min.js"
BUNDLE = ROOT / "assets" / "plotly-geo.min.js"
# Each trace module registers itself as {moduleType:"trace",name:"<type>",...} in plotly's bundles.
TRACE_MODULE = re.compile(rb'moduleType:"trace",name:"([a-z0-9_]+)"')
VERSION_HEADER = re.compile(rb"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")


def plotly_js_version() -> str:
    """The plotly.js version the installed plotly package ships (and Dash would otherwise serve)."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def bundle_version(text: bytes) -> str:
    match = VERSION_HEADER.search(text[:400])
    if not match:
        raise ValueError("no plotly.js version in the bundle's header")
    return match.group(1).decode()


def trace_types(text: bytes) -> set[str]:
    return {name.decode() for name in TRACE_MODULE.findall(text)}


def fetch(version: str) -> bytes:
    with tempfile.TemporaryDirectory() as workdir:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--silent"], cwd=workdir, check=True)
        with tarfile.open(Path(workdir) / f"{PACKAGE}-{version}.tgz") as tar:
            member = tar.extractfile(BUNDLE_IN_PACKAGE)
            if member is None:
                raise SystemExit(f"{PACKAGE}@{version} has no {BUNDLE_IN_PACKAGE}")
            return member.read()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed bundle only")
    args = parser.parse_args(argv)
    version = plotly_js_version()
    if not args.check:
        if shutil.which("npm") is None:
            raise SystemExit("npm is needed: apt-get install -y npm")
        BUNDLE.write_bytes(fetch(version))
    text = BUNDLE.read_bytes()
    found = bundle_version(text)
    if found != version:
        print(f"{BUNDLE.name} is plotly.js {found}; the plotly package ships {version}", file=sys.stderr)
        return 1
    print(f"{BUNDLE.relative_to(ROOT)}: plotly.js {found}, {len(text):,} B, traces {sorted(trace_types(text))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
