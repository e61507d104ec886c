// Case form: clicking "use this type" under the narrative picks the suggested fraud type.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-fraud-type]");
  if (!button) { return; }
  var select = document.getElementById("id_fraud_type");
  if (select) {
    select.value = button.getAttribute("data-fraud-type");
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }
});
