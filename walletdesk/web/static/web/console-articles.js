/* WalletDesk agent console: "Insert link" puts a help article's title and address into the reply.

   Any element carrying data-insert-article-url and data-insert-article-title works, wherever it
   is rendered (the help-article search next to the reply form, the assistant's suggestions):
   a click inserts "title", a line break and the absolute URL at the cursor of the reply box, as
   plain text on lines of their own, and gives the box the focus. An optional
   data-insert-target (a CSS selector) names another textarea. The address must be http(s). */
(function () {
  "use strict";

  var REPLY_BOX = "#composer textarea[name='body']";

  function textarea(trigger) {
    var box = document.querySelector(trigger.getAttribute("data-insert-target") || REPLY_BOX);
    return box instanceof HTMLTextAreaElement ? box : null;
  }

  function insertAtCursor(box, text) {
    var start = box.selectionStart;
    var end = box.selectionEnd;
    var before = box.value.slice(0, start);
    var after = box.value.slice(end);
    var lead = before && before.charAt(before.length - 1) !== "\n" ? "\n" : "";
    var tail = after.charAt(0) === "\n" ? "" : "\n";
    var piece = lead + text + tail;
    box.focus();
    box.setRangeText(piece, start, end, "end");
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-insert-article-url]") : null;
    if (!target) {
      return;
    }
    var url = target.getAttribute("data-insert-article-url") || "";
    var title = (target.getAttribute("data-insert-article-title") || "").trim();
    var box = textarea(target);
    if (!/^https?:\/\//i.test(url) || !box) {
      return;
    }
    event.preventDefault();
    insertAtCursor(box, title ? title + "\n" + url : url);
  });
})();
