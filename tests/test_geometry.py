"""The committed geometry: every state drawn, Kosovo and Serbia separate, rings as plotly draws them."""

from __future__ import annotations

import json

import shapely
from shapely.geometry import shape

from recognition.load import DATA_DIR


def features():
    return json.loads((DATA_DIR / "geometry" / "world_50m.geojson").read_text())["features"]


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


def test_exterior_rings_are_clockwise_as_plotly_draws_them():
    for feature in features():
        geometry = shape(feature["geometry"])
        for polygon in getattr(geometry, "geoms", [geometry]):
            assert not shapely.is_ccw(polygon.exterior), feature["properties"]["iso3"]
