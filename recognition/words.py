"""How the core says things in a reader's language, without knowing any language itself.

The core's user-facing words are English source text: fixed labels are marked with N_() (pybabel
collects them; the Dash layer translates them when it shows them), and sentences are built through a
`Words`, which has gettext's interface. The default, ENGLISH, gives the English text; the Dash layer
makes one `Words` per page language from its catalog and CLDR's dates, lists and names
(components/i18n.py), so the core stays free of Flask and Babel.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from recognition.collation import ENGLISH_KEY


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """`pybabel extract` collects the argument; the value is the English text itself."""
    return message


def english_date(day: date) -> str:
    """17 February 2008."""
    return f"{day.day} {day:%B %Y}"


def english_month(day: date) -> str:
    """March 1992."""
    return f"{day:%B %Y}"


def english_year(day: date) -> str:
    return str(day.year)


def machine_day(day: date, precision: str = "day") -> str:
    """A day for machines (CSV, JSON) to the precision known: 2008-02-17, 1992-03 or 1992 (ISO 8601's
    reduced precision). Never a day that the data does not know (data/README.md, "Precision")."""
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision, day.isoformat())


def english_list(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# eq=False: hashed by identity, so the core's caches can key on it (one Words per language, made once).
@dataclass(frozen=True, eq=False)
class Words:
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    date_text: Callable[[date], str] = english_date
    month_text: Callable[[date], str] = english_month  # a date known to the month: March 1992
    year_text: Callable[[date], str] = english_year     # a date known to the year: 1992
    list_text: Callable[[Sequence[str]], str] = english_list
    # Every state's name by iso3 in this language; None: the atlas's own (English) names.
    names: Mapping[str, str] | None = None
    sort_key: Callable[[str], object] = ENGLISH_KEY  # the order of names (recognition/collation.py)

    def gettext(self, message: str, **values) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, num: int, **values) -> str:
        """The form for `num` (Serbian has three); `%(num)s` in the text is the number."""
        return self.translations.ngettext(singular, plural, num) % {"num": num, **values}

    def date(self, day: date) -> str:
        return self.date_text(day)

    def dated(self, day: date, precision: str = "day") -> str:
        """A date in words to the precision known: "17 February 2008", "March 1992" or "1992"."""
        return {"year": self.year_text, "month": self.month_text}.get(precision, self.date_text)(day)

    def list(self, items: Sequence[str]) -> str:
        return self.list_text(list(items))

    def state_names(self, own: Mapping[str, str]) -> Mapping[str, str]:
        return self.names if self.names is not None else own

    def sorted_names(self, names: list[str]) -> list[str]:
        return sorted(names, key=self.sort_key)


ENGLISH = Words()
