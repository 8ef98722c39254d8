// Code the first screen does not need, loaded when it is needed: the table's grid (dash-ag-grid) when the
// table comes near the viewport or the focus comes into its panel (the skip link, the Tab key), then a
// server callback puts the grid in its place. Addresses, ids and the margin come from Python (app.py
// writes them into the page as JSON).
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
        panel.addEventListener("focusin", loadGrid);
    }

    // Dash renders the page after this script has run: watch the panel once it is there.
    const panel = () => document.getElementById(grid.panel);
    if (panel()) {
        watch(panel());
    } else {
        const appears = new MutationObserver(function () {
            if (panel()) { appears.disconnect(); watch(panel()); }
        });
        appears.observe(document.documentElement, {childList: true, subtree: true});
    }

    // The grid's filters and sort for the CSV link and export, in a store that exists before the grid.
    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.atlasTable = {
        query: (filterModel, columnState) => ({filterModel: filterModel || null, columnState: columnState || null}),
    };
})();
