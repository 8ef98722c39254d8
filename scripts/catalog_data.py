"""A `pybabel extract` method for words that live in data files, not in code (see babel.cfg): the names
of the states and entities CLDR has no name for (Abkhazia, Somaliland, …), and the bloc names.

    [data_names: data/states.csv]
    column = name
    only_without_cldr = true
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from common.i18n import alpha2_codes, names_without_cldr

CROSSWALK = "code_crosswalk.csv"


def extract_data_names(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction interface: (line number, function name, message, comments) per word."""
    table = pd.read_csv(fileobj, dtype=str, keep_default_na=False)
    column = options["column"]
    names = dict(zip(table.iloc[:, 0], table[column]))
    if options.get("only_without_cldr") == "true":
        crosswalk = pd.read_csv(Path(fileobj.name).parent / CROSSWALK, dtype=str, keep_default_na=False)
        names = names_without_cldr(names, alpha2_codes(names, crosswalk))
    # Line 1 is the header; a row's line is its position + 2 (the data files have no multi-line cells).
    lines = {key: index + 2 for index, key in enumerate(table.iloc[:, 0])}
    for key, name in names.items():
        yield lines[key], None, name, [f"{Path(fileobj.name).name}: {key}"]
