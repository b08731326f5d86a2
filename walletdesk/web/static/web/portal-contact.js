// Contact form: show the transaction picker only for problems with money.
// Without this script the picker is always visible, and the form works the same.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("contact-form");
    if (!form) { return; }
    var moneyProblems = (form.dataset.moneyProblems || "").split(" ");
    var select = form.querySelector("select[name=problem_type]");
    var field = document.getElementById("field-transaction_ref");
    if (!select || !field) { return; }
    var picker = field.querySelector("select");
    function update() {
      var chosen = picker && picker.value !== "";
      field.hidden = !(chosen || moneyProblems.indexOf(select.value) !== -1);
    }
    select.addEventListener("change", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
