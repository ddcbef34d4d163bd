/*
 * The brand form's compliance findings, live: as the user types, the form is posted (debounced) to the brand
 * admin's findings endpoint (tendlc/admin/brands/brand.py findings_view), which answers {"findings": [{"field":
 * name, "findings": [...]}], "errors": n, "warnings": n}. Each field's findings are shown in a list added to
 * its row; "" (or a field the page does not show) goes to the list at the top of the form. The page is
 * checked once as it opens, so a stored brand or a form shown again with errors shows its findings at once.
 * Answers that arrive after a newer request was sent are dropped, so a slow answer never overwrites a
 * fresher one. Findings never block saving: the server stores them with the saved brand.
 *
 * The request and answer are the campaign builder's (campaign_builder.js); the builder's page marks its
 * lists in its template, while the admin's form rows are Django's, so here the lists are added to them.
 */
"use strict";
(function () {
    var DELAY_MS = 400;
    var SEVERITY_TONES = {error: "bad", warning: "pending"};

    function csrfToken(form) {
        var input = form.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    function item(finding) {
        var li = document.createElement("li");
        var badge = document.createElement("span");
        li.className = "tendlc-finding-" + finding.severity;
        li.title = finding.reference;
        badge.className = "tendlc-badge tendlc-badge-" + (SEVERITY_TONES[finding.severity] || "neutral");
        badge.textContent = finding.severity;
        li.append(badge, " " + finding.message);
        return li;
    }

    function listFor(form, general, field) {
        if (!field) {
            return general;
        }
        var selector = '[data-findings-for="' + CSS.escape(field) + '"]';
        var list = form.querySelector(selector);
        if (list) {
            return list;
        }
        var row = form.querySelector(".form-row.field-" + CSS.escape(field));
        if (!row) {
            return general;
        }
        list = document.createElement("ul");
        list.className = "tendlc-findings";
        list.dataset.findingsFor = field;
        list.setAttribute("aria-live", "polite");
        row.appendChild(list);
        return list;
    }

    function summaryText(data) {
        if (!data.errors && !data.warnings) {
            return "Compliance checks: nothing to change so far.";
        }
        return "Compliance checks: " + data.errors + " error(s), " + data.warnings + " warning(s)." +
            " They do not block saving.";
    }

    function render(form, box, data) {
        var general = box.querySelector('[data-findings-for=""]');
        form.querySelectorAll("[data-findings-for]").forEach(function (list) {
            list.replaceChildren();
        });
        data.findings.forEach(function (group) {
            var list = listFor(form, general, group.field);
            group.findings.forEach(function (finding) {
                list.appendChild(item(finding));
            });
        });
        box.querySelector("[data-findings-summary]").textContent = summaryText(data);
    }

    document.addEventListener("DOMContentLoaded", function () {
        var box = document.getElementById("brand-findings");
        var form = box ? box.closest("form") : null;
        if (!form) {
            return;
        }
        var timer = null;
        var latest = 0;

        function check() {
            var sequence = ++latest;
            fetch(box.dataset.findingsUrl, {
                method: "POST",
                body: new FormData(form),
                headers: {"X-CSRFToken": csrfToken(form)},
                credentials: "same-origin",
            })
                .then(function (response) {
                    return response.ok ? response.json() : null;
                })
                .then(function (data) {
                    if (data && sequence === latest) {
                        render(form, box, data);
                    }
                })
                .catch(function () {
                    // Offline or the server failed: the findings are checked again when the brand is saved.
                });
        }

        function schedule() {
            window.clearTimeout(timer);
            timer = window.setTimeout(check, DELAY_MS);
        }

        form.addEventListener("input", schedule);
        form.addEventListener("change", schedule);
        check();
    });
})();
