// "Download PNG / SVG": the map as shown (date or compared dates, reading, blocs), composed for
// publication: a title with the date(s), the reading and blocs, the legend with its colour keys and
// counts (the legend on the page, in its order), a source line and the page's URL. It copies the figure
// the user sees into an off-screen plot, colours that copy with the codes the painter is showing
// (assets/map.js), scales the markers and Kosovo's label to the image size and lets plotly export it.
// The selected state is outlined only when asked. The words, sizes and styles come from Python.
(function () {
    // The legend as the page shows it: colour key, label and count of each row, in its order.
    function legendRows(cfg) {
        return [...document.querySelectorAll("#" + cfg.ids.legend + " li")].map(function (li) {
            const swatch = li.querySelector(".swatch"), label = li.querySelector(".legend-label");
            const count = li.querySelector(".legend-count");
            const key = swatch ? getComputedStyle(swatch) : null;
            return {colour: key ? key.backgroundColor : "#FFFFFF",
                    outline: key ? key.borderTopColor : "#999999",
                    outlineWidth: key ? parseFloat(key.borderTopWidth) : 1,
                    text: (label ? label.textContent.trim() : "") + (count ? ": " + count.textContent.trim() : "")};
        });
    }

    function composed(width, height, withSelection) {
        const map = window.atlasMap, cfg = map.config(), text = cfg.image;
        const gd = document.querySelector("#" + cfg.ids.map + " .js-plotly-plot");
        const codes = map.codes(), view = map.view(), styles = map.styles();
        const polygons = cfg.paint.units.polygons;
        const scale = width / cfg.image.sizes[cfg.image.baseSize][0];
        const n = styles.fill.length;
        const colorscale = [];
        styles.fill.forEach(function (fill, code) { colorscale.push([code / n, fill], [(code + 1) / n, fill]); });
        const selection = cfg.selection;
        const chosen = (u) => withSelection && view.selected !== null && cfg.paint.units.iso3[u] === view.selected;
        const data = gd.data.map(function (trace, index) {
            const copy = JSON.parse(JSON.stringify(trace));
            if (index === cfg.traces.polygons) {
                const mine = codes.slice(0, polygons);
                Object.assign(copy, {z: mine, colorscale: colorscale, zmin: -0.5, zmax: n - 0.5});
                copy.marker = {line: {color: mine.map((c, u) => chosen(u) ? selection.stroke : styles.stroke[c]),
                                      width: mine.map((c, u) => (chosen(u) ? selection.width : styles.width[c]) * scale)}};
            } else if (index === cfg.traces.markers) {
                const mine = codes.slice(polygons);
                const size = Array.isArray(copy.marker.size) ? copy.marker.size : mine.map(() => copy.marker.size);
                copy.marker = Object.assign(copy.marker, {color: mine.map((c) => styles.fill[c]),
                    size: size.map((s) => s * scale),
                    line: {color: mine.map((c, i) => chosen(polygons + i) ? selection.stroke : styles.markerStroke[c]),
                           width: mine.map((c, i) => (chosen(polygons + i) ? selection.width : styles.markerWidth[c]) * scale)}});
            } else if (copy.textfont) {
                copy.textfont = Object.assign({}, copy.textfont, {size: (copy.textfont.size || 12) * scale});
            } else if (copy.line) {
                copy.line = Object.assign({}, copy.line, {width: (copy.line.width || 1) * scale});
            }
            return copy;
        });
        const longDate = (iso) => window.atlasDate.longDate(window.atlasDate.dayOf(iso));
        const title = view.compare
            ? text.compareTitle.replace("{from}", longDate(view.compare.from)).replace("{to}", longDate(view.compare.to))
            : text.title.replace("{date}", window.atlasDate.longDate(view.day));
        const scope = [text.readings[view.reading]].concat(view.blocs.length
            ? [text.blocsLabel + " " + view.blocs.map((b) => text.blocNames[b]).join(", ")] : []);
        const layout = JSON.parse(JSON.stringify(gd.layout));
        const font = Math.round(14 * scale), small = {size: font, color: "#333333"};
        // The legend: a colour key and its words per row, laid out in columns under the map.
        const rows = legendRows(cfg), columns = text.legendColumns;
        const lineHeight = Math.round(font * 1.6);
        const legendTop = height - Math.ceil(rows.length / columns) * lineHeight - Math.round(font * 4.5);
        const columnWidth = (width - 20 * scale) / columns, key = Math.round(font * 1.1);
        const margin = {l: 10 * scale, r: 10 * scale, t: Math.round(height * 0.13),
                        b: height - legendTop + Math.round(font * 0.8)};
        // Pixels from the image's top left to plotly's paper coordinates (0 to 1 across the plot area).
        const px = (x) => (x - margin.l) / (width - margin.l - margin.r);
        const py = (y) => (height - margin.b - y) / (height - margin.t - margin.b);
        const shapes = [], annotations = [];
        rows.forEach(function (row, i) {
            const x = 10 * scale + (i % columns) * columnWidth, y = legendTop + Math.floor(i / columns) * lineHeight;
            shapes.push({type: "rect", xref: "paper", yref: "paper", x0: px(x), x1: px(x + key), y0: py(y + key), y1: py(y),
                         fillcolor: row.colour, line: {color: row.outline, width: row.outlineWidth * scale},
                         name: "legend-key"});
            annotations.push({text: row.text, showarrow: false, xref: "paper", yref: "paper", x: px(x + key + 6 * scale),
                              y: py(y + key / 2), xanchor: "left", yanchor: "middle", align: "left", font: small,
                              name: "legend"});
        });
        const sourceTop = legendTop + Math.ceil(rows.length / columns) * lineHeight + Math.round(font * 0.4);
        annotations.push({text: text.source + "<br>" + window.location.href, showarrow: false, xref: "paper", yref: "paper",
                          x: px(10 * scale), y: py(sourceTop), xanchor: "left", yanchor: "top", align: "left",
                          font: {size: Math.round(font * 0.85), color: "#5b6473"}, name: "source"});
        Object.assign(layout, {
            width: width, height: height, paper_bgcolor: "#FFFFFF", shapes: shapes, annotations: annotations,
            margin: margin,
            title: {text: "<b>" + title + "</b><br>" +
                          "<span style='font-size:" + Math.round(18 * scale) + "px'>" + scope.join(" · ") + "</span>",
                    x: 0.02, xanchor: "left", font: {size: Math.round(26 * scale), color: "#1d2430"}},
        });
        return {data: data, layout: layout, config: {topojsonURL: gd._context.topojsonURL, staticPlot: true}};
    }

    async function download(format, size, withSelection) {
        const cfg = window.atlasMap.config();
        const [width, height] = cfg.image.sizes[size] || cfg.image.sizes[cfg.image.baseSize];
        const figure = composed(width, height, withSelection);
        const holder = document.createElement("div");
        holder.style.cssText = "position:fixed;left:-10000px;top:0;width:" + width + "px;height:" + height + "px";
        document.body.appendChild(holder);
        try {
            await window.Plotly.newPlot(holder, figure.data, figure.layout, figure.config);
            const view = window.atlasMap.view();
            const filename = view.compare
                ? cfg.image.compareFilename.replace("{from}", view.compare.from).replace("{to}", view.compare.to)
                : cfg.image.filename.replace("{date}", window.atlasDate.isoDay(view.day));
            await window.Plotly.downloadImage(holder, {format: format, width: width, height: height, filename: filename});
        } finally {
            window.Plotly.purge(holder);
            holder.remove();
        }
    }

    document.addEventListener("click", function (event) {
        const button = event.target.closest("[data-image-format]");
        if (!button || !window.atlasMap || !window.atlasMap.config()) { return; }
        const ids = window.atlasMap.config().ids;
        const size = document.getElementById(ids.imageSize);
        const outline = document.querySelector("#" + ids.imageSelection + " input");
        download(button.getAttribute("data-image-format"), size ? size.value : window.atlasMap.config().image.baseSize,
                 !!(outline && outline.checked));
    });
    window.atlasImage = {composed: composed, download: download};
})();
