// The atlas's service worker. Served by web/offline.py, which puts `self.atlasWorker` (the cache's name,
// which holds the data version, and the callback path) before this code.
//
// A file at a fingerprinted address (scripts, stylesheets, the geometry: their content never changes) is
// answered from the kept copy when there is one. Every other GET (the page, its layout with the paint
// data, the callback graph) goes to the network first and a copy of each answer is kept; without network
// the kept copy answers, so the atlas opens as last seen.
// A callback that cannot reach the server is answered 204 (Dash: nothing to update), so the page stays on
// what it shows. A new data version comes with a new worker (its address names the version), which
// deletes the caches of the old one when it takes over.
const config = self.atlasWorker;
const fingerprinted = config.fingerprinted.map((source) => new RegExp(source));

// The page that registers this worker names the files it loaded (a "keep" message). Installing waits for them
// (at most config.keepWaitMs): a script kept while the worker installs is compiled by Chrome at once and its
// code cache kept beside it, so the next visit runs the page's scripts without compiling them again.
let named;
const filesNamed = new Promise((resolve) => { named = resolve; });

self.addEventListener("install", (event) => {
    event.waitUntil(Promise.race([filesNamed, new Promise((resolve) => setTimeout(resolve, config.keepWaitMs))])
        .then(() => self.skipWaiting()));
});

// Caches of older workers (older data versions) go when this one takes over, and again after it has kept
// what a page named (an older worker may still have been writing while this one took over).
const dropOlderCaches = () => caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== config.cache).map((name) => caches.delete(name))));

self.addEventListener("activate", (event) => {
    event.waitUntil(dropOlderCaches().then(() => self.clients.claim()));
});

// The page names what it loaded (its address, scripts, layout, geometry): kept at once, so that the
// very next visit can open without network. Older caches go only once this worker is the active one (an
// older worker may still serve an open page while this one installs).
self.addEventListener("message", (event) => {
    if (event.data && Array.isArray(event.data.keep)) {
        const kept = caches.open(config.cache).then((cache) => Promise.all(event.data.keep.map(
            (url) => cache.add(url).catch(() => undefined))));
        event.waitUntil(kept.then(() => (self.registration.active === self.serviceWorker ? dropOlderCaches() : null)));
        kept.then(named);
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
    const fromNetwork = () => fetch(request).then((response) => {
        if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(config.cache).then((cache) => cache.put(request, copy)));
        }
        return response;
    });
    const kept = () => caches.open(config.cache).then((cache) =>
        // A page address matches the kept page whatever its query (date, blocs, language).
        cache.match(request, {ignoreSearch: request.mode === "navigate"}));
    if (fingerprinted.some((pattern) => pattern.test(url.pathname + url.search))) {
        event.respondWith(kept().then((copy) => copy || fromNetwork()));
    } else {
        event.respondWith(fromNetwork().catch(() => kept().then((copy) => copy || Response.error())));
    }
});
