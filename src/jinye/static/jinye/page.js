/* Behaviour every page shares, loaded by base.html (the Content-Security-Policy allows no
   inline script and no on* attribute):
   - one open menu at a time; a click elsewhere closes it;
   - <select data-autosubmit> submits its form when changed;
   - <form data-no-submit> never submits (its controls drive a chart);
   - <input data-filter-rows="CSS selector"> hides the rows that do not contain what is typed;
     a row whose own input holds a value always stays. */
(function () {
  "use strict";
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
