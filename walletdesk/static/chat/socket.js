/* WalletDesk chat: the customer's socket to /ws/chat/ (frames: walletdesk/chat/wire.py).

   - The first frame is `hello` with the conversation key, its access token and `since`, the
     highest entry number shown; the server replays what follows, then sends live.
   - Numbered frames are handed on once each and in order: one already shown is dropped; a gap
     means something was missed, so the socket reconnects and asks for it.
   - A message waits in `pending` (kept in sessionStorage, by client id) until the server acks
     it; after every reconnect whatever is still pending is sent again — the server answers a
     client id it has with the entry it stored, so nothing is stored twice.
   - A dropped connection is retried by itself, 1 s, 2 s, 4 s … up to 30 s (with jitter), and at
     once when the browser comes back online. A refusal (close codes 4400-4499 other than
     4429) stops it: the conversation is over or not ours. */
(function () {
  "use strict";

  var MAX_DELAY = 30000;
  // The kinds of the numbered frames (entries); `ack` and `read` carry a seq but are not one.
  var NUMBERED = { message: true, state: true, suggestions: true, question: true };
  var TOO_MANY = 4429;

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function storageGet(key) {
    try {
      return JSON.parse(window.sessionStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* private mode or full: the pending list then lives in memory only */
    }
  }

  function create(options) {
    var pendingKey = "wd-chat-pending:" + options.conversation;
    var pending = storageGet(pendingKey) || [];
    var controls = [];
    var socket = null;
    var ready = false;
    var stopped = false;
    var attempt = 0;
    var timer = null;
    var api = { lastSeq: 0 };

    function status(value, detail) {
      if (options.onStatus) {
        options.onStatus(value, detail);
      }
    }

    function savePending() {
      storageSet(pendingKey, pending);
    }

    function raw(frame) {
      if (socket && ready && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(frame));
        return true;
      }
      return false;
    }

    function flush() {
      pending.forEach(function (item) {
        raw({ send: { text: item.text, client_id: item.client_id } });
      });
      while (controls.length && raw(controls[0])) {
        controls.shift();
      }
    }

    function settle(clientId) {
      var before = pending.length;
      pending = pending.filter(function (item) {
        return item.client_id !== clientId;
      });
      if (pending.length !== before) {
        savePending();
      }
    }

    function schedule(delay) {
      if (stopped || timer !== null) {
        return;
      }
      timer = window.setTimeout(function () {
        timer = null;
        connect();
      }, delay);
    }

    function retry(slow) {
      attempt += 1;
      var base = Math.min(MAX_DELAY, 1000 * Math.pow(2, Math.min(attempt - 1, 5)));
      if (slow) {
        base = MAX_DELAY;
      }
      schedule(Math.round(base * (0.5 + Math.random() * 0.5)));
    }

    function numbered(frame) {
      if (frame.seq <= api.lastSeq) {
        return; /* shown already (a replay overlapping the live feed) */
      }
      if (frame.seq > api.lastSeq + 1) {
        reconnectNow(); /* a gap: ask again from what we have */
        return;
      }
      api.lastSeq = frame.seq;
      if (frame.kind === "message" && frame.author === "customer" && frame.client_id) {
        settle(frame.client_id);
      }
      options.onFrame(frame);
    }

    function onMessage(event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (!frame || typeof frame !== "object") {
        return;
      }
      if (typeof frame.seq === "number" && NUMBERED[frame.kind] === true) {
        numbered(frame);
        return;
      }
      if (frame.kind === "hello") {
        ready = true;
        attempt = 0;
        status("open");
        options.onFrame(frame);
        flush();
        return;
      }
      if (frame.kind === "ack" && frame.client_id) {
        settle(frame.client_id);
      }
      options.onFrame(frame);
    }

    function connect() {
      if (stopped) {
        return;
      }
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var ws;
      try {
        ws = new WebSocket(scheme + window.location.host + options.path);
      } catch (error) {
        retry(false);
        return;
      }
      socket = ws;
      ready = false;
      status("connecting");
      ws.addEventListener("open", function () {
        ws.send(JSON.stringify({
          hello: { conversation: options.conversation, token: options.token, since: api.lastSeq }
        }));
      });
      ws.addEventListener("message", function (event) {
        if (ws === socket) {
          onMessage(event);
        }
      });
      ws.addEventListener("close", function (event) {
        if (ws !== socket) {
          return;
        }
        socket = null;
        ready = false;
        if (event.code >= 4400 && event.code < 4500 && event.code !== TOO_MANY) {
          stopped = true;
          status("refused", event.code);
          return;
        }
        status("closed");
        retry(event.code === TOO_MANY);
      });
    }

    function reconnectNow() {
      if (socket) {
        var old = socket;
        socket = null;
        ready = false;
        old.close();
      }
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
      schedule(0);
    }

    window.addEventListener("online", function () {
      if (!socket && !stopped) {
        attempt = 0;
        reconnectNow();
      }
    });

    /* A message: shown at once, kept until acked. Returns its client id. */
    api.say = function (text) {
      var item = { client_id: uuid(), text: text };
      pending.push(item);
      savePending();
      raw({ send: item });
      return item.client_id;
    };
    /* Commands that must arrive (queue, answer, rate, close …): sent now, or once connected. */
    api.command = function (frame) {
      if (!raw(frame)) {
        controls.push(frame);
      }
    };
    /* Signals that may be lost (typing, read). */
    api.signal = function (frame) {
      raw(frame);
    };
    api.pending = function () {
      return pending.slice();
    };
    api.isOpen = function () {
      return ready;
    };
    api.reconnect = reconnectNow;
    api.stop = function () {
      stopped = true;
      if (socket) {
        socket.close();
      }
    };
    connect();
    return api;
  }

  window.WalletDeskChatSocket = { create: create, uuid: uuid };
})();
