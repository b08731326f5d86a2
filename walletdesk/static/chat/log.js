/* WalletDesk chat: the conversation's message bubbles and their ticks (sending → sent ✓ →
   read ✓✓), and the widget's own small store in sessionStorage (the conversation key and
   token: a framed widget has no cookie). A customer's message is shown at once under its
   client id and becomes the stored entry when the server acks it or its entry arrives. */
(function () {
  "use strict";

  var R = window.WalletDeskChatRender;

  /* Put `node` where its entry number says: entries in seq order, then the customer's messages
     the server has not stored yet (no seq), in the order they were written. After a
     reconnect the entries missed meanwhile thus come before what was written offline. */
  function place(log, node) {
    var raw = node.getAttribute("data-seq");
    var seq = raw === null ? Infinity : Number(raw);
    var children = log.children;
    for (var i = 0; i < children.length; i += 1) {
      var other = children[i];
      if (other === node) {
        continue;
      }
      var theirs = other.getAttribute("data-seq");
      if ((theirs === null && seq !== Infinity) || (theirs !== null && Number(theirs) > seq)) {
        log.insertBefore(node, other);
        return node;
      }
    }
    log.appendChild(node);
    return node;
  }

  function numbered(log, node, seq) {
    node.setAttribute("data-seq", String(seq));
    return place(log, node);
  }

  function bubbleFor(log, clientId) {
    if (!clientId) {
      return null;
    }
    var found = null;
    Array.prototype.forEach.call(log.querySelectorAll(".chat-msg[data-client-id]"), function (node) {
      if (node.getAttribute("data-client-id") === clientId) {
        found = node;
      }
    });
    return found;
  }

  function tick(bubble, value, T) {
    var meta = bubble.querySelector(".chat-msg-meta");
    if (!meta) {
      return;
    }
    bubble.setAttribute("data-status", value);
    bubble.classList.toggle("chat-msg-pending", value === "sending");
    meta.textContent = value === "read" ? "✓✓ " + T.read : value === "sent" ? "✓ " + T.sent : T.sending;
  }

  function bubble(author, testid) {
    var node = R.el("div", "chat-msg");
    node.setAttribute("data-author", author);
    node.setAttribute("data-testid", testid || "message");
    return node;
  }

  /* The customer's message before the server has it; false if it is shown already. */
  function pendingBubble(log, clientId, text, T) {
    if (bubbleFor(log, clientId)) {
      return false;
    }
    var node = bubble("customer");
    node.setAttribute("data-client-id", clientId);
    R.appendText(node, text);
    node.appendChild(R.el("span", "chat-msg-meta"));
    tick(node, "sending", T);
    log.appendChild(node);
    return true;
  }

  /* A message entry; true when it added a bubble (not the customer's own, acked in place). */
  function message(log, frame, T, agentName) {
    var existing = frame.author === "customer" ? bubbleFor(log, frame.client_id) : null;
    if (existing) {
      numbered(log, existing, frame.seq);
      if (existing.getAttribute("data-status") !== "read") {
        tick(existing, "sent", T);
      }
      return false;
    }
    var node = bubble(frame.author || "system");
    node.setAttribute("data-seq", String(frame.seq));
    if (frame.client_id) {
      node.setAttribute("data-client-id", frame.client_id);
    }
    if (frame.author !== "customer") {
      var name = frame.author === "assistant" ? T.assistant : frame.name || agentName || T.someone;
      node.appendChild(R.el("span", "chat-msg-name", name));
    }
    R.appendText(node, frame.text);
    if (frame.author === "customer") {
      node.appendChild(R.el("span", "chat-msg-meta"));
      tick(node, "sent", T);
    }
    place(log, node);
    return true;
  }

  function readUpTo(log, seq, T) {
    var mine = log.querySelectorAll('.chat-msg[data-author="customer"][data-seq]');
    Array.prototype.forEach.call(mine, function (node) {
      if (Number(node.getAttribute("data-seq")) <= seq) {
        tick(node, "read", T);
      }
    });
  }

  function store(key) {
    return {
      load: function () {
        try {
          return JSON.parse(window.sessionStorage.getItem(key) || "null");
        } catch (error) {
          return null;
        }
      },
      save: function (value) {
        try {
          window.sessionStorage.setItem(key, JSON.stringify(value));
        } catch (error) {
          /* private mode or full: kept in memory only */
        }
      },
      forget: function () {
        try {
          window.sessionStorage.removeItem(key);
        } catch (error) {
          /* nothing kept */
        }
      }
    };
  }

  window.WalletDeskChatLog = {
    bubbleFor: bubbleFor,
    place: place,
    numbered: numbered,
    tick: tick,
    pendingBubble: pendingBubble,
    message: message,
    readUpTo: readUpTo,
    store: store
  };
})();
