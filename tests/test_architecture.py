"""The imports run one way: app.py -> components/ and web/ -> common/ -> recognition/. The visible parts and
the web layer never import each other, and the core imports none of the layers above it (nor Dash or Flask)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("app", "components", "web", "common", "recognition")
# What each layer may import of the project's own packages.
ALLOWED = {
    "components": {"components", "common", "recognition"},
    "web": {"web", "common", "recognition"},
    "common": {"common", "recognition"},
    "recognition": {"recognition"},
}
FRAMEWORKS = {"dash", "flask", "flask_babel", "werkzeug", "plotly", "dash_ag_grid"}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).glob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(package):
    assert modules(package), f"{package}/ has no modules"
    for path in modules(package):
        project = imported_top_levels(path) & set(LAYERS)
        assert project <= ALLOWED[package], f"{path.relative_to(ROOT)} imports {sorted(project - ALLOWED[package])}"


def test_the_core_is_free_of_the_web_frameworks():
    for path in modules("recognition"):
        assert not imported_top_levels(path) & FRAMEWORKS, f"{path.relative_to(ROOT)} imports a web framework"


def test_routes_live_in_the_web_layer_only():
    """A route declared in a visible part would hide the HTTP layer inside a layout module."""
    for path in modules("components") + modules("common") + [ROOT / "app.py"]:
        text = path.read_text(encoding="utf-8")
        for marker in (".route(", "add_url_rule(", "Blueprint("):
            assert marker not in text, f"{path.relative_to(ROOT)} declares a route ({marker})"


def test_app_reads_as_the_table_of_contents():
    assert {"components", "web", "common"} <= imported_top_levels(ROOT / "app.py")
