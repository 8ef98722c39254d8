"""Build assets/plotly-geo.min.js from plotly.js's own source: the plotly.js version the plotly package
ships, holding only the traces and layout components the atlas draws with (committed; the page never
loads plotly.js from a CDN).

    python scripts/build_plotly_bundle.py            # npm pack plotly.js@<version>, build, write assets/
    python scripts/build_plotly_bundle.py --check    # only verify the committed file
    python scripts/build_plotly_bundle.py --keep DIR # build in DIR and keep it (the source, the metafile)

What it does (npm and node needed: `apt-get install -y npm`):

1. `npm pack plotly.js@<version>` (the version `plotly.offline.get_plotlyjs_version()` names) and
   `npm install --omit=dev --ignore-scripts` in the unpacked package: its production dependencies;
   esbuild at the version range plotly.js's own package.json asks for, beside it.
2. An entry of our own: plotly's `src/core.js` with its list of layout components cut down to
   COMPONENTS (every other line of it as plotly wrote it), then the traces in TRACES registered, as
   plotly's `lib/index-geo.js` does (without the world calendars it adds: the atlas draws no calendars).
   Scatter is in plotly's core (the timeline).
3. esbuild with plotly's options (`esbuild-config.js`: iife, globalName Plotly, `global` = window,
   `define.amd` = false, target es2016), minified, with plotly's meta-attribute stripping (the
   `description`, `role`, `hrName`, `requiredOpts`, `otherOpts` strings its tasks/compress_attributes.js
   removes from every published bundle: they serve only Plotly.PlotSchema's documentation).
4. STUBS: two dependencies the atlas's figures cannot reach are replaced by a few lines that throw a
   clear error if ever reached (tests/test_plotly_bundle.py keeps them unreachable):
   `country-iso-search` is only for `locationmode: "country names"` (the atlas locates states by
   GeoJSON id, its markers by longitude and latitude); `d3-geo-projection` is only for projections that
   d3-geo lacks (the atlas's map is "natural earth", which plotly takes from d3-geo-projection's
   re-export of d3-geo's geoNaturalEarth1: the stub re-exports that one).

Dash's dcc.Graph loads plotly's full bundle only when `window.Plotly` is missing; every file in assets/
is a page script loaded before the renderer starts, so the graphs use this one. The header names the
plotly.js version, the traces and components, esbuild's version and the npm packages bundled with
their versions (npm resolves plotly's dependency ranges when you build: a changed line there is a
changed dependency).

To update after upgrading the plotly Python package: run this script, then
`python -m pytest tests/test_plotly_bundle.py` (the version; every trace type and layout component
the app's figures use is in the bundle; the stubbed modules stay unreachable) and the browser tests
(README, "Only the plotly.js it draws with"), and commit assets/plotly-geo.min.js. If plotly renamed a
component or changed src/core.js's list, this script stops and says so.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "assets" / "plotly-geo.min.js"
# Traces registered on top of plotly's core (which always holds scatter).
TRACES = ("choropleth", "scattergeo")
# Layout components registered, a subset of plotly's src/core.js list (kept in plotly's order there):
# shapes (the timeline's as-of line and milestone shading, the exported image's legend keys),
# annotations (the exported image's legend and source line), legend (the timeline's), fx (hover,
# clicks), modebar (the map's), colorscale and colorbar (what a choropleth's defaults and drawing call).
# Left out: annotations3d, selections, images, updatemenus, sliders, rangeslider, rangeselector, grid,
# errorbars (plotly asks the registry for them and gets a no-op when they are absent).
COMPONENTS = ("annotations", "shapes", "colorscale", "colorbar", "legend", "fx", "modebar")
# The geo projections the stub of d3-geo-projection serves: a layout's projection type, the name plotly asks
# d3-geo-projection for (src/plots/geo/geo.js getProjection, when d3-geo lacks it) and d3-geo's export that
# d3-geo-projection re-exports under that name.
PROJECTIONS = {"natural earth": ("geoNaturalEarth", "geoNaturalEarth1")}
STUB_ERROR = "is not in the atlas's plotly.js bundle (scripts/build_plotly_bundle.py)"
STUBS = {
    "country-iso-search": (
        "// Only for locationmode 'country names'; the atlas's figures locate by GeoJSON id.\n"
        "exports.COUNTRIES = [];\n"
        "exports.createLookup = function () {\n"
        "    return {lookupAlpha3: function () {\n"
        "        throw new Error(" + json.dumps("locationmode 'country names' " + STUB_ERROR) + ");\n"
        "    }};\n"
        "};\n"),
    "d3-geo-projection": (
        "// Only for projections beyond d3-geo's; the atlas's map uses these (from d3-geo itself).\n"
        "var d3Geo = require('d3-geo');\n"
        "var served = {" + ", ".join(f"{name}: d3Geo.{d3_name}" for name, d3_name in PROJECTIONS.values()) + "};\n"
        "module.exports = new Proxy(served, {get: function (target, name) {\n"
        "    if (name in target || typeof name !== 'string' || name.indexOf('geo') !== 0) { return target[name]; }\n"
        "    throw new Error('the projection ' + name + " + json.dumps(" " + STUB_ERROR) + ");\n"
        "}});\n"),
}
# Each module registers itself as {moduleType:"trace"|"component",name:"<name>",...} in plotly's bundles.
TRACE_MODULE = re.compile(rb'moduleType:"trace",name:"([a-z0-9_]+)"')
COMPONENT_MODULE = re.compile(rb'moduleType:"component",name:"([a-z0-9_]+)"')
VERSION_HEADER = re.compile(rb"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")
REGISTERED_HEADER = re.compile(rb"; components ([a-z0-9, ]+);\n")
CORE_COMPONENTS = re.compile(r"register\(\[\n((?:\s*require\('\./components/[a-z0-9]+'\),?[^\n]*\n)+)\s*\]\);")
COMPONENT_LINE = re.compile(r"require\('\./components/([a-z0-9]+)'\)")

BUILD_JS = """\
const fs = require('fs');
const esbuild = require(process.argv[2]);
const options = JSON.parse(fs.readFileSync(process.argv[3], 'utf-8'));
// plotly's tasks/compress_attributes.js: attribute documentation out of every published bundle.
const meta = ['description', 'role', 'hrName'].map((key) => new RegExp('\\\\s*' + key + ": '.*',?", 'g'))
    .concat([new RegExp("\\\\s*description: \\\\[[\\\\s\\\\S]*?\\\\]\\\\.join\\\\([\\\\s\\\\S]*?\\\\),?", 'g')])
    .concat(['requiredOpts', 'otherOpts'].map((key) => new RegExp('\\\\s*' + key + ': \\\\[[\\\\s\\\\S]*?\\\\],?', 'g')));
options.plugins = [{name: 'strip-meta-attributes', setup(build) {
    build.onLoad({filter: /\\.js$/}, async (file) => {
        let text = await fs.promises.readFile(file.path, 'utf-8');
        meta.forEach((pattern) => { text = text.replace(pattern, ''); });
        return {contents: text, loader: 'js'};
    });
}}];
esbuild.build(options).then((result) => fs.writeFileSync(options.outfile + '.meta.json', JSON.stringify(result.metafile)));
"""


def components_used(figure: dict, config: dict) -> set[str]:
    """The layout components of plotly.js a figure (its JSON: data and layout) and its graph's config draw with."""
    layout, traces = figure.get("layout") or {}, figure.get("data") or []
    # fx: hover, clicks and drags; every plot reads its layout defaults (hovermode, dragmode, ...).
    used = {"fx"} | {name for name in ("annotations", "shapes", "images", "updatemenus", "sliders", "selections", "grid")
                     if layout.get(name)}
    axes = [value for key, value in layout.items() if re.fullmatch(r"[xy]axis\d*", key)]
    used |= {name for axis in axes for name in ("rangeslider", "rangeselector") if axis.get(name)}
    # plotly draws a legend by default once two traces are shown.
    if layout.get("showlegend", len(traces) > 1):
        used.add("legend")
    if any(trace.get(key) for trace in traces for key in ("error_x", "error_y", "error_z")):
        used.add("errorbars")
    if any(trace.get(key) for trace in traces for key in ("xcalendar", "ycalendar", "zcalendar")):
        used.add("calendars")
    if layout.get("coloraxis") or any("colorscale" in trace or "colorscale" in (trace.get("marker") or {})
                                      for trace in traces):
        used |= {"colorscale", "colorbar"}
    if config.get("displayModeBar", "hover") is not False and not config.get("staticPlot"):
        used.add("modebar")
    return used


def stubbed_uses(figure: dict) -> list[str]:
    """What in a figure (its JSON) would reach a stubbed module: a location looked up by country name
    (country-iso-search) or a geo projection other than PROJECTIONS (d3-geo-projection)."""
    layout, traces = figure.get("layout") or {}, figure.get("data") or []
    found = [f"trace {i} ({trace.get('type')}) has locationmode 'country names'"
             for i, trace in enumerate(traces) if trace.get("locationmode") == "country names"]
    geos = {key: value for key, value in layout.items() if re.fullmatch(r"geo\d*", key)}
    if any(trace.get("type") in ("choropleth", "scattergeo") for trace in traces):
        geos.setdefault("geo", {})
    for key, geo in geos.items():
        projection = ((geo or {}).get("projection") or {}).get("type")
        if projection not in PROJECTIONS:
            found.append(f"{key} has the projection {projection!r}, not one of {sorted(PROJECTIONS)}")
    return found


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


def components(text: bytes) -> set[str]:
    """The components whose module is in the bundle (registered or not: plotly's code requires some directly)."""
    return {name.decode() for name in COMPONENT_MODULE.findall(text)}


def registered_components(text: bytes) -> set[str]:
    """The components the bundle's entry registers, as its header names them (written from COMPONENTS)."""
    match = REGISTERED_HEADER.search(text[:2000])
    if not match:
        raise ValueError("no list of registered components in the bundle's header")
    return set(match.group(1).decode().split(", "))


def run(command: list[str], cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def atlas_core(core_js: str) -> str:
    """plotly's src/core.js registering only COMPONENTS of its layout components."""
    match = CORE_COMPONENTS.search(core_js)
    if not match:
        raise SystemExit("src/core.js no longer registers its components in one list: update atlas_core()")
    lines = match.group(1).splitlines(keepends=True)
    listed = [COMPONENT_LINE.search(line).group(1) for line in lines]
    missing = set(COMPONENTS) - set(listed)
    if missing:
        raise SystemExit(f"src/core.js no longer registers {sorted(missing)}: update COMPONENTS")
    kept = [COMPONENT_LINE.search(line).group(0) for line in lines if COMPONENT_LINE.search(line).group(1) in COMPONENTS]
    return core_js.replace(match.group(1), "".join(f"    {line},\n" for line in kept))


# plotly.js fetches a geo figure's base map from `topojsonURL`, by default plotly's CDN. The atlas passes its own
# address in every graph's config (app.py BASE_MAP_DIR); the bundle's default is the same local folder, so that a
# figure drawn without that config (a new graph, an image copied off-screen) never asks the internet either.
CDN_BASE_MAP = "dflt: 'https://cdn.plot.ly/un/'"
LOCAL_BASE_MAP = "dflt: '/assets/topojson/'"


def local_base_map(plot_config_js: str) -> str:
    """plotly's src/plot_api/plot_config.js with the base map's default address on the app, not on a CDN."""
    if CDN_BASE_MAP not in plot_config_js:
        raise SystemExit("src/plot_api/plot_config.js has no topojsonURL default on plotly's CDN: update local_base_map()")
    return plot_config_js.replace(CDN_BASE_MAP, LOCAL_BASE_MAP)


def bundled_packages(metafile: dict, package: Path) -> list[str]:
    """name@version of every npm package with code in the bundle (metafile paths are relative to `package`)."""
    found = {}
    for path, entry in next(iter(metafile["outputs"].values()))["inputs"].items():
        parts = path.split("/")
        # A stylesheet (maplibre-gl's, for map traces only) goes to a .css file beside the bundle, not into it.
        if "node_modules" not in parts or not entry["bytesInOutput"] or path.endswith(".css"):
            continue
        at = len(parts) - 1 - parts[::-1].index("node_modules")
        name = "/".join(parts[at + 1:at + 3]) if parts[at + 1].startswith("@") else parts[at + 1]
        root = package.joinpath(*parts[:at + 1], name)
        found[name] = json.loads((root / "package.json").read_text())["version"]
    return [f"{name}@{version}" for name, version in sorted(found.items())]


def header(package: Path, esbuild_version: str, packages: list[str]) -> str:
    """plotly's own licence header (from its full bundle in the package), naming this bundle."""
    licence = re.match(r"/\*\*\n\* plotly\.js v[^\n]*\n(.*?)\*/", (package / "dist" / "plotly.min.js").read_text()[:600],
                       re.DOTALL)
    if not licence:
        raise SystemExit("dist/plotly.min.js has no licence header where plotly puts it")
    version = json.loads((package / "package.json").read_text())["version"]
    listed = "\n".join(f"*   {line}" for line in _wrap(packages))
    return (f"/**\n* plotly.js (atlas partial bundle - minified) v{version}\n{licence.group(1)}"
            f"* Built by scripts/build_plotly_bundle.py with esbuild {esbuild_version}: traces "
            f"scatter, {', '.join(TRACES)}; components {', '.join(COMPONENTS)};\n"
            f"* stubbed (unreachable for the atlas): {', '.join(STUBS)}. Bundled npm packages:\n{listed}\n*/\n")


def _wrap(words: list[str], width: int = 100) -> list[str]:
    lines = [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + len(word) + 2 > width:
            lines.append("")
        lines[-1] += (", " if lines[-1] else "") + word
    return lines


def build(version: str, workdir: Path) -> bytes:
    run(["npm", "pack", f"plotly.js@{version}", "--silent"], workdir)
    with tarfile.open(workdir / f"plotly.js-{version}.tgz") as tar:
        tar.extractall(workdir, filter="data")
    package = workdir / "package"
    run(["npm", "install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"], package)
    esbuild_range = json.loads((package / "package.json").read_text())["devDependencies"]["esbuild"]
    tools = workdir / "tools"
    tools.mkdir()
    run(["npm", "install", f"esbuild@{esbuild_range}", "--ignore-scripts", "--no-audit", "--no-fund", "--no-save"], tools)
    esbuild = tools / "node_modules" / "esbuild"
    src = package / "src"
    (src / "core-atlas.js").write_text(atlas_core((src / "core.js").read_text()))
    plot_config = src / "plot_api" / "plot_config.js"
    plot_config.write_text(local_base_map(plot_config.read_text()))
    (src / "index-atlas.js").write_text(
        "'use strict';\n\nvar Plotly = require('./core-atlas');\n\nPlotly.register([\n"
        + "".join(f"    require('./traces/{trace}'),\n" for trace in TRACES) + "]);\n\nmodule.exports = Plotly;\n")
    stubs = package / "atlas-stubs"
    stubs.mkdir()
    for name, text in STUBS.items():
        (stubs / f"{name}.js").write_text(text)
    out = workdir / "plotly-atlas.min.js"
    options = {"entryPoints": [str(src / "index-atlas.js")], "outfile": str(out), "absWorkingDir": str(package),
               "format": "iife", "globalName": "Plotly", "bundle": True, "minify": True, "sourcemap": False,
               "define": {"global": "window", "define.amd": "false"}, "target": "es2016", "metafile": True,
               "logLevel": "warning", "alias": {name: f"./atlas-stubs/{name}.js" for name in STUBS}}
    (workdir / "options.json").write_text(json.dumps(options))
    (workdir / "build.js").write_text(BUILD_JS)
    run(["node", str(workdir / "build.js"), str(esbuild), str(workdir / "options.json")], package)
    metafile = json.loads(Path(f"{out}.meta.json").read_text())
    esbuild_version = json.loads((esbuild / "package.json").read_text())["version"]
    return header(package, esbuild_version, bundled_packages(metafile, package)).encode() + out.read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed bundle only")
    parser.add_argument("--keep", type=Path, help="build in this (new) directory and keep it")
    args = parser.parse_args(argv)
    version = plotly_js_version()
    if not args.check:
        if shutil.which("npm") is None or shutil.which("node") is None:
            raise SystemExit("npm and node are needed: apt-get install -y npm")
        if args.keep:
            args.keep.mkdir(parents=True)
            BUNDLE.write_bytes(build(version, args.keep.resolve()))
        else:
            with tempfile.TemporaryDirectory() as workdir:
                BUNDLE.write_bytes(build(version, Path(workdir)))
    text = BUNDLE.read_bytes()
    found = bundle_version(text)
    if found != version:
        print(f"{BUNDLE.name} is plotly.js {found}; the plotly package ships {version}", file=sys.stderr)
        return 1
    print(f"{BUNDLE.relative_to(ROOT)}: plotly.js {found}, {len(text):,} B, traces {sorted(trace_types(text))}, "
          f"registered components {sorted(registered_components(text))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
