/*
 * Compliance findings beside a form's fields, live (the brand form, the campaign builder's content page).
 *
 * The page marks a box inside its form (tendlc/admin/findings.py names this script):
 *   data-findings-url="..."     where the form is posted; the answer is findings_response's
 *                               {"findings": [{"field": name, "findings": [...]}], "errors": n, "warnings": n}
 *   data-findings-delay="400"   how long typing must pause before the form is posted (ms)
 *   data-findings-on-load       present: check the page as it opens (else the server rendered its findings)
 *   data-findings-severity      present: each finding opens with a badge of its severity
 *   data-findings-left-only     present: a field's findings show only once the user has left the field (a
 *                               blank page is not all red before anything is typed); the summary counts
 *                               what is shown, and findings about no field show once any field was left
 * and inside the box the summary line, data-findings-summary="{errors} ... {warnings} ..." (with
 * data-findings-summary-clean for a page without findings), and the list data-findings-for="" for findings
 * about no field of the page. A field's findings go to the form's list data-findings-for="<field>", or to a
 * list added to the field's Django form row, or else to the general list.
 *
 * Answers that arrive after a newer request was sent are dropped, so a slow answer never overwrites a fresher
 * one. A failed request changes nothing: the server checks again when the form is submitted.
 */
"use strict";
(function () {
    // The tones of tendlc/admin/display.py SEVERITY_TONES, which the compliance panel shows.
    var SEVERITY_TONES = {error: "bad", warning: "pending"};

    function csrfToken(form) {
        var input = form.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    function item(box, finding) {
        var li = document.createElement("li");
        li.className = "tendlc-finding-" + finding.severity;
        li.title = finding.reference;
        if (box.hasAttribute("data-findings-severity")) {
            var badge = document.createElement("span");
            badge.className = "tendlc-badge tendlc-badge-" + (SEVERITY_TONES[finding.severity] || "neutral");
            badge.textContent = finding.severity;
            li.append(badge, " " + finding.message);
        } else {
            li.textContent = finding.message;
        }
        return li;
    }

    function listFor(form, general, field) {
        if (!field) {
            return general;
        }
        var list = form.querySelector('[data-findings-for="' + CSS.escape(field) + '"]');
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

    function summaryText(summary, data) {
        var clean = summary.dataset.findingsSummaryClean;
        if (clean && !data.errors && !data.warnings) {
            return clean;
        }
        return summary.dataset.findingsSummary
            .replace("{errors}", data.errors)
            .replace("{warnings}", data.warnings);
    }

    function shownOnly(data, left) {
        var groups = data.findings.filter(function (group) {
            return group.field ? left.has(group.field) : left.size > 0;
        });
        var counts = {errors: 0, warnings: 0};
        groups.forEach(function (group) {
            group.findings.forEach(function (finding) {
                counts[finding.severity === "error" ? "errors" : "warnings"] += 1;
            });
        });
        return {findings: groups, errors: counts.errors, warnings: counts.warnings};
    }

    function render(form, box, data) {
        var general = box.querySelector('[data-findings-for=""]');
        form.querySelectorAll("[data-findings-for]").forEach(function (list) {
            list.replaceChildren();
        });
        data.findings.forEach(function (group) {
            var list = listFor(form, general, group.field);
            group.findings.forEach(function (finding) {
                list.appendChild(item(box, finding));
            });
        });
        var summary = box.querySelector("[data-findings-summary]");
        summary.textContent = summaryText(summary, data);
    }

    function follow(box) {
        var form = box.closest("form");
        if (!form) {
            return;
        }
        var delay = Number(box.dataset.findingsDelay);
        var timer = null;
        var latest = 0;
        var leftOnly = box.hasAttribute("data-findings-left-only");
        var left = new Set();
        var answer = null;

        function show() {
            if (answer) {
                render(form, box, leftOnly ? shownOnly(answer, left) : answer);
            }
        }

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
                        answer = data;
                        show();
                    }
                })
                .catch(function () {
                    // Offline or the server failed: the next change asks again, the submission checks anyway.
                });
        }

        function schedule() {
            window.clearTimeout(timer);
            timer = window.setTimeout(check, delay);
        }

        form.addEventListener("input", schedule);
        form.addEventListener("change", schedule);
        if (leftOnly) {
            form.addEventListener("focusout", function (event) {
                var name = event.target.name;
                if (name && !left.has(name)) {
                    left.add(name);
                    if (answer) {
                        show();
                    } else {
                        check();
                    }
                }
            });
        }
        if (box.hasAttribute("data-findings-on-load")) {
            check();
        }
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-findings-url]").forEach(follow);
    });
})();
