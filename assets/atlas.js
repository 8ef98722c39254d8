// The date while it moves. The slider is its one home: every way of moving the date (keys, a drag, a
// typed date, a click on the timeline, Play) ends as a slider value. This script watches the
// slider's handle, has the map repainted at once (assets/map.js), updates the live date label and,
// once the date has settled (pointer released, or no change for settleMs), writes it to the as-of
// store that the rest of the page follows. Ids, the start date and the sentences come from Python.
(function () {
    const DAY = 86400000;
    const state = {config: null, day: null, settled: null, shown: null, timer: null, pointerDown: false, play: null};

    const startMs = () => Date.parse(state.config.start + "T00:00:00Z");
    const toIso = (day) => new Date(startMs() + day * DAY).toISOString().slice(0, 10);
    const toDay = (iso) => Math.round((Date.parse(iso + "T00:00:00Z") - startMs()) / DAY);
    // A real YYYY-MM-DD day: 2019-02-30 and 2019-13-45 are refused (Date.parse gives NaN or rolls over).
    const isDate = (text) => typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text) &&
        Number.isFinite(toDay(text)) && toIso(toDay(text)) === text;
    const byId = (key) => document.getElementById(state.config.ids[key]);
    // A date in words, as the server writes it: CLDR's long pattern and month names for the page's
    // language come from Python (Chromium's own Intl data has no Albanian).
    function longDate(day) {
        const format = state.config.dateFormat, when = new Date(startMs() + day * DAY);
        // Python names the pattern's fields in the order day, month name, year (common/i18n.py DATE_FIELDS).
        const values = [String(when.getUTCDate()), format.months[when.getUTCMonth()], String(when.getUTCFullYear())];
        const fields = Object.fromEntries(format.fields.map((field, i) => [field, values[i]]));
        return format.pattern.replace(/%\((\w+)\)s/g, (match, field) => fields[field]);
    }
    // A sentence from Python with {name} places filled in.
    const fill = (text, values) => text.replace(/\{(\w+)\}/g, (match, name) => values[name]);

    // The entry in force on `day` of {days, ...} lists sorted by day: the last one on or before it.
    function entryIndex(days, day) {
        let lo = 0, hi = days.length - 1, found = 0;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            if (days[mid] <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
        }
        return found;
    }

    function setProps(key, props) { window.dash_clientside.set_props(state.config.ids[key], props); }

    function label(day) {
        const live = state.config.liveCounts[window.atlasMap.reading() || state.config.defaultReading];
        const index = live ? entryIndex(live.days, day) : 0;
        const text = live ? live.text[index] : "";
        const element = byId("dateLabel");
        if (element) { element.textContent = longDate(day) + (text ? " · " + text : ""); }
        describeSlider(day, text);
        placeTooltip(day);
        // The headline and the legend's counts show the map's day while it moves; the server's own
        // versions replace them once the date settles (the same words: both come from the core).
        if (live && !window.atlasMap.comparing()) {
            setText(byId("headline"), fill(live.headline[index], {date: longDate(day)}));
            legendCounts(live.legend.counts[entryIndex(live.legend.days, day)]);
        }
    }

    // Changes the text of a node that Dash rendered in place (its own text node), so that Dash's next
    // render of that node still finds it.
    function setText(element, text) {
        if (!element) { return; }
        const node = element.firstChild;
        if (node && node.nodeType === Node.TEXT_NODE && element.childNodes.length === 1) {
            if (node.nodeValue !== text) { node.nodeValue = text; }
        } else if (element.textContent !== text) { element.textContent = text; }
    }

    function legendCounts(counts) {
        const legend = byId("legend"), words = state.config.legendWords;
        if (!legend || !counts) { return; }
        state.config.legendClasses.forEach(function (name, i) {
            const element = legend.querySelector(".legend-count[data-class='" + name + "']");
            if (!element) { return; }
            const [un, other] = counts[i];
            setText(element, other ? fill(words.both, {un: words.un[un], other: words.other[other]}) : words.un[un]);
            element.setAttribute("data-un", String(un));
            element.setAttribute("data-other", String(other));
        });
    }

    // The slider's tooltip: the date in words, kept inside the track at both ends (at the right end a
    // centred tooltip would run off the page).
    function placeTooltip(day) {
        const slider = byId("slider"), thumb = slider && slider.querySelector("[role=slider]");
        const tip = slider && slider.querySelector(".dash-slider-tooltip");
        if (!tip || !thumb) { return; }
        const max = Number(thumb.getAttribute("aria-valuemax")) || 1;
        tip.style.transform = "translateX(-" + Math.round(100 * Math.min(Math.max(day / max, 0), 1)) + "%)";
        const content = tip.firstElementChild || tip;
        setText(content, longDate(day));
    }

    // Page Up / Page Down: a month later or earlier (with Shift, a year), the same day of the month where
    // it exists, else the month's last day; within the slider's range.
    function monthsFrom(day, months) {
        const when = new Date(startMs() + day * DAY);
        const year = when.getUTCFullYear(), month = when.getUTCMonth() + months;
        const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
        const target = Date.UTC(year, month, Math.min(when.getUTCDate(), last));
        return Math.round((target - startMs()) / DAY);
    }

    function pageKey(event) {
        if (event.key !== "PageUp" && event.key !== "PageDown") { return; }
        const thumb = byId("slider").querySelector("[role=slider]");
        const day = Number(thumb.getAttribute("aria-valuenow"));
        const step = state.config.pageStep[event.shiftKey ? "shiftMonths" : "months"];
        const max = Number(thumb.getAttribute("aria-valuemax")), min = Number(thumb.getAttribute("aria-valuemin"));
        event.preventDefault();
        event.stopPropagation();
        moveTo(Math.min(Math.max(monthsFrom(day, event.key === "PageUp" ? step : -step), min), max));
    }

    // What a screen reader says for the slider: the date in words and its count, not the day number.
    function describeSlider(day, text) {
        const thumb = document.querySelector("#" + state.config.ids.slider + " [role=slider]");
        if (thumb) { thumb.setAttribute("aria-valuetext", longDate(day) + (text ? ", " + text : "")); }
    }

    function settle() {
        clearTimeout(state.timer);
        state.timer = null;
        if (state.day === null || state.play) { return; }
        const iso = toIso(state.day);
        if (iso !== state.settled) {
            state.settled = iso;
            setProps("asOf", {data: iso});
        }
    }

    function onDay(day) {
        if (!Number.isInteger(day) || day === state.day) { return; }
        state.day = day;
        window.atlasMap.paintDay(day);
        label(day);
        clearTimeout(state.timer);
        if (!state.pointerDown) { state.timer = setTimeout(settle, state.config.settleMs); }
    }

    function sliderDay() {
        const handle = document.querySelector("#" + state.config.ids.slider + " [role=slider]");
        return handle ? Number(handle.getAttribute("aria-valuenow")) : null;
    }

    function moveTo(day) { setProps("slider", {value: day}); }

    // Play: the slider moves through every day, 2008 to today in the chosen number of seconds.
    function stopPlay() {
        if (!state.play) { return; }
        cancelAnimationFrame(state.play.frame);
        state.play = null;
        const button = byId("play");
        button.textContent = state.config.labels.play;
        button.setAttribute("aria-pressed", "false");
        settle();
    }

    function startPlay() {
        const slider = document.querySelector("#" + state.config.ids.slider + " [role=slider]");
        const max = Number(slider.getAttribute("aria-valuemax"));
        const seconds = Number(byId("speed").value) || state.config.defaultPlaySeconds;
        let from = state.day === null || state.day >= max ? 0 : state.day;
        const button = byId("play");
        button.textContent = state.config.labels.pause;
        button.setAttribute("aria-pressed", "true");
        const began = performance.now();
        state.play = {frame: 0};
        const step = function (now) {
            if (!state.play) { return; }
            const day = Math.min(max, Math.round(from + (now - began) * max / (seconds * 1000)));
            if (day !== state.day) { moveTo(day); }
            if (day >= max) { stopPlay(); return; }
            state.play.frame = requestAnimationFrame(step);
        };
        state.play.frame = requestAnimationFrame(step);
    }

    // A click anywhere in the timeline's plot area moves the date there.
    function timelineClick(event) {
        const gd = document.querySelector("#" + state.config.ids.timeline + " .js-plotly-plot");
        if (!gd || !gd._fullLayout || !gd._fullLayout.xaxis) { return; }
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.getBoundingClientRect();
        const x = event.clientX - box.left - xa._offset, y = event.clientY - box.top - ya._offset;
        if (x < 0 || x > xa._length || y < 0 || y > ya._length) { return; }
        const slider = document.querySelector("#" + state.config.ids.slider + " [role=slider]");
        const max = Number(slider.getAttribute("aria-valuemax"));
        const day = Math.round((xa.p2l(x) - startMs()) / DAY);
        moveTo(Math.min(Math.max(day, 0), max));
    }

    // `settled`: the date the as-of store holds now (the page's first view).
    function configure(config, settled) {
        if (state.config || !config) { return; }
        state.config = config;
        state.settled = typeof settled === "string" ? settled : null;
        state.shown = state.settled;
        new MutationObserver(function () { onDay(sliderDay()); }).observe(document.body, {
            subtree: true, attributes: true, attributeFilter: ["aria-valuenow"]});
        document.addEventListener("pointerdown", function (event) {
            if (event.target.closest("#" + config.ids.slider)) {
                state.pointerDown = true;
                stopPlay();
            }
        }, true);
        window.addEventListener("pointerup", function () {
            if (state.pointerDown) { state.pointerDown = false; settle(); }
        }, true);
        document.addEventListener("keydown", function (event) {
            if (event.target.closest && event.target.closest("#" + config.ids.slider)) { stopPlay(); pageKey(event); }
        }, true);
        // The tooltip was drawn before this script knew the start date: draw it again with the date.
        setProps("slider", {tooltip: Object.assign({}, config.sliderTooltip)});
        document.addEventListener("click", function (event) {
            if (event.target.closest("#" + config.ids.play)) { if (state.play) { stopPlay(); } else { startPlay(); } }
            else if (event.target.closest("#" + config.ids.timeline)) { timelineClick(event); }
        });
        const first = function () {
            const day = sliderDay();
            if (!Number.isInteger(day)) { setTimeout(first, 50); return; }
            onDay(day);
        };
        first();
    }

    // A typed date moves the slider; a refused one keeps the date in force and says why.
    function typedDate(typed, min, max, data) {
        const noUpdate = window.dash_clientside.no_update;
        if (!state.config) { return [noUpdate, noUpdate]; }
        if (typeof typed !== "string" || typed === "" || typed === state.settled) { return [noUpdate, ""]; }
        const errors = state.config.labels;
        if (!isDate(typed)) { return [noUpdate, fill(errors.notADate, {typed: typed})]; }
        const day = toDay(typed);
        if (day < min) { return [noUpdate, fill(errors.beforeStart, {start: longDate(min)})]; }
        if (day > max) { return [noUpdate, fill(errors.future, {date: longDate(day), latest: longDate(max)})]; }
        return [day, ""];
    }

    // The box shows the settled date, except while someone is typing in it: a date that settles from a
    // key press a moment earlier must not replace the text being typed (it would then be applied instead).
    function showSettled(asOf) {
        if (typeof asOf === "string") { state.settled = asOf; }
        const box = state.config && byId("dateInput");
        if (box && document.activeElement === box && state.shown !== null && box.value !== state.shown) {
            return window.dash_clientside.no_update;
        }
        state.shown = asOf;
        return asOf;
    }

    // The timeline's as-of line and the thicker line of the chosen reading follow the settled view: which shape
    // is the line and each reading's line widths come from Python. [path in the figure, value] pairs, or null.
    function markerValues(asOf, reading, marker) {
        const widths = marker && marker.widths[reading];
        if (typeof asOf !== "string" || !widths) { return null; }
        return [[["layout", "shapes", marker.line, "x0"], asOf], [["layout", "shapes", marker.line, "x1"], asOf]]
            .concat(widths.map((width, trace) => [["data", trace, "line", "width"], width]));
    }

    // The timeline's chart: drawn when it is wanted (assets/on_demand.js), with the marker of the view then; once
    // drawn (the graph's figure has traces), its marker follows the settled view as a patch. One callback, so that
    // a patch can never reach the empty figure shown before the chart is drawn.
    function timeline(asOf, reading, wanted, shown, figure, marker) {
        const values = markerValues(asOf, reading, marker);
        if (shown && shown.data && shown.data.length) {
            if (!values) { return window.dash_clientside.no_update; }
            const patch = new window.dash_clientside.Patch();
            values.forEach(([path, value]) => patch.assign(path, value));
            return patch.build();
        }
        if (!wanted || !figure) { return window.dash_clientside.no_update; }
        const drawn = structuredClone(figure);
        (values || []).forEach(function ([path, value]) {
            path.slice(0, -1).reduce((part, key) => part[key], drawn)[path[path.length - 1]] = value;
        });
        return drawn;
    }

    // The page's language stays in its URL once chosen (a shared link keeps it), and is added when it
    // is not English: the server's layout and callbacks read it from the page URL (the Referer).
    function setLanguage(params, data, current) {
        const key = data && data.keys.lang;
        if (data && (data.lang !== data.defaultLang || current.has(key))) { params.set(key, data.lang); }
    }

    // Keeps the page URL in step with the view, without reloading and without a server round trip.
    // A comparison the server accepted (the compare store, ending on the as-of date) is written as its
    // two dates, `from` and `to`; otherwise the as-of date. Keys and their order come from Python.
    function writeUrl(asOf, blocs, reading, country, compared, layer, data) {
        if (!data) { return window.dash_clientside.no_update; }
        const keys = data.keys, values = {};
        const comparing = compared && typeof compared === "object" && compared.to === asOf;
        if (comparing) { values[keys.from] = [compared.from]; values[keys.to] = [asOf]; }
        else if (asOf) { values[keys.as_of] = [asOf]; }
        values[keys.bloc] = blocs || [];
        if (reading && reading !== data.defaultReading) { values[keys.reading] = [reading]; }
        if (country) { values[keys.country] = [country]; }
        if (layer && layer !== data.defaultLayer) { values[keys.layer] = [layer]; }
        const params = new URLSearchParams();
        data.pageKeys.forEach(function (key) { (values[key] || []).forEach((value) => params.append(key, value)); });
        setLanguage(params, data, new URLSearchParams(window.location.search));
        const query = params.toString();
        const target = window.location.pathname + (query ? "?" + query : "");
        if (target !== window.location.pathname + window.location.search) {
            window.history.replaceState(null, "", target);
        }
        if (window.atlasShare) { window.atlasShare.sync(values[keys.bloc]); }
        return query;
    }

    // A language link opens the current view (the page URL) in its language.
    document.addEventListener("click", function (event) {
        const link = state.config && event.target.closest("a[data-lang]");
        if (!link) { return; }
        const params = new URLSearchParams(window.location.search);
        params.set(state.config.keys.lang, link.getAttribute("data-lang"));
        link.href = window.location.pathname + "?" + params.toString();
    }, true);

    function currentDay() {
        if (state.day === null) { const day = sliderDay(); if (Number.isInteger(day)) { state.day = day; } }
        return state.day;
    }

    function relabel() { if (state.day !== null) { label(state.day); } }

    window.atlasDate = {configure: configure, entryIndex: entryIndex, currentDay: currentDay, relabel: relabel,
                        longDate: longDate, isoDay: toIso, dayOf: toDay};
    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.atlas = {typedDate: typedDate, showSettled: showSettled, writeUrl: writeUrl,
                                   timeline: timeline};
    // The date slider counts days from the start; its tooltip shows the date itself.
    window.dccFunctions = window.dccFunctions || {};
    window.dccFunctions.dayToDate = (day) => state.config ? longDate(day) : String(day);
})();
