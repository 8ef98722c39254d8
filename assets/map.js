// Recolours the status map in the browser from the change lists the server computed once
// (recognition/map_data.py): no round trip, and only the colour, hover and outline arrays change.
(function () {
    const DAY = 86400000;
    const START = Date.UTC(2008, 1, 17);
    const CONTESTED_LINE = 2.5, NORMAL_LINE = 0.4;
    const toDay = (iso) => Math.round((Date.parse(iso + "T00:00:00Z") - START) / DAY);
    const toIso = (day) => new Date(START + day * DAY).toISOString().slice(0, 10);

    // Status and the day it took effect, per actor, at the end of `day` (events that day count).
    function statusAsOf(changes, actors, day) {
        const status = new Array(actors).fill(0);
        const since = new Array(actors).fill(null);
        for (const [when, actor, code] of changes) {
            if (when > day) { break; }
            status[actor] = code;
            since[actor] = when;
        }
        return {status, since};
    }

    function membersOf(memberships, blocs, day) {
        const members = new Set();
        blocs.forEach(function (bloc) {
            (memberships[bloc] || []).forEach(function ([actor, joined, left]) {
                if ((joined === null || joined <= day) && (left === null || left > day)) { members.add(actor); }
            });
        });
        return members;
    }

    function unitArrays(data, units, view) {
        const n = data.classes.length;
        const shown = view.reading === data.disagreements ? data.defaultReading : view.reading;
        const mine = view.byReading[shown];
        const z = [], text = [], width = [];
        units.actor.forEach(function (actor, i) {
            const fixed = units.fixed[i];
            const cls = fixed >= 0 ? fixed : mine.status[actor];
            const name = data.classes[cls];
            const has = actor >= 0 && fixed < 0;
            const contested = has && view.contested[actor];
            let visible = true;
            if (view.members !== null) { visible = has && view.members.has(actor); }
            if (view.reading === data.disagreements) { visible = visible && has && view.disagree[actor]; }
            z.push(visible ? cls : cls + n);
            width.push(contested ? CONTESTED_LINE : NORMAL_LINE);
            let line = data.labels[name];
            if (name === "kosovo") { line = "Kosovo: declared independence 2008-02-17"; }
            else if ((name === "recognises" || name === "withdrew") && mine.since[actor] !== null) {
                line += " since " + toIso(mine.since[actor]);
            }
            text.push(units.label[i] + "<br>" + line + (contested ? "<br><i>" + data.contestedLabel + "</i>" : ""));
        });
        return {z, text, width};
    }

    function viewOf(data, asOf, reading, blocs) {
        const day = toDay(asOf);
        const byReading = {};
        Object.keys(data.changes).forEach(function (key) {
            byReading[key] = statusAsOf(data.changes[key], data.actors, day);
        });
        const keys = Object.keys(byReading);
        const contested = [], disagree = [];
        for (let a = 0; a < data.actors; a++) {
            contested.push(byReading.serbia.status[a] === 2 && byReading.kosovo.status[a] === 1);
            disagree.push(keys.some((k) => byReading[k].status[a] !== byReading[keys[0]].status[a]));
        }
        const members = blocs && blocs.length ? membersOf(data.memberships, blocs, day) : null;
        return {reading, byReading, contested, disagree, members};
    }

    function arraysFor(asOf, reading, blocs, data) {
        const known = data && (reading in data.changes || reading === data.disagreements);
        if (!known || !/^\d{4}-\d{2}-\d{2}$/.test(asOf || "") || !Number.isFinite(toDay(asOf))) { return null; }
        const view = viewOf(data, asOf, reading, blocs || []);
        const p = unitArrays(data, data.polygons, view);
        const m = unitArrays(data, data.markers, view);
        return {
            z: p.z, text: p.text, width: p.width, colour: p.width.map((w) => w > 1 ? "#000000" : "#FFFFFF"),
            markerZ: m.z, markerText: m.text, markerWidth: m.width.map((w) => Math.max(w, 1)),
            markerColour: m.width.map((w) => w > 1 ? "#000000" : "#555555"),
        };
    }

    // Reading, blocs and the first paint: a patch of the figure, so dcc.Graph's figure stays the truth.
    function recolour(reading, blocs, data, asOf) {
        const a = arraysFor(asOf, reading, blocs, data);
        if (a === null) { return window.dash_clientside.no_update; }
        return new window.dash_clientside.Patch()
            .assign(["data", 0, "z"], a.z)
            .assign(["data", 0, "text"], a.text)
            .assign(["data", 0, "marker", "line", "width"], a.width)
            .assign(["data", 0, "marker", "line", "color"], a.colour)
            .assign(["data", 1, "marker", "color"], a.markerZ)
            .assign(["data", 1, "text"], a.markerText)
            .assign(["data", 1, "marker", "line", "width"], a.markerWidth)
            .assign(["data", 1, "marker", "line", "color"], a.markerColour)
            .build();
    }

    // A date change (slider, typing, timeline, Play) repaints at once with one Plotly.restyle, the
    // same call plotly itself would make, before Dash has applied the other outputs of the change.
    // The arrays it sets are the ones `recolour` would patch for the same view.
    function paintDate(asOf, reading, blocs, data) {
        const gd = document.querySelector("#status-map .js-plotly-plot");
        const a = arraysFor(asOf, reading, blocs, data);
        if (!gd || !gd._fullData || a === null || !window.Plotly) { return false; }
        window.Plotly.restyle(gd, {
            "z": [a.z, undefined], "text": [a.text, a.markerText], "marker.color": [undefined, a.markerZ],
            "marker.line.width": [a.width, a.markerWidth], "marker.line.color": [a.colour, a.markerColour],
        }, [0, 1]);
        return true;
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.atlasMap = {recolour: recolour, paintDate: paintDate};
})();
