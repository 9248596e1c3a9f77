// The desk's only script (the pages work without it): live handovers, and the print button.
"use strict";
(function () {
  var live = document.querySelector("[data-live]");
  if (live) {
    // Every 3 s the list is fetched again, unless a petugas is typing a reply.
    setInterval(function () {
      var typing = Array.prototype.some.call(live.querySelectorAll("textarea"), function (area) {
        return area.value !== "" || area === document.activeElement;
      });
      if (typing) { return; }
      fetch(live.getAttribute("data-live"), { credentials: "same-origin" }).then(function (response) {
        // A session that ended answers with the login page: show it instead of the list.
        if (response.redirected) { window.location.reload(); return null; }
        if (response.ok) { return response.text(); }
        return null;
      }).then(function (html) {
        if (html !== null && html !== live.innerHTML) { live.innerHTML = html; }
      }).catch(function () {});
    }, 3000);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
