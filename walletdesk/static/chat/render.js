/* WalletDesk chat: turning frames into DOM, as text only.

   Nothing a person wrote ever reaches innerHTML: texts become text nodes, and the only markup
   made from them is a link for each http(s) address in the text, built with createElement,
   its address checked by the URL parser, opened in a new tab with rel="noopener nofollow
   noreferrer". Everything else (javascript:, data:, look-alikes) stays plain text. */
(function () {
  "use strict";

  var LINK = /\bhttps?:\/\/[^\s<>"'\u3000-\u303f\uff01-\uff5e]+/gi;
  var TRAILING = /[.,;:!?)\]}]+$/;

  function safeHref(candidate) {
    try {
      var url = new URL(candidate);
      if (url.protocol === "http:" || url.protocol === "https:") {
        return url.href;
      }
    } catch (error) {
      return null;
    }
    return null;
  }

  function link(href, label) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    a.target = "_blank";
    a.rel = "noopener nofollow noreferrer";
    return a;
  }

  /* Append `text` to `parent`: text nodes, and safe links for http(s) addresses. */
  function appendText(parent, text) {
    var value = String(text == null ? "" : text);
    var last = 0;
    var match;
    LINK.lastIndex = 0;
    while ((match = LINK.exec(value)) !== null) {
      var found = match[0];
      var trailing = found.match(TRAILING);
      if (trailing) {
        found = found.slice(0, found.length - trailing[0].length);
      }
      var href = safeHref(found);
      if (!href) {
        continue;
      }
      if (match.index > last) {
        parent.appendChild(document.createTextNode(value.slice(last, match.index)));
      }
      parent.appendChild(link(href, found));
      last = match.index + found.length;
      LINK.lastIndex = last;
    }
    if (last < value.length) {
      parent.appendChild(document.createTextNode(value.slice(last)));
    }
    return parent;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text != null) {
      node.textContent = String(text);
    }
    return node;
  }

  /* "%(name)s" placeholders filled with plain values (the result is still only text). */
  function fill(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  /* A same-site path from our own config, or an absolute http(s) URL; anything else: null. */
  function pageHref(candidate) {
    if (typeof candidate !== "string" || !candidate) {
      return null;
    }
    try {
      var url = new URL(candidate, window.location.href);
      if (url.protocol === "http:" || url.protocol === "https:") {
        return url.href;
      }
    } catch (error) {
      return null;
    }
    return null;
  }

  window.WalletDeskChatRender = {
    appendText: appendText,
    el: el,
    fill: fill,
    link: link,
    pageHref: pageHref
  };
})();
