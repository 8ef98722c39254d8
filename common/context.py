"""What every component needs, built once at start-up and shared read-only by all requests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel.support import Translations

from common import i18n
from recognition.atlas import Atlas, build_atlas
from recognition.load import DATA_DIR
from recognition.map_data import live_counts, live_numbers
from recognition.schema import TIMELINE_START
from recognition.timeline import CountSeries, count_series
from recognition.words import Words

# The order blocs are offered in.
BLOC_ORDER = ("EU", "NATO", "OIC", "G7", "G20", "BRICS", "AU", "COE", "UNSC_P5", "UN", "NON_UN")


DEFAULT_PUBLIC_URL = "http://127.0.0.1:8050/"


# eq=False: compared and hashed by identity, so per-context caches can key on it.
@dataclass(eq=False)
class AppContext:
    atlas: Atlas
    series: dict[str, CountSeries]
    bloc_keys: list[str] = field(default_factory=list)
    # What a request may name, derived once: the states and entities that can recognise, and
    # those plus Kosovo (whose details panel is a summary); which state a map unit opens.
    selectable: frozenset[str] = frozenset()
    owners: dict[str, str] = field(default_factory=dict)
    # Per page language: the sentence under the date while it moves (see recognition.map_data).
    live_counts: dict[str, dict[str, dict[str, list]]] = field(default_factory=dict)
    # The gettext catalog and every state's name, per page language.
    catalogs: dict[str, Translations] = field(default_factory=dict)
    local_names: dict[str, dict[str, str]] = field(default_factory=dict)
    words: dict[str, Words] = field(default_factory=dict)
    # Where readers reach the atlas (KRA_PUBLIC_URL): the base of every absolute link the app writes
    # (the feed's), so that no link follows the Host header a client sends.
    public_url: str = DEFAULT_PUBLIC_URL

    @staticmethod
    def today() -> date:
        return date.today()

    def names(self, language: str | None = None) -> dict[str, str]:
        """Every state's name in a language (default: the request's)."""
        return self.local_names[language or i18n.current()]

    def say(self, language: str | None = None) -> Words:
        """How the core words its sentences in a language (default: the request's)."""
        return self.words[language or i18n.current()]


def build_context(data_dir: Path = DATA_DIR) -> AppContext:
    atlas = build_atlas(data_dir)
    known = set(atlas.bloc_names)
    ordered = [b for b in BLOC_ORDER if b in known] + sorted(known - set(BLOC_ORDER))
    series = count_series(atlas)
    catalogs = i18n.compiled_catalogs()
    alpha2 = i18n.alpha2_codes(atlas.names, atlas.dataset.code_crosswalk)
    local_names = {code: i18n.local_names(atlas.names, alpha2, code, catalogs[code]) for code in i18n.LANGUAGES}
    words = {code: i18n.make_words(code, catalogs[code], local_names[code]) for code in i18n.LANGUAGES}
    live = live_numbers(atlas, series)
    return AppContext(atlas=atlas, series=series, bloc_keys=ordered,
                      selectable=frozenset(atlas.actors) | {"XKX"},
                      owners=dict(zip(atlas.geoframe["iso3"], atlas.geoframe["owner"])),
                      live_counts={code: live_counts(live, words[code]) for code in i18n.LANGUAGES},
                      catalogs=catalogs, local_names=local_names, words=words,
                      public_url=os.environ.get("KRA_PUBLIC_URL", DEFAULT_PUBLIC_URL))


def day_index(day: date) -> int:
    return (day - TIMELINE_START).days

