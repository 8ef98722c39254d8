// What the first screen does not need, loaded after it: the table's grid (dash-ag-grid's code first), the
// bodies of the sections below the fold, the image export's code. Each part comes when one of its panels comes
// near the viewport, the focus comes into one, the reader clicks what needs it (its trigger: the click is
// answered once the code is there), or the page is idle after the map is painted, whichever is first; then a
// server callback draws it (the part's "wanted" store is set, if it has one). Addresses, ids, selectors and the
// margin come from Python (app.py writes them into the page as JSON).
(function () {
    const pageConfig = JSON.parse(document.querySelector("script[data-atlas-config]").textContent);
    const config = pageConfig.onDemand;
    const parts = Object.values(config.parts);

    function loadScript(url) {
        return new Promise(function (resolve, reject) {
            const script = document.createElement("script");
            script.src = url;
            script.onload = resolve;
            script.onerror = reject;
            document.head.appendChild(script);
        });
    }

    const loading = new Map(), arrived = new Set();
    function load(part) {
        if (!loading.has(part)) {
            loading.set(part, part.scripts.reduce((done, url) => done.then(() => loadScript(url)), Promise.resolve())
                .then(function () {
                    arrived.add(part);
                    if (part.wanted) { window.dash_clientside.set_props(part.wanted, {data: true}); }
                }));
        }
        return loading.get(part);
    }

    // A click on what needs a part's code before it is there: held back, and made again once it is.
    parts.filter((part) => part.trigger).forEach(function (part) {
        document.addEventListener("click", function (event) {
            const target = event.target.closest && event.target.closest(part.trigger);
            if (!target || arrived.has(part)) { return; }
            event.stopImmediatePropagation();
            load(part).then(() => target.click());
        }, true);
    });

    const panels = (part) => part.panels.map((id) => document.getElementById(id)).filter(Boolean);

    function watch(part) {
        const observer = new IntersectionObserver(function (entries) {
            if (entries.some((entry) => entry.isIntersecting)) { observer.disconnect(); load(part); }
        }, {rootMargin: config.margin});
        panels(part).forEach((panel) => observer.observe(panel));
    }

    // Dash renders the page after this script has run: the panels' focus is watched once they are there, and
    // the rest waits for the map's first paint (assets/map.js), when the page also has its final height.
    const focusWatched = new Set();
    const ready = new MutationObserver(watchFocus);
    // A page opened with a URL fragment that leads into a part (or to nothing yet: it may be in a part) gets
    // that part at once, not after the first screen: the reader asked for it (assets/fold.js scrolls to it).
    const arrival = window.location.hash.slice(1);
    function leadsInto(part) {
        if (!arrival || !part.panels.length) { return false; }
        const target = document.getElementById(decodeURIComponent(arrival));
        return !target || panels(part).some((panel) => panel.contains(target));
    }

    function watchFocus() {
        parts.filter((part) => !focusWatched.has(part) && panels(part).length === part.panels.length)
            .forEach(function (part) {
                focusWatched.add(part);
                panels(part).forEach((panel) => panel.addEventListener("focusin", () => load(part)));
                if (leadsInto(part)) { load(part); }
            });
        if (focusWatched.size === parts.length) { ready.disconnect(); }
    }
    ready.observe(document.documentElement, {childList: true, subtree: true});
    watchFocus();
    // Resolved once the map is painted: what is not needed for the first screen waits for it (assets/offline.js).
    window.atlasFirstScreen = window.atlasMap.firstPaint.then(function () {
        performance.mark(config.firstScreenMark);
        const idle = window.requestIdleCallback || ((f) => setTimeout(f, config.idleMs));
        // A page without a part's panels (the embed page has no table) does without it.
        parts.filter((part) => part.trigger || panels(part).length).forEach(function (part) {
            if (part.panels.length) { watch(part); }
            idle(() => load(part), {timeout: config.idleMs});
        });
    });

    // The grid's filters and sort for the CSV link and export, in a store that exists before the grid: of the
    // column state, the sorted columns and the fields the sort is read from (named by Python). The store changes
    // only when they do, so that the grid being put in place or a column resized asks nothing of the server.
    const sortFields = pageConfig.gridQuery.sortFields;
    const sortOf = (column) => Object.fromEntries(sortFields.map((field) => [field, column[field] ?? null]));
    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.atlasTable = {
        query: function (filterModel, columnState, kept) {
            const query = {filterModel: filterModel && Object.keys(filterModel).length ? filterModel : null,
                           columnState: (columnState || []).filter((column) => column.sort).map(sortOf)};
            return JSON.stringify(query) === JSON.stringify(kept) ? window.dash_clientside.no_update : query;
        },
    };
})();
