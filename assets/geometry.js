// The map's shapes come as quantised TopoJSON (about half the bytes of the GeoJSON) and are decoded here, with
// topojson-client, into the GeoJSON plotly.js draws: put where plotly.js keeps the GeoJSON it fetched for an
// address (window.PlotlyGeoAssets[address]), under the address the map's figure names, it is used as if
// plotly.js had fetched it. Dash starts rendering (app.py: the renderer waits for atlasGeometry) once this
// is done, so the map never asks for the GeoJSON; if the TopoJSON cannot be had, plotly.js fetches the
// GeoJSON itself as before. Addresses and the object's name come from Python (app.py, page config).
(function () {
    const config = JSON.parse(document.querySelector("script[data-atlas-config]").textContent).geometry;
    // The decoder and plotly.js are page scripts after this one: decode once every page script has run.
    const scriptsRun = new Promise(function (resolve) {
        if (document.readyState !== "loading") { resolve(); } else { document.addEventListener("DOMContentLoaded", resolve); }
    });
    window.atlasGeometry = fetch(config.topology)
        .then(function (response) {
            if (!response.ok) { throw new Error(config.topology + ": " + response.status); }
            return response.json();
        })
        .then((topology) => scriptsRun.then(function () {
            window.PlotlyGeoAssets[config.features] = window.topojson.feature(topology, topology.objects[config.object]);
        }))
        .catch((error) => console.warn("map shapes: the GeoJSON will be fetched instead", error));
})();
