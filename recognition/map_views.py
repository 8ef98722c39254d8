"""Named map views (world, Europe, the Balkans) and the view that frames each selectable state."""

from __future__ import annotations

from recognition.atlas import Atlas
from recognition.words import N_

# Plotly geo views: the centre and the zoom factor over the world view (which fits lat -58..86).
WORLD_LON_SPAN, WORLD_LAT_SPAN = 360.0, 144.0
REGIONS = {
    "world": {"label": N_("World"), "lon": 0.0, "lat": 14.0, "scale": 1.0},
    "europe": {"label": N_("Europe"), "lon": 15.0, "lat": 52.0, "scale": 3.6},
    "balkans": {"label": N_("Balkans"), "lon": 20.5, "lat": 43.0, "scale": 11.0},
}
MAX_SCALE = 24.0
# The state fills about this share of the map's shorter side.
FILL = 0.45


def zoom_targets(atlas: Atlas) -> dict[str, dict[str, float]]:
    """Per state that can be selected: a view centred on its main landmass (overseas parts left out)."""
    targets = {}
    shapes = dict(zip(atlas.geoframe["iso3"], atlas.geoframe.geometry))
    for code in list(atlas.actors) + ["XKX"]:
        shape = shapes.get(code)
        if shape is None or shape.is_empty:
            continue
        main = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
        west, south, east, north = main.bounds
        span = max((east - west) / WORLD_LON_SPAN, (north - south) / WORLD_LAT_SPAN, 1e-6)
        targets[code] = {"lon": round((west + east) / 2, 3), "lat": round((south + north) / 2, 3),
                         "scale": round(min(max(FILL / span, 1.0), MAX_SCALE), 2)}
    return targets
