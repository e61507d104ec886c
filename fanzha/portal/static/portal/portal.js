/* The residents' portal: progressive enhancement only (every page works without it).
   Community picker: show the finder, and on request ask the browser for the resident's
   location, then let the server list the five nearest communities. The location goes to the
   server once, in a POST body, and is not kept there. No inline script (CSP). */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    document.querySelectorAll("[data-js-only]").forEach(function (el) {
      el.hidden = false;
    });

    var button = document.getElementById("locate");
    if (!button) return;
    var status = document.getElementById("locate-status");
    if (!("geolocation" in navigator) || typeof htmx === "undefined") {
      button.hidden = true;
      return;
    }
    button.addEventListener("click", function () {
      status.textContent = button.dataset.waiting;
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var token = document.querySelector("input[name=csrfmiddlewaretoken]");
          var chosen = document.querySelector("input[name=community]:checked");
          var values = {
            lat: position.coords.latitude.toFixed(5),
            lon: position.coords.longitude.toFixed(5),
            csrfmiddlewaretoken: token ? token.value : "",
          };
          if (chosen) values.community = chosen.value;
          htmx
            .ajax("POST", button.dataset.url, {
              target: "#community-choices",
              swap: "outerHTML",
              values: values,
            })
            .then(function () {
              status.textContent = "";
              button.disabled = false;
            });
        },
        function () {
          status.textContent = button.dataset.failed;
          button.disabled = false;
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  });
})();
