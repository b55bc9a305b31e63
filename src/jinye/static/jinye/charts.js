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
      return { series: [{ type: "gauge", min: 0, max: Math.max(100, Math.ceil(v)),
        progress: { show: true }, detail: { formatter: "{value}%", fontSize: 18 },
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
    radar: function (d) {
      return {
        tooltip: {},
        radar: { indicator: d.map(function (r) { return { name: r[0], max: 100 }; }) },
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
      chart.setOption({
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
      }, true);
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
        chart.setOption(option);
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
