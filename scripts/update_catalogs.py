"""Extract every UI string (babel.cfg) into locales/messages.pot and merge it into each language's
catalog, locales/<locale>/LC_MESSAGES/messages.po (created on first run). Then translate the new or
changed entries (empty or fuzzy msgstr) in sq and sr, and run it again: Serbian in Latin script
(sr_Latn) is the Serbian catalog transliterated (cyrtranslit), never edited by hand. A test fails
while any entry is untranslated, fuzzy or out of step. The app compiles the catalogs when it starts.

    python scripts/update_catalogs.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the extractor of data files (babel.cfg) is imported from here

import cyrtranslit  # noqa: E402
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.frontend import CommandLineInterface  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from common.i18n import DOMAIN, LANGUAGES, LOCALES_DIR, TRANSLATED, catalog_path  # noqa: E402

# Stable files: unwrapped lines (and, in the template, no line numbers and sorted entries).
LAYOUT = ["--no-wrap"]
CYRILLIC, LATIN = "sr", "sr-Latn"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        update(Path(scratch) / f"{DOMAIN}.pot")


def update(template: Path) -> None:
    pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-o", str(template), "--no-location", "--sort-output",
            "--project=Kosovo Recognition Atlas", "--copyright-holder=Kosovo Recognition Atlas contributors",
            "--add-comments=TRANSLATORS:", *LAYOUT, str(ROOT))
    for code in TRANSLATED:
        locale = LANGUAGES[code].locale
        if catalog_path(code).exists():
            pybabel("update", "-i", str(template), "-d", str(LOCALES_DIR), "-l", locale, "--ignore-obsolete",
                    "--previous", *LAYOUT)
        else:
            pybabel("init", "-i", str(template), "-d", str(LOCALES_DIR), "-l", locale, *LAYOUT)
    transliterate(catalog_path(CYRILLIC), catalog_path(LATIN))


def to_latin(text: str) -> str:
    return cyrtranslit.to_latin(text, "sr")


def latin_translation(message, cyrillic: Catalog) -> str | tuple[str, ...]:
    """The Latin-script translation of one entry: its Cyrillic translation transliterated, or empty
    (untranslated) where the Cyrillic one is missing or fuzzy."""
    source = cyrillic.get(message.id, message.context)
    if source is None or source.fuzzy:
        return ("",) * len(message.string) if isinstance(message.string, tuple) else ""
    if isinstance(source.string, tuple):
        return tuple(to_latin(form) for form in source.string)
    return to_latin(source.string)


def transliterate(cyrillic_path: Path, latin_path: Path) -> None:
    with cyrillic_path.open("rb") as file:
        cyrillic = read_po(file)
    with latin_path.open("rb") as file:
        latin = read_po(file)
    for message in latin:
        if message.id:
            message.string = latin_translation(message, cyrillic)
            message.flags.discard("fuzzy")
            message.previous_id = ()
    with latin_path.open("wb") as file:
        write_po(file, latin, width=0, ignore_obsolete=True)


if __name__ == "__main__":
    main()
