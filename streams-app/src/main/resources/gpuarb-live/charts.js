// The live page's charts, drawn with uPlot (served from the class path): each route's price over time
// with its switches marked, and one GPU product's cheapest price per region over its recent spread
// windows. Data come from the same event stream as the tables; every label is set as text.
(function () {
  'use strict';

  const PALETTE = ['#2c5aa0', '#1f8a4c', '#c0392b', '#b35900', '#7d3c98', '#117a8b', '#8a6d00', '#5d6d7e'];
  const trailCharts = new Map();
  let historyChart = null;
  let historyKey = null;

  function seconds(iso) {
    const t = new Date(iso).getTime();
    return isNaN(t) ? null : t / 1000;
  }

  function frame(container, key, title) {
    const box = document.createElement('figure');
    box.className = 'chart';
    box.dataset.key = key;
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    box.append(caption);
    container.append(box);
    return box;
  }

  // A route's trail as uPlot data: the price as a step line (a gap while NO_ROUTE), and the switches
  // as marks on a second series that is empty elsewhere. The last price holds until `until` (the
  // newest decision of any route, so that every chart ends at the same moment).
  function trailData(trail, until) {
    const points = trail.points || [];
    const xs = [], prices = [], switches = [];
    points.forEach(function (p) {
      const x = seconds(p.at);
      if (x === null) return;
      xs.push(x);
      const price = typeof p.price === 'number' ? p.price : null;
      prices.push(price);
      switches.push(p.switched ? (price === null ? 0 : price) : null);
    });
    if (xs.length && until > xs[xs.length - 1]) {
      xs.push(until);
      prices.push(prices[prices.length - 1]);
      switches.push(null);
    }
    return [xs, prices, switches];
  }

  function newestDecision(trails) {
    let newest = null;
    trails.forEach(function (trail) {
      (trail.points || []).forEach(function (p) {
        const x = seconds(p.at);
        if (x !== null && (newest === null || x > newest)) newest = x;
      });
    });
    return newest;
  }

  // One moment on the x axis would give an empty range: show five minutes either side.
  function timeRange(u, min, max) {
    return min === max ? [min - 300, max + 300] : [min, max];
  }

  function trailOptions(trail, width) {
    return {
      width: width, height: 170, legend: { show: false },
      scales: { x: { time: true, range: timeRange } },
      axes: [{}, { size: 60 }],
      series: [
        {},
        { label: trail.priceUnit || 'price', stroke: PALETTE[0], width: 2, paths: uPlot.paths.stepped({ align: 1 }),
          points: { show: false } },
        { label: 'switch', stroke: PALETTE[2], fill: PALETTE[2], width: 0, paths: function () { return null; },
          points: { show: true, size: 9 } }
      ]
    };
  }

  function renderTrails(container, trails) {
    const keys = Array.from(trails.keys()).sort();
    const until = newestDecision(trails);
    trailCharts.forEach(function (chart, key) {
      if (!trails.has(key)) { chart.plot.destroy(); chart.box.remove(); trailCharts.delete(key); }
    });
    keys.forEach(function (key) {
      const trail = trails.get(key);
      const data = trailData(trail, until);
      let chart = trailCharts.get(key);
      if (!chart) {
        const box = frame(container, key, key + ' (' + (trail.priceUnit || '') + ')');
        chart = { box: box, plot: new uPlot(trailOptions(trail, 420), data, box) };
        trailCharts.set(key, chart);
      } else {
        chart.plot.setData(data);
      }
      chart.box.dataset.points = String((trail.points || []).length);
      chart.box.dataset.switches = String(data[2].filter(function (v) { return v !== null; }).length);
    });
    // Keep the figures in key order whatever order they arrived in.
    keys.forEach(function (key) { container.append(trailCharts.get(key).box); });
  }

  // Regions ranked by their price in the newest window, then any others seen: one line each.
  function historyData(history) {
    const windows = history.windows || [];
    const regions = [];
    const newest = windows.length ? windows[windows.length - 1].regions || [] : [];
    newest.forEach(function (r) { if (regions.indexOf(r.region) < 0) regions.push(r.region); });
    windows.forEach(function (w) {
      (w.regions || []).forEach(function (r) { if (regions.indexOf(r.region) < 0) regions.push(r.region); });
    });
    const xs = windows.map(function (w) { return seconds(w.end); });
    const lines = regions.map(function (region) {
      return windows.map(function (w) {
        const hit = (w.regions || []).find(function (r) { return r.region === region; });
        return hit ? hit.price : null;
      });
    });
    return { regions: regions, data: [xs].concat(lines) };
  }

  function label(key, history) {
    return history.product + ' · ' + (history.pricingModel || history.kind);
  }

  function renderHistory(container, select, histories) {
    const keys = Array.from(histories.keys()).sort();
    // The product list follows the data; the choice stays unless its product went away.
    const options = keys.map(function (key) {
      const option = document.createElement('option');
      option.value = key;
      option.textContent = label(key, histories.get(key));
      return option;
    });
    if (!histories.has(historyKey)) historyKey = keys.length ? keys[0] : null;
    select.replaceChildren.apply(select, options);
    select.value = historyKey || '';
    select.hidden = keys.length === 0;
    if (historyChart) { historyChart.plot.destroy(); historyChart.box.remove(); historyChart = null; }
    if (!historyKey) return;
    const history = histories.get(historyKey);
    const shaped = historyData(history);
    const box = frame(container, historyKey, label(historyKey, history) + ', cheapest ' + (history.priceUnit || '') + ' per region');
    const series = [{}].concat(shaped.regions.map(function (region, i) {
      return { label: region, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: false, points: { show: true, size: 4 } };
    }));
    const plot = new uPlot({ width: 860, height: 240, scales: { x: { time: true, range: timeRange } }, axes: [{}, { size: 60 }], series: series },
      shaped.data, box);
    box.dataset.series = shaped.regions.join(',');
    box.dataset.windows = String(shaped.data[0].length);
    historyChart = { box: box, plot: plot };
  }

  window.GpuarbCharts = {
    trails: renderTrails,
    history: renderHistory,
    choose: function (key) { historyKey = key; }
  };
}());
