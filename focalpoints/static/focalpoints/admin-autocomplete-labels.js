"use strict";
// Django's admin search-as-you-type boxes (select2) leave their combobox with
// no accessible name: the field's <label> points at the hidden <select>. Name
// each box by that label too (WCAG 2.1, 4.1.2). select2 builds its boxes after
// the page has loaded (and again for inline rows added later), so watch for them.
{
    function nameComboboxes() {
        document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
            const label = select.id && document.querySelector('label[for="' + select.id + '"]');
            const container = select.nextElementSibling;
            const box = container && container.querySelector('[role="combobox"]');
            if (!label || !box) {
                return;
            }
            if (!label.id) {
                label.id = select.id + "_label";
            }
            const names = (box.getAttribute("aria-labelledby") || "").split(" ");
            if (!names.includes(label.id)) {
                box.setAttribute("aria-labelledby", [label.id, ...names].join(" ").trim());
            }
            // The chosen value inside the box is text the box's name reads out,
            // not a second, nameless text field.
            const chosen = box.querySelector('[role="textbox"]');
            if (chosen) {
                chosen.removeAttribute("role");
                chosen.removeAttribute("aria-readonly");
            }
        });
    }
    document.addEventListener("DOMContentLoaded", function () {
        nameComboboxes();
        new MutationObserver(nameComboboxes).observe(document.body, {childList: true, subtree: true});
    });
}
