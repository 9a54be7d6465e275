// A running job's page: every two seconds, read the job's progress from the server (the
// same session as the page) and show it in the bar and its words; once the job has ended,
// reload the page for its result and files. Without this script the page still works: the
// reader reloads it.
(function () {
  "use strict";
  var panel = document.querySelector("[data-job-progress]");
  if (!panel) {
    return;
  }
  var address = panel.getAttribute("data-job-progress");
  var bar = document.getElementById("job-progress");
  var words = document.getElementById("job-progress-text");
  var status = document.getElementById("job-status");

  function show(job) {
    if (job.max) {
      bar.setAttribute("max", job.max);
      bar.setAttribute("value", job.value);
    }
    bar.textContent = job.text;
    if (words.textContent !== job.text) {
      words.textContent = job.text;
    }
    status.textContent = job.status;
  }

  function poll() {
    fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (job) {
        if (job) {
          show(job);
          if (job.finished) {
            window.location.replace(window.location.pathname);
            return;
          }
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 2000);
      });
  }

  window.setTimeout(poll, 2000);
})();
