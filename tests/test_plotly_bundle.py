"""The partial plotly.js bundle in assets/ (scripts/build_plotly_bundle.py): the version the plotly package
ships; every trace type and layout component the app's figures (map, timeline, their image exports) draw
with is in it; nothing in them reaches a module the build replaced by a stub. The image export's own
figure (composed in the page) is checked in tests/test_browser_first_visit.py."""

from __future__ import annotations

import json
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


@pytest.fixture(scope="module")
def page_figures(dash_app) -> list[tuple[dict, dict]]:
    """Every figure the page draws, as plotly.js receives it (JSON), with its graph's config."""
    import plotly.io

    from app import build_layout
    from common.context import build_context
    from components import ids, timeline
    from recognition.params import View
    from recognition.readings import READINGS

    ctx = build_context()
    drawn = []
    for language in ("en", "sr"):
        with dash_app.server.test_request_context(f"/?lang={language}"):
            page = build_layout(dash_app, ctx, View(ctx.today(), (), "independent", None))
            configs = {graph.id: graph.config for graph in graphs(page)}
            drawn += [(graph.figure, graph.config) for graph in graphs(page)]
            # Every reading's timeline (the callback redraws it when the reading changes).
            drawn += [(timeline.build_figure(ctx, View(ctx.today(), (), key, None)), configs[ids.TIMELINE])
                      for key in READINGS]
    return [(json.loads(plotly.io.to_json(figure)), config) for figure, config in drawn]


def test_every_figure_of_the_page_uses_only_bundled_traces(page_figures, bundled_traces):
    assert len(page_figures) >= 4
    used = {trace["type"] for figure, _ in page_figures for trace in figure["data"]}
    assert {"choropleth", "scattergeo", "scatter"} <= used
    assert used <= bundled_traces, used - bundled_traces


def test_every_layout_component_the_figures_use_is_registered_in_the_bundle(page_figures):
    text = bundle.BUNDLE.read_bytes()
    used = set().union(*(bundle.components_used(figure, config) for figure, config in page_figures))
    # The timeline's as-of line and shading, its legend and hover, the map's mode bar, the choropleth's colours.
    assert {"shapes", "legend", "fx", "modebar", "colorscale"} <= used
    # Registered by the bundle's entry (its header, written when it was built) and present in its code.
    assert used <= bundle.registered_components(text), used - bundle.registered_components(text)
    assert used <= bundle.components(text), used - bundle.components(text)


def test_components_used_are_read_from_a_figure():
    # The reading itself, on a figure that uses what the atlas leaves out.
    figure = {"data": [{"type": "scatter", "error_y": {"array": [1]}}],
              "layout": {"annotations": [{"text": "a"}], "xaxis": {"rangeslider": {"visible": True}},
                         "updatemenus": [{}], "showlegend": False}}
    assert bundle.components_used(figure, {"displayModeBar": False}) == {
        "fx", "annotations", "rangeslider", "updatemenus", "errorbars"}
    assert bundle.components_used({"data": [{}, {}], "layout": {}}, {}) == {"fx", "legend", "modebar"}
    assert "modebar" not in bundle.components_used({"data": [], "layout": {}}, {"staticPlot": True})


def test_no_figure_reaches_a_stubbed_module(page_figures):
    # country-iso-search serves locationmode "country names"; d3-geo-projection projections d3-geo lacks.
    # Each stub in the bundle throws an error naming what is missing (the projection's: test_browser_first_visit).
    assert bundle.BUNDLE.read_bytes().count(bundle.STUB_ERROR.encode()) == len(bundle.STUBS)
    assert [use for figure, _ in page_figures for use in bundle.stubbed_uses(figure)] == []
    assert bundle.stubbed_uses({"data": [{"type": "choropleth", "locationmode": "country names"}],
                                "layout": {"geo": {"projection": {"type": "robinson"}}}}) == [
        "trace 0 (choropleth) has locationmode 'country names'",
        "geo has the projection 'robinson', not one of ['natural earth']"]


def test_the_bundle_points_at_no_cdn_and_its_base_map_default_is_the_apps():
    """plotly.js's default base-map address is its CDN; the atlas's bundle has the app's own folder instead, so
    a figure drawn without the graph's config still asks nothing of the internet."""
    from app import BASE_MAP_DIR
    text = bundle.BUNDLE.read_bytes()
    assert b"cdn.plot.ly" not in text
    assert f'topojsonURL:{{valType:"string",noBlank:!0,dflt:"/assets/{BASE_MAP_DIR}"}}'.encode() in text
