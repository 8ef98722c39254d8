// Code the first screen does not need, loaded after it: the table's grid (dash-ag-grid) when the table comes
// near the viewport, the focus comes into its panel (the skip link, the Tab key), or the page is idle after
// the map is painted, whichever is first; then a server callback puts the grid in its place. Addresses, ids
// and the margin come from Python (app.py writes them into the page as JSON).
(function () {
    const config = JSON.parse(document.querySelector("script[data-atlas-config]").textContent);
    const grid = config.onDemand.grid;
    let requested = false;

    function loadScript(url) {
        return new Promise(function (resolve, reject) {
            const script = document.createElement("script");
            script.src = url;
            script.onload = resolve;
            script.onerror = reject;
            document.head.appendChild(script);
        });
    }

    function loadGrid() {
        if (requested) { return; }
        requested = true;
        grid.scripts.reduce((done, url) => done.then(() => loadScript(url)), Promise.resolve())
            .then(() => window.dash_clientside.set_props(grid.wanted, {data: true}));
    }

    function watch(panel) {
        const observer = new IntersectionObserver(function (entries) {
            if (entries.some((entry) => entry.isIntersecting)) { observer.disconnect(); loadGrid(); }
        }, {rootMargin: grid.margin});
        observer.observe(panel);
    }

    // Dash renders the page after this script has run: the panel's focus is watched once it is there, and the
    // rest waits for the map's first paint (assets/map.js), when the page also has its final height.
    const panel = () => document.getElementById(grid.panel);
    const ready = new MutationObserver(watchFocus);
    function watchFocus() {
        if (panel()) { ready.disconnect(); panel().addEventListener("focusin", loadGrid); }
    }
    ready.observe(document.documentElement, {childList: true, subtree: true});
    watchFocus();
    // Resolved once the map is painted: what is not needed for the first screen waits for it (assets/offline.js).
    window.atlasFirstScreen = window.atlasMap.firstPaint.then(function () {
        performance.mark(grid.firstScreenMark);
        if (!panel()) { return; }  // a page without the table (the embed page)
        watch(panel());
        (window.requestIdleCallback || ((f) => setTimeout(f, grid.idleMs)))(loadGrid, {timeout: grid.idleMs});
    });

    // The grid's filters and sort for the CSV link and export, in a store that exists before the grid.
    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.atlasTable = {
        query: (filterModel, columnState) => ({filterModel: filterModel || null, columnState: columnState || null}),
    };
})();
