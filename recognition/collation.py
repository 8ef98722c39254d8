"""The order of names in each language: the Unicode Collation Algorithm (pyuca, DUCET) with CLDR's
tailorings for Albanian and Serbian in Latin script, and names sorted without a leading article.

PyICU would give CLDR's collations directly, but it has no binary wheels and needs ICU's headers and a
compiler to install, so the few tailorings the atlas's languages need are written here (data/README.md,
"Order of names"): a letter that CLDR sorts as a letter of its own after its base letter (Albanian ç, dh,
ë, …; Serbian č, ć, dž, đ, …) is read as the base letter followed by a mark that sorts after every letter,
so "Çad" comes after every name in C and before D. Serbian in Cyrillic needs no tailoring: DUCET already
orders ђ, ј, љ, њ, ћ, џ as Serbian does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from pyuca import Collator

# "The Bahamas" and "The Gambia" are sorted under B and G, as the UN's own list of members does.
LEADING_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)

# CLDR's tailorings (common/collation/sq.xml; sr_Latn follows hr.xml): each letter sorts after its base
# letter and everything spelled with it, in this order.
TAILORED_LETTERS = {
    "sq": ("ç", "dh", "ë", "gj", "ll", "nj", "rr", "sh", "th", "xh", "zh"),
    "sr_Latn": ("č", "ć", "dž", "đ", "lj", "nj", "š", "ž"),
}
# Private-use code points: DUCET gives them implicit weights above every letter, in code point order.
_AFTER_EVERY_LETTER = 0xF0000


def sort_name(name: str) -> str:
    """The name as it is alphabetised: without a leading article ("The Bahamas" -> "Bahamas")."""
    return LEADING_ARTICLE.sub("", name.strip())


def _base(letter: str) -> str:
    return unicodedata.normalize("NFD", letter)[0].replace("đ", "d")


@cache
def _collator() -> Collator:
    return Collator()


@cache
def name_key(locale: str) -> Callable[[str], tuple]:
    """The sort key of a name in a language (Babel's locale name: en, sq, sr, sr_Latn)."""
    letters = TAILORED_LETTERS.get(locale, ())
    pattern = re.compile("|".join(sorted(map(re.escape, letters), key=len, reverse=True))) if letters else None
    marks = {letter: _base(letter) + chr(_AFTER_EVERY_LETTER + i) for i, letter in enumerate(letters)}

    # The names sorted are the data's (a few hundred per language): each is keyed once.
    @lru_cache(maxsize=4096)
    def key(name: str) -> tuple:
        text = unicodedata.normalize("NFC", sort_name(name).casefold())
        if pattern is not None:
            text = pattern.sub(lambda m: marks[m.group(0)], text)
        return _collator().sort_key(text)
    return key


ENGLISH_KEY = name_key("en")
