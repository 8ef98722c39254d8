"""Static files: compressed once at the highest level (brotli where accepted, else gzip -9), fingerprinted
addresses cached as immutable, the geometry at an address that names its content."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli

ASSETS = Path(__file__).resolve().parent.parent / "assets"
IMMUTABLE = "public, max-age=31536000, immutable"


def page_files(client) -> list[str]:
    """The page's scripts and stylesheets (not what it preloads for dcc's own unversioned chunk addresses, which
    are revalidated: test_first_visit.py)."""
    page = re.sub(r'<link rel="preload"[^>]*>', "", client.get("/").get_data(as_text=True))
    return [url for url in re.findall(r'(?:src|href)="([^"]+)"', page)
            if url.startswith(("/assets/", "/_dash-component-suites/")) and url.split("?")[0].endswith((".js", ".css"))]


def test_every_script_and_stylesheet_of_the_page_is_brotli_and_immutable(client):
    files = page_files(client)
    assert any("plotly-geo.min.js" in url for url in files) and any("dash_renderer" in url for url in files)
    for url in files:
        response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        assert response.status_code == 200, url
        assert response.headers["Content-Encoding"] == "br", url
        assert response.headers["Cache-Control"] == IMMUTABLE, url


def test_the_encoding_follows_accept_encoding_at_the_highest_level(client):
    url = next(url for url in page_files(client) if url.startswith("/assets/a11y.js"))
    raw = (ASSETS / "a11y.js").read_bytes()
    br = client.get(url, headers={"Accept-Encoding": "br"})
    assert br.data == brotli.compress(raw, quality=11)
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gz.data == gzip.compress(raw, compresslevel=9, mtime=0)
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.data == raw
    assert {r.headers["Vary"] for r in (br, gz, plain)} == {"Accept-Encoding"}
    # Each representation has its own tag; a client holding one gets 304 for that one only.
    assert len({r.headers["ETag"] for r in (br, gz, plain)}) == 3
    assert client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": br.headers["ETag"]}).status_code == 304
    assert client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": gz.headers["ETag"]}).status_code == 200


def test_an_address_without_fingerprint_is_revalidated(client):
    assert client.get("/assets/a11y.js").headers["Cache-Control"] == "no-cache"
    chunk = client.get("/_dash-component-suites/dash/dcc/async-graph.js", headers={"Accept-Encoding": "br"})
    assert chunk.headers["Content-Encoding"] == "br" and chunk.headers["Cache-Control"] == "no-cache"


def test_the_geometry_address_names_its_content(client, dash_app):
    import web.geometry
    url = web.geometry.url("/")
    layout = client.get("/_dash-layout").get_json()
    assert url in str(layout)
    response = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "br" and response.headers["Cache-Control"] == IMMUTABLE
    stale = client.get(url.split("?")[0] + "?v=0123", headers={"Accept-Encoding": "br"})
    assert stale.headers["Cache-Control"] != IMMUTABLE
