/* WalletDesk chat on another site, with one tag:

     <script src="https://desk.example/chat/embed.js" data-lang="en" async></script>

   Adds a launcher button in the corner; pressing it opens the chat (/chat/?embed=1) in an
   iframe beside it, or over the whole screen on a phone (under 480 px wide). The chat runs
   entirely inside the iframe, on WalletDesk's origin: this page sees none of it, and the
   iframe needs no cookie. The site must be in WALLETDESK_CHAT_ALLOWED_ORIGINS (the widget's
   frame-ancestors); a site with its own CSP allows WalletDesk's origin in script-src and
   frame-src. `data-lang` ("zh-hans" or "en") defaults to the page's <html lang>.
   Styles are set through the DOM (no inline style markup, no stylesheet on this page). */
(function () {
  "use strict";

  if (window.__walletdeskChat) {
    return;
  }
  window.__walletdeskChat = true;
  // The launcher's words in both languages, filled in by the server (gettext).
  var LABELS = "__WALLETDESK_LABELS__";
  if (typeof LABELS !== "object") {
    return;
  }

  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[src*="/chat/embed.js"]');
    script = all[all.length - 1];
  }
  if (!script) {
    return;
  }
  var base = new URL(script.src, window.location.href);
  var origin = base.origin;
  var wanted = (script.getAttribute("data-lang") || document.documentElement.lang || "").toLowerCase();
  var lang = wanted.indexOf("en") === 0 ? "en" : wanted.indexOf("zh") === 0 ? "zh-hans" : "";
  var words = LABELS[lang || "zh-hans"];
  var PHONE = "(max-width: 480px)";
  var phone = window.matchMedia ? window.matchMedia(PHONE) : null;
  var frame = null;
  var open = false;

  function set(node, styles) {
    Object.keys(styles).forEach(function (name) {
      node.style.setProperty(name, styles[name]);
    });
  }

  var button = document.createElement("button");
  button.type = "button";
  button.id = "walletdesk-chat-launcher";
  button.setAttribute("data-testid", "chat-launcher");
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "walletdesk-chat-frame");
  button.textContent = words.open;
  set(button, {
    position: "fixed", right: "16px", bottom: "16px", "z-index": "2147483000",
    "min-height": "48px", padding: "0 20px", border: "0", "border-radius": "24px",
    background: "#0f6fde", color: "#fff", font: "600 16px system-ui, sans-serif",
    "box-shadow": "0 4px 14px rgba(0,0,0,.25)", cursor: "pointer"
  });

  function place() {
    if (!frame) {
      return;
    }
    if (phone && phone.matches) {
      set(frame, { inset: "0", right: "0", bottom: "0", width: "100%", height: "100%", "border-radius": "0" });
    } else {
      set(frame, {
        inset: "auto", right: "16px", bottom: "80px", width: "380px",
        height: "min(640px, calc(100vh - 104px))", "border-radius": "12px"
      });
    }
    // On a phone the chat covers the page; its own header has the close button.
    set(button, { display: open && phone && phone.matches ? "none" : "block" });
  }

  function make() {
    frame = document.createElement("iframe");
    frame.id = "walletdesk-chat-frame";
    frame.title = words.title;
    frame.setAttribute("data-testid", "chat-frame");
    var src = new URL("/chat/", origin);
    src.searchParams.set("embed", "1");
    if (lang) {
      src.searchParams.set("lang", lang);
    }
    src.searchParams.set("site", window.location.origin);
    frame.src = src.href;
    set(frame, {
      position: "fixed", "z-index": "2147483001", border: "0", background: "#fff",
      "box-shadow": "0 8px 30px rgba(0,0,0,.3)", "color-scheme": "light"
    });
    document.body.appendChild(frame);
  }

  function toggle(wanted) {
    open = typeof wanted === "boolean" ? wanted : !open;
    if (open && !frame) {
      make();
    }
    if (frame) {
      frame.hidden = !open;
      set(frame, { display: open ? "block" : "none" });
    }
    button.textContent = open ? words.close : words.open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    place();
    if (open && frame) {
      frame.focus();
    }
  }

  button.addEventListener("click", function () { toggle(); });
  window.addEventListener("message", function (event) {
    if (!frame || event.origin !== origin || event.source !== frame.contentWindow) {
      return;
    }
    if (event.data && event.data.walletdeskChat === "minimise") {
      toggle(false);
      button.focus();
    }
  });
  if (phone && phone.addEventListener) {
    phone.addEventListener("change", place);
  }

  function mount() {
    document.body.appendChild(button);
  }
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
