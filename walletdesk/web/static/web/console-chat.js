/* WalletDesk agent console: the agent's chat socket (/ws/chat/agent/), on every console page.

   - Heartbeat: {"ping": {}} every 20 s, so the agent's "online" stays true while a tab is open.
   - Nudges: {"kind": "queue.changed"} and {"kind": "chat.assigned"} carry no chat data; the
     navigation's badge (and, on the chats page, the lists) are re-fetched through the console's
     permission-checked fragment URLs. A chat newly waiting or given to this agent flashes the
     title and plays a short tone made with the Web Audio API (no sound file), unless the agent
     muted it (the "Sound" button of the chats page; kept in localStorage).
   - The chat pane (console-chat-pane.js) uses the same socket through window.WDChat.
   All texts come from the page (data-attributes); this script has none of its own. */
(function () {
  "use strict";

  var live = document.getElementById("chat-live");
  if (!live || !("WebSocket" in window)) {
    return;
  }
  var MUTE_KEY = "walletdesk.chat.muted";
  var PING_MS = 20000;
  var MIN_DELAY = 1000;
  var MAX_DELAY = 30000;
  var delay = MIN_DELAY;
  var socket = null;
  var listeners = [];
  var openers = [];
  var pingTimer = null;
  var refreshTimer = null;
  var audio = null;
  var flashTimer = null;
  var baseTitle = document.title;
  var page = document.querySelector("main[data-chat-page]");
  var listsPage = page && page.getAttribute("data-chat-page") === "lists";

  var api = {
    tones: 0, // how many tones played (the browser tests read it)
    flashes: 0,
    connected: false,
    send: function (frame) {
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(frame));
        return true;
      }
      return false;
    },
    on: function (listener) { listeners.push(listener); },
    onOpen: function (opener) {
      openers.push(opener);
      if (api.connected) { opener(); }
    },
    notify: notify
  };
  window.WDChat = api;

  function muted() {
    try { return window.localStorage.getItem(MUTE_KEY) === "1"; } catch (error) { return false; }
  }

  function tone() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context || muted()) {
      return;
    }
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") { audio.resume(); }
      var start = audio.currentTime + 0.01;
      [880, 660].forEach(function (frequency, index) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        var at = start + index * 0.16;
        oscillator.type = "sine";
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.15);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(at);
        oscillator.stop(at + 0.16);
      });
      api.tones += 1;
    } catch (error) {
      /* no sound is no reason to lose the rest */
    }
  }

  function flash(text) {
    if (flashTimer !== null) { window.clearInterval(flashTimer); }
    var ticks = 0;
    api.flashes += 1;
    flashTimer = window.setInterval(function () {
      ticks += 1;
      document.title = ticks % 2 ? "● " + text : baseTitle;
      if (ticks >= 20 || (ticks > 1 && document.hasFocus() && ticks % 2 === 0)) {
        window.clearInterval(flashTimer);
        flashTimer = null;
        document.title = baseTitle;
      }
    }, 700);
    document.title = "● " + text;
  }

  function notify(kind) {
    flash(live.getAttribute(kind === "chat.assigned" ? "data-title-assigned" : "data-title-waiting") || "");
    tone();
  }

  function badgeCount() {
    var badge = document.getElementById("nav-chats-badge");
    return badge ? parseInt(badge.getAttribute("data-count") || "0", 10) || 0 : 0;
  }

  function refresh(kind) {
    refreshTimer = null;
    if (!window.htmx) { return; }
    var before = badgeCount();
    window.htmx.ajax("GET", live.getAttribute("data-badge-url"), {
      target: "#nav-chats-badge", swap: "outerHTML"
    }).then(function () {
      if (kind === "chat.assigned" || badgeCount() > before) { notify(kind); }
    });
    if (listsPage && document.getElementById("chat-lists")) {
      window.htmx.ajax("GET", live.getAttribute("data-lists-url"), {
        target: "#chat-lists", swap: "outerHTML"
      });
    }
  }

  function schedule(kind) {
    // Several nudges in a row (a chat queued and assigned at once) need one fetch; an
    // assignment wins, since it must be announced.
    if (refreshTimer !== null) {
      window.clearTimeout(refreshTimer.timer);
      kind = refreshTimer.kind === "chat.assigned" ? refreshTimer.kind : kind;
    }
    refreshTimer = { kind: kind, timer: window.setTimeout(function () { refresh(kind); }, 150) };
  }

  function onFrame(frame) {
    if (!frame || typeof frame !== "object") { return; }
    if (frame.kind === "queue.changed" || frame.kind === "chat.assigned") {
      schedule(frame.kind);
    }
    listeners.forEach(function (listener) { listener(frame); });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + live.getAttribute("data-socket"));
    } catch (error) {
      retry();
      return;
    }
    socket.addEventListener("open", function () {
      delay = MIN_DELAY;
      api.connected = true;
      api.send({ ping: {} });
      pingTimer = window.setInterval(function () { api.send({ ping: {} }); }, PING_MS);
      schedule("queue.changed"); // nudges may have been missed while disconnected
      openers.forEach(function (opener) { opener(); });
    });
    socket.addEventListener("message", function (message) {
      var frame;
      try { frame = JSON.parse(message.data); } catch (error) { return; }
      onFrame(frame);
    });
    socket.addEventListener("close", function (closing) {
      api.connected = false;
      if (pingTimer !== null) { window.clearInterval(pingTimer); pingTimer = null; }
      listeners.forEach(function (listener) { listener({ kind: "socket.closed" }); });
      // Signed out, or no right to chat: stop asking.
      if (closing.code === 4401 || closing.code === 4403 || closing.code === 1008) { return; }
      if (closing.code === 4429) { delay = MAX_DELAY; }
      retry();
    });
  }

  function retry() {
    var wait = delay / 2 + Math.random() * (delay / 2);
    delay = Math.min(delay * 2, MAX_DELAY);
    window.setTimeout(connect, wait);
  }

  // The mute switch (chats page). Browsers start audio only after a click: the first click
  // anywhere readies it.
  var mute = document.getElementById("chat-mute");
  function showMute() {
    if (!mute) { return; }
    var off = muted();
    mute.setAttribute("aria-pressed", off ? "true" : "false");
    mute.textContent = mute.getAttribute(off ? "data-label-muted" : "data-label-on");
  }
  if (mute) {
    mute.addEventListener("click", function () {
      try { window.localStorage.setItem(MUTE_KEY, muted() ? "0" : "1"); } catch (error) { /* private mode */ }
      showMute();
    });
    showMute();
  }
  document.addEventListener("click", function () {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio && !muted()) {
      try { audio = new Context(); } catch (error) { audio = null; }
    }
  }, { once: true });

  connect();
})();
