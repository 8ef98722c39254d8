"""The page's languages: catalogs, which language a request gets, CLDR names and dates, and machine
outputs that stay the same in every language."""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import date, timedelta

import pandas as pd
import pytest
from babel.dates import format_date
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import ROOT
from dash_requests import payload
from test_words import READER_PROPS as WORDS_PROPS
from test_words import SILENT as WORDS_SILENT
from test_words import reader_texts

from common import i18n

CALLBACK = "/_dash-update-component"
PAGE = "http://localhost/"


def catalog(code: str):
    with i18n.catalog_path(code).open("rb") as file:
        return read_po(file)


def extracted_messages() -> set[str]:
    """What `pybabel extract -F babel.cfg` finds in the code and data now."""
    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    return {message if isinstance(message, str) else message[0]
            for _file, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map)}


def layout(client, language: str | None = None, **headers) -> dict:
    if language:
        headers["Referer"] = f"{PAGE}?as_of=2020-01-01&lang={language}"
    return client.get("/_dash-layout", headers=headers).get_json()


def components(node):
    """Every component of a layout's JSON."""
    if isinstance(node, dict) and "props" in node:
        yield node
        yield from components(node["props"].get("children"))
    elif isinstance(node, list):
        for child in node:
            yield from components(child)


def find(tree, component_id: str) -> dict:
    """The props of the component with this id."""
    return next(c["props"] for c in components(tree) if c["props"].get("id") == component_id)


@pytest.mark.parametrize("code", i18n.TRANSLATED)
def test_every_catalog_is_complete_and_compiles(code):
    entries = [m for m in catalog(code) if m.id]
    assert entries
    for message in entries:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, (code, message.id)
    compiled = i18n.compile_catalog(i18n.catalog_path(code))
    assert compiled.gettext("Abkhazia") != "Abkhazia"


@pytest.mark.parametrize("code", i18n.TRANSLATED)
def test_every_catalog_holds_exactly_what_the_code_and_data_ask_for(code):
    """A new string in the code (or a name CLDR lacks) must be added by scripts/update_catalogs.py."""
    held = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(code) if m.id}
    assert held == extracted_messages()


def test_serbian_in_latin_script_is_the_cyrillic_catalog_transliterated():
    from scripts.update_catalogs import to_latin
    cyrillic = {m.id: m.string for m in catalog("sr") if m.id}
    for message in catalog("sr-Latn"):
        if message.id:
            source = cyrillic[message.id]
            expected = tuple(map(to_latin, source)) if isinstance(source, tuple) else to_latin(source)
            assert message.string == expected, message.id
    assert to_latin("Придњестровље, Џибути") == "Pridnjestrovlje, Džibuti"


@pytest.mark.parametrize("tag, code", [
    ("sq", "sq"), ("sq-AL", "sq"), ("sq-XK", "sq"), ("sr", "sr"), ("sr-RS", "sr"), ("sr-Cyrl-RS", "sr"),
    ("sr-Latn", "sr-Latn"), ("sr-Latn-RS", "sr-Latn"), ("SR-latn-me", "sr-Latn"), ("en-US", "en"), ("de", None),
    ("*", None), ("x-klingon", None), ("hr", None)])
def test_a_language_tag_matches_by_language_and_script(tag, code):
    assert i18n.match_tag(tag) == code


def test_negotiation_takes_the_first_language_the_atlas_has():
    assert i18n.negotiate([("de-DE", 1), ("sr-Latn-RS", 0.9), ("sq", 0.8)]) == "sr-Latn"
    assert i18n.negotiate([("de-DE", 1), ("fr", 0.5)]) == "en"
    assert i18n.negotiate([("sq", 0)]) == "en"  # q=0: not acceptable


@pytest.mark.parametrize("query, headers, expected", [
    ("?lang=sq", {}, "sq"), ("?lang=SR-LATN", {}, "sr-Latn"), ("?lang=de", {}, "en"), ("", {}, "en"),
    ("", {"Accept-Language": "sr-RS,sr;q=0.9,en;q=0.5"}, "sr"), ("?lang=en", {"Accept-Language": "sq"}, "en"),
    ("", {"Accept-Language": "sq", "Referer": PAGE + "?lang=sr"}, "sq"),  # a page reads its own URL only
])
def test_the_page_says_its_language(client, query, headers, expected):
    for path in ("/", "/embed"):
        page = client.get(path + query, headers=headers).get_data(as_text=True)
        assert f'<html lang="{expected}">' in page, (path, query, headers)


def test_the_title_is_in_the_pages_language(client):
    assert "<title>Kosovo Recognition Atlas</title>" in client.get("/").get_data(as_text=True)
    title = i18n.compile_catalog(i18n.catalog_path("sr")).gettext("Kosovo Recognition Atlas")
    assert f"<title>{title}</title>" in client.get("/?lang=sr").get_data(as_text=True)


def test_the_layout_and_callbacks_follow_the_pages_url_in_the_referer(client, dash_app, context):
    def country_names(tree) -> dict[str, str]:
        return {o["value"]: o["label"] for o in find(tree, "country-search")["options"]}

    for code in i18n.LANGUAGES:
        tree = layout(client, code)
        assert find(tree, "map-data")["data"]["lang"] == code
        assert country_names(tree)["XKX"] == {"en": "Kosovo", "sq": "Kosovë", "sr": "Косово", "sr-Latn": "Kosovo"}[code]
    # Another site's page, or none: Accept-Language, else English.
    assert find(layout(client, None, Referer="http://elsewhere.example/?lang=sr"), "map-data")["data"]["lang"] == "en"
    assert find(layout(client, None, **{"Accept-Language": "sq-AL"}), "map-data")["data"]["lang"] == "sq"
    # The cache of layouts keys on the language: English again after Serbian.
    assert country_names(layout(client, "en"))["DEU"] == "Germany"
    assert country_names(layout(client, "sr"))["DEU"] == "Немачка"


def test_the_language_switch_links_every_language_and_marks_the_current_one(client):
    links = [c["props"] for c in components(layout(client, "sq")) if c["props"].get("className") == "language"]
    assert [(link["data-lang"], link["children"], link["lang"]) for link in links] == [
        ("en", "English", "en"), ("sq", "Shqip", "sq"), ("sr", "Српски", "sr"), ("sr-Latn", "Srpski", "sr-Latn")]
    assert [link.get("aria-current") for link in links] == [None, "true", None, None]
    assert links[2]["href"] == "?lang=sr"


def without_words(store: dict) -> dict:
    """The map-data store less every word in it (names, labels, sentences, the date format)."""
    kept = {k: v for k, v in store.items() if k not in {"lang", "dateFormat", "labels", "image", "share", "legendWords"}}
    kept["liveCounts"] = {reading: (entry["days"], entry["legend"]) for reading, entry in store["liveCounts"].items()}
    kept["compareStyles"] = {k: v for k, v in store["compareStyles"].items() if k != "label"}
    paint = dict(store["paint"])
    paint["units"] = {k: v for k, v in paint["units"].items() if k != "name"}
    paint["styles"] = {k: v for k, v in paint["styles"].items() if k != "label"}
    kept["paint"] = paint
    kept["layers"] = {key: {**layer, "styles": {k: v for k, v in layer["styles"].items() if k != "label"}}
                      for key, layer in store["layers"].items()}
    return kept


def test_the_map_figure_and_paint_data_are_the_same_in_every_language_but_for_words(client):
    """Switching language reloads no geometry and no other history: only the words differ."""
    trees = {code: layout(client, code) for code in i18n.LANGUAGES}
    figures = {code: find(tree, "status-map")["figure"] for code, tree in trees.items()}
    labels = [figure["data"].pop(3)["text"] for figure in figures.values()]  # Kosovo's label
    assert labels == [["Kosovo"], ["Kosovë"], ["Косово"], ["Kosovo"]]
    assert len({json.dumps(figure, sort_keys=True) for figure in figures.values()}) == 1
    stores = {code: find(tree, "map-data")["data"] for code, tree in trees.items()}
    assert all(without_words(store) == without_words(stores["en"]) for store in stores.values())
    assert len({json.dumps(store["paint"]["styles"]["label"]) for store in stores.values()}) == len(stores)


def test_alpha2_codes_come_from_cldr_and_the_crosswalk(context):
    alpha2 = i18n.alpha2_codes(context.atlas.names, context.atlas.dataset.code_crosswalk)
    assert alpha2["XKX"] == "XK" and alpha2["DEU"] == "DE" and alpha2["SRB"] == "RS" and alpha2["TWN"] == "TW"
    assert set(context.atlas.names) - set(alpha2) == {"ABK", "ATC", "CYN", "IOA", "KAS", "OSE", "PMR", "SOL"}


def test_every_state_has_a_name_in_every_language(context):
    english = context.local_names["en"]
    assert english == context.atlas.names  # the project's own English names, unchanged
    for code in i18n.TRANSLATED:
        names = context.local_names[code]
        assert set(names) == set(english) and all(names.values())
    assert [context.local_names[c]["XKX"] for c in i18n.TRANSLATED] == ["Kosovë", "Косово", "Kosovo"]
    assert [context.local_names[c]["CIV"] for c in i18n.TRANSLATED][1] == "Обала Слоноваче (Кот д’Ивоар)"
    # Entities CLDR lacks: the catalogs' reviewed names, never the English one.
    for iso3 in ("ABK", "OSE", "PMR", "CYN", "SOL"):
        assert context.local_names["sr"][iso3] != english[iso3], iso3
    assert context.local_names["sr-Latn"]["PMR"] == "Pridnjestrovlje"


def test_long_dates_follow_cldr():
    day = date(2008, 2, 17)
    assert [i18n.long_date(day, c) for c in i18n.LANGUAGES] == [
        "17 February 2008", "17 shkurt 2008", "17. фебруар 2008.", "17. februar 2008."]


@pytest.mark.parametrize("code", list(i18n.LANGUAGES))
def test_the_date_format_sent_to_the_page_writes_every_day_as_the_server_does(code):
    """The page fills the pattern's %(field)s places (assets/atlas.js): with these fields and month
    names it gives CLDR's long date for every day of the atlas."""
    sent = i18n.date_format(code)
    assert sent["fields"] == ["d", "MMMM", "y"] and len(sent["months"]) == 12
    day = date(2008, 2, 17)
    while day <= date(2026, 12, 31):
        filled = sent["pattern"] % {"d": day.day, "MMMM": sent["months"][day.month - 1], "y": day.year}
        assert filled == format_date(day, "long", locale=i18n.LANGUAGES[code].date_locale), day
        day += timedelta(days=17)


def test_the_csv_is_the_same_bytes_in_every_page_language(client, dash_app):
    url = "/download/status.csv?as_of=2025-12-31&bloc=EU&sort=-recognised_on"
    english = client.get(url).data
    for code in i18n.LANGUAGES:
        for headers in ({"Accept-Language": code}, {"Referer": f"{PAGE}?lang={code}"}):
            assert client.get(url, headers=headers).data == english
        button = payload(dash_app, "export-download.data", {
            "export-button.n_clicks": 1, "as-of-store.data": "2025-12-31", "reading.value": "independent",
            "blocs.value": ["EU"], "table-search.value": None,
            "status-table-query.data": {"columnState": [{"colId": "recognised_on", "sort": "desc", "sortIndex": 0}]}})
        answer = client.post(CALLBACK, json=button, headers={"Referer": f"{PAGE}?lang={code}"}).get_json()
        download = answer["response"]["export-download"]["data"]
        content = base64.b64decode(download["content"]) if download["base64"] else download["content"].encode()
        assert content == english, code


def test_lang_adds_local_names_last_and_changes_nothing_else(client):
    url = "/download/status.csv?as_of=2025-12-31&bloc=EU"
    plain = pd.read_csv(io.BytesIO(client.get(url).data), keep_default_na=False)
    response = client.get(url + "&lang=sr")
    local = pd.read_csv(io.BytesIO(response.data), keep_default_na=False)
    assert list(local.columns) == list(plain.columns) + ["name_local"]
    pd.testing.assert_frame_equal(local[plain.columns], plain)
    assert dict(zip(local["iso3"], local["name_local"]))["DEU"] == "Немачка"
    assert response.headers["Content-Disposition"].endswith('_names-sr.csv"')
    assert client.get(url + "&lang=xx").status_code == 400


def test_status_json_takes_lang_too(client):
    plain = client.get("/api/v1/status.json?as_of=2025-12-31&bloc=EU")
    local = client.get("/api/v1/status.json?as_of=2025-12-31&bloc=EU&lang=sq")
    assert "lang" not in plain.get_json()["meta"] and local.get_json()["meta"]["lang"] == "sq"
    rows = {row["iso3"]: row for row in local.get_json()["rows"]}
    assert rows["DEU"]["name"] == "Germany" and rows["DEU"]["name_local"] == "Gjermani"
    assert list(rows["DEU"])[-1] == "name_local"
    assert plain.headers["ETag"] != local.headers["ETag"]
    assert all("name_local" not in row for row in plain.get_json()["rows"])


def test_the_country_list_is_in_the_languages_alphabetical_order(client):
    options = [o["label"] for o in find(layout(client, "sr"), "country-search")["options"]]
    assert options.index("Ирак") < options.index("Јапан") < options.index("Канада")  # Ј is not after Я
    assert i18n.alphabetical({"TCD": "Çad", "DNK": "Danimarkë", "CHL": "Kili"}, "sq") == ["TCD", "DNK", "CHL"]
    english = [o["label"] for o in find(layout(client, "en"), "country-search")["options"]]
    assert english.index("Azerbaijan") < english.index("The Bahamas") < english.index("Bahrain")


@pytest.mark.parametrize(("code", "names"), [
    ("en", ["Azerbaijan", "The Bahamas", "Bahrain", "Gabon", "The Gambia", "Georgia"]),
    # CLDR's Albanian letters: Ç after C, Dh after D, Ë after E, Gj after G, Sh after S, Xh after X, Zh after Z.
    ("sq", ["Bahama", "Cuba", "Çad", "Danimarkë", "Dhjetë", "Egjipt", "Ërë", "Guatemalë", "Gjeorgji", "Spanjë",
            "Suedi", "Shqipëri", "Xhamajka", "Zvicër", "Zhvillim"]),
    # Serbian in Latin script: Č, Ć after C; Dž, Đ after D; Lj, Nj, Š, Ž after L, N, S, Z.
    ("sr-Latn", ["Bahami", "Crna Gora", "Čad", "Ćuprija", "Danska", "Džibuti", "Đakovica", "Litvanija", "Ljubljana",
                 "Norveška", "Njemačka", "Srbija", "Španija", "Zambija", "Žabljak"]),
    # Serbian in Cyrillic: the alphabet's own order (Ђ after Д, Ј after И, Љ after Л, Ћ after Т, Џ after Ч).
    ("sr", ["Бахами", "Данска", "Ђаковица", "Иран", "Јапан", "Канада", "Либија", "Љубљана", "Тајланд", "Ћуприја",
            "Чад", "Џибути", "Шпанија"]),
])
def test_names_sort_in_each_languages_order_without_a_leading_article(code, names):
    shuffled = dict(enumerate(reversed(names)))
    assert [shuffled[key] for key in i18n.alphabetical(shuffled, code)] == names


def test_every_ordered_list_of_names_puts_the_bahamas_under_b(client, dash_app, context):
    """The CSV and status.json (English names), the grid's State column in every language (name_rank), a
    layer's table and CSV, and the states the readings disagree on."""
    from recognition.collation import ENGLISH_KEY
    from recognition.disagreements import differences
    from recognition.layers import layer_rows, layer_state

    def around_bahamas(names: list[str]) -> bool:
        return names.index("Azerbaijan") < names.index("The Bahamas") < names.index("Bahrain")

    assert around_bahamas(list(pd.read_csv(io.BytesIO(client.get("/download/status.csv").data))["name"]))
    assert around_bahamas([row["name"] for row in client.get("/api/v1/status.json").get_json()["rows"]])
    assert around_bahamas([row["name"] for row in client.get("/api/v1/status.json?sort=name").get_json()["rows"]])
    assert around_bahamas(list(layer_rows(context.atlas, layer_state(context.atlas, "ga_vote_2008"))["name"]))
    disputed = [d.name for d in differences(context.atlas, date(2025, 12, 31))]
    assert disputed == sorted(disputed, key=ENGLISH_KEY) and disputed != sorted(disputed)  # São Tomé before Sierra
    for code in i18n.LANGUAGES:
        rows = [row for row in _grid(client, dash_app, code) if row["iso3"] in ("AZE", "BHS", "BHR", "TCD", "CHL", "CHN")]
        ranked = [row["iso3"] for row in sorted(rows, key=lambda row: row["name_rank"])]
        assert ranked.index("AZE") < ranked.index("BHS") < ranked.index("BHR"), (code, ranked)
    # Serbian in Latin script: Crna Gora, Čad, Čile, Danska, Kina (Č after every C, before D).
    latin = {row["iso3"]: row["name_rank"] for row in _grid(client, dash_app, "sr-Latn")}
    assert latin["MNE"] < latin["TCD"] < latin["CHL"] < latin["DNK"] < latin["CHN"]


def _grid(client, dash_app, code: str) -> list[dict]:
    values = {"as-of-store.data": "2025-12-31", "reading.value": "independent", "blocs.value": [],
              "table-search.value": "", "status-table-query.data": None}
    answer = client.post(CALLBACK, json=payload(dash_app, "status-table.rowData", values),
                         headers={"Referer": f"{PAGE}?lang={code}"}).get_json()
    return answer["response"]["status-table"]["rowData"]


def test_the_table_searches_and_filters_the_words_of_the_pages_language(client, dash_app):
    """The grid shows local names; its search, the CSV link and the button find the same rows by them."""
    values = {"as-of-store.data": "2025-12-31", "reading.value": "independent", "blocs.value": ["EU"],
              "table-search.value": "немач", "status-table-query.data": None}
    serbian = {"Referer": f"{PAGE}?lang=sr"}
    grid = client.post(CALLBACK, json=payload(dash_app, "status-table.rowData", values), headers=serbian).get_json()
    assert [(row["iso3"], row["name"]) for row in grid["response"]["status-table"]["rowData"]] == [("DEU", "Немачка")]
    link = client.post(CALLBACK, json=payload(dash_app, "export-link.href", values), headers=serbian).get_json()
    href = link["response"]["export-link"]["href"]
    assert "filter_lang=sr" in href
    rows = pd.read_csv(io.BytesIO(client.get(href).data))
    assert list(rows["iso3"]) == ["DEU"] and list(rows["name"]) == ["Germany"] and "name_local" not in rows
    assert client.get(href.replace("filter_lang=sr", "filter_lang=en")).data.count(b"\n") == 1  # no row in English
    english = client.post(CALLBACK, json=payload(dash_app, "export-link.href", {**values, "table-search.value": "germ"}))
    assert "filter_lang" not in english.get_json()["response"]["export-link"]["href"]


def test_plotly_gets_its_words_and_month_names_in_the_pages_language(client):
    config = find(layout(client, "sr"), "status-map")["config"]
    assert config["locale"] == "sr"
    serbian = config["locales"]["sr"]
    assert serbian["dictionary"]["Zoom in"] == "Увећај" and serbian["format"]["months"][1] == "фебруар"
    assert serbian["format"]["days"][0] == "недеља"  # plotly counts from Sunday
    assert find(layout(client, "sq"), "timeline")["config"]["locales"]["sq"]["format"]["shortMonths"][0] == "jan"
    assert "locale" not in find(layout(client, "en"), "status-map")["config"]


# Words that only English text has (never a state's name or a Latin-script Serbian or Albanian word).
ENGLISH_WORDS = re.compile(r"\b((?i:the|and|of|is|are|recogni[sz]es?|recogni[sz]ed|recognition|withdr[a-z]*|members?|"
                           r"states?|according|readings?|dates?|since|none|yes|no|countr(y|ies)|sources?|links?|view|"
                           r"map|table|download|search|copy|close|share|more|only|other|all|not|from|between|with|for)|January|February|March|"
                           r"April|May|June|July|August|September|October|November|December)\b")
# The page scripts fill in {date}, {typed}, … themselves.
SCRIPT_PLACE = re.compile(r"\{\w+\}")
# Beyond the words test's: the grid's own words, plotly's words, the map-data store's words.
READER_PROPS = WORDS_PROPS + ("dashGridOptions", "config", "data")
# Keys of data that are not read by anyone (codes, colours, ids, URLs, numbers).
SILENT_KEYS = WORDS_SILENT | {"iso3", "opens", "ids", "regions", "zoom", "readings", "blocs",
               "styles", "fill", "stroke", "markerStroke", "eventDays", "days", "pattern", "fields", "lang", "langKey",
               "defaultLang", "defaultReading", "embedPath", "filename", "start", "topojsonURL", "blocNames",
               "modeBarButtonsToRemove", "locale", "getRowId", "className", "id", "href", "data-country",
               "keys", "pageKeys", "paths", "legendClasses", "resizeMessage", "compareFilename", "selection",
               "sliderTooltip", "pageClass", "data-class", "data-key", "defaultLayer", "layerKey", "codes", "day"}


def spoken_texts(node) -> list[str]:
    """Every string a reader sees or hears, but for quotations kept in English and the switch's "English"."""
    return reader_texts(node, READER_PROPS, SILENT_KEYS, skip_english=True)


def page_texts(dash_app, context, code: str) -> list[str]:
    """The page in a language as the server builds it: every reading at three dates with every bloc and a
    state chosen, the details of states with contested, two-day and position records, a comparison."""
    from page_trees import whole_page

    from components import compare, details
    from recognition.params import VIEW_READINGS, View
    texts = []
    with dash_app.server.test_request_context(f"/?lang={code}"):
        for reading in VIEW_READINGS:
            for day in (date(2008, 2, 17), date(2019, 12, 31), date(2025, 12, 31)):
                texts += spoken_texts(whole_page(dash_app, context, View(day, tuple(context.bloc_keys), reading,
                                                                         "SRB")))
        for country in ("XKX", "PLW", "MDG", "GNB", "ESP", "TWN"):
            view = View(date(2025, 12, 31), (), "serbia", country)
            texts += spoken_texts(details._content(context, view)) + [details.status_line(context, view)]
        texts += spoken_texts(compare._result(context, "serbia", date(2008, 2, 17), date(2025, 12, 31), ""))
    return texts


@pytest.mark.parametrize("code", i18n.TRANSLATED)
def test_the_page_in_another_language_has_no_english_outside_the_marked_notes(dash_app, context, code):
    texts = page_texts(dash_app, context, code)
    assert len(texts) > 3000
    english = sorted({f"{match.group(0)!r} in {text[:100]!r}" for text in texts
                      for match in ENGLISH_WORDS.finditer(SCRIPT_PLACE.sub("", text))})
    assert english == []


def test_the_english_page_is_caught_by_the_same_check(dash_app, context):
    texts = page_texts(dash_app, context, "en")
    assert sum(bool(ENGLISH_WORDS.search(text)) for text in texts) > 1000


def test_the_changes_between_two_dates_are_listed_in_the_pages_alphabetical_order(dash_app, context):
    """Compare's lists name the states in the page's language, so they follow its order (Kukova Ostrva under
    K in Serbian Latin script, not under C as "Cook Islands")."""
    from components import compare
    with dash_app.server.test_request_context("/?lang=sr-Latn"):
        result = compare._result(context, "independent", date(2012, 12, 31), date(2025, 12, 31), "")
    gained = [item.children[0].children for item in result[3].children]
    assert gained == [context.names("sr-Latn")[code] for code in i18n.alphabetical(
        {c: context.names("sr-Latn")[c] for c in [item.to_plotly_json()["props"]["data-iso3"] for item in result[3].children]},
        "sr-Latn")]
    assert gained.index("Kenija") < gained.index("Kukova Ostrva") < gained.index("Lesoto")
