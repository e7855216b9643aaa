// The live page: follows /events (server-sent events) and renders routes, sources, spreads and bids as
// tables, route trails and spread history as charts (charts.js).
// Every value goes into the DOM as text (textContent), never as markup.
(function () {
  'use strict';

  const sections = { routes: new Map(), sources: new Map(), spreads: new Map(), bids: new Map(),
    trails: new Map(), history: new Map() };
  const renderers = { routes: routeRow, sources: sourceRow, spreads: spreadRow, bids: bidRow };
  // Sections drawn as charts (charts.js) rather than table rows.
  const charts = {
    trails: function () { window.GpuarbCharts.trails(document.getElementById('trails'), sections.trails); },
    history: function () {
      window.GpuarbCharts.history(document.getElementById('history'), document.getElementById('history-product'), sections.history);
    }
  };

  function text(tag, value, className) {
    const el = document.createElement(tag);
    el.textContent = value === null || value === undefined ? '' : String(value);
    if (className) el.className = className;
    return el;
  }

  function num(value, digits) {
    return typeof value === 'number' && isFinite(value) ? value.toFixed(digits) : '';
  }

  function when(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function routeRow(r) {
    const chosen = r.chosen || {};
    const endpoint = chosen.endpoint || {};
    const tr = document.createElement('tr');
    tr.append(
      text('td', r.routeId, 'route-id'),
      text('td', r.status, r.status),
      text('td', endpoint.provider, 'provider'),
      text('td', endpoint.region, 'region'),
      text('td', [endpoint.product, endpoint.pricingModel].filter(Boolean).join(' · ')),
      text('td', chosen.effectivePrice === undefined ? '' : num(chosen.effectivePrice, 4) + ' ' + (r.priceUnit || ''), 'num'),
      text('td', typeof r.savingPct === 'number' ? num(r.savingPct, 1) + ' %' : '', 'num'),
      text('td', when(r.decidedAt)),
      text('td', r.reason, 'reason'));
    return tr;
  }

  function age(iso) {
    const t = iso ? new Date(iso).getTime() : NaN;
    if (isNaN(t)) return '';
    const s = Math.max(0, Math.round((Date.now() - t) / 1000));
    return s < 120 ? s + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : Math.round(s / 3600) + ' h';
  }

  function sourceRow(s) {
    const tr = document.createElement('tr');
    tr.append(
      text('td', s.source),
      text('td', (s.kinds || []).join(', ')),
      text('td', s.live + ' of ' + s.offers, 'num'),
      text('td', s.withdrawn, 'num'),
      text('td', s.expired, 'num'),
      text('td', when(s.newestObservedAt)),
      text('td', age(s.newestObservedAt), 'num age'));
    return tr;
  }

  function cheapestRegions(spread) {
    // Per region its lowest price, cheapest first: where to buy this GPU now.
    const best = new Map();
    (spread.regions || []).forEach(function (s) {
      const seen = best.get(s.region);
      if (!seen || s.minPrice < seen.minPrice) best.set(s.region, s);
    });
    return Array.from(best.values()).sort(function (a, b) { return a.minPrice - b.minPrice; }).slice(0, 3);
  }

  function spreadRow(s) {
    const tr = document.createElement('tr');
    const regions = document.createElement('td');
    regions.className = 'regions';
    cheapestRegions(s).forEach(function (r) {
      regions.append(text('span', r.region + ' (' + r.provider + ') ' + num(r.minPrice, 3)));
    });
    tr.append(
      text('td', s.product),
      text('td', s.pricingModel || s.kind),
      regions,
      text('td', s.dearestRegion + ' (' + s.dearestProvider + ') ' + num(s.dearestPrice, 3)),
      text('td', num(s.spreadPct, 1) + ' %', 'num'),
      text('td', when(s.windowEnd)));
    return tr;
  }

  function bidRow(b) {
    const tr = document.createElement('tr');
    tr.append(
      text('td', b.provider),
      text('td', b.region + (b.zone ? ' / ' + b.zone : '')),
      text('td', b.instanceType),
      text('td', b.gpuModel),
      text('td', num(b.spotUsdPerHour, 3), 'num'),
      text('td', num(b.recommendedMaxBidUsdPerHour, 3), 'num'),
      text('td', num(b.onDemandUsdPerHour, 3), 'num'),
      text('td', b.action, b.action),
      text('td', b.reason, 'reason'),
      text('td', when(b.at)));
    return tr;
  }

  function render(name, changed) {
    if (charts[name]) {
      charts[name]();
      document.querySelector('[data-empty-for="' + name + '"]').hidden = sections[name].size > 0;
      return;
    }
    const body = document.querySelector('#' + name + ' tbody');
    const rows = Array.from(sections[name].entries()).sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; })
      .map(function (entry) {
        const tr = renderers[name](entry[1]);
        tr.dataset.key = entry[0];
        if (changed.has(entry[0])) tr.classList.add('changed');
        return tr;
      });
    body.replaceChildren.apply(body, rows);
    document.querySelector('[data-empty-for="' + name + '"]').hidden = rows.length > 0;
  }

  function status(body) {
    document.getElementById('streams-state').textContent = body.state ? 'Kafka Streams ' + body.state : '';
    document.getElementById('updated').textContent = body.at ? 'updated ' + when(body.at) : '';
    const problem = document.getElementById('problem');
    problem.textContent = body.problem ? 'State not readable now: ' + body.problem : '';
    problem.hidden = !body.problem;
  }

  function apply(body, reset) {
    status(body);
    Object.keys(sections).forEach(function (name) {
      const change = body[name];
      if (reset) sections[name].clear();
      if (!change) { if (reset) render(name, new Set()); return; }
      const changed = new Set();
      (change.remove || []).forEach(function (key) { sections[name].delete(key); });
      (change.upsert || []).forEach(function (item) {
        sections[name].set(item.key, item.value);
        if (!reset) changed.add(item.key);
      });
      render(name, changed);
    });
  }

  function connect() {
    if (new URLSearchParams(window.location.search).has('token')) {
      // The server has set a cookie with the token; keep it out of the address bar and history.
      window.history.replaceState(null, '', window.location.pathname);
    }
    // The cookie carries the token: EventSource reconnects to this URL, which names no token.
    const source = new EventSource('/events');
    const connection = document.getElementById('connection');
    source.addEventListener('open', function () { connection.textContent = 'live'; connection.className = 'live'; });
    source.addEventListener('error', function () { connection.textContent = 'reconnecting'; connection.className = 'reconnecting'; });
    source.addEventListener('snapshot', function (e) { apply(JSON.parse(e.data), true); });
    source.addEventListener('update', function (e) { apply(JSON.parse(e.data), false); });
    source.addEventListener('status', function (e) { status(JSON.parse(e.data)); });
  }

  document.getElementById('history-product').addEventListener('change', function (e) {
    window.GpuarbCharts.choose(e.target.value);
    render('history', new Set());
  });
  connect();
  // Ages move with the clock, not with the data: refresh them between updates.
  setInterval(function () { render('sources', new Set()); }, 15000);
}());
