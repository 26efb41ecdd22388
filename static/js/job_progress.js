// Polls a bulk job's status and reloads the page when the job has finished.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("[data-job-bar]");

  function show(status) {
    box.querySelector("[data-job-label]").textContent = status.label;
    box.querySelector("[data-job-done]").textContent = status.done;
    box.querySelector("[data-job-total]").textContent = status.total || "?";
    if (bar) {
      bar.value = status.percent;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        show(status);
        if (status.busy) {
          window.setTimeout(poll, 1500);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
