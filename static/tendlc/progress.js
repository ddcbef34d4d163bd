/*
 * Live progress of long work (a sync run, an assignment task): a box marked with data-progress-url asks that
 * JSON endpoint every data-progress-interval ms while its data-progress-finished is "false", shows each answer,
 * and reloads the page once an answer says "finished", so the whole page shows the final state; a box marked
 * data-progress-reload="false" binds all it shows, so it stops there instead and nothing else on the page moves.
 *
 * What an answer changes is written in the markup, each value a template of the answer's keys ("{percent}"):
 *   data-progress-text, -value, -title, -class   the element's text, value, title or class
 *   data-progress-status                        the element's data-status (a badge's code, kept off screen)
 *   data-progress-shown="key"                   the element is hidden while the answer's key is empty
 *   data-progress-rows="key"                    a table body refilled from the answer's list: each item fills
 *                                               a copy of its <template data-progress-row> (bound the same way),
 *                                               an empty list shows its <template data-progress-empty>
 * A binding whose keys an answer lacks is left as it is; a null value fills in as nothing, and a value binding
 * left with nothing takes the element's value away (a <progress> then shows work of an unknown total). When the endpoint cannot be read the page keeps what
 * it shows, says so where it binds "{error}", and asks again at the next interval.
 *
 * Work that may wait for hours (a vetting, an SMS OTP) sets data-progress-interval-max: each answer that
 * changes nothing, and each failure, makes the next wait half as long again, up to that many ms; an answer
 * that changes something brings the wait back to data-progress-interval.
 */
"use strict";
(function () {
    var BOUND = "[data-progress-text],[data-progress-value],[data-progress-title],[data-progress-class]," +
        "[data-progress-status],[data-progress-shown]";
    var PROPERTIES = {progressText: "textContent", progressValue: "value", progressTitle: "title",
        progressClass: "className", progressStatus: "data-status"};

    function filled(template, data) {
        var complete = true;
        var text = template.replace(/\{(\w+)\}/g, function (_, key) {
            complete = complete && key in data;
            return data[key] === null ? "" : String(data[key]);
        });
        return complete ? text : null;
    }

    function bind(elements, data) {
        elements.forEach(function (element) {
            Object.keys(PROPERTIES).forEach(function (name) {
                var template = element.dataset[name];
                var text = template === undefined ? null : filled(template, data);
                if (text === "" && name === "progressValue") {
                    // No value: the bar shows work under way of an unknown total, not 0%.
                    element.removeAttribute("value");
                } else if (text !== null && PROPERTIES[name].indexOf("data-") === 0) {
                    element.setAttribute(PROPERTIES[name], text);
                } else if (text !== null) {
                    element[PROPERTIES[name]] = text;
                }
            });
            var shown = element.dataset.progressShown;
            if (shown !== undefined && shown in data) {
                element.hidden = !data[shown];
            }
        });
    }

    function rows(body, items) {
        var row = body.querySelector("template[data-progress-row]");
        var empty = body.querySelector("template[data-progress-empty]");
        var filledRows = items.map(function (item) {
            var copy = row.content.cloneNode(true);
            bind(copy.querySelectorAll(BOUND), item);
            return copy;
        });
        if (!filledRows.length && empty) {
            filledRows.push(empty.content.cloneNode(true));
        }
        body.replaceChildren.apply(body, [row, empty].filter(Boolean).concat(filledRows));
    }

    function show(box, data) {
        // Rows bind their own items' keys: the answer's keys are not theirs.
        var outside = Array.prototype.filter.call(box.querySelectorAll(BOUND), function (element) {
            return !element.closest("[data-progress-rows]");
        });
        bind(outside, data);
        box.querySelectorAll("[data-progress-rows]").forEach(function (body) {
            var key = body.dataset.progressRows;
            if (Array.isArray(data[key])) {
                rows(body, data[key]);
            }
        });
    }

    function follow(box) {
        var base = Number(box.dataset.progressInterval);
        var longest = Number(box.dataset.progressIntervalMax || base);
        var interval = base;
        var last = null;

        function next(changed) {
            interval = changed ? base : Math.min(interval * 1.5, longest);
            window.setTimeout(poll, interval);
        }

        function poll() {
            fetch(box.dataset.progressUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error("HTTP " + response.status);
                    }
                    return response.json();
                })
                .then(function (data) {
                    var text = JSON.stringify(data);
                    show(box, data);
                    if (data.finished) {
                        if (box.dataset.progressReload !== "false") {
                            window.location.reload();
                        }
                    } else {
                        next(text !== last);
                    }
                    last = text;
                })
                .catch(function (failure) {
                    show(box, {error: "Progress could not be read (" + failure.message + "); retrying."});
                    next(false);
                });
        }

        window.setTimeout(poll, base);
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-progress-url][data-progress-finished='false']").forEach(follow);
    });
})();
