/* WalletDesk help centre: live updates of "My requests" and of one request's conversation.

   The socket /ws/portal/ (signed in by the portal session cookie) only says which ticket
   changed: {"kind": "message.created", "ticket": 12}. Nothing personal travels over it; this
   script re-fetches the part of the page it shows through the same signed-in URL a reload
   would use (data-refresh-url on <main>), and htmx swaps it in:
     - data-live="tickets": the list card;
     - data-live="ticket":  the thread, and the header (status) out of band; the reply box is
       never touched, so a half-written reply survives.
   Close codes: 4401 signed out (stop); 4429 too many open tabs (try again slowly).
   Without WebSocket or htmx the page stays as it is and a reload shows the news. */
(function () {
  "use strict";

  var main = document.querySelector("main[data-live]");
  if (!main || !("WebSocket" in window) || !window.htmx) {
    return;
  }
  var page = main.getAttribute("data-live");
  var refreshUrl = main.getAttribute("data-refresh-url");
  var ticketId = parseInt(main.getAttribute("data-ticket-id") || "", 10);
  var SIGNED_OUT = 4401;
  var delay = 1000;
  var timer = null;
  var connectedBefore = false;

  function refresh() {
    timer = null;
    if (page === "tickets" && document.getElementById("ticket-list-card")) {
      window.htmx.ajax("GET", refreshUrl, { target: "#ticket-list-card", swap: "outerHTML" });
    } else if (page === "ticket" && document.getElementById("thread")) {
      window.htmx.ajax("GET", refreshUrl, { target: "#thread", swap: "outerHTML" });
    }
  }

  // A reply also changes the status: two events, one fetch.
  function soon() {
    if (timer !== null) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(refresh, 250);
  }

  function relevant(event) {
    if (!event || typeof event.kind !== "string" || typeof event.ticket !== "number") {
      return false;
    }
    return page === "tickets" || event.ticket === ticketId;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/portal/");
    socket.addEventListener("open", function () {
      delay = 1000;
      if (connectedBefore) {
        soon(); // events may have been missed while the connection was down
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
      if (relevant(event)) {
        soon();
      }
    });
    socket.addEventListener("close", function (closed) {
      if (closed.code === SIGNED_OUT) {
        return; // the session ended; the next click goes to the sign-in page
      }
      if (closed.code === 4429) {
        delay = 30000;
      }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }

  connect();
})();
