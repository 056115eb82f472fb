"use strict";
// import-export's export page wires its "Select all" box with an inline
// onchange attribute, which the site's Content Security Policy refuses to run;
// templates/admin/import_export/export.html drops the attribute, and this
// wires the same handler (from import-export's export_selectable_fields.js).
document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
        if (typeof onSelectToggleChange === "function") {
            toggle.addEventListener("change", onSelectToggleChange);
        }
    });
});
