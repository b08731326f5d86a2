// Contact page: "Describe it in your own words". As the customer types, ask the assistant
// (POST /api/v1/assistant/classify, debounced) and show its suggestion: the problem type, the
// flow that solves it, articles to read, or that a person will help. Without this script the
// form's GET shows the same suggestion from the server (so does pressing its button).
(function () {
  "use strict";
  var WAIT_MS = 450;
  var MIN_CHARS = 4;

  function words(root) {
    var out = { flows: {}, word: {} };
    var items = root.querySelectorAll("#assistant-words li");
    for (var i = 0; i < items.length; i++) {
      if (items[i].dataset.flow) { out.flows[items[i].dataset.flow] = items[i].textContent; }
      if (items[i].dataset.word) { out.word[items[i].dataset.word] = items[i].textContent; }
    }
    return out;
  }

  function typeLabel(code) {
    var link = document.querySelector("#topic-" + code + " .topic-choice");
    return link ? link.textContent : code;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs) { if (attrs.hasOwnProperty(key)) { node.setAttribute(key, attrs[key]); } }
    if (text) { node.textContent = text; }
    return node;
  }

  function formUrl(form, code) {
    return form.getAttribute("action") + "?problem_type=" + encodeURIComponent(code);
  }

  function render(form, result, guess, w) {
    var box = el("div", { "class": "assistant-suggestion", id: "assistant-suggestion", "data-problem-type": guess.problem_type });
    var line = el("p");
    line.appendChild(el("span", {}, w.word["looks-like"]));
    line.appendChild(document.createTextNode(" "));
    line.appendChild(el("strong", { "class": "assistant-type" }, typeLabel(guess.problem_type)));
    box.appendChild(line);
    if (guess.handover) {
      box.appendChild(el("p", { "class": "assistant-handover" }, w.word.handover));
      box.appendChild(el("a", { "class": "btn", href: formUrl(form, guess.problem_type) }, w.word.form));
    } else if (guess.flow && w.flows[guess.flow.code]) {
      var danger = guess.problem_type === "account_stolen" ? " btn-danger" : "";
      // The API answers absolute addresses; the page follows its own path.
      var url = new URL(guess.flow.url, window.location.href);
      box.appendChild(el("a", { "class": "btn" + danger, id: "assistant-flow", href: url.pathname + url.search }, w.flows[guess.flow.code]));
    } else {
      box.appendChild(el("a", { "class": "btn", href: formUrl(form, guess.problem_type) }, w.word.form));
    }
    if (guess.articles && guess.articles.length) {
      box.appendChild(el("p", { "class": "help" }, w.word.articles));
      var list = el("ul", { "class": "plain-list assistant-articles" });
      for (var i = 0; i < guess.articles.length; i++) {
        var link = new URL(guess.articles[i].url, window.location.href);
        var item = el("li");
        item.appendChild(el("a", { href: link.pathname + link.search }, guess.articles[i].title));
        list.appendChild(item);
      }
      box.appendChild(list);
    }
    result.replaceChildren(box);
  }

  function init() {
    var form = document.getElementById("assistant-form");
    var result = document.getElementById("assistant-result");
    if (!form || !result || !window.fetch) { return; }
    var text = form.querySelector("textarea");
    var w = words(document);
    var timer = null;
    var asked = "";
    var latest = 0;
    function ask() {
      var value = text.value.trim();
      if (value.length < MIN_CHARS || value === asked) { return; }
      asked = value;
      var mine = ++latest;
      fetch(form.dataset.apiUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        credentials: "omit",
        body: JSON.stringify({ text: value.slice(0, 2000), lang: form.dataset.lang })
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (guess) {
        if (guess && mine === latest) { render(form, result, guess, w); }
      }).catch(function () { /* the form's own submit still works */ });
    }
    text.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(ask, WAIT_MS);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
