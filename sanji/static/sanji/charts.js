// Draw each dashboard chart from the JSON beside it (ECharts, served from our own static files).
// A chart is a picture of the table under it; the table stays the way to read the numbers.
(function () {
  "use strict";
  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (box) {
      if (box.dataset.drawn) return;
      var source = document.getElementById(box.dataset.chart);
      if (!source) return;
      var chart = echarts.init(box, null, { renderer: "svg" });
      chart.setOption(JSON.parse(source.textContent));
      box.dataset.drawn = "1";
      if (box.dataset.links) {
        var links = JSON.parse(document.getElementById(box.dataset.links).textContent);
        chart.on("click", function (event) {
          var link = links[event.dataIndex];
          if (link) window.location.href = link;
        });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  // A printed page shows the tables too: open them before printing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.open = true; });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
})();
