// Makes the atlas installable once the map is drawn (never competing with the first screen; assets/on_demand.js
// says when): links the web app manifest (which the browser then reads, with an icon) and installs the service
// worker (web/service_worker.js), and tells a new worker every file this page loads (its address, scripts,
// layout, geometry, and whatever comes later) so that it keeps them for a visit without network. The addresses
// (the worker's names the data version) come from Python, in the page's JSON config.
(function () {
    const config = JSON.parse(document.querySelector("script[data-atlas-config]").textContent).serviceWorker;
    if (!config) { return; }
    const worker = "serviceWorker" in navigator;
    // The app's own files: under the worker's scope (the app's root), callbacks apart.
    const own = new URL(config.scope, window.location.origin).href;
    const callbacks = new URL(config.callback, window.location.origin).href;
    const kept = (entries) => entries.map((entry) => entry.name)
        .filter((url) => url.startsWith(own) && !url.startsWith(callbacks));

    // A page this very worker answered has had every file kept on the way: it need not say them again. A new
    // worker (a new data version's) is told while it installs, which waits for this list.
    const answeredBy = worker ? navigator.serviceWorker.controller : null;

    function linkManifest() {
        const manifest = document.createElement("link");
        manifest.rel = "manifest";
        manifest.href = config.manifest;
        document.head.appendChild(manifest);
    }

    function install() {
        return navigator.serviceWorker.register(config.url, {scope: config.scope}).then(function (registration) {
            const installing = registration.installing || registration.waiting || registration.active;
            if (!installing || installing === answeredBy) { return; }
            const keep = (urls) => { if (urls.length) { installing.postMessage({keep: urls}); } };
            keep([window.location.href].concat(kept(performance.getEntriesByType("resource"))));
            new PerformanceObserver((list) => keep(kept(list.getEntries()))).observe({type: "resource"});
        });
    }

    // After every page script has run (assets/on_demand.js sets atlasFirstScreen).
    window.addEventListener("load", function () {
        window.atlasFirstScreen.then(function () {
            linkManifest();
            return worker ? install() : null;
        });
    });
})();
