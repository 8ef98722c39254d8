// Paints the status map and answers the pointer on it. Plotly draws the shapes (and redraws them on
// pan and zoom); this script is the one writer of their fills and outlines, of the selection
// outline, the tooltip and the clicks. Every colour is a lookup into what the core shipped
// (recognition/map_data.py): the code string in force for the day and reading, the membership
// strings of the chosen blocs, the style of each code. No status, rule, date or id is written here.
(function () {
    const P = {cfg: null, data: null, gd: null, reading: null, blocs: [], selected: null, day: null, compare: null, layer: null,
               painted: [], elements: null, boxes: null, down: null, outline: null};

    const graph = () => document.querySelector("#" + P.cfg.ids.map + " .js-plotly-plot");

    // Unit index -> SVG element, collected after every plotly redraw.
    function collect() {
        const gd = P.gd;
        const elements = new Array(P.data.units.iso3.length).fill(null);
        gd.querySelectorAll(".choroplethlocation").forEach(function (path) {
            if (path.__data__ && Number.isInteger(path.__data__.index)) { elements[path.__data__.index] = path; }
        });
        const markerTrace = P.cfg.traces.markers;
        gd.querySelectorAll(".scattergeo .point").forEach(function (point) {
            const d = point.__data__, trace = point.closest(".trace");
            const cd = trace && trace.__data__;
            if (d && cd && cd[0] && cd[0].trace && cd[0].trace.index === markerTrace && Number.isInteger(d.i)) {
                elements[P.data.units.polygons + d.i] = point;
            }
        });
        P.elements = elements;
        P.painted = [];
        P.boxes = null;
    }

    // Compare mode paints the change between two dates that the server sent; otherwise the day's codes.
    const styleTable = () => P.compare ? P.cfg.compareStyles : (P.layer ? P.cfg.layers[P.layer].styles : P.data.styles);

    // The code of every unit for the current day (or comparison), reading and blocs.
    function codesNow() {
        const lookup = window.atlasDate.entryIndex;
        const snap = P.data.readings[P.reading];
        if (!snap || P.day === null) { return null; }
        const text = P.compare ? P.compare.codes
            : (P.layer ? P.cfg.layers[P.layer].codes : snap.codes[lookup(snap.days, P.day)]);
        const members = P.blocs.map(function (bloc) {
            const b = P.data.blocs[bloc];
            return b ? b.members[lookup(b.days, P.day)] : null;
        }).filter((m) => m !== null);
        const fade = styleTable().fade, base = P.data.codeBase, member = P.data.member;
        const codes = new Array(text.length);
        for (let u = 0; u < text.length; u++) {
            let code = text.charCodeAt(u) - base;
            if (members.length && !members.some((m) => m[u] === member)) { code = fade[code]; }
            codes[u] = code;
        }
        return codes;
    }

    // Resolved at the map's first paint (assets/on_demand.js: what is below the fold waits for it).
    let announcePaint;
    const firstPaint = new Promise((resolve) => { announcePaint = resolve; });

    function paint() {
        if (!P.elements) { return; }
        const codes = codesNow();
        if (!codes) { return; }
        announcePaint();
        const s = styleTable(), polygons = P.data.units.polygons;
        for (let u = 0; u < codes.length; u++) {
            const el = P.elements[u], code = codes[u];
            if (!el || P.painted[u] === code) { continue; }
            el.style.fill = s.fill[code];
            el.style.fillOpacity = "1";
            el.style.stroke = u < polygons ? s.stroke[code] : s.markerStroke[code];
            el.style.strokeWidth = (u < polygons ? s.width[code] : s.markerWidth[code]) + "px";
            P.painted[u] = code;
        }
        P.codes = codes;
        outlineSelection();
    }

    // The selected state outlined on top of every shape, on its own shape or marker only (not on the
    // distant territories that also open it), in the selection style Python ships: a dashed line on a
    // halo, unlike the solid outline of a disputed withdrawal.
    function outlineSelection() {
        if (P.outline) { P.outline.remove(); P.outline = null; }
        if (!P.selected || !P.elements) { return; }
        const svgNS = "http://www.w3.org/2000/svg", style = P.cfg.selection;
        const group = document.createElementNS(svgNS, "g");
        group.setAttribute("class", "selection-outline");
        group.style.pointerEvents = "none";
        let host = null;
        P.data.units.iso3.forEach(function (code, u) {
            const el = P.elements[u];
            if (code !== P.selected || !el) { return; }
            [[style.halo, style.haloWidth, null], [style.stroke, style.width, style.dash]].forEach(function ([colour, width, dash]) {
                const copy = el.cloneNode(false);
                copy.removeAttribute("class");
                copy.style.fill = "none";
                copy.style.stroke = colour;
                copy.style.strokeWidth = width + "px";
                if (dash) { copy.style.strokeDasharray = dash; }
                group.appendChild(copy);
            });
            host = host || el.closest(".geo") || el.parentNode;
        });
        if (host) { host.appendChild(group); P.outline = group; }
    }

    // The nearest marker whose drawn disc holds the point, among those `beside` says (true/false).
    function markerAt(x, y, beside) {
        const polygons = P.data.units.polygons;
        let best = null, bestDistance = Infinity;
        for (let u = polygons; u < P.elements.length; u++) {
            const el = P.elements[u];
            if (!el || P.data.units.beside[u - polygons] !== beside) { continue; }
            const b = el.getBoundingClientRect();
            const d = Math.hypot(b.x + b.width / 2 - x, b.y + b.height / 2 - y);
            if (d <= b.width / 2 && d < bestDistance) { best = u; bestDistance = d; }
        }
        return best;
    }

    // What the pointer is on: a marker drawn beside its state, else the shape that contains the point
    // exactly (the drawn path, not a bounding box or a distance), else a marker drawn on its state.
    function unitAt(x, y) {
        if (!P.elements) { return null; }
        const beside = markerAt(x, y, true);
        return beside !== null ? beside : shapeAt(x, y) ?? markerAt(x, y, false);
    }

    function shapeAt(x, y) {
        const polygons = P.data.units.polygons;
        if (!P.boxes) { P.boxes = P.elements.slice(0, polygons).map((el) => el ? el.getBoundingClientRect() : null); }
        const area = P.gd.querySelector(".geo .bg rect, .geo .bglayer rect");
        if (area) {
            const a = area.getBoundingClientRect();
            if (x < a.left || x > a.right || y < a.top || y > a.bottom) { return null; }
        }
        let found = null, foundArea = Infinity;
        for (let u = 0; u < polygons; u++) {
            const b = P.boxes[u], el = P.elements[u];
            if (!b || x < b.left || x > b.right || y < b.top || y > b.bottom) { continue; }
            const local = new DOMPoint(x, y).matrixTransform(el.getScreenCTM().inverse());
            if (el.isPointInFill(local) && b.width * b.height < foundArea) { found = u; foundArea = b.width * b.height; }
        }
        return found;
    }

    function tooltip(u, x, y) {
        const tip = document.getElementById(P.cfg.ids.tooltip);
        if (!tip) { return; }
        if (u === null || !P.codes) { tip.hidden = true; return; }
        tip.textContent = "";
        const name = document.createElement("strong");
        name.textContent = P.data.units.name[u];
        tip.append(name, document.createElement("br"), styleTable().label[P.codes[u]]);
        const frame = tip.parentElement.getBoundingClientRect();
        tip.hidden = false;
        const left = Math.min(x - frame.left + 14, frame.width - tip.offsetWidth - 4);
        tip.style.left = Math.max(left, 4) + "px";
        tip.style.top = Math.max(y - frame.top - tip.offsetHeight - 10, 4) + "px";
    }

    function select(u) {
        const owner = P.data.units.opens[u];
        if (owner) {
            window.dash_clientside.set_props(P.cfg.ids.search, {value: owner});
            if (window.atlasSelect) { window.atlasSelect.reveal(owner); }  // the details into view on a phone
        }
    }

    function view(target) {
        if (!target || !P.gd) { return; }
        window.Plotly.relayout(P.gd, {"geo.center.lon": target.lon, "geo.center.lat": target.lat,
                                      "geo.projection.scale": target.scale});
    }

    function attach(gd) {
        P.gd = gd;
        collect();
        gd.on("plotly_afterplot", function () { collect(); paint(); });
        gd.on("plotly_relayouting", function () { P.boxes = null; outlineSelection(); });
        gd.on("plotly_relayout", function () { P.boxes = null; outlineSelection(); });
        window.addEventListener("scroll", function () { P.boxes = null; }, {passive: true});
        window.addEventListener("resize", function () { P.boxes = null; });
        gd.addEventListener("pointerdown", function (e) { P.down = [e.clientX, e.clientY]; }, true);
        gd.addEventListener("pointermove", function (e) {
            tooltip(e.buttons ? null : unitAt(e.clientX, e.clientY), e.clientX, e.clientY);
        });
        gd.addEventListener("pointerleave", function () { tooltip(null); });
        gd.addEventListener("click", function (e) {
            // A pan is not a click.
            if (P.down && Math.hypot(e.clientX - P.down[0], e.clientY - P.down[1]) > 4) { return; }
            const u = unitAt(e.clientX, e.clientY);
            if (u !== null) { select(u); }
        });
        const panel = gd.closest("section") || document;
        panel.addEventListener("click", function (e) {
            const region = e.target.closest("[data-region]");
            if (region) { view(P.cfg.regions[region.getAttribute("data-region")]); }
            else if (e.target.closest("#" + P.cfg.ids.zoomSelected)) { view(P.cfg.zoom[P.selected]); }
        });
        paint();
    }

    function whenDrawn() {
        const gd = graph();
        if (gd && gd._fullLayout && gd._fullLayout.geo && gd.querySelector(".choroplethlocation")) { attach(gd); }
        else { setTimeout(whenDrawn, 50); }
    }

    // The page scripts start with the paint data (the first call of either function below).
    function begin(data, settled) {
        if (P.cfg) { return; }
        P.cfg = data;
        P.data = data.paint;
        window.atlasDate.configure(data, settled);
        whenDrawn();
    }

    // Called as soon as the layout is there, before any server callback has answered: a page whose address
    // asks for no view of its own (no key but the language) shows the default view, which is what the
    // paint data's defaults and the slider hold, so the map is painted once plotly has drawn it. A shared
    // link waits for its view (setView), never showing another one first.
    function start(data, settled) {
        const keys = data ? data.pageKeys.filter((key) => key !== data.keys.lang) : [];
        const asked = new URLSearchParams(window.location.search);
        if (!data || P.cfg || keys.some((key) => asked.has(key))) { return window.dash_clientside.no_update; }
        begin(data, settled);
        P.reading = data.defaultReading;
        P.layer = null;
        if (P.day === null) { P.day = window.atlasDate.currentDay(); }
        paint();
        return window.dash_clientside.no_update;
    }

    // Reading, blocs and selection come from Dash.
    function setView(data, reading, blocs, selected, compare, layer, settled) {
        const noUpdate = window.dash_clientside.no_update;
        if (!data) { return [noUpdate, noUpdate, noUpdate]; }
        begin(data, settled);
        P.reading = reading in P.data.readings ? reading : P.cfg.defaultReading;
        P.blocs = Array.isArray(blocs) ? blocs.filter((b) => b in P.data.blocs) : [];
        P.selected = typeof selected === "string" ? selected : null;
        P.compare = compare && typeof compare.codes === "string" && compare.codes.length === P.data.units.iso3.length
            ? compare : null;
        // A layer besides recognition (issue 21) paints the codes the core shipped for it.
        P.layer = P.cfg.layers && layer in P.cfg.layers ? layer : null;
        P.painted = [];
        if (P.day === null) { P.day = window.atlasDate.currentDay(); }
        paint();
        window.atlasDate.relabel();
        return [P.reading, !(P.selected && P.cfg.zoom[P.selected]), !P.selected];
    }

    function paintDay(day) { P.day = day; paint(); }

    window.atlasMap = {paintDay: paintDay, firstPaint: firstPaint, reading: () => P.reading, unitAt: unitAt, codes: () => P.codes,
                      styles: styleTable, comparing: () => P.compare !== null,
                      config: () => P.cfg, view: () => ({day: P.day, reading: P.reading, blocs: P.blocs.slice(),
                                    selected: P.selected, compare: P.compare && {from: P.compare.from, to: P.compare.to}})};
    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.atlasMap = {start: start, setView: setView};
})();
