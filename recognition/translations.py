"""Our own words in the data, in Albanian and Serbian: data/translations.csv gives, for every English text of
a translated column (notes, position summaries, published counts' notes; TRANSLATED_COLUMNS), its Albanian
and its Serbian (Cyrillic) translation. Serbian in Latin script is the Cyrillic transliterated (cyrtranslit),
as the catalogs' is, so it is never written by hand.

A direct quotation of a source stays in its language inside a translation, written {{en|the words}}: the
page shows it as a quotation marked lang="en" with a visible "(in English)", and the loader requires the
quoted words to be in the English text itself (data/README.md, "translations.csv").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import cyrtranslit
import pandas as pd

# (file, column): the data columns whose every non-empty cell needs its translations.
TRANSLATED_COLUMNS = (
    ("events.csv", "note"),
    ("positions.csv", "position"),
    ("headline_counts.csv", "note"),
    # Beyond recognition: what the layers, the organisations, the milestones and the other actors show.
    ("organisations.csv", "org"),  # the acronym readers know: IMF, ММФ, FMN
    ("organisations.csv", "name"),
    ("kosovo_memberships.csv", "threshold"),
    ("milestones.csv", "what_changed"),
    ("milestones.csv", "note"),
    ("other_actors.csv", "actor"),
    ("other_actors.csv", "position"),
    ("ga_vote_2008.csv", "note"),
    ("icj_proceedings.csv", "note"),
    ("travel_documents.csv", "what"),
    ("travel_documents.csv", "note"),
)
# The languages of translations.csv's columns, by Babel locale; sr_Latn is derived from sr.
WRITTEN = ("sq", "sr")
LATIN = "sr_Latn"
QUOTATION = re.compile(r"\{\{(?P<lang>en)\|(?P<words>[^{}|]+)\}\}")
MARKUP = re.compile(r"\{\{|\}\}")


@dataclass(frozen=True)
class Segment:
    """A piece of a translated text: `lang` None for the translation's own words, else the language of a
    quotation kept as the source said it."""
    text: str
    lang: str | None = None


def segments(text: str) -> list[Segment]:
    """A translation split into its own words and its quotations."""
    parts, at = [], 0
    for match in QUOTATION.finditer(text):
        if match.start() > at:
            parts.append(Segment(text[at:match.start()]))
        parts.append(Segment(match.group("words"), match.group("lang")))
        at = match.end()
    if at < len(text):
        parts.append(Segment(text[at:]))
    return parts


def markup_error(english: str, translation: str) -> str | None:
    """Why a translation's quotation markup is wrong, or None: every {{ }} is a well-formed {{en|…}} whose
    words are in the English text."""
    if MARKUP.search(QUOTATION.sub("", translation)):
        return "has {{ or }} that is not a quotation {{en|words}}"
    for match in QUOTATION.finditer(translation):
        if match.group("words") not in english:
            return f"quotes {match.group('words')!r}, which is not in the English text"
    return None


def to_latin(cyrillic: str) -> str:
    """Serbian in Latin script; quotations (English) are Latin already and stay as they are."""
    return "".join(f"{{{{{s.lang}|{s.text}}}}}" if s.lang else cyrtranslit.to_latin(s.text, "sr")
                   for s in segments(cyrillic))


class DataTexts:
    """The translations of the data's own words, by English text."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._by_english: dict[str, dict[str, str]] = {
            row["en"]: {"sq": row["sq"], "sr": row["sr"], LATIN: to_latin(row["sr"])} for _, row in frame.iterrows()}

    def translate(self, english: str, locale: str) -> list[Segment] | None:
        """`english` in a language (Babel locale) as segments; None in English or where the text is not in a
        translated column (it is then shown in English, marked as English)."""
        found = self._by_english.get(english)
        if locale == "en" or found is None:
            return None
        return segments(found[locale])

    def __contains__(self, english: str) -> bool:
        return english in self._by_english


def translated_cells(tables: Mapping[str, pd.DataFrame]) -> Iterable[tuple[str, str, int, str]]:
    """(file, column, index, text) of every non-empty cell that needs a translation."""
    for file, column in TRANSLATED_COLUMNS:
        frame = tables[file]
        for index, text in frame[column].items():
            if isinstance(text, str) and text:
                yield file, column, index, text
