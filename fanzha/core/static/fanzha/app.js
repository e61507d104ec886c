// Behaviour shared by staff pages. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Confirm dangerous actions declared with data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  // Countdown to due times: <span data-due="ISO-8601">.
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) { return; }
      var seconds = Math.round((due - now) / 1000);
      var sign = seconds < 0 ? "-" : "";
      var abs = Math.abs(seconds);
      var h = Math.floor(abs / 3600), m = Math.floor((abs % 3600) / 60), s = abs % 60;
      el.textContent = sign + (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
      el.classList.toggle("overdue", seconds < 0);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
})();
