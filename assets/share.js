// The "Share / embed" dialog and the embed mode. The dialog is filled from the page's own URL (which
// assets/atlas.js keeps in step with the view) when it opens; the words and paths come from Python.
(function () {
    const config = () => window.atlasMap && window.atlasMap.config() && window.atlasMap.config().share;
    const paths = () => window.atlasMap.config().paths;

    function embedUrl() {
        return window.location.origin + paths().embed + window.location.search;
    }

    // The link of the view in the full atlas (the page's own URL holds the view; assets/atlas.js).
    function viewUrl() {
        return window.location.origin + paths().home + window.location.search;
    }

    // "Open in the full atlas" always links the view shown, so that copying it or opening it in a new
    // tab keeps the view; called whenever the page URL changes, with the blocs just written to it (the
    // map may not have been given them yet), and just before the link is followed.
    function sync(blocs) {
        const cfg = window.atlasMap && window.atlasMap.config();
        const link = cfg && document.getElementById(cfg.ids.embedLink);
        if (link) { link.href = viewUrl(); }
        const stated = cfg && document.getElementById(cfg.ids.embedView);
        if (stated && Array.isArray(blocs)) {
            stated.textContent = blocs.length
                ? cfg.image.blocsLabel + " " + blocs.map((b) => cfg.image.blocNames[b]).join(", ") : "";
        }
        fit();
    }

    // The embed page fits its frame: the map takes the height the rest of the page leaves, so nothing
    // scrolls inside the frame; the frame's host is told the height the page needs (a message it may use
    // to size the frame).
    let lastPosted = null;
    function fit() {
        const cfg = window.atlasMap && window.atlasMap.config();
        const page = cfg && document.getElementById(cfg.ids.page);
        if (!page || page.className !== cfg.share.pageClass.embed) { return; }
        const frame = document.getElementById(cfg.ids.mapFrame);
        if (!frame) { return; }
        const others = document.documentElement.scrollHeight - frame.getBoundingClientRect().height;
        const height = Math.max(cfg.share.minMapHeight, window.innerHeight - others);
        const wanted = Math.floor(height) + "px";
        if (page.style.getPropertyValue("--map-height") !== wanted) {
            page.style.setProperty("--map-height", wanted);
            const gd = frame.querySelector(".js-plotly-plot");
            if (gd && window.Plotly) { window.Plotly.Plots.resize(gd); }
        }
        const needed = document.documentElement.scrollHeight;
        if (window.parent !== window && needed !== lastPosted) {
            lastPosted = needed;
            window.parent.postMessage({type: cfg.share.resizeMessage, height: needed}, "*");
        }
    }
    window.addEventListener("resize", function () { fit(); });

    function fill(dialog, cfg) {
        const link = document.getElementById(dialog.dataset.link);
        const embed = document.getElementById(dialog.dataset.embed);
        link.value = viewUrl();
        embed.value = '<iframe src="' + embedUrl() + '" width="100%" height="' + cfg.height +
            '" style="border:0" loading="lazy" title="' + cfg.title + '"></iframe>';
    }

    async function copy(field, status, cfg) {
        field.select();
        try {
            await navigator.clipboard.writeText(field.value);
            status.textContent = cfg.copied;
        } catch (error) {
            status.textContent = cfg.copyFailed;  // no clipboard outside a secure context: the text is selected
        }
    }

    document.addEventListener("click", function (event) {
        const cfg = config();
        if (!cfg) { return; }
        const ids = window.atlasMap.config().ids;
        const dialog = document.getElementById(ids.shareDialog);
        if (event.target.closest("#" + ids.shareButton)) {
            dialog.dataset.link = ids.shareLink;
            dialog.dataset.embed = ids.shareEmbed;
            fill(dialog, cfg);
            document.getElementById(ids.shareStatus).textContent = "";
            dialog.showModal();
        }
        const copyButton = event.target.closest("[data-copy]");
        if (copyButton) {
            copy(document.getElementById(copyButton.getAttribute("data-copy")), document.getElementById(ids.shareStatus), cfg);
        }
        const close = event.target.closest("[data-close-dialog]");
        if (close) { document.getElementById(close.getAttribute("data-close-dialog")).close(); }
    });

    function pageMode(pathname, data) {
        if (!data) { return window.dash_clientside.no_update; }
        return pathname === data.paths.embed ? data.share.pageClass.embed : data.share.pageClass.page;
    }

    // The link is also brought up to date just before it is followed or copied.
    ["click", "contextmenu", "focusin", "pointerover"].forEach(function (type) {
        document.addEventListener(type, function (event) {
            const cfg = window.atlasMap && window.atlasMap.config();
            if (cfg && event.target.closest && event.target.closest("#" + cfg.ids.embedLink)) { sync(); }
        }, true);
    });

    // The legend and the headline change height as the view changes: fit again after Dash renders them.
    let fitting = 0;
    new MutationObserver(function () {
        if (!fitting) { fitting = requestAnimationFrame(function () { fitting = 0; fit(); }); }
    }).observe(document.documentElement, {childList: true, subtree: true,
                                                                                 characterData: true});
    window.atlasShare = {sync: sync, fit: fit};
    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.atlasShare = {pageMode: pageMode};
})();
