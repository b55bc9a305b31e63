/* Draws the ECharts charts of a page: every element with data-chart="weekly|structure|cartons"
   reads its figures from the json_script element named by data-source. Works offline. */
(function () {
  "use strict";
  function data(el) {
    var src = document.getElementById(el.dataset.source);
    return src ? JSON.parse(src.textContent) : null;
  }
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
          { name: d.labels.cases, type: "bar", data: d.cases, itemStyle: { color: "#b8860b" } },
          { name: d.labels.revenue, type: "line", yAxisIndex: 1, data: d.revenue,
            itemStyle: { color: "#14321f" } }
        ]
      };
    },
    structure: function (d) {
      return {
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
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
                   itemStyle: { color: "#b8860b" } }]
      };
    }
  };
  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var d = data(el), build = builders[el.dataset.chart];
      if (!d || !build) { return; }
      var chart = echarts.init(el);
      chart.setOption(build(d));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
