// Contact form: show the digital-asset fields (network, transaction hash, address) only when
// the currency is a digital asset. Without this script they are always shown, marked optional,
// and the form works the same.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("contact-form");
    if (!form) { return; }
    var assets = (form.dataset.cryptoAssets || "").split(" ");
    var currency = form.querySelector("[name='" + (form.dataset.currencyField || "currency") + "']");
    var groups = form.querySelectorAll("[data-crypto-only]");
    if (!currency || !groups.length) { return; }
    function filled(group) {
      var inputs = group.querySelectorAll("input, select, textarea");
      for (var i = 0; i < inputs.length; i++) { if (inputs[i].value) { return true; } }
      return false;
    }
    function update() {
      var crypto = assets.indexOf(currency.value) !== -1;
      for (var i = 0; i < groups.length; i++) {
        // Never hide what the customer already typed, or a field the server found fault with.
        groups[i].hidden = !(crypto || filled(groups[i]) || groups[i].querySelector(".errorlist"));
      }
    }
    currency.addEventListener("change", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
