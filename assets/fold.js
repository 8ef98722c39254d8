// The page's folding sections (components/fold.py): served open; on a phone each is folded once, when Dash
// renders it, so the page is short. A fold opens when the reader goes into it: a link to an element in it or
// to the section that holds it (the skip links), or the page opened with such a URL fragment (then it is also
// scrolled into view, as the browser would have done had the element been there on arrival, and kept there
// while what comes after the first screen is drawn above it, until the reader scrolls or presses a key).
// An element a callback fills in answer to the reader elsewhere (the milestone a click on the timeline reads out)
// opens its folds when it is filled. Which elements are folds, the phone's media query and those elements' ids
// come from Python (app.py writes them into the page as JSON).
(function () {
    const config = JSON.parse(document.querySelector("script[data-atlas-config]").textContent).folds;
    const phone = window.matchMedia(config.phone);
    const seen = new WeakSet();
    let arrival = window.location.hash.slice(1);
    let pinned = null;
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
        window.addEventListener(type, function () { pinned = null; }, {passive: true, capture: true});
    });

    function target(hash) {
        return hash ? document.getElementById(decodeURIComponent(hash)) : null;
    }

    // The folds around an element, and the fold of the section it is (not the folds nested deeper in it).
    function reveal(element) {
        if (!element) { return; }
        for (let fold = element.closest(config.selector); fold; fold = fold.parentElement.closest(config.selector)) {
            fold.open = true;
        }
        const own = element.matches(config.selector) ? element : element.querySelector(config.selector);
        if (own && own.parentElement.closest(config.selector) === element.closest(config.selector)) {
            own.open = true;
        }
    }

    function settle() {
        document.querySelectorAll(config.selector).forEach(function (fold) {
            if (seen.has(fold)) { return; }
            seen.add(fold);
            if (phone.matches) { fold.open = false; }
        });
        const arrived = target(arrival);
        if (arrived) {
            arrival = "";
            reveal(arrived);
            pinned = arrived;
        }
        if (pinned && Math.abs(pinned.getBoundingClientRect().top) > 1) { pinned.scrollIntoView({block: "start"}); }
    }

    const watched = new Set();
    function watchFilled() {
        config.revealedWhenFilled.map((id) => document.getElementById(id))
            .filter((element) => element && !watched.has(element))
            .forEach(function (element) {
                watched.add(element);
                new MutationObserver(() => { if (element.childElementCount) { reveal(element); } })
                    .observe(element, {childList: true});
            });
    }

    new MutationObserver(function () { settle(); watchFilled(); })
        .observe(document.documentElement, {childList: true, subtree: true});
    settle();

    // Before the browser follows an in-page link (and focuses its target), open the folds on the way.
    document.addEventListener("click", function (event) {
        const link = event.target.closest && event.target.closest("a[href^='#']");
        if (link) { reveal(target(link.getAttribute("href").slice(1))); }
    }, true);
    window.addEventListener("hashchange", function () { reveal(target(window.location.hash.slice(1))); });
})();
