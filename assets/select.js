// A state chosen from the table (a row clicked, or Enter on one of its cells) opens its details, as a
// click on the map does: both set the country list's value. When a state is chosen on the map or in the
// table and its details are out of sight (on a phone they are far below the map), the page brings them
// into view and gives them the focus. Ids come from Python (the map-data store).
(function () {
    const cfg = () => window.atlasMap && window.atlasMap.config();
    let pending = null;

    function choose(code) {
        const config = cfg();
        if (!config || !code) { return; }
        window.dash_clientside.set_props(config.ids.search, {value: code});
        pending = {code: code, since: performance.now()};
        bringDetails();
    }

    // Once the details show the chosen state (their panel names it in data-country), bring them into view.
    function bringDetails() {
        const config = cfg();
        if (!pending || !config) { return; }
        const details = document.getElementById(config.ids.details);
        const shown = details && details.querySelector("[data-country='" + pending.code + "']");
        if (!shown) {
            if (performance.now() - pending.since < 10000) { setTimeout(bringDetails, 100); } else { pending = null; }
            return;
        }
        pending = null;
        // In view: their top within the window with room to read a few lines below it (on a desktop
        // beside the map they are; on a phone, or after a click in the table far below, they are not).
        const box = (details.closest("aside") || details).getBoundingClientRect();
        const inView = box.top >= 0 && box.top < window.innerHeight - 120;
        if (!inView) {
            (details.closest("aside") || details).scrollIntoView({block: "start", behavior: "instant"});
            details.focus({preventScroll: true});
        }
    }

    function rowCode(target) {
        const config = cfg();
        if (!config || !target.closest || !target.closest("#" + config.ids.table)) { return null; }
        const row = target.closest(".ag-row[row-id]");
        return row && !target.closest(".ag-header, .ag-filter, .ag-popup") ? row.getAttribute("row-id") : null;
    }

    document.addEventListener("click", function (event) {
        const code = rowCode(event.target);
        if (code) { choose(code); }
    });
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") { return; }
        const code = rowCode(event.target);
        if (code) { event.preventDefault(); choose(code); }
    }, true);

    window.atlasSelect = {choose: choose, reveal: function (code) { pending = {code: code, since: performance.now()};
                                                                    bringDetails(); }};
})();
