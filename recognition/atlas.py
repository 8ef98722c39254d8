"""Everything the dashboard needs, built once at start-up: the data, the status history per
reading, bloc memberships and the status frame joined to the map geometry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from recognition import blocs as bloc_lib
from recognition.history import StatusHistory, build_history
from recognition.load import DATA_DIR, Dataset, load_dataset
from recognition.readings import READINGS, STATUSES
from recognition.schema import TIMELINE_START

# Map classes: the three statuses, then units that are not recognisers themselves.
MAP_CLASSES = STATUSES + ("kosovo", "no_data")
KOSOVO_CLASS, NO_DATA_CLASS = MAP_CLASSES.index("kosovo"), MAP_CLASSES.index("no_data")


# eq=False: an atlas is compared and hashed by identity, so per-atlas caches can key on it.
@dataclass(frozen=True, eq=False)
class Atlas:
    dataset: Dataset
    history: StatusHistory
    memberships: pd.DataFrame
    geoframe: gpd.GeoDataFrame   # one row per map unit: iso3, name, kind, owner, actor_index, geometry
    markers: pd.DataFrame        # small units drawn as points: iso3, name, lon, lat, owner, actor_index
    names: dict[str, str]
    bloc_names: dict[str, str]
    membership: bloc_lib.MembershipIndex

    @property
    def actors(self) -> list[str]:
        return self.history.actors

    def epoch_day(self, as_of: date) -> date:
        """The last day on or before `as_of` on which a status or a membership changed: every answer
        for `as_of` equals the answer for this day, so results can be shared between the two."""
        event_day = pd.Timestamp(self.history.dates[self.history.row_for(as_of)]).date()
        return max(event_day, self.membership.last_change(as_of))

    def epoch_days(self, today: date) -> list[date]:
        """The first day of every epoch up to `today`: one per distinct answer of the atlas."""
        starts = [pd.Timestamp(d).date() for d in self.history.dates] + self.membership.change_days()
        return sorted({self.epoch_day(day) for day in starts if TIMELINE_START <= day <= today}
                      | {self.epoch_day(TIMELINE_START)})

    def status(self, reading: str, as_of: date) -> pd.DataFrame:
        return self.history.frame(reading, as_of)

    def map_classes(self, reading: str, as_of: date, units: pd.DataFrame) -> np.ndarray:
        """Class code per map unit (rows of `geoframe` or `markers`): the owner's status, or a fixed class."""
        codes = self.history.status_codes(reading, as_of)
        owner_status = codes[np.maximum(units["actor_index"].to_numpy(), 0)]
        fixed = units["fixed_class"].to_numpy()
        return np.where(fixed >= 0, fixed, owner_status)

    def contested(self, as_of: date) -> np.ndarray:
        """Per actor: Serbia's reading says withdrew while Kosovo's says it still recognises."""
        return self.contested_codes({key: self.history.status_codes(key, as_of) for key in ("serbia", "kosovo")})

    @staticmethod
    def contested_codes(codes: dict[str, np.ndarray]) -> np.ndarray:
        return (codes["serbia"] == STATUSES.index("withdrew")) & (codes["kosovo"] == STATUSES.index("recognises"))

    def un_member_mask(self, as_of: date) -> np.ndarray:
        """Per actor: a UN member on `as_of` (bloc_lib.un_members_on; South Sudan from 2011-07-14)."""
        return bloc_lib.un_members_on(self.dataset.states, as_of).reindex(self.actors, fill_value=False).to_numpy()

    def members_of_any(self, blocs: list[str], as_of: date) -> frozenset[str]:
        """The union of the blocs' members on `as_of`."""
        return self.membership.members_of_any(blocs, as_of)

    def disagreement(self, as_of: date) -> np.ndarray:
        """Per actor: the readings do not all give the same status."""
        codes = np.vstack([self.history.status_codes(key, as_of) for key in READINGS])
        return (codes != codes[0]).any(axis=0)

    def status_geoframe(self, reading: str, as_of: date) -> gpd.GeoDataFrame:
        """The status of every map unit as of a date, joined to its geometry."""
        frame = self.geoframe.copy()
        frame["map_class"] = np.array(MAP_CLASSES, dtype=object)[self.map_classes(reading, as_of, frame)]
        return frame


def _owner_and_actor(states: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """For each unit, whose status colours it (territories take their sovereign's) and its index."""
    position = {iso3: i for i, iso3 in enumerate(actors)}
    owner = np.where(states["kind"] == "territory", states["sovereign_iso3"], states["iso3"])
    actor_index = np.array([position.get(o, -1) for o in owner])
    # Kosovo is drawn in its own class; a unit with no owner that can recognise has no data.
    fixed = np.where(states["iso3"] == "XKX", KOSOVO_CLASS, np.where(actor_index < 0, NO_DATA_CLASS, -1))
    return pd.DataFrame({"iso3": states["iso3"], "owner": owner, "actor_index": actor_index,
                         "fixed_class": fixed})


def _marker_points(dataset: Dataset, geoframe: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where each marker is drawn (lon, lat) and the point of the state it stands for (state_lon, state_lat).

    Small states get a marker on themselves unless marker_positions.csv moves it beside them (so it
    covers no neighbour); a unit listed there that is not small (Kosovo) gets a callout marker too."""
    points = dataset.small_states[["iso3", "lon", "lat"]].rename(columns={"lon": "state_lon", "lat": "state_lat"})
    moved = dataset.marker_positions[["iso3", "lon", "lat"]]
    extra = moved.loc[~moved["iso3"].isin(points["iso3"]), ["iso3"]]
    shapes = geoframe.set_index("iso3").loc[extra["iso3"], "geometry"]
    inside = [shape.representative_point() for shape in shapes]
    points = pd.concat([points, extra.assign(state_lon=[round(p.x, 3) for p in inside],
                                             state_lat=[round(p.y, 3) for p in inside])], ignore_index=True)
    points = points.merge(moved, on="iso3", how="left")
    points["lon"] = points["lon"].fillna(points["state_lon"])
    points["lat"] = points["lat"].fillna(points["state_lat"])
    return points


def build_atlas(data_dir: Path = DATA_DIR, today: date | None = None) -> Atlas:
    dataset = load_dataset(data_dir, today)
    history = build_history(dataset)
    states = dataset.states
    units = _owner_and_actor(states, history.actors).merge(states[["iso3", "name", "kind"]], on="iso3")
    geoframe = gpd.GeoDataFrame(dataset.geometry.merge(units, on="iso3", how="left", validate="one_to_one"),
                                geometry="geometry", crs="EPSG:4326")
    markers = _marker_points(dataset, geoframe).merge(units[units["kind"].isin(["un_member", "non_un"])], on="iso3")
    memberships = bloc_lib.all_memberships(dataset)
    listed = sorted(b for b in dataset.bloc_definitions["bloc"] if b not in (bloc_lib.UN_BLOC, bloc_lib.NON_UN_BLOC))
    return Atlas(
        dataset=dataset, history=history, memberships=memberships,
        membership=bloc_lib.MembershipIndex(memberships, listed),
        geoframe=geoframe.reset_index(drop=True), markers=markers.reset_index(drop=True),
        names=dict(zip(states["iso3"], states["name"])),
        bloc_names=dict(zip(dataset.bloc_definitions["bloc"], dataset.bloc_definitions["name"])),
    )

