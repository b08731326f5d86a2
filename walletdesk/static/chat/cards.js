/* WalletDesk chat: the assistant's cards in the conversation — its suggestions (a self-service
   flow and help articles) and the intake questions asked as chat steps. Built as text nodes
   and checked links only (render.js). Flow codes map to the portal's pages through the page's
   config (`flows`, with `__type__` for the problem type); an article's address is the config's
   `article_url` with its slug. */
(function () {
  "use strict";

  var R = window.WalletDeskChatRender;

  function flowHref(flow, problemType, config) {
    var path = flow.url || config.flows[flow.code];
    if (!path) {
      return null;
    }
    return R.pageHref(String(path).replace(config.type_placeholder, encodeURIComponent(problemType || "other")));
  }

  function articleHref(article, config) {
    if (article.url) {
      return R.pageHref(article.url);
    }
    if (!/^[-a-zA-Z0-9_]+$/.test(String(article.slug || ""))) {
      return null;
    }
    return R.pageHref(config.article_url.replace("__slug__", article.slug));
  }

  function opener(a, config) {
    a.target = "_blank";
    a.rel = "noopener nofollow noreferrer";
    if (!config.embed) {
      /* the full page (the app's webview) stays in one window; the chat resumes on return */
      a.removeAttribute("target");
    }
    return a;
  }

  function suggestions(frame, log, config) {
    var card = R.el("section", "chat-card");
    card.setAttribute("data-seq", String(frame.seq));
    card.setAttribute("data-testid", "suggestions");
    card.setAttribute("data-problem-type", frame.problem_type || "");
    card.appendChild(R.appendText(R.el("p", ""), frame.text || config.t.suggest_title));
    var flow = frame.flow;
    if (flow && typeof flow === "object" && flow.code) {
      var href = flowHref(flow, frame.problem_type, config);
      if (href) {
        var button = opener(R.link(href, flow.label || config.flow_labels[flow.code] || flow.code), config);
        button.className = "chat-button chat-flow";
        button.setAttribute("data-flow", flow.code);
        button.setAttribute("data-testid", "flow");
        card.appendChild(button);
      }
    }
    var articles = Array.isArray(frame.articles) ? frame.articles : [];
    if (articles.length) {
      card.appendChild(R.el("p", "chat-muted", config.t.articles));
      var list = R.el("ul", "");
      articles.forEach(function (article) {
        var link = articleHref(article || {}, config);
        if (!link) {
          return;
        }
        var a = opener(R.link(link, article.title || article.slug), config);
        a.setAttribute("data-testid", "article");
        a.setAttribute("data-slug", article.slug || "");
        var item = R.el("li", "");
        item.appendChild(a);
        list.appendChild(item);
      });
      card.appendChild(list);
    }
    window.WalletDeskChatLog.place(log, card);
  }

  function question(frame, log, answer, words) {
    var card = R.el("section", "chat-card");
    card.setAttribute("data-seq", String(frame.seq));
    card.setAttribute("data-testid", "question");
    card.setAttribute("data-key", frame.key || "");
    card.appendChild(R.appendText(R.el("p", ""), frame.text));
    var done = function (value) {
      answer(frame.key, value);
      Array.prototype.forEach.call(card.querySelectorAll("button, input"), function (node) {
        node.disabled = true;
      });
    };
    if (Array.isArray(frame.choices) && frame.choices.length) {
      var choices = R.el("div", "chat-choices");
      frame.choices.forEach(function (choice) {
        var button = R.el("button", "chat-button chat-secondary", choice.label);
        button.type = "button";
        button.setAttribute("data-value", String(choice.value));
        button.addEventListener("click", function () { done(String(choice.value)); });
        choices.appendChild(button);
      });
      card.appendChild(choices);
    } else {
      var form = R.el("form", "chat-composer");
      var input = R.el("input", "");
      input.maxLength = 500;
      input.setAttribute("aria-label", frame.text || "");
      var submit = R.el("button", "chat-button", words.answer);
      submit.type = "submit";
      form.appendChild(input);
      form.appendChild(submit);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (input.value.trim()) {
          done(input.value.trim());
        }
      });
      card.appendChild(form);
    }
    window.WalletDeskChatLog.place(log, card);
  }

  window.WalletDeskChatCards = { suggestions: suggestions, question: question };
})();
