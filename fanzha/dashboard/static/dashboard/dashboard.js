// The situation dashboard's charts (ECharts, vendored). No inline scripts: the data comes from
// the <script type="application/json" id="dashboard-data"> block, and the wall refreshes it
// from data-refresh-url. Clicking a bar, point or slice opens the list behind it.
(function () {
  "use strict";
  var charts = {};
  var wall = document.body.classList.contains("wall");
  var text = wall ? "#e8f0ff" : "#1c2733";

  function note(el, message) {
    el.innerHTML = "";
    var div = document.createElement("div");
    div.className = "chart-note";
    div.textContent = message;
    el.appendChild(div);
  }

  function base(title) {
    return {
      title: { text: title, left: "center", textStyle: { fontSize: 14, color: text } },
      tooltip: { trigger: "axis" },
      legend: { top: 24, textStyle: { color: text }, type: "scroll" },
      grid: { left: 50, right: 30, top: 60, bottom: 40, containLabel: true },
      animation: false,
      textStyle: { color: text }
    };
  }

  function build(name, d, L) {
    var o;
    if (name === "trend") {
      o = base(d.title);
      o.xAxis = { type: "category", data: d.weeks };
      o.yAxis = { type: "value" };
      o.series = d.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, url: s.url };
      });
      return o;
    }
    if (name === "coverage") {
      o = base(d.title);
      o.xAxis = { type: "category", data: d.rows.map(function (r) { return r.office; }) };
      o.yAxis = { type: "value", max: 100, name: "%" };
      o.series = [{ name: L.coverage, type: "bar", data: d.rows.map(function (r) { return { value: r.percent, url: r.url }; }),
                    markLine: { symbol: "none", data: [{ yAxis: d.target, name: L.target }], label: { formatter: L.target + " {c}" } } }];
      if (d.pledges) {
        o.series.push({ name: L.pledge, type: "bar", data: d.rows.map(function (r) { return r.pledge_percent; }) });
      }
      return o;
    }
    if (name === "warnings") {
      o = base(d.title);
      o.xAxis = { type: "category", data: d.weeks };
      o.grid.top = 80;
      o.yAxis = [{ type: "value", name: L.warnings }, { type: "value", name: L.minutes }];
      o.series = [{ name: L.warnings, type: "bar", data: d.alerts, url: d.url },
                  { name: L.p50, type: "line", yAxisIndex: 1, data: d.p50, connectNulls: true },
                  { name: L.p90, type: "line", yAxisIndex: 1, data: d.p90, connectNulls: true }];
      return o;
    }
    if (name === "cases_by_type") {
      // Cases (bars) and losses (lines, right axis) per fraud type, last year against this year.
      o = base(d.title);
      o.xAxis = { type: "category", data: d.rows.map(function (r) { return r.label; }), axisLabel: { interval: 0, rotate: 30 } };
      o.grid.top = 80;
      o.yAxis = [{ type: "value", name: L.cases }, { type: "value", name: L.loss }];
      o.series = [];
      [["last_year", 0], ["this_year", 1]].forEach(function (pair) {
        var label = d.windows[pair[1]].label;
        o.series.push({ name: label + " " + L.cases, type: "bar",
                        data: d.rows.map(function (r) { return { value: r[pair[0]].count, url: r[pair[0]].url }; }) });
        o.series.push({ name: label + " " + L.loss, type: "line", yAxisIndex: 1,
                        data: d.rows.map(function (r) { return { value: r[pair[0]].loss, url: r[pair[0]].url }; }) });
      });
      return o;
    }
    if (name === "cases_by_unit") {
      o = base(d.title);
      o.xAxis = { type: "category", data: d.rows.map(function (r) { return r.unit; }), axisLabel: { interval: 0, rotate: 30 } };
      o.yAxis = { type: "value" };
      o.series = [
        { name: L.last_year + " " + d.years[0], type: "bar", data: d.rows.map(function (r) { return { value: r.last_year, url: r.url_last_year }; }) },
        { name: L.this_year + " " + d.years[1], type: "bar", data: d.rows.map(function (r) { return { value: r.this_year, url: r.url }; }) }
      ];
      return o;
    }
    if (name === "cases_by_grid") {
      o = base(d.title);
      var grids = d.rows.slice().reverse();
      o.grid.left = 120;
      o.yAxis = { type: "category", data: grids.map(function (r) { return r.grid; }) };
      o.xAxis = { type: "value" };
      o.series = [
        { name: L.last_year + " " + d.years[0], type: "bar", data: grids.map(function (r) { return { value: r.last_year, url: r.url_last_year }; }) },
        { name: L.this_year + " " + d.years[1], type: "bar", data: grids.map(function (r) { return { value: r.count, url: r.url }; }) }
      ];
      return o;
    }
    if (name === "riskiest") {
      o = base(d.title);
      var rows = d.rows.slice().reverse();
      o.grid.left = 120;
      o.yAxis = { type: "category", data: rows.map(function (r) { return r.grid; }) };
      o.xAxis = { type: "value" };
      o.series = [{ name: L.rate, type: "bar",
                    data: rows.map(function (r) { return { value: r.rate, url: r.url }; }) }];
      return o;
    }
    return null;
  }

  function draw(data) {
    var L = data.labels;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var name = el.getAttribute("data-chart");
      var d = data[name];
      if (!d || !d.available) { note(el, (d && d.title ? d.title + ": " : "") + L.unavailable); return; }
      var empty = (d.rows && d.rows.length === 0) || (d.series && d.series.length === 0);
      if (empty) { note(el, d.title + ": " + L.empty); return; }
      var option = build(name, d, L);
      if (!option) { return; }
      var chart = charts[name];
      if (!chart) {
        el.innerHTML = "";
        chart = charts[name] = window.echarts.init(el, null, { renderer: "canvas" });
        chart.on("click", function (p) {
          var url = (p.data && p.data.url) || (chart.getOption().series[p.seriesIndex] || {}).url;
          if (url) { window.location.href = url; }
        });
      }
      chart.setOption(option, true);
      el.setAttribute("data-drawn", "1");
    });
  }

  function start() {
    var holder = document.getElementById("dashboard-data");
    if (!holder || !window.echarts) { return; }
    draw(JSON.parse(holder.textContent));
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (k) { charts[k].resize(); });
    });
    var button = document.getElementById("wall-fullscreen");
    if (button) {
      button.addEventListener("click", function () {
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
      });
    }
    var url = document.body.getAttribute("data-refresh-url");
    if (url) {
      // The wall stays up for hours: refresh the picture every five minutes.
      setInterval(function () {
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
          .then(function (payload) { draw(payload.charts); });
      }, 300000);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
