// Live password hints: as the customer types a new password, ask the server which rules it
// does not meet yet (POST /password/check/, CSRF token from the form) and show them with a
// strength meter. The server's answer on submit is the one that counts; without this script
// the form works the same and the rules are listed statically.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("password-form");
    var box = document.getElementById("password-rules");
    if (!form || !box) { return; }
    var input = form.querySelector("input[data-password-check]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var live = document.getElementById("password-live");
    var list = document.getElementById("password-unmet");
    var meter = document.getElementById("password-meter");
    var label = document.getElementById("password-strength-label");
    var ok = document.getElementById("password-ok");
    var later = document.getElementById("password-personal-later");
    var words = document.getElementById("password-strength-words");
    if (!input || !token || !live || !list || !meter) { return; }
    var timer = null;
    var sequence = 0;

    function word(score) {
      var node = words && words.content.querySelector("[data-score='" + score + "']");
      return node ? node.textContent : String(score);
    }

    function show(answer) {
      live.hidden = false;
      while (list.firstChild) { list.removeChild(list.firstChild); }
      (answer.unmet || []).forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      meter.value = answer.score || 0;
      if (label) { label.textContent = word(answer.score || 0); }
      if (ok) { ok.hidden = !answer.ok; }
      if (later) { later.hidden = !!answer.personal_checked || !answer.ok; }
    }

    function check() {
      var mine = ++sequence;
      var value = input.value;
      if (!value) { live.hidden = true; return; }
      var body = new URLSearchParams();
      body.set("password", value);
      fetch(box.dataset.checkUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString()
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (answer) {
        if (answer && mine === sequence) { show(answer); }
      }).catch(function () { /* the static list still says what counts */ });
    }

    input.addEventListener("input", function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(check, 250);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
