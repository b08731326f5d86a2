/* WalletDesk agent console: one chat (main[data-chat-page="pane"]), over the agent socket that
   console-chat.js keeps open (window.WDChat).

   - Watches the conversation from the last entry the page shows ({"watch": key, "since": n}),
     again after every reconnect: the server replays what followed, then sends it live. Numbered
     frames are shown once each, in order; a gap asks again from the last one shown.
   - The composer sends {"send": {conversation, text, client_id}}: the message shows at once as
     "Sending…", becomes "Sent" when the server acknowledges it (stored), and "Read" when the
     customer's widget says so. Unacknowledged messages are sent again, with the same client id
     (the server keeps one), after a reconnect.
   - Typing both ways; a state entry (accepted, transferred, closed …) re-fetches the header.
   Every text is put in with textContent: nothing a customer typed is ever parsed as HTML. */
(function () {
  "use strict";

  var main = document.querySelector('main[data-chat-page="pane"]');
  var chat = window.WDChat;
  if (!main || !chat) {
    return;
  }
  var key = main.getAttribute("data-chat-key");
  var shown = parseInt(main.getAttribute("data-shown-seq") || "0", 10) || 0;
  var customerRead = parseInt(main.getAttribute("data-customer-read") || "0", 10) || 0;
  var list = document.getElementById("chat-entries");
  var form = document.getElementById("chat-composer");
  var box = document.getElementById("chat-text");
  var typingNote = document.getElementById("chat-typing");
  var connection = document.getElementById("chat-connection");
  var pending = {}; // client id → text, until acknowledged
  var typingOn = false;
  var typingSentAt = 0;
  var typingStop = null;
  var typingHide = null;
  var readSent = 0;
  var headerTimer = null;
  var URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;

  function text(name) { return main.getAttribute("data-text-" + name) || ""; }

  // Text with its web addresses as links that open elsewhere and pass nothing on.
  function fillText(element, value) {
    element.textContent = "";
    String(value || "").split(URL_PATTERN).forEach(function (part, index) {
      if (index % 2 === 1) {
        var link = document.createElement("a");
        link.href = part;
        link.textContent = part;
        link.rel = "noopener noreferrer nofollow";
        link.target = "_blank";
        element.appendChild(link);
      } else if (part) {
        element.appendChild(document.createTextNode(part));
      }
    });
  }

  function clientId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  // HH:MM in the server's time zone, as the entries the page came with (the agent's computer
  // may be set to another zone).
  function timeOf(iso) {
    var at = iso ? new Date(iso) : new Date();
    if (isNaN(at.getTime())) { at = new Date(); }
    var zone = list ? list.getAttribute("data-time-zone") : "";
    if (zone && window.Intl && Intl.DateTimeFormat) {
      try {
        var parts = new Intl.DateTimeFormat("en-GB", {
          hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone
        }).formatToParts(at);
        var pick = function (type) {
          for (var i = 0; i < parts.length; i += 1) { if (parts[i].type === type) { return parts[i].value; } }
          return "00";
        };
        return pick("hour") + ":" + pick("minute");
      } catch (error) { /* an unknown zone: the computer's own below */ }
    }
    return ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2);
  }

  function messageItem(author, name, body, at) {
    var item = document.createElement("li");
    item.className = "msg msg-" + author;
    item.setAttribute("data-kind", "message");
    item.setAttribute("data-author", author);
    var meta = document.createElement("div");
    meta.className = "msg-meta";
    var who = document.createElement("strong");
    who.textContent = name;
    var when = document.createElement("time");
    when.textContent = timeOf(at);
    meta.appendChild(who);
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(when);
    if (author === "agent") {
      var tick = document.createElement("span");
      tick.className = "chat-tick";
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(tick);
    }
    var content = document.createElement("div");
    content.className = "msg-body";
    fillText(content, body);
    item.appendChild(meta);
    item.appendChild(content);
    return item;
  }

  function setTick(item) {
    var tick = item.querySelector(".chat-tick");
    if (!tick) { return; }
    var seq = parseInt(item.getAttribute("data-seq") || "0", 10) || 0;
    var state = !seq ? "pending" : seq <= customerRead ? "read" : "sent";
    tick.setAttribute("data-state", state);
    tick.textContent = state === "read" ? "✓✓ " + text("read") : state === "sent" ? "✓ " + text("sent") : text("pending");
    item.classList.toggle("msg-pending", state === "pending");
  }

  function ticks() {
    Array.prototype.forEach.call(list.querySelectorAll('li[data-author="agent"]'), setTick);
  }

  function scrollDown() { list.scrollTop = list.scrollHeight; }

  function byClientId(id) {
    var items = list.querySelectorAll("li[data-client-id]");
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].getAttribute("data-client-id") === id) { return items[i]; }
    }
    return null;
  }

  function entryItem(frame) {
    if (frame.kind === "message") {
      return messageItem(frame.author, frame.name || frame.author, frame.text, frame.at);
    }
    var item = document.createElement("li");
    item.className = "msg msg-event";
    item.setAttribute("data-kind", frame.kind);
    item.textContent = frame.text || "";
    if (frame.kind === "suggestions" && frame.articles && frame.articles.length) {
      var titles = document.createElement("ul");
      titles.className = "chat-suggested";
      frame.articles.forEach(function (article) {
        var line = document.createElement("li");
        line.textContent = article.title || "";
        titles.appendChild(line);
      });
      item.appendChild(titles);
    }
    return item;
  }

  function showEntry(frame) {
    if (frame.seq <= shown) {
      return; // already shown (a replay overlapping what the page had)
    }
    if (frame.seq > shown + 1) {
      chat.send({ watch: key, since: shown }); // a gap: ask for what is missing, in order
      return;
    }
    shown = frame.seq;
    var item = frame.client_id ? byClientId(frame.client_id) : null;
    if (item) {
      delete pending[frame.client_id]; // our own message, stored: the entry replaces "Sending…"
    } else {
      item = entryItem(frame);
      if (frame.client_id) { item.setAttribute("data-client-id", frame.client_id); }
      list.appendChild(item);
    }
    item.setAttribute("data-seq", String(frame.seq));
    // A pending message stays below what the others said before it was stored.
    Array.prototype.forEach.call(list.querySelectorAll("li.msg-pending"), function (waiting) {
      if (waiting !== item) { list.appendChild(waiting); }
    });
    if (frame.kind === "message" && frame.author === "customer") {
      typingNote.hidden = true;
    }
    markRead(); // the agent has the pane open: what it shows is read
    if (frame.kind === "state") { refreshHeader(); }
    ticks();
    scrollDown();
  }

  function markRead() {
    if (document.visibilityState === "hidden" || shown <= readSent) { return; }
    if (chat.send({ read: { conversation: key, seq: shown } })) { readSent = shown; }
  }

  function refreshHeader() {
    if (headerTimer !== null) { window.clearTimeout(headerTimer); }
    headerTimer = window.setTimeout(function () {
      headerTimer = null;
      if (window.htmx) {
        window.htmx.ajax("GET", main.getAttribute("data-header-url"), {
          target: "#chat-header", swap: "outerHTML"
        });
      }
    }, 150);
  }

  function composerFollowsHeader() {
    var header = document.getElementById("chat-header");
    var allowed = header && header.getAttribute("data-may-send") === "1";
    box.disabled = !allowed;
    document.getElementById("chat-send").disabled = !allowed;
  }

  function mine(frame) { return !frame.conversation || frame.conversation === key; }

  chat.on(function (frame) {
    if (frame.kind === "socket.closed") {
      connection.textContent = text("offline");
      connection.hidden = false;
      return;
    }
    if (!mine(frame)) { return; }
    if (typeof frame.seq === "number" && frame.kind !== "ack" && frame.kind !== "read") {
      showEntry(frame);
    } else if (frame.kind === "ack" && frame.client_id) {
      var item = byClientId(frame.client_id);
      if (item && pending[frame.client_id] !== undefined) {
        delete pending[frame.client_id];
        if (!item.getAttribute("data-seq")) { item.setAttribute("data-seq", String(frame.seq)); }
        setTick(item);
      }
    } else if (frame.kind === "typing" && frame.from === "customer") {
      typingNote.hidden = !frame.on;
      if (typingHide !== null) { window.clearTimeout(typingHide); }
      if (frame.on) {
        typingHide = window.setTimeout(function () { typingNote.hidden = true; }, 8000);
      }
    } else if (frame.kind === "read" && frame.by === "customer") {
      customerRead = Math.max(customerRead, frame.seq || 0);
      ticks();
    } else if (frame.kind === "error" && frame.message) {
      connection.textContent = frame.message;
      connection.hidden = false;
    }
  });

  chat.onOpen(function () {
    connection.hidden = true;
    chat.send({ watch: key, since: shown });
    Object.keys(pending).forEach(function (id) {
      chat.send({ send: { conversation: key, text: pending[id], client_id: id } });
    });
    markRead();
  });

  function setTyping(on) {
    if (on === typingOn && (!on || Date.now() - typingSentAt < 3000)) { return; }
    if (chat.send({ typing: { conversation: key, on: on } })) {
      typingOn = on;
      typingSentAt = Date.now();
    }
  }

  function send() {
    var body = box.value.trim();
    if (!body || box.disabled) { return; }
    var id = clientId();
    var item = messageItem("agent", text("you"), body, null);
    item.setAttribute("data-client-id", id);
    list.appendChild(item);
    pending[id] = body;
    setTick(item);
    scrollDown();
    box.value = "";
    if (typingStop !== null) { window.clearTimeout(typingStop); }
    setTyping(false);
    chat.send({ send: { conversation: key, text: body, client_id: id } }); // else: on reconnect
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault(); // Chinese input methods confirm with Enter: isComposing guards them
      send();
    }
  });
  box.addEventListener("input", function () {
    if (typingStop !== null) { window.clearTimeout(typingStop); }
    if (!box.value) { setTyping(false); return; }
    setTyping(true);
    typingStop = window.setTimeout(function () { setTyping(false); }, 4000);
  });

  // Canned replies: into the box, to be edited before sending.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-canned-body]") : null;
    if (!button || box.disabled) { return; }
    box.value = box.value ? box.value + "\n" + button.getAttribute("data-canned-body") : button.getAttribute("data-canned-body");
    box.focus();
    box.dispatchEvent(new Event("input"));
  });

  document.addEventListener("visibilitychange", markRead);
  document.body.addEventListener("htmx:afterSwap", composerFollowsHeader);
  document.body.addEventListener("htmx:oobAfterSwap", composerFollowsHeader);

  // What the server rendered: links made safe, ticks from the customer's read mark.
  Array.prototype.forEach.call(list.querySelectorAll(".msg-body"), function (element) {
    fillText(element, element.textContent);
  });
  ticks();
  scrollDown();
})();
