"""What the page says, in words a reader understands: every label, note and sentence the page renders
(built as the server builds it, for every reading, blocs and country), never an internal code or term;
sentences that agree in number; a headline that counts what the legend counts; the map in words."""

from __future__ import annotations

import re
from datetime import date

import pytest
from dash.development.base_component import Component

from recognition.params import VIEW_READINGS, View

DAYS = (date(2008, 2, 17), date(2019, 12, 31), date(2025, 12, 31))
# What a reader must never see: the source document's nickname, column names and codes of the data files
# (snake_case: does_not_recognise, official_statement, alt_date, kosovo_mfa; UNSC_P5), code lists (COE;NATO).
INTERNAL = {
    "the word 'seed'": re.compile(r"\bseed", re.IGNORECASE),
    "a snake_case code": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "an upper-case code": re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"),
    "a list of codes": re.compile(r"\b[A-Z0-9_]{2,};[A-Z0-9_]{2,}\b"),
    "a stored source": re.compile(r"stored source", re.IGNORECASE),
}
# Component properties a reader sees or hears; ids, classes, links, styles and figures are not read.
READER_PROPS = ("children", "label", "placeholder", "title", "aria-label", "headerName", "options", "rowData",
                "columnDefs", "summary")
# Keys of option lists and table rows that are not read (codes, filter settings).
SILENT = frozenset({"field", "value", "filter", "type", "valueFormatter"})  # valueFormatter: the grid's code


def quoted_english(node: Component) -> bool:
    """English a page in another language may show: a quotation kept in English (components/data_words.py)
    or the language switch's own name for English."""
    classes = (getattr(node, "className", None) or "").split()
    return getattr(node, "lang", None) == "en" and ("quote-en" in classes or "language" in classes)


def reader_texts(node, props: tuple[str, ...] = READER_PROPS, silent: frozenset[str] = SILENT,
                 skip_english: bool = False) -> list[str]:
    """Every string a reader sees or hears in a Dash component tree (and in option lists and table rows);
    `skip_english`: not in quotations kept in English, nor the switch's name for English (quoted_english)."""
    def texts(item) -> list[str]:
        return reader_texts(item, props, silent, skip_english)

    if isinstance(node, str):
        return [node]
    if isinstance(node, (list, tuple)):
        return [text for item in node for text in texts(item)]
    if isinstance(node, dict):
        return [text for key, value in node.items() if key not in silent for text in texts(value)]
    if isinstance(node, Component):
        if skip_english and quoted_english(node):
            return []
        return [text for prop in props if getattr(node, prop, None) is not None for text in texts(getattr(node, prop))]
    return []


def map_data_texts(data: dict) -> list[str]:
    """The words the page scripts show from the map-data store: tooltips, the live count, Play and Pause."""
    return (data["paint"]["styles"]["label"] + data["paint"]["units"]["name"] + list(data["labels"].values())
            + [text for live in data["liveCounts"].values() for text in live["text"]])


def internal_words(texts: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for text in texts:
        for what, pattern in INTERNAL.items():
            for match in pattern.findall(text):
                found.setdefault(what, set()).add(f"{match!r} in {text[:120]!r}")
    return found


@pytest.fixture(scope="module")
def pages(dash_app, context):
    """The whole page as the server builds it, for every reading at three dates, with every bloc chosen."""
    from page_trees import whole_page
    return [whole_page(dash_app, context, View(day, tuple(context.bloc_keys), reading, "SRB"))
            for reading in VIEW_READINGS for day in DAYS]


def test_the_pattern_catches_what_it_must():
    assert set(internal_words(["The seed's withdrawal table", "does_not_recognise", "COE;NATO;OIC", "UNSC_P5",
                               "Dacic announced it (alt_date)", "no stored source seen"])) == set(INTERNAL)
    assert internal_words(["Recognises Kosovo", "Note dated 2018-12-05; announced 2018-12-07", "G20", "12:00",
                           "FRA", "Kosovo's foreign ministry: recognises Kosovo"]) == {}


def test_no_internal_words_anywhere_on_the_page(pages, context):
    from components.status_map import paint_data
    texts = reader_texts(pages) + map_data_texts(paint_data(context))
    assert len(texts) > 2000
    assert internal_words(texts) == {}


def test_no_internal_words_in_any_countrys_details(context):
    from components import details
    views = [(reading, date(2019, 12, 31)) for reading in VIEW_READINGS] + [("independent", DAYS[0])]
    texts = [text for reading, day in views for country in sorted(context.selectable)
             for text in reader_texts(details.layout(context, View(day, (), reading, country)))]
    assert internal_words(texts) == {}


def test_every_note_in_the_data_is_plain_words(atlas):
    data = atlas.dataset
    notes = [n for frame in (data.events, data.headline_counts) for n in frame["note"] if n]
    assert len(notes) > 150
    assert internal_words(notes + list(data.positions["position"])) == {}


def test_blocs_have_full_names(atlas):
    names = atlas.bloc_names
    assert names["UNSC_P5"] == "Permanent members of the UN Security Council"
    assert names["EU"] == "European Union" and names["COE"] == "Council of Europe"
    assert all(name != key for key, name in names.items() if key != "BRICS"), names


def test_numbers_agree_with_their_nouns(atlas, context):
    from recognition.map_data import count_sentence
    from recognition.map_text import headline, map_text
    assert count_sentence(1) == "1 UN member recognises Kosovo" and count_sentence(2) == "2 UN members recognise Kosovo"
    first_day = map_text(atlas, "independent", date(2008, 2, 17))
    assert first_day.summary[0] == ("As of 17 February 2008, according to third-party sources, 1 of 192 UN members "
                                    "recognises Kosovo; 0 withdrew recognition; 191 do not recognise it.")
    assert headline(atlas, context.series, "independent", date(2008, 2, 17)) == \
        "As of 17 February 2008: 1 UN member recognises Kosovo (according to third-party sources)"


@pytest.mark.parametrize("reading", VIEW_READINGS)
def test_the_headline_counts_what_the_legend_counts(atlas, context, reading):
    from recognition.map_data import legend_counts
    from recognition.map_text import headline
    for day in DAYS:
        legend = legend_counts(atlas, reading, day)
        text = headline(atlas, context.series, reading, day)
        if reading == "disagreements":  # the legend counts only the states on which the readings differ
            shown = sum(legend[s]["un"] + legend[s]["other"] for s in ("recognises", "withdrew", "does_not_recognise"))
            assert f"the readings differ on {shown} state" in text, text
        else:
            assert f": {legend['recognises']['un']} UN member" in text, text


def test_the_map_in_words_follows_the_view(atlas):
    from recognition.map_data import legend_counts
    from recognition.map_text import map_text
    day = date(2019, 12, 31)
    text = map_text(atlas, "serbia", day, ("EU", "NON_UN"))
    counts = legend_counts(atlas, "serbia", day)
    assert text.summary[0] == (
        f"As of 31 December 2019, according to Serbia's foreign ministry, {counts['recognises']['un']} of 193 UN "
        f"members recognise Kosovo; {counts['withdrew']['un']} withdrew recognition; "
        f"{counts['does_not_recognise']['un']} do not recognise it.")
    assert f"Serbia says that {counts['contested']['un']} UN members withdrew recognition" in text.summary[1]
    assert text.summary[-2] == "European Union: 23 of 28 recognise Kosovo."
    assert text.summary[-1].startswith("States outside the UN: ")
    assert text.changes[0] == "13 November 2019: Nauru withdrew recognition."
    assert len(text.changes) == 3
    # The same epoch gives the same words, but for the date it names.
    assert map_text(atlas, "serbia", date(2019, 12, 30), ("EU", "NON_UN")).summary[1:] == text.summary[1:]
    disagreements = map_text(atlas, "disagreements", day)
    assert "the readings differ on 13 states: Burundi, Comoros," in disagreements.summary[0]
    assert "according to Kosovo's foreign ministry" in disagreements.summary[0]


def test_recent_changes_say_what_happened_in_words(atlas):
    from recognition.map_text import recent_changes
    assert recent_changes(atlas, "independent", date(2008, 2, 17)) == \
        ("17 February 2008: Costa Rica recognised Kosovo.",)
    palau = recent_changes(atlas, "independent", date(2023, 12, 31), count=30)
    assert any("Palau recognised Kosovo again" in line for line in palau), palau
    assert recent_changes(atlas, "independent", date(2008, 2, 16)) == ()


def test_details_speak_of_the_as_of_date(atlas, context):
    from components.details import render
    from recognition.details import country_details, order_words
    before = country_details(atlas, "FRA", "independent", date(2008, 2, 17))
    assert before.status == "does_not_recognise" and before.diplomatic_relations is None
    after = country_details(atlas, "FRA", "independent", date(2008, 2, 18))
    assert after.diplomatic_relations == "yes"
    text = " ".join(reader_texts(render(after, View(date(2008, 2, 18), (), "independent", "FRA"), context)))
    assert "Shared 2nd to 8th place among the UN members to recognise Kosovo" in text
    assert "Third-party sources: recognises Kosovo" in text and "Serbia's foreign ministry: recognises Kosovo" in text
    assert order_words("1") == "1st UN member to recognise Kosovo"
    assert [order_words(n).split()[0] for n in ("2", "3", "11", "12", "13", "21", "22", "101", "111")] == \
        ["2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


def test_bloc_non_recognisers_are_listed_by_name(context):
    from components.bloc_summary import _content
    text = reader_texts(_content(context, View(date(2025, 12, 31), ("EU",), "independent", None)))
    others = next(t for t in text if "Cyprus" in t)
    assert others == "Cyprus, Greece, Romania, Slovakia, Spain"


def test_every_highlight_is_explained(pages):
    from components.disagreements import QUOTED_MARK, QUOTED_NOTE
    texts = reader_texts(pages[0])
    assert QUOTED_NOTE % {"mark": QUOTED_MARK} in texts and texts.count(QUOTED_MARK) == 3


def test_a_bloc_sentence_agrees_with_its_number():
    from recognition.blocs import BlocSummary
    one = BlocSummary("P5", "Permanent members of the UN Security Council", date(2008, 2, 18), 5, 1, 0, 4, ("USA",),
                      ("CHN", "FRA", "GBR", "RUS"))
    assert one.sentence() == "Permanent members of the UN Security Council: 1 of 5 recognises Kosovo (as of 18 February 2008)"
    assert BlocSummary("EU", "European Union", date(2019, 12, 31), 28, 23, 0, 5, (), ()).claim() == \
        "European Union: 23 of 28 recognise Kosovo"


def test_a_settled_date_change_updates_the_map_in_words(client, dash_app):
    import json

    from dash_requests import payload

    def ask(as_of, reading="serbia", blocs=("EU",)):
        return client.post("/_dash-update-component", json=payload(
            dash_app, "map-text.children", {"as-of-store.data": as_of, "reading.value": reading,
                                            "blocs.value": list(blocs)}))

    text = json.dumps(ask("2019-12-31").get_json())
    assert "As of 31 December 2019, according to Serbia's foreign ministry, " in text
    assert "European Union: 23 of 28 recognise Kosovo." in text and "13 November 2019: Nauru withdrew recognition." in text
    assert ask("2019-02-30").status_code == 204 and ask("2019-12-31", reading="martian").status_code == 204


def test_the_legend_counts_in_the_right_number(context):
    from components.status_map import legend
    texts = reader_texts(legend(context, View(date(2008, 2, 17), (), "independent", None)))
    assert "1 UN member" in texts and "0 UN members" in texts and "1 UN members" not in texts
