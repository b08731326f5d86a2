/* WalletDesk chat widget: the customer's side of a live chat (/chat/, full page or framed).

   Start: pick a topic (or write first) → POST /chat/start → the conversation key and access
   token, kept in sessionStorage (never a cookie: a framed widget gets none) → the socket
   (socket.js). Every numbered frame is one step of the conversation (wire.py): messages,
   state changes, the assistant's suggestions, intake questions. Words come from the page's
   JSON config, in the visitor's language. Texts are rendered as text (render.js). */
(function () {
  "use strict";

  var R = window.WalletDeskChatRender;
  var S = window.WalletDeskChatSocket;
  var L = window.WalletDeskChatLog;
  var configNode = document.getElementById("chat-config");
  var root = document.getElementById("chat");
  if (!R || !S || !L || !window.WalletDeskChatCards || !configNode || !root) {
    return;
  }
  var C = JSON.parse(configNode.textContent);
  var T = C.t;
  var STORE = "wd-chat:" + C.mode;
  var $ = function (id) { return document.getElementById(id); };
  var ui = {
    visitor: $("chat-visitor"), name: $("chat-visitor-name"), contact: $("chat-visitor-contact"),
    startError: $("chat-start-error"), topics: $("chat-topics"), topicList: $("chat-topic-list"),
    guest: $("chat-guest"), log: $("chat-log"), queue: $("chat-queue"),
    position: $("chat-queue-position"), wait: $("chat-queue-wait"), peak: $("chat-peak"),
    leave: $("chat-leave"), leaveContact: $("chat-leave-contact"), rating: $("chat-rating"),
    stars: $("chat-stars"), comment: $("chat-rating-comment"), rateSend: $("chat-rating-send"),
    after: $("chat-after"), newChat: $("chat-new"), alert: $("chat-alert"),
    typing: $("chat-typing"), stillHelp: $("chat-still-help"), hint: $("chat-write-hint"),
    composer: $("chat-composer"), input: $("chat-input"), end: $("chat-end"),
    connection: $("chat-connection"), minimise: $("chat-minimise")
  };
  var store = L.store(STORE);
  var session = store.load();
  var conn = null;
  var starting = false;
  var state = "start";
  var agentName = "";
  var score = 0;
  var typingTimer = null;
  var typingSent = false;
  var agentTypingTimer = null;
  var endArmed = null;

  function save() {
    store.save(session);
  }

  function forget() {
    store.forget();
    session = null;
  }

  function show(node, visible) {
    if (node) {
      node.hidden = !visible;
    }
  }

  function say(node, text) {
    node.textContent = text || "";
    show(node, Boolean(text));
  }

  function scrollDown() {
    ui.log.scrollTop = ui.log.scrollHeight;
    var last = ui.log.lastElementChild;
    if (last && last.scrollIntoView) {
      last.scrollIntoView({ block: "end" });
    }
  }

  /* ---- the state of the conversation decides what is shown ---- */
  function setState(next) {
    state = next || state;
    root.setAttribute("data-state", state);
    var started = Boolean(session);
    show(ui.visitor, !started && C.mode === "embed");
    show(ui.topics, !started);
    show(ui.guest, started && session.verified === false);
    show(ui.stillHelp, state === "assistant" && ui.log.querySelector(".chat-card, .chat-msg") !== null);
    show(ui.queue, state === "queued");
    show(ui.hint, !started);
    show(ui.composer, state !== "closed");
    show(ui.end, state === "assistant" || state === "queued" || state === "active");
    var rated = session && session.rated;
    show(ui.rating, state === "closed" && !rated);
    show(ui.newChat, state === "closed" || state === "left_message" || state === "refused");
    if (state !== "active") {
      show(ui.typing, false);
    }
  }

  /* ---- topics ---- */
  function buildTopics() {
    C.topics.forEach(function (topic) {
      var button = R.el("button", "chat-topic" + (topic.urgent ? " chat-topic-urgent" : ""));
      button.type = "button";
      button.setAttribute("role", "listitem");
      button.setAttribute("data-problem-type", topic.code);
      button.setAttribute("data-testid", "topic-" + topic.code);
      if (topic.urgent) {
        button.appendChild(R.el("span", "chat-badge", T.urgent));
      }
      button.appendChild(R.el("span", "", topic.label));
      button.addEventListener("click", function () {
        start(topic.code, "");
      });
      ui.topicList.appendChild(button);
    });
  }

  /* ---- starting ---- */
  function fieldError(name, messages) {
    var node = $("chat-visitor-" + name + "-error");
    var input = $("chat-visitor-" + name);
    if (node) {
      say(node, messages ? messages.join(" ") : "");
    }
    if (input) {
      if (messages) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    }
  }

  function start(problemType, firstText) {
    if (starting || session) {
      return;
    }
    starting = true;
    fieldError("name", null);
    fieldError("contact", null);
    say(ui.startError, "");
    var body = { mode: C.mode, lang: C.lang, problem_type: problemType };
    if (C.mode === "embed") {
      body.name = ui.name.value;
      body.contact = ui.contact.value;
      body.site = C.site;
    } else if (C.mode === "app") {
      body.identity = new URLSearchParams(window.location.search).get("identity") || "";
    }
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    var csrf = document.querySelector('meta[name="csrf-token"]');
    if (csrf) {
      headers["X-CSRFToken"] = csrf.getAttribute("content");
    }
    window.fetch(C.start_url, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(body),
      credentials: C.mode === "portal" ? "same-origin" : "omit"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, data: data };
      });
    }).then(function (result) {
      starting = false;
      if (!result.ok) {
        var error = result.data.error || {};
        var fields = error.fields || {};
        fieldError("name", fields.name || null);
        fieldError("contact", fields.contact || null);
        say(ui.startError, error.message || T.error);
        var first = ui.visitor.querySelector('[aria-invalid="true"]');
        if (first) {
          first.focus();
        }
        return;
      }
      session = {
        conversation: result.data.conversation,
        token: result.data.token,
        verified: result.data.verified,
        transcript_to: result.data.transcript_to || "",
        contact: C.mode === "embed" ? ui.contact.value : "",
        rated: false
      };
      save();
      if (C.mode === "app" && window.history.replaceState) {
        window.history.replaceState(null, "", window.location.pathname + (C.embed ? "?embed=1" : ""));
      }
      setState(result.data.state || "assistant");
      connect();
      if (firstText) {
        send(firstText);
      }
    }).catch(function () {
      starting = false;
      say(ui.startError, T.error);
    });
  }

  function connect() {
    conn = S.create({
      path: C.socket_path,
      conversation: session.conversation,
      token: session.token,
      onFrame: onFrame,
      onStatus: onStatus
    });
    (conn.pending() || []).forEach(function (item) {
      pendingBubble(item.client_id, item.text);
    });
  }

  function onStatus(value) {
    if (value === "open") {
      say(ui.connection, T.connected);
      root.setAttribute("data-connection", "open");
      markRead();
    } else if (value === "refused") {
      forget();
      root.setAttribute("data-connection", "refused");
      say(ui.alert, T.refused);
      setState("refused");
    } else {
      root.setAttribute("data-connection", value);
      if (value === "closed") {
        say(ui.connection, T.reconnecting);
      }
    }
  }

  /* ---- frames ---- */
  function onFrame(frame) {
    var kind = frame.kind;
    if (typeof frame.seq === "number" && kind !== "ack" && kind !== "read") {
      if (kind === "message") {
        message(frame);
      } else if (kind === "state") {
        stateEntry(frame);
      } else if (kind === "suggestions") {
        window.WalletDeskChatCards.suggestions(frame, ui.log, C);
      } else if (kind === "question") {
        window.WalletDeskChatCards.question(frame, ui.log, answer, T);
      }
      setState();
      scrollDown();
      return;
    }
    if (kind === "hello") {
      if (frame.state) {
        setState(frame.state);
      }
    } else if (kind === "ack") {
      var bubble = bubbleFor(frame.client_id);
      if (bubble) {
        L.numbered(ui.log, bubble, frame.seq);
        tick(bubble, "sent");
      }
    } else if (kind === "typing" && frame.from === "agent") {
      agentTyping(Boolean(frame.on));
    } else if (kind === "read" && frame.by === "agent") {
      readUpTo(frame.seq);
    } else if (kind === "queue") {
      queue(frame);
    } else if (kind === "error") {
      say(ui.alert, frame.message || T.error);
    }
  }

  function bubbleFor(clientId) {
    return L.bubbleFor(ui.log, clientId);
  }

  function tick(bubble, value) {
    L.tick(bubble, value, T);
  }

  function pendingBubble(clientId, text) {
    if (L.pendingBubble(ui.log, clientId, text, T)) {
      scrollDown();
    }
  }

  function message(frame) {
    if (L.message(ui.log, frame, T, agentName) && frame.author === "agent") {
      agentTyping(false);
      markRead();
    }
  }

  function stateEntry(frame) {
    if (frame.agent) {
      agentName = frame.agent;
    }
    var line = R.el("p", "chat-state");
    line.setAttribute("data-seq", String(frame.seq));
    line.setAttribute("data-state", frame.state || "");
    line.setAttribute("data-testid", "state");
    R.appendText(line, frame.text || "");
    L.place(ui.log, line);
    setState(frame.state);
    if (frame.state === "closed" && session && session.rated) {
      afterRating();
    }
  }

  function queue(frame) {
    var position = Number(frame.position) || 0;
    ui.queue.setAttribute("data-position", String(position));
    ui.position.textContent = position <= 1 ? T.queue_next : R.fill(T.queue_position, { position: position });
    var seconds = Number(frame.wait_seconds) || 0;
    var minutes = Math.max(1, Math.round(seconds / 60));
    ui.wait.textContent = frame.open === false ? T.closed_hours
      : seconds < 60 ? T.wait_soon
        : R.fill(minutes === 1 ? T.wait_minute : T.wait_minutes, { minutes: minutes });
    show(ui.peak, Boolean(frame.peak) && frame.open !== false);
    if (session && session.contact && !ui.leaveContact.value) {
      ui.leaveContact.value = session.contact;
    }
  }

  function agentTyping(on) {
    if (agentTypingTimer !== null) {
      window.clearTimeout(agentTypingTimer);
      agentTypingTimer = null;
    }
    say(ui.typing, on ? R.fill(T.agent_typing, { name: agentName || T.someone }) : "");
    if (on) {
      agentTypingTimer = window.setTimeout(function () { agentTyping(false); }, 8000);
    }
  }

  function readUpTo(seq) {
    L.readUpTo(ui.log, seq, T);
  }

  function markRead() {
    if (conn && conn.isOpen() && document.visibilityState !== "hidden" && conn.lastSeq > 0) {
      conn.signal({ read: conn.lastSeq });
    }
  }

  /* ---- what the customer does ---- */
  function send(text) {
    var clientId = conn.say(text);
    pendingBubble(clientId, text);
    stopTyping();
  }

  function answer(key, value) {
    if (conn) {
      conn.command({ answer: { key: key, value: value } });
    }
  }

  function stopTyping() {
    if (typingTimer !== null) {
      window.clearTimeout(typingTimer);
      typingTimer = null;
    }
    if (typingSent && conn) {
      conn.signal({ typing: false });
    }
    typingSent = false;
  }

  ui.composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = ui.input.value.trim();
    if (!text) {
      return;
    }
    if (!session) {
      start("", text);
      ui.input.value = "";
      return;
    }
    ui.input.value = "";
    send(text);
  });

  ui.input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.composer.requestSubmit();
    }
  });

  ui.input.addEventListener("input", function () {
    if (!conn) {
      return;
    }
    if (!typingSent) {
      conn.signal({ typing: true });
      typingSent = true;
    }
    if (typingTimer !== null) {
      window.clearTimeout(typingTimer);
    }
    typingTimer = window.setTimeout(stopTyping, 4000);
  });

  ui.stillHelp.addEventListener("click", function () {
    if (conn) {
      conn.command({ queue: {} });
      ui.stillHelp.disabled = true;
      window.setTimeout(function () { ui.stillHelp.disabled = false; }, 3000);
    }
  });

  ui.leave.addEventListener("submit", function (event) {
    event.preventDefault();
    if (conn) {
      conn.command({ leave_message: { contact: ui.leaveContact.value.trim() } });
    }
  });

  ui.end.addEventListener("click", function () {
    if (endArmed === null) {
      ui.end.textContent = T.end_confirm;
      endArmed = window.setTimeout(function () {
        endArmed = null;
        ui.end.textContent = T.end;
      }, 5000);
      return;
    }
    window.clearTimeout(endArmed);
    endArmed = null;
    ui.end.textContent = T.end;
    if (conn) {
      conn.command({ close: {} });
    }
  });

  function buildStars() {
    for (var i = 1; i <= 5; i += 1) {
      var star = R.el("button", "chat-star", "★");
      star.type = "button";
      star.setAttribute("role", "radio");
      star.setAttribute("aria-checked", "false");
      star.setAttribute("aria-label", R.fill(T.rate_star, { score: i }));
      star.setAttribute("data-score", String(i));
      star.setAttribute("data-testid", "star-" + i);
      star.addEventListener("click", pickStar);
      ui.stars.appendChild(star);
    }
  }

  function pickStar(event) {
    score = Number(event.currentTarget.getAttribute("data-score"));
    Array.prototype.forEach.call(ui.stars.children, function (star) {
      star.setAttribute("aria-checked", Number(star.getAttribute("data-score")) <= score ? "true" : "false");
    });
    ui.rateSend.disabled = false;
  }

  function afterRating() {
    var to = session && session.transcript_to;
    say(ui.after, T.rate_thanks + " " + (to ? R.fill(T.transcript, { contact: to }) : T.transcript_plain));
  }

  ui.rateSend.addEventListener("click", function () {
    if (!conn || score < 1) {
      return;
    }
    conn.command({ rate: { score: score, comment: ui.comment.value.trim() } });
    session.rated = true;
    save();
    afterRating();
    setState();
  });

  ui.newChat.addEventListener("click", function () {
    if (conn) {
      conn.stop();
      conn = null;
    }
    forget();
    window.location.reload();
  });

  if (ui.minimise) {
    ui.minimise.addEventListener("click", function () {
      window.parent.postMessage({ walletdeskChat: "minimise" }, "*");
    });
  }

  document.addEventListener("visibilitychange", markRead);

  buildTopics();
  buildStars();
  if (session) {
    setState("assistant");
    connect();
  } else {
    setState("start");
  }
  root.setAttribute("data-ready", "true");
})();
