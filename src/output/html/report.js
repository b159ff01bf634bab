// Filters, text search, expandable learning cards and copy buttons. No network, no libraries.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (r) {
    return r.classList.contains("f");
  });
  var selects = Array.prototype.slice.call(document.querySelectorAll(".filters select"));
  var search = document.getElementById("f-text");
  var shown = document.getElementById("shown");
  var texts = null;

  function matches(row, key, value) {
    if (key === "fw") return (" " + row.dataset.fw + " ").indexOf(" " + value + " ") >= 0;
    return row.dataset[key] === value;
  }

  function apply() {
    var wanted = selects.filter(function (s) { return s.value; });
    var query = search.value.trim().toLowerCase();
    if (query && !texts) texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    var count = 0;
    rows.forEach(function (row, i) {
      var visible = wanted.every(function (s) { return matches(row, s.dataset.key, s.value); }) &&
        (!query || texts[i].indexOf(query) >= 0);
      row.hidden = !visible;
      var next = row.nextElementSibling;
      if (next && next.classList.contains("card-row")) {
        next.hidden = !visible || row.querySelector("button.more").getAttribute("aria-expanded") !== "true";
      }
      if (visible) count++;
    });
    shown.textContent = count + " of " + rows.length + " findings shown";
    var state = new URLSearchParams();
    wanted.forEach(function (s) { state.set(s.dataset.key, s.value); });
    if (query) state.set("q", query);
    var hash = state.toString();
    if (history.replaceState) history.replaceState(null, "", hash ? "#" + hash : location.pathname);
  }

  // A link such as report.html#status=FAIL&service=s3 opens with those filters applied.
  function restore() {
    var state = new URLSearchParams(location.hash.replace(/^#/, ""));
    selects.forEach(function (s) {
      var value = state.get(s.dataset.key);
      if (value !== null && Array.prototype.some.call(s.options, function (o) { return o.value === value; })) s.value = value;
    });
    if (state.get("q")) search.value = state.get("q");
  }

  var timer = 0;
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  document.getElementById("filters").addEventListener("reset", function () { setTimeout(apply, 0); });

  table.addEventListener("click", function (event) {
    var button = event.target.closest("button.more");
    if (!button) return;
    var row = button.closest("tr");
    var next = row.nextElementSibling;
    var open = button.getAttribute("aria-expanded") !== "true";
    if (open && !(next && next.classList.contains("card-row"))) {
      var card = document.getElementById("card-" + row.dataset.check);
      next = document.createElement("tr");
      next.className = "card-row";
      var cell = next.insertCell();
      cell.colSpan = row.cells.length;
      if (card) {
        var copy = card.cloneNode(true);
        copy.removeAttribute("id");
        cell.appendChild(copy);
      }
      row.parentNode.insertBefore(next, row.nextSibling);
    }
    if (next && next.classList.contains("card-row")) next.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "\u2212" : "+";
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) return;
    var text = button.parentNode.querySelector("code").textContent;
    function done(message) { button.textContent = message; setTimeout(function () { button.textContent = "Copy"; }, 1500); }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      area.remove();
      done(copied ? "Copied" : "Select and copy");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done("Copied"); }, fallback);
    } else {
      fallback();
    }
  });

  // A service on the responsibility diagram shows its findings.
  document.getElementById("responsibility").addEventListener("click", function (event) {
    var button = event.target.closest("button.svc");
    if (!button) return;
    document.getElementById("f-service").value = button.dataset.filter;
    apply();
    document.getElementById("findings").scrollIntoView();
  });

  restore();
  apply();
})();
