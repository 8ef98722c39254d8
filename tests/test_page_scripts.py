"""The page scripts (assets/*.js) spell nothing that Python defines (issue 22): no URL key, page path or
page class, no paint-code alphabet, no selection style, no legend order, no default Play speed. Python hands
them over in the map-data store (components/status_map.py paint_data, common/routes.py browser_config)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The page's own scripts that run in the page with the map-data store (not vendored plotly, not the service
# worker, which runs without the page and so without the store).
SCRIPTS = sorted(path for path in (ROOT / "assets").glob("*.js")
                 if not path.name.endswith(".min.js"))
STRING = re.compile(r"""(["'])((?:\\.|(?!\1).)*)\1""")


def literals(path: Path) -> set[str]:
    code = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)  # comments are not code
    return {match.group(2) for match in STRING.finditer(code)}


def python_defined() -> dict[str, str]:
    from common import routes
    from components.palette import SELECTION
    from components.share import PAGE_CLASS
    defined = {value: f"URL key {name}" for name, value in vars(routes.Key).items() if not name.startswith("_")}
    defined.update({path: "page path" for path in routes.PAGES if path != "/"})
    defined.update({"/": "the root path"})
    defined.update({value: "page class" for value in PAGE_CLASS.values() if " " in value})
    defined.update({SELECTION[key]: f"selection style {key}" for key in ("stroke", "dash")})
    return defined


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_script_spells_a_key_path_class_or_style_python_defines(path):
    defined = python_defined()
    found = {text: defined[text] for text in literals(path) if text in defined}
    assert found == {}, f"{path.name} spells what Python defines: {found}"


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_script_holds_the_code_alphabet_a_legend_order_or_a_default_speed(path):
    code = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
    for pattern, what in ((r"charCodeAt\([^)]*\)\s*-\s*\d", "the paint-code base"),
                          (r"===\s*4[89]\b", "a code character"), (r"\.slice\(0,\s*\d\)", "a legend order"),
                          (r"\|\|\s*(15|30|60)\b", "a default Play speed"), (r"#111111", "the old selection colour")):
        assert not re.search(pattern, code), f"{path.name} holds {what}"
