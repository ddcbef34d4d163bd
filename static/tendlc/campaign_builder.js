/* The campaign builder's content page: compliance findings beside each field, live.
 *
 * As the user types, the form is posted (debounced) to the builder's findings endpoint, which runs the same
 * checks the review page runs and answers {"findings": [{"field": name, "findings": [...]}], "errors": n,
 * "warnings": n}. Each list marked data-findings-for="<field>" is refilled; "" is the list for findings about
 * no field of the page. Answers that arrive after a newer request was sent are dropped, so a slow answer
 * never overwrites a fresher one. Without JavaScript the page still shows the findings of its last load.
 */
(function () {
  "use strict";

  var DELAY_MS = 400;
  var form = document.getElementById("campaign-content");
  if (!form || !form.dataset.findingsUrl) {
    return;
  }
  var timer = null;
  var latest = 0;

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function item(finding) {
    var li = document.createElement("li");
    li.className = "tendlc-finding-" + finding.severity;
    li.textContent = finding.message;
    li.title = finding.reference;
    return li;
  }

  function render(data) {
    var byField = {};
    data.findings.forEach(function (group) {
      byField[group.field] = group.findings;
    });
    form.querySelectorAll("[data-findings-for]").forEach(function (list) {
      var findings = byField[list.dataset.findingsFor] || [];
      list.replaceChildren.apply(list, findings.map(item));
    });
    var summary = form.querySelector("[data-findings-summary]");
    if (summary) {
      summary.textContent = data.errors + " error(s), " + data.warnings + " warning(s) so far.";
    }
  }

  function check() {
    var sequence = ++latest;
    fetch(form.dataset.findingsUrl, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && sequence === latest) {
          render(data);
        }
      })
      .catch(function () {
        // Offline or the server failed: the review page checks everything again before submission.
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, DELAY_MS);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
