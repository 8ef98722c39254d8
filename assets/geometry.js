// The map's shapes come as quantised TopoJSON (about half the bytes of the GeoJSON) and are decoded here, with
// topojson-client, into the GeoJSON plotly.js draws, put where plotly.js keeps the GeoJSON it fetched for an
// address (window.PlotlyGeoAssets[address]) under the address the map's figure names: it is used as if
// plotly.js had fetched it. They are asked for once every page script has arrived and run, not with them: the
// scripts come first, and the shapes while Dash asks for its layout and renders it. If plotly.js draws the map
// before they are decoded (a very slow network), it fetches the GeoJSON itself: slower, never no map.
// Addresses and the object's name come from Python (app.py, page config).
(function () {
    const config = JSON.parse(document.querySelector("script[data-atlas-config]").textContent).geometry;

    document.addEventListener("DOMContentLoaded", function () {
        fetch(config.topology)
            .then(function (response) {
                if (!response.ok) { throw new Error(config.topology + ": " + response.status); }
                return response.json();
            })
            .then(function (topology) {
                const assets = window.PlotlyGeoAssets;  // plotly.js's store, there once plotly.js has run
                if (!assets[config.features]) {
                    assets[config.features] = window.topojson.feature(topology, topology.objects[config.object]);
                }
            })
            .catch((error) => console.warn("map shapes: plotly.js fetches the GeoJSON instead", error));
    });
})();
