// The atlas's service worker. Served by web/offline.py, which puts `self.atlasWorker` (the cache's name,
// which holds the data version, and the callback path) before this code.
//
// Every GET goes to the network first (fingerprinted scripts and the geometry then come from the browser's
// HTTP cache, where they are immutable) and a copy of each answer is kept; without network the kept copy
// answers, so the page, its scripts, the geometry and the paint data (in the layout) open as last seen.
// A callback that cannot reach the server is answered 204 (Dash: nothing to update), so the page stays on
// what it shows. A new data version comes with a new worker (its address names the version), which
// deletes the caches of the old one when it takes over.
const config = self.atlasWorker;

self.addEventListener("install", () => self.skipWaiting());

// Caches of older workers (older data versions) go when this one takes over, and again after it has kept
// what a page named (an older worker may still have been writing while this one took over).
const dropOlderCaches = () => caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== config.cache).map((name) => caches.delete(name))));

self.addEventListener("activate", (event) => {
    event.waitUntil(dropOlderCaches().then(() => self.clients.claim()));
});

// The page names what it loaded (its address, scripts, layout, geometry): kept at once, so that the
// very next visit can open without network.
self.addEventListener("message", (event) => {
    if (event.data && Array.isArray(event.data.keep)) {
        event.waitUntil(caches.open(config.cache).then((cache) => Promise.all(event.data.keep.map(
            (url) => cache.add(url).catch(() => undefined)))).then(dropOlderCaches));
    }
});

self.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) { return; }
    if (request.method === "POST" && url.pathname === config.callback) {
        event.respondWith(fetch(request).catch(() => new Response(null, {status: 204})));
        return;
    }
    if (request.method !== "GET") { return; }
    event.respondWith(fetch(request).then((response) => {
        if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(config.cache).then((cache) => cache.put(request, copy)));
        }
        return response;
    }).catch(() => caches.open(config.cache).then((cache) =>
        // A page address matches the kept page whatever its query (date, blocs, language).
        cache.match(request, {ignoreSearch: request.mode === "navigate"})).then((kept) => kept || Response.error())));
});
