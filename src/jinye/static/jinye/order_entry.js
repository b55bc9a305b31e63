/* Order entry by hand (supply/order_entry.html): suggestions while typing a retailer or a SKU,
   and once a retailer is chosen its usual SKUs, this week's allowances and the month's total
   left, each with a button that puts the SKU on the next empty line.
   Progressive: without this script the form posts what was typed and the server resolves it.
   Every value from the server goes into the page through textContent, never as HTML. */
(function () {
  "use strict";
  var form = document.getElementById("order-form");
  if (form === null || !window.fetch) { return; }
  var texts = document.getElementById("entry-texts").dataset;
  var retailerBox = form.querySelector("input[name=retailer]");
  var retailerList = document.getElementById("retailer-suggestions");
  var panel = document.getElementById("retailer-panel");

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function getJSON(url, params) {
    var q = new URLSearchParams(params).toString();
    return fetch(url + "?" + q, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; });
  }

  // A list of suggestion buttons under a box; choose(item) is called with the picked one.
  function showSuggestions(list, items, label, choose) {
    list.replaceChildren();
    if (items === null) { list.hidden = true; return; }
    if (items.length === 0) {
      list.appendChild(el("li", texts.noMatch, "muted"));
    }
    items.forEach(function (item) {
      var li = el("li");
      var b = el("button", label(item), "suggestion");
      b.type = "button";
      b.addEventListener("click", function () { list.hidden = true; choose(item); });
      li.appendChild(b);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  function nextEmptyLine() {
    var boxes = form.querySelectorAll("input[name=sku]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].value.trim() === "") { return boxes[i]; }
    }
    return null;
  }

  function putSku(code, name) {
    var box = nextEmptyLine();
    if (box === null) { return; }
    box.value = code;
    noteSku(box, name);
    var qty = box.closest("tr").querySelector("input[name=quantity]");
    if (qty) { qty.focus(); }
  }

  function noteSku(box, name) {
    var cell = box.parentNode;
    var note = cell.querySelector(".sku-name");
    if (note === null) { note = el("div", "", "sku-name muted"); cell.appendChild(note); }
    note.textContent = name;
  }

  function section(title, rows) {
    var box = el("div", null, "entry-section");
    box.appendChild(el("h3", title));
    var ul = el("ul", null, "entry-skus");
    rows.forEach(function (row) {
      var li = el("li");
      li.appendChild(el("span", row.text));
      if (row.code) {
        var b = el("button", texts.add, "add-sku");
        b.type = "button";
        b.dataset.code = row.code;
        b.addEventListener("click", function () { putSku(row.code, row.name); });
        li.appendChild(b);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function showSupply(data) {
    panel.replaceChildren();
    if (data === null) { panel.hidden = true; return; }
    panel.appendChild(el("p", data.retailer.name + " (" + data.retailer.licence_no + ")", "chosen"));
    if (data.quota !== null) {
      panel.appendChild(el("p", data.month + " · " + texts.quota + " " + data.quota.left.toLocaleString()));
    }
    if (data.allowances.length) {
      panel.appendChild(section(texts.allowances, data.allowances.map(function (a) {
        return { code: a.left > 0 ? a.code : "", name: a.name, text: a.name + " · " + a.left + "/" + a.quantity };
      })));
    }
    if (data.usual.length) {
      panel.appendChild(section(texts.usual, data.usual.map(function (s) {
        return {
          code: s.closed ? "" : s.code,
          name: s.name,
          text: s.name + " · " + s.recent.toLocaleString() + (s.closed ? " · " + texts.closed : ""),
        };
      })));
    }
    panel.hidden = false;
  }

  function chooseRetailer(r) {
    retailerBox.value = r.licence_no;
    getJSON(form.dataset.retailerSupply, { licence: r.licence_no }).then(showSupply);
  }

  retailerBox.addEventListener("input", debounce(function () {
    var q = retailerBox.value.trim();
    if (q === "") { showSuggestions(retailerList, null); return; }
    getJSON(form.dataset.findRetailers, { q: q }).then(function (data) {
      if (retailerBox.value.trim() !== q) { return; }  // an older answer
      showSuggestions(retailerList, data && data.results, function (r) {
        var label = r.name + " · " + r.owner + " · " + r.licence_no;
        return r.open ? label : label + " · " + r.status + " · " + texts.notOpen;
      }, chooseRetailer);
    });
  }, 250));

  form.querySelectorAll("input[name=sku]").forEach(function (box) {
    var list = el("ul", null, "suggestions");
    list.hidden = true;
    box.parentNode.appendChild(list);
    box.addEventListener("input", debounce(function () {
      var q = box.value.trim();
      if (q === "") { showSuggestions(list, null); return; }
      getJSON(form.dataset.findSkus, { q: q }).then(function (data) {
        if (box.value.trim() !== q) { return; }
        showSuggestions(list, data && data.results, function (s) {
          return s.name + " · " + s.brand + " · " + s.code + " · ¥" + s.price;
        }, function (s) {
          box.value = s.code;
          noteSku(box, s.name);
          var qty = box.closest("tr").querySelector("input[name=quantity]");
          if (qty) { qty.focus(); }
        });
      });
    }, 250));
  });
})();
