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
    // tab keeps the view; called whenever the page URL changes.
    function sync() {
        const cfg = window.atlasMap && window.atlasMap.config();
        const link = cfg && document.getElementById(cfg.ids.embedLink);
        if (link) { link.href = viewUrl(); }
    }

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

    window.atlasShare = {sync: sync};
    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.atlasShare = {pageMode: pageMode};
})();
