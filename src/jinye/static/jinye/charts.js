/* Draws every ECharts chart of a page; loaded by base.html on every page, and the only place
   charts are built (the Content-Security-Policy allows no inline script).

   A chart is an element with data-chart="<builder>" and data-source="<id of a json_script
   element>"; its translated labels come from its own data-* attributes. ECharts itself
   (served from our static files, never a CDN) is loaded only on pages that have a chart.

   Names (retailers, staff, SKUs) are data typed by people: a tooltip is HTML, so every value
   a formatter returns goes through esc(). ECharts' own default tooltips escape their values;
   axis labels, legends and titles are drawn on the canvas and cannot run anything. */
(function () {
  "use strict";
  if (window.JinyeCharts) { return; }
  var script = document.currentScript;

  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function data(el) {
    var src = document.getElementById(el.dataset.source);
    return src ? JSON.parse(src.textContent) : null;
  }
  function pick(rows, i) { return rows.map(function (r) { return r[i]; }); }
  var GOLD = "#b8860b", GREEN = "#14321f";

  var builders = {
    weekly: function (d) {
      return {
        tooltip: { trigger: "axis" },
        legend: { data: [d.labels.cases, d.labels.revenue] },
        grid: { left: 60, right: 80, bottom: 40 },
        xAxis: { type: "category", data: d.weeks },
        yAxis: [
          { type: "value", name: d.labels.cases },
          { type: "value", name: d.labels.revenue, splitLine: { show: false } }
        ],
        series: [
          { name: d.labels.cases, type: "bar", data: d.cases, itemStyle: { color: GOLD } },
          { name: d.labels.revenue, type: "line", yAxisIndex: 1, data: d.revenue,
            itemStyle: { color: GREEN } }
        ]
      };
    },
    structure: function (d) {
      return {
        tooltip: { trigger: "item", formatter: function (p) {
          return esc(p.name) + ": " + esc(p.value) + " (" + esc(p.percent) + "%)";
        } },
        series: [{ type: "pie", radius: ["35%", "65%"],
                   data: d.structure.filter(function (x) { return x.value > 0; }),
                   label: { formatter: "{b}\n{d}%", lineHeight: 16 } }]
      };
    },
    cartons: function (d) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 60, right: 30, bottom: 40 },
        xAxis: { type: "category", data: d.weeks },
        yAxis: { type: "value", name: d.labels.cartons },
        series: [{ name: d.labels.cartons, type: "bar", data: d.cartons,
                   itemStyle: { color: GOLD } }]
      };
    },
    // ratings/distribution.html: tiers [[tier, count]], stars [[code, label, count]].
    tiers: function (d, el) {
      return countBars(pick(d, 0), pick(d, 1), el.dataset.xName, el.dataset.yName);
    },
    stars: function (d, el) {
      return countBars(pick(d, 1), pick(d, 2), "", el.dataset.yName);
    },
    ratingTrend: function (d) {
      return {
        tooltip: { trigger: "axis" }, legend: {},
        grid: { left: 50, right: 50, top: 40, bottom: 30 },
        xAxis: { type: "category", data: d.quarters },
        yAxis: [{ type: "value", name: d.tier_label, min: 1 },
                { type: "value", name: d.total_label, min: 0, max: 100 }],
        series: [
          { name: d.tier_label, type: "line", data: d.tiers },
          { name: d.total_label, type: "line", yAxisIndex: 1, data: d.totals }
        ]
      };
    },
    // reports/report.html: one json object holding every chart, keyed by data-key.
    report: function (all, el) {
      var c = all[el.dataset.key];
      if (!c) { return null; }
      var names = Object.keys(c.series);
      if (c.kind === "pie") {
        return { title: { text: c.title }, tooltip: { trigger: "item" },
          series: [{ type: "pie", radius: "60%", data: c.categories.map(function (n, i) {
            return { name: n, value: c.series[names[0]][i] }; }) }] };
      }
      return { title: { text: c.title }, tooltip: { trigger: "axis" }, legend: { top: 24 },
        grid: { left: 50, right: 20, top: 60, bottom: 60 },
        xAxis: { type: "category", data: c.categories, axisLabel: { rotate: 30 } },
        yAxis: { type: "value" },
        series: names.map(function (n) { return { name: n, type: "bar", data: c.series[n] }; }) };
    },
    // reports/dashboard_targets.html: the completion gauge reads data-value.
    gauge: function (d, el) {
      var v = parseFloat(el.dataset.value);
      if (isNaN(v)) { el.textContent = "—"; return null; }
      // The value sits below the dial's open bottom, clear of the tick labels.
      return { series: [{ type: "gauge", min: 0, max: Math.max(100, Math.ceil(v)),
        startAngle: 200, endAngle: -20, center: ["50%", "58%"], radius: "88%", splitNumber: 4,
        progress: { show: true, width: 10 }, axisLine: { lineStyle: { width: 10 } },
        axisTick: { show: false }, splitLine: { length: 6, distance: 2 },
        axisLabel: { distance: 12, fontSize: 10, color: "#6b7785" },
        pointer: { width: 4, length: "55%" }, anchor: { show: true, size: 8 },
        detail: { formatter: "{value}%", fontSize: 18, offsetCenter: [0, "62%"] },
        data: [{ value: v }] }] };
    },
    accuracy: function (d, el) {
      return {
        tooltip: { trigger: "axis" }, legend: {},
        grid: { left: 50, right: 20, top: 40, bottom: 60 },
        xAxis: { type: "category", data: d.labels,
                 axisLabel: { rotate: d.labels.length > 8 ? 30 : 0 } },
        yAxis: { type: "value", name: "%", min: 0, max: 100 },
        series: [
          { name: el.dataset.collected, type: el.dataset.type, data: d.collected,
            connectNulls: true },
          { name: el.dataset.statistical, type: el.dataset.type, data: d.statistical,
            connectNulls: true }
        ]
      };
    },
    forecastTrend: function (d, el) {
      return {
        tooltip: { trigger: "axis" }, legend: {},
        grid: { left: 50, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: d.months },
        yAxis: { type: "value", name: el.dataset.yName, min: 0 },
        series: [
          { name: d.names.actual, type: "bar", data: d.actual },
          { name: d.names.collected, type: "line", data: d.collected, connectNulls: true },
          { name: d.names.statistical, type: "line", data: d.statistical, connectNulls: true }
        ]
      };
    },
    // supply/run.html: [{tier, requested, allocated}].
    allocation: function (d, el) {
      function field(k) { return d.map(function (r) { return r[k]; }); }
      return {
        tooltip: { trigger: "axis" }, legend: {},
        grid: { left: 50, right: 20, top: 40, bottom: 40 },
        xAxis: { type: "category", data: field("tier"), name: el.dataset.xName },
        yAxis: { type: "value", name: el.dataset.yName, minInterval: 1 },
        series: [
          { name: el.dataset.requested, type: "bar", data: field("requested"),
            itemStyle: { color: "#c9c9c9" } },
          { name: el.dataset.allocated, type: "bar", data: field("allocated"),
            itemStyle: { color: GOLD } }
        ]
      };
    },
    coverage: function (d, el) {
      return {
        tooltip: { trigger: "axis" }, legend: {},
        grid: { left: 50, right: 20, top: 40, bottom: 60 },
        xAxis: { type: "category", data: d.names, axisLabel: { rotate: 30 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: el.dataset.planned, type: "bar", data: d.planned, itemStyle: { color: "#9fb3a6" } },
          { name: el.dataset.done, type: "bar", data: d.done, itemStyle: { color: GREEN } },
          { name: el.dataset.visits, type: "bar", data: d.visits, itemStyle: { color: GOLD } }
        ]
      };
    },
    // people/kpis.html: [[name, value]] bars up to 100.
    ranking: function (d, el) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 60, right: 20, top: 30, bottom: 70 },
        xAxis: { type: "category", data: pick(d, 0), axisLabel: { rotate: 30 } },
        yAxis: { type: "value", name: el.dataset.yName, max: 100 },
        series: [{ type: "bar", data: pick(d, 1), itemStyle: { color: GOLD } }]
      };
    },
    // people/kpi_manager.html
    radar: function (d, el) {
      var narrow = el.clientWidth < NARROW;
      return {
        tooltip: {},
        radar: { indicator: d.map(function (r) { return { name: r[0], max: 100 }; }),
                 radius: narrow ? "50%" : "65%", center: ["50%", "52%"],
                 axisName: { color: "#1f2933", fontSize: narrow ? 11 : 12,
                             formatter: function (name) { return wrap(name, narrow ? 6 : 10); } } },
        series: [{ type: "radar", itemStyle: { color: GOLD },
                   data: [{ value: d.map(function (r) { return r[1] === null ? 0 : r[1]; }) }] }]
      };
    },
    history: function (d) {
      return {
        tooltip: { trigger: "axis" }, grid: { left: 50, right: 20, top: 30, bottom: 40 },
        xAxis: { type: "category", data: pick(d, 0) },
        yAxis: { type: "value", max: 100 },
        series: [{ type: "line", data: pick(d, 1), itemStyle: { color: GREEN } }]
      };
    }
  };

  // Below this width (a phone) charts shrink their pies and radars and wrap their labels.
  var NARROW = 560;

  function list(x) { return x ? (Array.isArray(x) ? x : [x]) : []; }

  // ``text`` in lines of about ``n`` characters (Chinese) or words (English).
  function wrap(text, n) {
    text = String(text);
    if (text.indexOf(" ") < 0) {
      return text.length <= n + 1 ? text : text.match(new RegExp(".{1," + n + "}", "g")).join("\n");
    }
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > 2 * n) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    lines.push(line);
    return lines.join("\n");
  }

  // Nothing a chart draws may fall outside its box (clipped on a phone): axis labels count
  // in the grid (containLabel), a y axis name is aligned to its own side instead of centred
  // on the axis line, an x axis name sits under the middle of its axis, category labels thin
  // out, legends scroll on one line, and pie labels wrap and shrink the pie on a phone.
  function fit(option, el) {
    var narrow = el.clientWidth < NARROW;
    var cartesian = list(option.xAxis).length > 0;
    var titleLines = 0;
    list(option.title).forEach(function (t) {
      t.text = wrap(t.text || "", Math.max(8, Math.floor(el.clientWidth / 17)));
      t.textStyle = Object.assign({ fontSize: narrow ? 13 : 16 }, t.textStyle);
      titleLines = Math.max(titleLines, t.text.split("\n").length);
    });
    if (cartesian) {
      var named = list(option.yAxis).some(function (a) { return a.name; });
      var legend = option.legend ? 24 : 0;
      if (!option.grid) { option.grid = {}; }
      list(option.grid).forEach(function (g) {
        g.containLabel = true;
        g.left = 12; g.right = 16;
        g.top = Math.max(g.top || 0, (named ? 30 : 12) + legend + 20 * titleLines);
      });
      list(option.yAxis).forEach(function (a, i) {
        if (!a.name) { return; }
        var right = a.position === "right" || i > 0;
        a.nameTextStyle = Object.assign({ align: right ? "right" : "left" }, a.nameTextStyle);
      });
      list(option.xAxis).forEach(function (a) {
        a.axisLabel = Object.assign({ hideOverlap: true }, a.axisLabel);
        if (narrow && a.axisLabel.rotate) {
          a.axisLabel = Object.assign(a.axisLabel, { width: 72, overflow: "truncate" });
        }
        if (!a.name) { return; }
        var under = a.axisLabel.rotate ? 56 : 28;
        a.nameLocation = "middle"; a.nameGap = under;
        list(option.grid).forEach(function (g) { g.bottom = Math.max(g.bottom || 0, 24); });
      });
    }
    list(option.legend).forEach(function (l) {
      if (narrow) { l.type = "scroll"; }
      if (titleLines) { l.top = 20 * titleLines + 4; }
    });
    list(option.series).forEach(function (series) {
      if (series.type !== "pie") { return; }
      series.avoidLabelOverlap = true;
      series.labelLayout = { hideOverlap: true };
      series.label = Object.assign({ width: Math.round(el.clientWidth * (narrow ? 0.24 : 0.18)),
                                     overflow: "break" }, series.label);
      series.labelLine = Object.assign({ length: 8, length2: 6 }, series.labelLine);
      if (narrow) {
        series.radius = Array.isArray(series.radius) ? ["28%", "50%"] : "48%";
      }
      if (titleLines) { series.center = ["50%", (50 + 4 * titleLines) + "%"]; }
    });
    return option;
  }

  function countBars(names, values, xName, yName) {
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: names, name: xName || "" },
      yAxis: { type: "value", name: yName || "", minInterval: 1 },
      series: [{ type: "bar", data: values, itemStyle: { color: GOLD } }]
    };
  }

  // visits/plan.html: a day's route; the day is chosen in the select named by data-day-select.
  function route(el, d) {
    var chart = echarts.init(el), base = el.dataset.base;
    function show(i) {
      var day = d.days[i] || { points: [] };
      var path = d.base ? [d.base].concat(day.points.map(function (p) { return [p[0], p[1]]; }),
                                          [d.base]) : [];
      chart.setOption(fit({
        tooltip: { formatter: function (p) { return esc(p.data[2] || base); } },
        grid: { left: 60, right: 20, top: 20, bottom: 40 },
        xAxis: { type: "value", scale: true, name: el.dataset.xName },
        yAxis: { type: "value", scale: true, name: el.dataset.yName },
        series: [
          { type: "line", data: path, symbol: "none", lineStyle: { color: GREEN } },
          { type: "scatter", data: day.points, symbolSize: 9, itemStyle: { color: GOLD },
            label: { show: true, position: "top",
                     formatter: function (p) { return String(p.dataIndex + 1); } } },
          { type: "scatter", data: d.base ? [[d.base[0], d.base[1], base]] : [],
            symbol: "diamond", symbolSize: 14, itemStyle: { color: "#c0392b" } }
        ]
      }, el), true);
    }
    var select = document.getElementById(el.dataset.daySelect);
    if (select) { select.addEventListener("change", function () { show(+select.value); }); }
    show(0);
    return chart;
  }

  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) { return; }
      el.dataset.drawn = "1";
      var d = el.dataset.source ? data(el) : null, chart;
      if (el.dataset.chart === "route") {
        if (d) { chart = route(el, d); }
      } else {
        var build = builders[el.dataset.chart];
        var option = build && (d || !el.dataset.source) ? build(d, el) : null;
        if (!option) { return; }
        chart = echarts.init(el);
        chart.setOption(fit(option, el));
      }
      if (chart) { window.addEventListener("resize", function () { chart.resize(); }); }
    });
  }

  function start() {
    if (!document.querySelector("[data-chart]")) { return; }
    if (window.echarts) { draw(); return; }
    var lib = document.createElement("script");
    lib.src = script.dataset.echarts;
    lib.onload = draw;
    document.head.appendChild(lib);
  }

  window.JinyeCharts = { escape: esc, draw: draw };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
