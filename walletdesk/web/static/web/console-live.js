/* WalletDesk agent console: live updates.

   The server pushes only {"kind": ..., "ticket": id} over /ws/console/ (and
   {"kind": "access.changed"} when the agent may now see more); this script never receives
   ticket data over the socket. It re-fetches the affected part of the page through the same
   permission-checked URLs a click would use:
     - inbox page (<main data-live="inbox">): the table, with the filters in the address bar;
     - ticket page (<main data-live="ticket" data-ticket-id data-thread-url>): the thread, and
       the header, properties and history out of band.
   A ticket page whose ticket has moved out of the agent's reach ({"unsubscribed"} unasked, or
   {"error": "not_found"} for it) reloads, so the agent sees that it is gone.
   Close codes: 4401 signed out (stop); 4000 access changed (reconnect at once); 4429 too many
   open tabs (try again slowly, when another has closed).
   Without WebSocket or htmx the page simply stays as it is. */
(function () {
  "use strict";

  var main = document.querySelector("main[data-live]");
  if (!main || !("WebSocket" in window) || !window.htmx) {
    return;
  }
  var page = main.getAttribute("data-live");
  var ticketId = parseInt(main.getAttribute("data-ticket-id") || "", 10);
  var threadUrl = main.getAttribute("data-thread-url");
  var MIN_DELAY = 1000;
  var MAX_DELAY = 30000;
  var delay = MIN_DELAY;
  var connectedBefore = false;
  var pending = null;

  function socketUrl() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + "/ws/console/";
  }

  function refresh(kind) {
    pending = null;
    if (page === "inbox" && document.getElementById("inbox-table")) {
      window.htmx.ajax("GET", window.location.pathname + window.location.search, {
        target: "#inbox-table",
        swap: "outerHTML"
      });
    } else if (page === "ticket" && threadUrl && document.getElementById("thread")) {
      var all = kind !== "message.created";
      window.htmx.ajax("GET", threadUrl + (all ? "?all=1" : ""), {
        target: "#thread",
        swap: "outerHTML"
      });
      if (all) {
        window.htmx.trigger(document.body, "wd:refresh-panel");
      }
    }
  }

  // Several events in quick succession (a reply also changes the status) need one fetch.
  function schedule(kind) {
    if (pending !== null) {
      window.clearTimeout(pending.timer);
      kind = pending.kind === kind ? kind : "ticket.updated";
    }
    pending = { kind: kind, timer: window.setTimeout(function () { refresh(kind); }, 250) };
  }

  function onEvent(event) {
    if (!event) {
      return;
    }
    var lost = event.unsubscribed !== undefined ? event.unsubscribed : event.error && event.ticket;
    if (page === "ticket" && lost === ticketId) {
      window.location.reload();
      return;
    }
    if (typeof event.kind !== "string") {
      return;
    }
    if (event.kind === "access.changed" || page === "inbox") {
      schedule(event.kind);
    } else if (page === "ticket" && event.ticket === ticketId) {
      schedule(event.kind);
    }
  }

  function connect() {
    var socket;
    try {
      socket = new WebSocket(socketUrl());
    } catch (error) {
      retry();
      return;
    }
    socket.addEventListener("open", function () {
      delay = MIN_DELAY;
      if (page === "ticket" && !isNaN(ticketId)) {
        socket.send(JSON.stringify({ subscribe: ticketId }));
      }
      if (connectedBefore) {
        schedule("ticket.updated"); // events may have been missed while disconnected
      }
      connectedBefore = true;
    });
    socket.addEventListener("message", function (message) {
      var event;
      try {
        event = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      onEvent(event);
    });
    socket.addEventListener("close", function (closing) {
      // 4401/4403/1008: the server refused this session (signed out, no rights): stop asking.
      if (closing.code === 4401 || closing.code === 4403 || closing.code === 1008) {
        return;
      }
      if (closing.code === 4000) {
        delay = MIN_DELAY;
      } else if (closing.code === 4429) {
        delay = MAX_DELAY;
      }
      retry();
    });
  }

  // Exponential backoff with jitter, so a restarted server is not hit by every agent at once.
  function retry() {
    var wait = delay / 2 + Math.random() * (delay / 2);
    delay = Math.min(delay * 2, MAX_DELAY);
    window.setTimeout(connect, wait);
  }

  connect();
})();
