/* Draws the export dashboard's charts (analytics/admin_views.py) with the
   vendored Chart.js, from the JSON the page carries (#analytics-charts).
   Right to left on Arabic pages: legends, tooltips and the x axis mirror. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("analytics-charts");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var locale = document.documentElement.lang || "en";
    var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    var palette = ["#417690", "#79aec8", "#e8a33d", "#5b8c5a", "#c0504d", "#8064a2",
                   "#4bacc6", "#f79646", "#9bbb59", "#7f7f7f", "#2c4d75", "#d99694"];

    function money(value) {
      return numbers.format(value) + " MAD";
    }

    document.querySelectorAll("canvas[data-table]").forEach(function (canvas) {
      var table = data.tables[canvas.dataset.table];
      if (!table) {
        return;
      }
      var current = table.current.map(Number);
      var previous = table.previous.map(Number);
      var round = table.kind === "doughnut";
      var datasets = round
        ? [{ label: data.series.current, data: current, backgroundColor: palette }]
        : [
            { label: data.series.current, data: current, backgroundColor: "#417690", borderColor: "#417690" },
            { label: data.series.previous, data: previous, backgroundColor: "#c9dbe6", borderColor: "#9bb8ca" },
          ];
      var options = {
        responsive: true,
        maintainAspectRatio: false,
        locale: locale,
        animation: false,
        plugins: {
          legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr", position: round ? "right" : "top" },
          tooltip: {
            rtl: rtl,
            textDirection: rtl ? "rtl" : "ltr",
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + money(item.raw);
              },
            },
          },
        },
      };
      if (!round) {
        options.scales = {
          x: { reverse: rtl },
          y: { position: rtl ? "right" : "left", beginAtZero: true, ticks: { callback: function (v) { return numbers.format(v); } } },
        };
      }
      new Chart(canvas, { type: table.kind, data: { labels: table.labels, datasets: datasets }, options: options });
      canvas.dataset.drawn = String(current.length);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
