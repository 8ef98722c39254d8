"""Every path the app serves and every key of its URLs, defined once. The web layer registers its routes
on these paths, the visible parts link to them, and the page scripts receive them with the rest of their
configuration (`browser_config`), so no browser script spells a path or a key itself."""

from __future__ import annotations

# Pages: the only paths that serve the app's HTML (any other unknown path is a 404).
HOME = "/"
EMBED = "/embed"
PAGES = (HOME, EMBED)
# Pages other sites may show in a frame.
FRAMABLE = (EMBED,)

# Data routes.
STATUS_CSV = "/download/status.csv"
CHANGES_CSV = "/download/changes.csv"
API = "/api/v1"
STATUS_JSON = f"{API}/status.json"
EVENTS_JSON = f"{API}/events.json"
COUNTS_JSON = f"{API}/counts.json"
CHANGES_JSON = f"{API}/changes.json"
OPENAPI_JSON = f"{API}/openapi.json"
FEED_ATOM = "/feed.atom"
GEOMETRY = "/geometry/world_50m.geojson"
TOPOLOGY = "/geometry/world_50m.topojson"  # the same shapes as the page gets them (web/geometry.py)
SERVICE_WORKER = "/sw.js"
MANIFEST = "/manifest.webmanifest"
HEALTH = "/health"
# Beyond recognition (issue 21): organisations, map layers, milestones.
ORGANISATIONS_JSON = f"{API}/organisations.json"
ORGANISATIONS_CSV = "/download/organisations.csv"
LAYER_JSON = f"{API}/layer.json"
LAYER_CSV = "/download/layer.csv"
MILESTONES_JSON = f"{API}/milestones.json"


class Key:
    """Query keys of the page URL, the downloads and the API."""

    AS_OF = "as_of"
    BLOC = "bloc"
    READING = "reading"
    COUNTRY = "country"
    FROM = "from"
    TO = "to"
    LANG = "lang"
    SEARCH = "q"
    FILTER = "filter"
    SORT = "sort"
    FILTER_LANG = "filter_lang"
    TYPE = "type"
    LAYER = "layer"
    VERSION = "v"  # the content hash in a static file's address (the geometry)


# The keys that make up a view of the page, in the order the page writes them into its URL (a comparison
# writes its two dates where a view writes its as-of date; `layer`: the map layer, issue 21).
PAGE_KEYS = (Key.FROM, Key.TO, Key.AS_OF, Key.BLOC, Key.READING, Key.COUNTRY, Key.LAYER, Key.LANG)


def browser_config(prefix: str) -> dict:
    """What the page scripts need to build links: the paths under the app's prefix and the URL keys."""
    root = prefix.rstrip("/")
    return {
        "paths": {"home": root + HOME, "embed": root + EMBED, "changesCsv": root + CHANGES_CSV,
                  "changesJson": root + CHANGES_JSON},
        "keys": {name.lower(): value for name, value in vars(Key).items() if not name.startswith("_")},
        "pageKeys": list(PAGE_KEYS),
    }
