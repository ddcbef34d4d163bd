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
 * The answer's "blocking" entries are what the form itself refuses in a typed value: they block saving, and are
 * shown at their field as "must fix"; an error the server rendered there in the same words is dropped, so each
 * shows once. The summary counts exactly the items shown: {errors} and {warnings} the findings listed, and
 * data-findings-summary-blocking="{blocking} ..." (optional) the "must fix" items plus the server's errors
 * still on the form, said first.
 *
 * Answers that arrive after a newer request was sent are dropped, so a slow answer never overwrites a fresher
 * one. A failed request changes nothing: the server checks again when the form is submitted.
 */
"use strict";
(function () {
    // The tones of tendlc/admin/display.py SEVERITY_TONES, which the compliance panel shows.
    var SEVERITY_TONES = {blocking: "bad", error: "bad", warning: "pending"};
    var SEVERITY_LABELS = {blocking: "must fix"};

    function csrfToken(form) {
        var input = form.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    function item(box, finding) {
        var li = document.createElement("li");
        li.className = "tendlc-finding-" + finding.severity;
        if (finding.reference) {
            li.title = finding.reference;
        }
        if (box.hasAttribute("data-findings-severity")) {
            var badge = document.createElement("span");
            badge.className = "tendlc-badge tendlc-badge-" + (SEVERITY_TONES[finding.severity] || "neutral");
            badge.textContent = SEVERITY_LABELS[finding.severity] || finding.severity;
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

    function summaryText(summary, counts) {
        var clean = summary.dataset.findingsSummaryClean;
        var text = clean && !counts.error && !counts.warning
            ? clean
            : summary.dataset.findingsSummary.replace("{errors}", counts.error).replace("{warnings}", counts.warning);
        var blocking = summary.dataset.findingsSummaryBlocking;
        return blocking && counts.blocking ? blocking.replace("{blocking}", counts.blocking) + " " + text : text;
    }

    // The server rendered the form's refusals at their rows; one the answer repeats is shown by the live list.
    function dropRepeated(form, field, messages) {
        var row = form.querySelector(".form-row.field-" + CSS.escape(field));
        if (!row) {
            return;
        }
        row.querySelectorAll(".errorlist li").forEach(function (li) {
            if (messages.indexOf(li.textContent.trim()) !== -1) {
                var list = li.parentElement;
                li.remove();
                if (!list.children.length) {
                    list.remove();
                }
            }
        });
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
        var counts = {blocking: 0, error: 0, warning: 0};
        form.querySelectorAll("[data-findings-for]").forEach(function (list) {
            list.replaceChildren();
        });
        function show(list, finding) {
            list.appendChild(item(box, finding));
            counts[finding.severity] = (counts[finding.severity] || 0) + 1;
        }
        (data.blocking || []).forEach(function (group) {
            dropRepeated(form, group.field, group.messages);
            var list = listFor(form, general, group.field);
            group.messages.forEach(function (message) {
                show(list, {severity: "blocking", message: message, reference: ""});
            });
        });
        data.findings.forEach(function (group) {
            var list = listFor(form, general, group.field);
            group.findings.forEach(function (finding) {
                show(list, finding);
            });
        });
        counts.blocking += form.querySelectorAll(".errorlist li").length;
        var summary = box.querySelector("[data-findings-summary]");
        summary.textContent = summaryText(summary, counts);
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
            var body = new FormData(form);
            // Files chosen (the builder's evidence) go with the form's own submission, not with every check.
            form.querySelectorAll("input[type=file][name]").forEach(function (input) {
                body.delete(input.name);
            });
            fetch(box.dataset.findingsUrl, {
                method: "POST",
                body: body,
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
