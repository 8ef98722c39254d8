"""Render the atlas's icons from assets/icons/icon.svg with headless Chromium (no image library needed).

    python scripts/build_icons.py

Writes assets/icons/icon-192.png and icon-512.png (the web app manifest's icons, web/offline.py) and
assets/favicon.ico (a 32 x 32 PNG inside an ICO container, which Dash links as the page's icon).
"""

from __future__ import annotations

import struct
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
SOURCE = ICONS / "icon.svg"
CHROMIUM = "/usr/bin/chromium"


def render(size: int, out: Path) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        page = Path(workdir) / "icon.html"
        page.write_text(f"<html><body style='margin:0'><img src='{SOURCE.as_uri()}' width={size} height={size}>"
                        "</body></html>")
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--window-size={size},{size}", "--default-background-color=00000000",
                        f"--screenshot={out}", page.as_uri()], check=True, capture_output=True, timeout=60)


def ico_from_png(png: bytes, size: int) -> bytes:
    """An ICO file holding one PNG image (every browser reads PNG inside ICO)."""
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def main() -> None:
    for size in (192, 512):
        render(size, ICONS / f"icon-{size}.png")
    with tempfile.TemporaryDirectory() as workdir:
        small = Path(workdir) / "icon-32.png"
        render(32, small)
        (ROOT / "assets" / "favicon.ico").write_bytes(ico_from_png(small.read_bytes(), 32))


if __name__ == "__main__":
    main()
