/*
 * The brand form's entity type rules in the browser: fields that do not apply to the chosen entity type are
 * hidden, and the fields it requires are marked required. The rules come from the page
 * (tendlc/forms/brands.py ENTITY_RULES, the table the server validates with), so the two never disagree: the server
 * drops what a hidden field holds, so no error is ever shown in one. A fieldset is hidden when all its rows are.
 */
"use strict";
(function () {
    function fieldRow(name) {
        return document.querySelector(".form-row.field-" + name) || document.querySelector(".fieldBox.field-" + name);
    }

    function fieldLabel(name) {
        return document.querySelector('label[for="id_' + name + '"]');
    }

    function apply(rules, entity) {
        const rule = rules[entity] || {required: [], hidden: []};
        const governed = new Set();
        Object.values(rules).forEach(function (each) {
            each.required.concat(each.hidden).forEach(function (name) { governed.add(name); });
        });
        governed.forEach(function (name) {
            const row = fieldRow(name);
            if (!row) {
                return;
            }
            row.style.display = rule.hidden.includes(name) ? "none" : "";
            const label = fieldLabel(name);
            if (label) {
                label.classList.toggle("required", rule.required.includes(name));
            }
        });
        document.querySelectorAll("#brand_form fieldset.module").forEach(function (fieldset) {
            const rows = Array.from(fieldset.querySelectorAll(".form-row"));
            const empty = rows.length > 0 && rows.every(function (row) { return row.style.display === "none"; });
            fieldset.style.display = empty ? "none" : "";
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        const data = document.getElementById("brand-entity-rules");
        const select = document.getElementById("id_entity_type");
        if (!data || !select) {
            return;
        }
        const rules = JSON.parse(data.textContent);
        apply(rules, select.value);
        select.addEventListener("change", function () { apply(rules, select.value); });
    });
})();
