// Keyboard and screen-reader repairs of what Dash 4's own components render, and the page's "choose this
// state" buttons. No id, word or rule of the atlas is written here: the page names what it needs in
// data-* attributes (components/controls.py, components/disagreements.py).
(function () {
    // dcc.RadioItems, dcc.Checklist and dcc.Dropdown's open list draw role="listbox" around labels with
    // role="option" that hold native inputs, which the keyboard focuses: an interactive control inside an
    // option (axe: nested-interactive) in a listbox without a name (aria-input-field-name). The native
    // radios and checkboxes say everything themselves: in their fieldset, or in the dropdown's list made
    // a radio group named like the dropdown (repairDropdowns).
    function repairOptionLists(root) {
        root.querySelectorAll(".dash-radioitems[role], .dash-checklist[role]").forEach(function (list) {
            list.removeAttribute("role");
        });
        root.querySelectorAll(".dash-dropdown-options[role=listbox]").forEach(function (list) {
            list.setAttribute("role", "radiogroup");
        });
        root.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]").forEach(
            function (option) {
                option.removeAttribute("role");
                option.removeAttribute("aria-selected");
            });
    }

    // dcc.Dropdown's Tab stop is a hidden input (aria-hidden, yet focusable: axe aria-hidden-focus) that
    // passes the focus on to the real button, and the button is named by its value alone. The button
    // becomes the Tab stop and is named by its <label> too ("Country, France").
    function repairDropdowns(root) {
        root.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
            if (input.tabIndex !== -1) { input.tabIndex = -1; }
        });
        root.querySelectorAll("button.dash-dropdown[id]").forEach(function (button) {
            if (button.tabIndex !== 0 && !button.disabled) { button.tabIndex = 0; }
            const label = document.querySelector("label[for='" + CSS.escape(button.id) + "']");
            const names = (button.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
            if (label && !names.includes(label.id || "-")) {
                label.id = label.id || button.id + "-label";
                button.setAttribute("aria-labelledby", [label.id].concat(names).join(" "));
            }
            // The open list is a dialog (Radix popover) holding a radio group: both named by the label.
            if (button.getAttribute("aria-haspopup") !== "dialog") { button.setAttribute("aria-haspopup", "dialog"); }
            const popup = document.getElementById(button.getAttribute("aria-controls") || "");
            if (label && popup) {
                [popup].concat(Array.from(popup.querySelectorAll("[role=radiogroup]"))).forEach(function (part) {
                    if (part.getAttribute("aria-labelledby") !== label.id) { part.setAttribute("aria-labelledby", label.id); }
                });
            }
        });
    }

    // A slider's thumb (role=slider) is named by the element its wrapper's data-thumb-labelledby names.
    function nameSliders(root) {
        root.querySelectorAll("[data-thumb-labelledby]").forEach(function (wrapper) {
            wrapper.querySelectorAll("[role=slider]").forEach(function (thumb) {
                if (thumb.getAttribute("aria-labelledby") !== wrapper.dataset.thumbLabelledby) {
                    thumb.setAttribute("aria-labelledby", wrapper.dataset.thumbLabelledby);
                }
                const described = wrapper.dataset.thumbDescribedby;
                if (described && thumb.getAttribute("aria-describedby") !== described) {
                    thumb.setAttribute("aria-describedby", described);
                }
            });
        });
    }

    function repair() {
        repairOptionLists(document);
        repairDropdowns(document);
        nameSliders(document);
    }

    // Dash renders after this script runs and re-renders on updates (the dropdown resets its Tab stop
    // on every blur), so the repairs follow every change of the page.
    let queued = false;
    new MutationObserver(function () {
        if (queued) { return; }
        queued = true;
        queueMicrotask(function () { queued = false; repair(); });
    }).observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                          attributeFilter: ["role", "aria-selected", "tabindex", "aria-labelledby",
                                                                           "aria-haspopup", "aria-controls"]});

    // dcc.Dropdown opens its list with the focus on the chosen option (on the search box only when nothing is
    // chosen), where letters typed go nowhere and Enter then unchooses the option. A letter typed anywhere in an
    // open list goes to the list's search box, as in a native select's type-to-find. Space still ticks the
    // focused option.
    document.addEventListener("keydown", function (event) {
        if (event.key.length !== 1 || event.key === " " || event.ctrlKey || event.metaKey || event.altKey) { return; }
        const list = event.target.closest && event.target.closest(".dash-dropdown-content");
        const search = list && list.querySelector("input.dash-dropdown-search");
        if (search && event.target !== search) { search.focus(); }
    }, true);

    // A button with data-country inside an element with data-select-into chooses that state in the control
    // named there, then brings the element named by data-then-show into view with the focus.
    document.addEventListener("click", function (event) {
        const button = event.target.closest && event.target.closest("button[data-country]");
        const host = button && button.closest("[data-select-into]");
        if (!host || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
        window.dash_clientside.set_props(host.dataset.selectInto, {value: button.dataset.country});
        const target = document.getElementById(host.dataset.thenShow);
        if (target) {
            target.scrollIntoView({block: "nearest"});
            target.focus({preventScroll: true});
        }
    });
})();
