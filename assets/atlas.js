// Keeps the page URL in step with the view, without reloading and without a server round trip.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlas: {
        writeUrl: function (asOf, blocs, reading, country) {
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
    }
});

// The date slider counts days from 17 February 2008; its tooltip shows the date itself.
window.dccFunctions = window.dccFunctions || {};
window.dccFunctions.dayToDate = function (day) {
    const start = Date.UTC(2008, 1, 17);
    return new Date(start + day * 86400000).toISOString().slice(0, 10);
};
