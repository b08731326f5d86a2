/* WalletDesk agent console: small behaviours on top of htmx. Everything it needs is in the page
   (data-attributes); it carries no data and no text of its own. */
(function () {
  "use strict";

  // Clear the composer once the server accepted the message; keep it when the server refused
  // (the refusal is shown above, and the agent's text must not be lost).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-reset-on-success")) {
      return;
    }
    var xhr = event.detail && event.detail.xhr;
    if (event.detail.successful && xhr && xhr.responseText.indexOf('data-outcome="ok"') !== -1) {
      form.reset();
    }
  });
})();
