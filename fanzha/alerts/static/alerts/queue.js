// The live queue: keep ticked rows ticked across the htmx refreshes, and "select all".
(function () {
  "use strict";
  var kept = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "queue-rows") { return; }
    kept = Array.prototype.map.call(
      document.querySelectorAll("#queue-rows input[name=tasks]:checked"),
      function (box) { return box.value; });
  });
  document.addEventListener("htmx:afterSwap", function () {
    kept.forEach(function (value) {
      var box = document.querySelector("#queue-rows input[name=tasks][value='" + value + "']");
      if (box) { box.checked = true; }
    });
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "select-all") {
      document.querySelectorAll("#queue-rows input[name=tasks]").forEach(function (box) {
        box.checked = event.target.checked;
      });
    }
  });
})();
