// Live progress of running syncs: every <progress data-url> whose run is running is refreshed from the
// admin's JSON endpoint every 2 seconds until the run ends; then the page reloads to show the final counts.
(function () {
  "use strict";
  const INTERVAL_MS = 2000;

  function follow(bar) {
    const timer = window.setInterval(async function () {
      let data;
      try {
        const response = await fetch(bar.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) return;
        data = await response.json();
      } catch (error) {
        return; // a dropped request: try again at the next tick
      }
      bar.value = data.percent;
      bar.title = data.pages_done + " of " + data.pages_known + " pages";
      if (bar.nextSibling && bar.nextSibling.nodeType === Node.TEXT_NODE) {
        bar.nextSibling.textContent = " " + data.percent + "%";
      }
      if (data.state !== "running") {
        window.clearInterval(timer);
        window.location.reload();
      }
    }, INTERVAL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("progress[data-url][data-state='running']").forEach(follow);
  });
})();
