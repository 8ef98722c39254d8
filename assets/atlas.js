// The page's own controls: one as-of date from several inputs, Play, and the URL that restores the view.
(function () {
    const DAY = 86400000;
    const START = Date.UTC(2008, 1, 17);
    const toIso = (day) => new Date(START + day * DAY).toISOString().slice(0, 10);
    const toDay = (iso) => Math.round((Date.parse(iso + "T00:00:00Z") - START) / DAY);
    // A real YYYY-MM-DD day: 2019-02-30 and 2019-13-45 are refused (Date.parse gives NaN or rolls over).
    const isDate = (text) => typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text) &&
        Number.isFinite(toDay(text)) && toIso(toDay(text)) === text;

    function triggeredId() {
        const triggered = window.dash_clientside.callback_context.triggered || [];
        return triggered.length ? triggered[0].prop_id.split(".")[0] : null;
    }

    function nextEventDay(data, day) {
        return (data.eventDays || []).find((d) => d > day);
    }

    // Slider (a day number), typed date, timeline click and Play all end here.
    function syncAsOf(slider, typed, click, ticks, current, maxDay, data, reading, blocs) {
        const noUpdate = window.dash_clientside.no_update;
        let day = null, stop = noUpdate;
        const trigger = triggeredId();
        if (trigger === "date-slider" && Number.isInteger(slider)) {
            day = slider;
        } else if (trigger === "date-input" && isDate(typed)) {
            day = toDay(typed);
        } else if (trigger === "timeline" && click && click.points && click.points.length) {
            const x = String(click.points[0].x).slice(0, 10);
            if (isDate(x)) { day = toDay(x); }
        } else if (trigger === "play-timer" && isDate(current)) {
            day = nextEventDay(data, toDay(current));
            if (day === undefined) { day = maxDay; stop = true; }
        }
        if (day === null || day < 0 || day > maxDay) {
            // A refused typed date is put back to the date in force, so the box never misleads.
            if (trigger === "date-input" && isDate(current)) { return [noUpdate, noUpdate, current, noUpdate]; }
            throw window.dash_clientside.PreventUpdate;
        }
        const iso = toIso(day);
        if (iso !== current) { window.dash_clientside.atlasMap.paintDate(iso, reading, blocs, data); }
        return [iso, day, iso, stop];
    }

    // Play from the last date starts again from the beginning.
    function togglePlay(clicks, disabled, current, data) {
        const noUpdate = window.dash_clientside.no_update;
        if (triggeredId() === "play-timer") {
            return [noUpdate, noUpdate, disabled ? "▶ Play" : "⏸ Pause", disabled ? "false" : "true"];
        }
        if (disabled) {
            const atEnd = isDate(current) && nextEventDay(data, toDay(current)) === undefined;
            return [false, atEnd ? 0 : noUpdate, "⏸ Pause", "true"];
        }
        return [true, noUpdate, "▶ Play", "false"];
    }

    // Keeps the page URL in step with the view, without reloading and without a server round trip.
    function writeUrl(asOf, blocs, reading, country) {
        const params = new URLSearchParams();
        if (asOf) { params.set("as_of", asOf); }
        (blocs || []).forEach(function (b) { params.append("bloc", b); });
        if (reading && reading !== "independent") { params.set("reading", reading); }
        if (country) { params.set("country", country); }
        const query = params.toString();
        const target = window.location.pathname + (query ? "?" + query : "");
        if (target !== window.location.pathname + window.location.search) {
            window.history.replaceState(null, "", target);
        }
        return query;
    }

    // The as-of date once it has not changed for SETTLE_MS; intermediate dates resolve to no update.
    const SETTLE_MS = 250;
    let latest = 0;
    function settle(asOf) {
        const mine = ++latest;
        return new Promise(function (resolve) {
            setTimeout(function () {
                resolve(mine === latest ? asOf : window.dash_clientside.no_update);
            }, SETTLE_MS);
        });
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.atlas = {syncAsOf: syncAsOf, togglePlay: togglePlay, writeUrl: writeUrl, settle: settle};

    // The date slider counts days from 17 February 2008; its tooltip shows the date itself.
    window.dccFunctions = window.dccFunctions || {};
    window.dccFunctions.dayToDate = toIso;
})();
