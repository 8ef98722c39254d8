// "Download PNG / SVG": the map as shown (date, reading, blocs, selection), composed for publication
// with a title, the reading and blocs, the legend with its counts, a source line and the page's URL.
// It copies the figure the user sees into an off-screen plot, colours that copy with the codes the
// painter is showing (assets/map.js) and lets plotly export it. The words come from Python.
(function () {
    function composed(width, height) {
        const map = window.atlasMap, cfg = map.config(), text = cfg.image;
        const gd = document.querySelector("#" + cfg.ids.map + " .js-plotly-plot");
        const codes = map.codes(), view = map.view(), styles = map.styles();
        const polygons = cfg.paint.units.polygons;
        const n = styles.fill.length;
        const colorscale = [];
        styles.fill.forEach(function (fill, code) { colorscale.push([code / n, fill], [(code + 1) / n, fill]); });
        const data = gd.data.map(function (trace, index) {
            const copy = JSON.parse(JSON.stringify(trace));
            if (index === cfg.traces.polygons) {
                // The selected state keeps its outline.
                const chosen = (u) => view.selected !== null && cfg.paint.units.opens[u] === view.selected;
                Object.assign(copy, {z: codes.slice(0, polygons), colorscale: colorscale, zmin: -0.5, zmax: n - 0.5});
                copy.marker = {line: {color: codes.slice(0, polygons).map((c, u) => chosen(u) ? "#111111" : styles.stroke[c]),
                                      width: codes.slice(0, polygons).map((c, u) => chosen(u) ? 2.5 : styles.width[c])}};
            } else if (index === cfg.traces.markers) {
                const mine = codes.slice(polygons);
                copy.marker = Object.assign(copy.marker, {color: mine.map((c) => styles.fill[c]),
                    line: {color: mine.map((c) => styles.markerStroke[c]), width: mine.map((c) => styles.markerWidth[c])}});
            }
            return copy;
        });
        const legend = [...document.querySelectorAll("#" + cfg.ids.legend + " li")].map(
            (li) => [...li.children].map((part) => part.textContent.trim()).filter(Boolean).join(": "));
        const scope = [text.readings[view.reading]].concat(view.blocs.length
            ? [text.blocsLabel + " " + view.blocs.map((b) => text.blocNames[b]).join(", ")] : []);
        const layout = JSON.parse(JSON.stringify(gd.layout));
        const small = {size: Math.round(width / 95), color: "#333333"};
        Object.assign(layout, {
            width: width, height: height, paper_bgcolor: "#FFFFFF",
            margin: {l: 10, r: 10, t: Math.round(height * 0.14), b: Math.round(height * 0.2)},
            title: {text: "<b>" + text.title.replace("{date}", window.atlasDate.longDate(view.day)) + "</b><br>" +
                          "<span style='font-size:" + Math.round(width / 80) + "px'>" + scope.join(" · ") + "</span>",
                    x: 0.02, xanchor: "left", font: {size: Math.round(width / 50), color: "#1d2430"}},
            annotations: [
                {text: legend.slice(0, 3).join("   ·   ") + "<br>" + legend.slice(3).join("   ·   "), showarrow: false, xref: "paper", yref: "paper", x: 0, y: -0.04,
                 xanchor: "left", yanchor: "top", align: "left", font: small},
                {text: text.source + "<br>" + window.location.href, showarrow: false, xref: "paper", yref: "paper",
                 x: 0, y: -0.15, xanchor: "left", yanchor: "top", align: "left", font: {size: small.size, color: "#5b6473"}},
            ],
        });
        return {data: data, layout: layout, config: {topojsonURL: gd._context.topojsonURL, staticPlot: true}};
    }

    async function download(format, size) {
        const cfg = window.atlasMap.config();
        const [width, height] = cfg.image.sizes[size] || cfg.image.sizes[Object.keys(cfg.image.sizes)[0]];
        const figure = composed(width, height);
        const holder = document.createElement("div");
        holder.style.cssText = "position:fixed;left:-10000px;top:0;width:" + width + "px;height:" + height + "px";
        document.body.appendChild(holder);
        try {
            await window.Plotly.newPlot(holder, figure.data, figure.layout, figure.config);
            const day = window.atlasDate.isoDay(window.atlasMap.view().day);
            await window.Plotly.downloadImage(holder, {format: format, width: width, height: height,
                                                       filename: cfg.image.filename.replace("{date}", day)});
        } finally {
            window.Plotly.purge(holder);
            holder.remove();
        }
    }

    document.addEventListener("click", function (event) {
        const button = event.target.closest("[data-image-format]");
        if (!button || !window.atlasMap || !window.atlasMap.config()) { return; }
        const size = document.getElementById(window.atlasMap.config().ids.imageSize);
        download(button.getAttribute("data-image-format"), size ? size.value : "web");
    });
    window.atlasImage = {composed: composed, download: download};
})();
