/* Behaviour every page shares, loaded by base.html (the Content-Security-Policy allows no
   inline script and no on* attribute):
   - one open menu at a time; a click elsewhere closes it;
   - <select data-autosubmit> submits its form when changed;
   - <form data-no-submit> never submits (its controls drive a chart);
   - <input data-filter-rows="CSS selector"> hides the rows that do not contain what is typed;
     a row whose own input holds a value always stays;
   - every table sits in a .table-scroll box, so a wide table scrolls by itself on a phone
     instead of the whole page sliding sideways. */
(function () {
  "use strict";
  function boxTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("table-scroll")) { return; }
      var box = document.createElement("div");
      box.className = "table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boxTables);
  } else {
    boxTables();
  }
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (!d.contains(e.target)) { d.open = false; }
    });
  });
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("submit", function (e) {
    if (e.target.matches && e.target.matches("form[data-no-submit]")) { e.preventDefault(); }
  });
  document.addEventListener("input", function (e) {
    var el = e.target;
    if (!el.matches || !el.matches("input[data-filter-rows]")) { return; }
    var q = el.value.trim().toLowerCase();
    document.querySelectorAll(el.dataset.filterRows).forEach(function (tr) {
      var own = tr.querySelector("input");
      var typed = own !== null && own.value.trim() !== "";
      tr.hidden = q !== "" && !typed && !tr.textContent.toLowerCase().includes(q);
    });
  });
})();
