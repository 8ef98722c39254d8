"""The page's languages: which one a request gets, its gettext catalog (compiled from locales/*.po when the
app starts), and the names and dates of that language from CLDR (Babel's locale data).

A page's language is `?lang=` in its URL, else the best match of the browser's Accept-Language, else
English. Machine outputs (CSV, JSON) never follow it: they add local names only when asked with `lang=`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_skeleton, get_date_format
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import current_app, has_app_context, has_request_context, request
from flask_babel import Babel, get_locale

from common.routes import Key
from recognition.collation import name_key
from recognition.params import BadParameter
from recognition.words import N_, Words

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
DEFAULT = "en"
# Dash's own requests (the layout, the callbacks) are made by the page, not opened by the reader.
DASH_INTERNAL = "/_dash-"


@dataclass(frozen=True)
class Language:
    code: str          # as in the URL and in <html lang> (BCP 47)
    locale: str        # the gettext catalog and CLDR locale (Babel's spelling)
    date_locale: str   # the CLDR locale of dates: English dates read "17 February 2008", as before

    @property
    def native_name(self) -> str:
        """The language's name in itself, from CLDR: English, Shqip, Српски, Srpski."""
        own = Locale.parse(self.locale)
        name = own.languages[own.language]
        return name[:1].upper() + name[1:]


LANGUAGES: dict[str, Language] = {language.code: language for language in (
    Language("en", "en", "en_GB"),
    Language("sq", "sq", "sq"),
    Language("sr", "sr", "sr"),
    Language("sr-Latn", "sr_Latn", "sr_Latn"),
)}
TRANSLATED = tuple(code for code in LANGUAGES if code != DEFAULT)
BY_LOCALE = {language.locale: code for code, language in LANGUAGES.items()}


def catalog_path(code: str) -> Path:
    return LOCALES_DIR / LANGUAGES[code].locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog(po_path: Path) -> Translations:
    """The catalog compiled in memory, fuzzy entries left out (as `pybabel compile` does): the .po files
    are the only copy in the repository, so no compiled file can fall out of date."""
    with po_path.open("rb") as po:
        catalog = read_po(po, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def compiled_catalogs() -> dict[str, Translations]:
    """Every language's catalog by language code; English is the source text itself."""
    return {code: compile_catalog(catalog_path(code)) if code in TRANSLATED else Translations(domain=DOMAIN)
            for code in LANGUAGES}


def _script(locale: Locale) -> str | None:
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language)
    return Locale.parse(likely).script if likely else None


# (language, script) of each page language: "sr-RS" is Serbian in Cyrillic, "sr-Latn-RS" in Latin.
_BY_LANGUAGE_SCRIPT = {(Locale.parse(lang.locale).language, _script(Locale.parse(lang.locale))): code
                       for code, lang in LANGUAGES.items()}


def match_tag(tag: str) -> str | None:
    """The page language for one BCP 47 tag, by language and script. Werkzeug's and Babel's own
    negotiation match on the primary subtag only, which gives Cyrillic to "sr-Latn-RS"."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return None
    return _BY_LANGUAGE_SCRIPT.get((locale.language, _script(locale)))


def negotiate(accepted: Iterable[tuple[str, float]]) -> str:
    """The first of the reader's languages (best quality first) that the atlas has, else English."""
    for tag, quality in accepted:
        code = match_tag(tag) if quality > 0 else None
        if code:
            return code
    return DEFAULT


def from_query(args: Mapping[str, list[str]] | None) -> str | None:
    """`lang` of a query, if it names a page language (case-insensitively); anything else is ignored."""
    values = (args or {}).get(Key.LANG) or []
    wanted = values[0].casefold() if values and isinstance(values[0], str) else ""
    return next((code for code in LANGUAGES if code.casefold() == wanted), None)


def _referring_page_query() -> dict[str, list[str]] | None:
    """The query of the page that made this request, if it is a page of this site. The app sends
    Referrer-Policy: same-origin, so the browser gives its own requests the page's full URL."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return parse_qs(referrer.query)


def request_language() -> str:
    """The language of the page a request belongs to.

    A page (`/`, `/embed`) reads its own URL. Dash then fetches the layout from /_dash-layout and
    calls back to /_dash-update-component without the page's query: those read the page's URL from
    the Referer. The Referer rather than a cookie, because it belongs to one page: two tabs in two
    languages each get their own, where a cookie would hold whichever page was opened last. When the
    page's URL has no `lang`, page and requests fall back alike to Accept-Language, else English.
    """
    if not has_request_context():
        return DEFAULT
    own = from_query(request.args.to_dict(flat=False))
    if own:
        return own
    if DASH_INTERNAL in request.path:
        referred = from_query(_referring_page_query())
        if referred:
            return referred
    return negotiate(request.accept_languages)


def current() -> str:
    """The language of the request being answered (as Flask-Babel resolved it, or as forced)."""
    locale = get_locale()
    return BY_LOCALE.get(str(locale), DEFAULT) if locale is not None else DEFAULT


CATALOGS = "kosovo_recognition_atlas.catalogs"  # the app's key in Flask's `extensions`


def setup(server, catalogs: Mapping[str, Translations]) -> Babel:
    """Flask-Babel chooses the request's language; the words come from the catalogs compiled in memory at
    start-up (kept in the app's own `extensions` entry: Flask-Babel would read compiled files from disk)."""
    server.extensions[CATALOGS] = dict(catalogs)
    return Babel(server, locale_selector=lambda: LANGUAGES[request_language()].locale)


def _translations() -> Translations | NullTranslations:
    """The request's catalog; outside a request (Dash checks the layout once at start-up) the words as written."""
    if not has_app_context():
        return NullTranslations()
    return current_app.extensions[CATALOGS][current()]


def gettext(message: str, **variables) -> str:
    """`message` in the request's language, with %(name)s filled in from `variables`."""
    text = _translations().gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """The form for `num` in the request's language; %(num)s is the number."""
    variables.setdefault("num", num)
    return _translations().ngettext(singular, plural, num) % variables


def check_language(value: object) -> str | None:
    """`lang` of a machine output: absent, or one of the page languages; anything else is a 400."""
    if value is None:
        return None
    code = from_query({Key.LANG: [value]}) if isinstance(value, str) else None
    if code is None:
        raise BadParameter(f"lang must be one of {', '.join(LANGUAGES)}")
    return code


# Names from CLDR, keyed by ISO 3166 alpha-2. The project keys states by alpha-3: CLDR's own
# territory aliases map every alpha-3 code to its alpha-2 code ("overlong" aliases); Kosovo's
# user-assigned codes come from data/code_crosswalk.csv (XKX -> XK).
KOSOVO_ALPHA2_SCHEME = "iso3166_user_assigned_alpha2"


def alpha2_codes(iso3: Iterable[str], crosswalk: pd.DataFrame) -> dict[str, str]:
    """alpha-3 -> alpha-2 for every code that has exactly one; the rest (Abkhazia, Somaliland, …) have none."""
    aliases = get_global("territory_aliases")
    assigned = crosswalk[crosswalk["scheme"] == KOSOVO_ALPHA2_SCHEME].set_index("iso3")["code"]
    codes = {}
    for code in iso3:
        replacement = aliases.get(code) or ([assigned[code]] if code in assigned else [])
        if len(replacement) == 1:
            codes[code] = replacement[0]
    return codes


def local_names(english: Mapping[str, str], alpha2: Mapping[str, str], code: str,
                translations: Translations) -> dict[str, str]:
    """Every state's name in a language: the project's own English names; else CLDR's territory name;
    else (entities CLDR lacks) the catalog's reviewed translation of the English name."""
    if code == DEFAULT:
        return dict(english)
    territories = Locale.parse(LANGUAGES[code].locale).territories
    return {iso3: territories[alpha2[iso3]] if iso3 in alpha2 and alpha2[iso3] in territories
            else translations.gettext(name) for iso3, name in english.items()}


def names_without_cldr(english: Mapping[str, str], alpha2: Mapping[str, str]) -> dict[str, str]:
    """The states and entities whose name the catalogs must give (CLDR has none in some language)."""
    missing = {}
    for code in TRANSLATED:
        territories = Locale.parse(LANGUAGES[code].locale).territories
        missing.update({iso3: name for iso3, name in english.items()
                        if alpha2.get(iso3) not in territories})
    return missing


def alphabetical(names: Mapping[str, str], code: str | None = None) -> list[str]:
    """The keys in the alphabetical order of their names in a language (the request's by default), by the
    Unicode Collation Algorithm with the language's own letters (recognition/collation.py): Serbian Ј, Љ,
    Њ, Џ among the letters, not after Я as by code point; Albanian Ç after C; "The Bahamas" under B."""
    key = name_key(LANGUAGES[code or current()].locale)
    return sorted(names, key=lambda iso3: key(names[iso3]))


def long_date(day: date, code: str | None = None) -> str:
    """A date in words as the language writes it: 17 shkurt 2008, 17. фебруар 2008."""
    return _long_date(day, code or current())


# A settled view names its date about ten times; Babel takes ~40 µs each. 8,192 short strings.
@lru_cache(maxsize=8192)
def _long_date(day: date, code: str) -> str:
    return format_date(day, format="long", locale=LANGUAGES[code].date_locale)


def make_words(code: str, translations: Translations, names: Mapping[str, str]) -> Words:
    """How the core says things in this language: its catalog, CLDR's dates and lists ("A, B dhe C"),
    its state names in its alphabetical order. English keeps the atlas's own names."""
    locale = LANGUAGES[code].date_locale
    english = code == DEFAULT
    return Words(translations=translations, date_text=lambda day: long_date(day, code),
                 month_text=lambda day: format_skeleton("yMMMM", day, locale=locale),
                 year_text=lambda day: format_skeleton("y", day, locale=locale),
                 list_text=lambda items: format_list(items, locale=locale), names=None if english else names,
                 sort_key=name_key(LANGUAGES[code].locale))


# The long date pattern's fields that assets/atlas.js fills in (day, month name, year).
DATE_FIELDS = ("d", "MMMM", "y")


def date_format(code: str) -> dict:
    """What the page scripts need to write a date as long_date does: CLDR's pattern (as Python %-format
    fields) and month names. Chromium's own Intl.DateTimeFormat has no Albanian (it answers
    "February 17, 2008" for sq), so the page does not use it."""
    locale = Locale.parse(LANGUAGES[code].date_locale)
    pattern = get_date_format("long", locale=locale)
    return {"pattern": pattern.format, "fields": list(DATE_FIELDS),
            "months": [locale.months["format"]["wide"][month] for month in range(1, 13)]}


# plotly.js's own words that the page can show (the map's mode bar titles, its image messages); plotly
# looks each up in the locale dictionary it is given, by its English text.
PLOTLY_WORDS = (
    N_("Download plot as a PNG"), N_("Zoom in"), N_("Zoom out"), N_("Reset"), N_("Reset view"), N_("Pan"),
    N_("Zoom"), N_("Show closest data on hover"), N_("Toggle show closest data on hover"),
    N_("Preparing image - this may take a few seconds"), N_("Image download succeeded"),
    N_("Sorry, there was a problem downloading your image!"),
)
# plotly.js (d3) lists the days of the week from Sunday; CLDR's keys are 0 = Monday ... 6 = Sunday.
SUNDAY_FIRST = (6, 0, 1, 2, 3, 4, 5)


def plotly_config(code: str, gettext) -> dict:
    """The part of a dcc.Graph config that puts plotly.js's words and date names in the page's language."""
    if code == DEFAULT:
        return {}
    locale = Locale.parse(LANGUAGES[code].date_locale)
    names = {"days": [locale.days["format"]["wide"][d] for d in SUNDAY_FIRST],
             "shortDays": [locale.days["format"]["abbreviated"][d] for d in SUNDAY_FIRST],
             "months": [locale.months["format"]["wide"][m] for m in range(1, 13)],
             "shortMonths": [locale.months["format"]["abbreviated"][m] for m in range(1, 13)]}
    return {"locale": code, "locales": {code: {"dictionary": {word: gettext(word) for word in PLOTLY_WORDS},
                                               "format": names}}}
