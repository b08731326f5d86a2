// When an htmx request fails in a way no fragment answers (an expired page's CSRF check, a
// server error, a lost connection), say so beside the top of the page instead of doing
// nothing: what the person typed stays where it was, and the notice says what to do.
(function () {
  "use strict";
  function show() {
    var notice = document.getElementById("request-failed");
    if (!notice) { return; }
    notice.hidden = false;
    notice.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("htmx:responseError", show);
  document.addEventListener("htmx:sendError", show);
  document.addEventListener("htmx:beforeRequest", function () {
    var notice = document.getElementById("request-failed");
    if (notice) { notice.hidden = true; }
  });
})();
