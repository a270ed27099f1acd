/* riwaya report: open a claim's evidence. Plain links (href="#ev-…") work
   without this script; it adds opening the closed <details>, highlighting
   every piece of a span that was cut where spans cross, and opening all
   documents for printing. No data is read from the page other than ids. */
(function () {
  "use strict";
  function show(id, focus) {
    var mark = document.getElementById(id);
    if (!mark || mark.tagName !== "MARK") { return false; }
    var box = mark.closest("details");
    if (box) { box.open = true; }
    var old = document.querySelectorAll("mark.active");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("active"); }
    var pieces = document.querySelectorAll("mark[data-ev]");
    for (var j = 0; j < pieces.length; j++) {
      if (pieces[j].getAttribute("data-ev") === id) { pieces[j].classList.add("active"); }
    }
    mark.scrollIntoView({ block: "center" });
    if (focus) { mark.focus({ preventScroll: true }); }
    return true;
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.ev") : null;
    if (!a) { return; }
    var id = (a.getAttribute("href") || "").slice(1);
    if (show(id, true)) {
      e.preventDefault();
      if (history.pushState) { history.pushState(null, "", "#" + id); }
    }
  });
  function fromHash() {
    if (location.hash.length > 1) { show(decodeURIComponent(location.hash.slice(1)), false); }
  }
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("popstate", fromHash);
  fromHash();
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) { closed[i].open = true; reopened.push(closed[i]); }
  });
  window.addEventListener("afterprint", function () {
    while (reopened.length) { reopened.pop().open = false; }
  });
})();
