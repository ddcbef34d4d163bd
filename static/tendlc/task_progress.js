/* Live progress of an assignment task (tendlc/admin/numbers/assignment_task.py): while the task is not
   finished, ask its progress endpoint every two seconds and show the answer; reload once it finishes, so the
   whole page shows the final state. */
"use strict";
(function () {
  const INTERVAL_MS = 2000;

  function badge(text, tone) {
    const span = document.createElement("span");
    span.className = "tendlc-badge tendlc-badge-" + tone;
    span.textContent = text;
    return span;
  }

  function row(cells) {
    const tr = document.createElement("tr");
    cells.forEach(function (content) {
      const td = document.createElement("td");
      if (typeof content === "string" || typeof content === "number") {
        td.textContent = String(content);
      } else {
        td.appendChild(content);
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function show(panel, progress) {
    const part = function (role) { return panel.querySelector('[data-role="' + role + '"]'); };
    const status = part("status");
    status.textContent = progress.status_label;
    status.className = "tendlc-badge tendlc-badge-" + progress.status_tone;
    part("done").textContent = progress.done;
    part("total").textContent = progress.total;
    part("percent").textContent = progress.percent;
    part("bar").value = progress.percent;
    const error = part("error");
    error.textContent = progress.error;
    error.hidden = !progress.error;
    const counts = part("counts");
    counts.replaceChildren();
    progress.counts.forEach(function (count) {
      counts.appendChild(row([badge(count.status, count.tone), count.count]));
    });
    if (!progress.counts.length) {
      counts.appendChild(row(["No number reported yet."]));
    }
    const numbers = part("numbers");
    numbers.replaceChildren();
    progress.numbers.forEach(function (number) {
      const tr = row([number.phone_number, number.status]);
      tr.dataset.number = number.phone_number;
      numbers.appendChild(tr);
    });
    part("more").hidden = progress.total <= progress.numbers.length;
  }

  function follow(panel) {
    const url = panel.dataset.progressUrl;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (progress) {
          show(panel, progress);
          if (progress.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, INTERVAL_MS);
          }
        })
        .catch(function (failure) {
          const error = panel.querySelector('[data-role="error"]');
          error.textContent = "Progress could not be read (" + failure.message + "); retrying.";
          error.hidden = false;
          window.setTimeout(poll, INTERVAL_MS);
        });
    }
    window.setTimeout(poll, INTERVAL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".tendlc-task-progress[data-finished='false']").forEach(follow);
  });
})();
