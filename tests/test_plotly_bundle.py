"""The partial plotly.js bundle in assets/: the version the plotly package ships, and every trace type the
app draws (map, timeline, their image exports) is in it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from dash import dcc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import build_plotly_bundle as bundle


@pytest.fixture(scope="module")
def bundled_traces() -> set[str]:
    return bundle.trace_types(bundle.BUNDLE.read_bytes())


def graphs(component):
    """Every dcc.Graph in a layout tree."""
    if isinstance(component, dcc.Graph):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from graphs(child)


def test_bundle_is_the_plotly_js_the_plotly_package_ships():
    assert bundle.bundle_version(bundle.BUNDLE.read_bytes()) == bundle.plotly_js_version()


def test_trace_types_are_read_from_plotly_bundles():
    # The reading itself: plotly's full bundle registers dozens of trace modules, the partial one three.
    import plotly
    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    assert {"choropleth", "scattergeo", "scatter", "bar", "heatmap", "sankey"} <= bundle.trace_types(full)
    assert len(bundle.trace_types(full)) > 40


def test_every_figure_of_the_page_uses_only_bundled_traces(dash_app, bundled_traces):
    from app import build_layout
    from common.context import build_context
    from components import timeline
    from recognition.params import View
    from recognition.readings import READINGS

    ctx = build_context()
    for language in ("en", "sr"):
        with dash_app.server.test_request_context(f"/?lang={language}"):
            page = build_layout(dash_app, ctx, View(ctx.today(), (), "independent", None))
            figures = [graph.figure for graph in graphs(page)]
            # Every reading's timeline (the callback redraws it when the reading changes).
            figures += [timeline.build_figure(ctx, View(ctx.today(), (), key, None)) for key in READINGS]
    assert len(figures) >= 4
    used = {trace.type for figure in figures for trace in figure.data}
    assert {"choropleth", "scattergeo", "scatter"} <= used
    assert used <= bundled_traces, used - bundled_traces
