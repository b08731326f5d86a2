// The menu button of the top bar: on a narrow screen the navigation and the language switch
// fold behind it. Without this script the button is hidden and the menu stays open.
(function () {
  "use strict";
  function init() {
    var toggle = document.getElementById("nav-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) { return; }
    document.documentElement.classList.add("nav-js");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
