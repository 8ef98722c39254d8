// Installs the atlas's service worker (web/service_worker.js) once the map is drawn (never competing with
// the first screen; assets/on_demand.js says when), and tells a new worker every file this page loads (its
// address, scripts, layout, geometry, and whatever comes later) so that it keeps them for a visit without
// network. Its address (which names the data version) comes from Python, in the
// page's JSON config.
(function () {
    const config = JSON.parse(document.querySelector("script[data-atlas-config]").textContent).serviceWorker;
    if (!("serviceWorker" in navigator) || !config) { return; }
    // The app's own files: under the worker's scope (the app's root), callbacks apart.
    const own = new URL(config.scope, window.location.origin).href;
    const callbacks = new URL(config.callback, window.location.origin).href;
    const kept = (entries) => entries.map((entry) => entry.name)
        .filter((url) => url.startsWith(own) && !url.startsWith(callbacks));

    // A page this very worker answered has had every file kept on the way: it need not say them again. A new
    // worker (a new data version's) is told while it installs, which waits for this list.
    const answeredBy = navigator.serviceWorker.controller;
    window.addEventListener("load", function () {
        window.atlasFirstScreen.then(() => navigator.serviceWorker.register(config.url, {scope: config.scope}))
            .then(function (registration) {
                const worker = registration.installing || registration.waiting || registration.active;
                if (!worker || worker === answeredBy) { return; }
                const keep = (urls) => { if (urls.length) { worker.postMessage({keep: urls}); } };
                keep([window.location.href].concat(kept(performance.getEntriesByType("resource"))));
                new PerformanceObserver((list) => keep(kept(list.getEntries()))).observe({type: "resource"});
            });
    });
})();
