"""The committed geometry: every state drawn, Kosovo and Serbia separate, rings as plotly draws them."""

from __future__ import annotations

import json

import numpy as np
import shapely
from shapely.geometry import shape

from recognition import schema
from recognition.load import DATA_DIR


def features():
    return json.loads((DATA_DIR / schema.GEOMETRY_FILE).read_text())["features"]


def decoded_topology() -> dict[str, dict]:
    """The TopoJSON the page draws, decoded as topojson-client does (delta-coded arcs, the transform, ~i for arc
    i reversed), unit by unit."""
    topology = json.loads((DATA_DIR / schema.TOPOLOGY_FILE).read_text())
    scale, translate = np.array(topology["transform"]["scale"]), np.array(topology["transform"]["translate"])
    arcs = [np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]

    def ring(indices: list[int]) -> list:
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
        return np.concatenate([parts[0]] + [part[1:] for part in parts[1:]]).tolist()

    units = {}
    for geometry in topology["objects"][schema.TOPOLOGY_OBJECT]["geometries"]:
        if geometry["type"] == "Polygon":
            coordinates = [ring(r) for r in geometry["arcs"]]
        else:
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        units[geometry["properties"]["iso3"]] = {"type": geometry["type"], "coordinates": coordinates}
    return units


def turns(geometry: dict) -> list[list[bool]]:
    """Whether each ring turns clockwise (by its signed area, the sum d3-geo's planar rule agrees with here),
    polygon by polygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]

    def clockwise(points) -> bool:
        x, y = np.array(points)[:, 0], np.array(points)[:, 1]
        return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) < 0

    return [[clockwise(ring) for ring in polygon] for polygon in polygons]


def test_size_is_about_a_megabyte_or_less():
    assert (DATA_DIR / "geometry" / "world_50m.geojson").stat().st_size <= 1_100_000


def test_every_un_member_and_kosovo_has_a_polygon(atlas):
    drawn = {f["properties"]["iso3"]: shape(f["geometry"]) for f in features()}
    needed = set(atlas.dataset.states.loc[atlas.dataset.states["un_member"] == "yes", "iso3"]) | {"XKX"}
    assert needed <= set(drawn)
    assert all(not drawn[code].is_empty and drawn[code].area > 0 for code in needed)


def test_kosovo_and_serbia_are_separate_and_survive_the_join(atlas):
    frame = atlas.status_geoframe("independent", atlas.history.change_dates()[-1])
    kosovo = frame.loc[frame["iso3"] == "XKX", "geometry"].iloc[0]
    serbia = frame.loc[frame["iso3"] == "SRB", "geometry"].iloc[0]
    assert frame.loc[frame["iso3"] == "XKX", "map_class"].iloc[0] == "kosovo"
    assert frame.loc[frame["iso3"] == "SRB", "map_class"].iloc[0] == "does_not_recognise"
    assert kosovo.intersection(serbia).area < 0.01 * kosovo.area
    assert 20.0 < kosovo.centroid.x < 21.8 and 41.8 < kosovo.centroid.y < 43.3


def test_every_small_state_has_a_marker(atlas):
    markers = set(atlas.dataset.small_states["iso3"])
    for feature in features():
        geometry = shape(feature["geometry"])
        if geometry.area < 0.5:
            assert feature["properties"]["iso3"] in markers, feature["properties"]["iso3"]
    for code in ("MCO", "VAT", "TUV", "NRU", "SMR", "LIE", "MDV"):
        assert code in set(atlas.markers["iso3"]), code


def test_the_page_gets_the_same_shapes_as_topojson():
    geojson = {f["properties"]["iso3"]: f["geometry"] for f in features()}
    topology = decoded_topology()
    assert topology.keys() == geojson.keys()
    for iso3, geometry in topology.items():
        # Every ring turns as the GeoJSON's same ring: one turned the other way is drawn as the whole globe.
        assert turns(geometry) == turns(geojson[iso3]), iso3
        # Quantised to 20,000 steps: nothing moves more than half a step (0.009 degrees).
        assert shape(geometry).hausdorff_distance(shape(geojson[iso3])) < 0.01, iso3
    assert (DATA_DIR / schema.TOPOLOGY_FILE).stat().st_size < 0.5 * (DATA_DIR / schema.GEOMETRY_FILE).stat().st_size


def test_exterior_rings_are_clockwise_as_plotly_draws_them():
    for feature in features():
        geometry = shape(feature["geometry"])
        for polygon in getattr(geometry, "geoms", [geometry]):
            assert not shapely.is_ccw(polygon.exterior), feature["properties"]["iso3"]


def test_the_base_maps_sea_lies_under_the_whole_globe_and_its_lakes_are_kept():
    """plotly.js draws the base map's ocean under the states and its lakes over them: the ocean is a ring that
    turns counter-clockwise (everything but what it surrounds, to d3-geo) near the South Pole, under Antarctica's
    shape (whose coast is nowhere south of 86 degrees)."""
    base_map = json.loads((DATA_DIR.parent / "assets" / "topojson" / "world_110m.json").read_text())
    assert set(base_map["objects"]) == {"ocean", "lakes"} and len(base_map["objects"]["lakes"]["geometries"]) > 20
    (scale_x, scale_y), (left, bottom) = base_map["transform"]["scale"], base_map["transform"]["translate"]
    [sea] = base_map["objects"]["ocean"]["geometries"]
    [[arc]] = sea["arcs"]
    ring = np.cumsum(np.array(base_map["arcs"][arc], dtype=float), axis=0) * [scale_x, scale_y] + [left, bottom]
    assert turns({"type": "Polygon", "coordinates": [ring.tolist()]}) == [[False]]
    assert (ring[:, 1] < -88).all()
