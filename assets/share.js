// The "Share / embed" dialog and the embed mode. The dialog is filled from the page's own URL (which
// assets/atlas.js keeps in step with the view) when it opens; the words and paths come from Python.
(function () {
    const config = () => window.atlasMap && window.atlasMap.config() && window.atlasMap.config().share;

    function embedUrl(cfg) {
        return window.location.origin + cfg.embedPath + window.location.search;
    }

    function fill(dialog, cfg) {
        const link = document.getElementById(dialog.dataset.link);
        const embed = document.getElementById(dialog.dataset.embed);
        link.value = window.location.origin + "/" + window.location.search;
        embed.value = '<iframe src="' + embedUrl(cfg) + '" width="100%" height="' + cfg.height +
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
        return data && pathname === data.share.embedPath ? "page embed" : "page";
    }

    // "Open in the full atlas" opens the same view.
    document.addEventListener("click", function (event) {
        const cfg = window.atlasMap && window.atlasMap.config();
        const link = cfg && event.target.closest("#" + cfg.ids.embedLink);
        if (link) { link.href = window.location.origin + "/" + window.location.search; }
    }, true);

    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.atlasShare = {pageMode: pageMode};
})();
