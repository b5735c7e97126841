// @ts-check
// Tandem telemetry page. Plain browser script under a strict CSP (nonce, no eval, no inline styles):
// data arrives by postMessage only (src/core/telemetry/protocol.ts), charts are hand-drawn SVG,
// colours come from classes in telemetry.css, and every chart has a title and a table toggle.
// Money goes through formatUsd (media/format.js, loaded first: the status bar's rule).
// Types (checked by tsconfig.media.json, not loaded): the protocol in src/core/telemetry/protocol.ts.
'use strict';
/** @typedef {import('../src/core/ledger/aggregateTypes').Aggregates} Aggregates */
/** @typedef {import('../src/core/ledger/aggregateTypes').AggregateQuery} AggregateQuery */
/** @typedef {import('../src/core/ledger/aggregateTypes').LatencyPoint} LatencyPoint */
/** @typedef {import('../src/core/ledger/aggregateTypes').SpendDay} SpendDay */
/** @typedef {import('../src/core/ledger/aggregateTypes').Percentiles} Percentiles */
/** @typedef {import('../src/core/telemetry/protocol').TimeRange} TimeRange */
/** @typedef {import('../src/core/telemetry/protocol').ExportFormat} ExportFormat */
/** @typedef {import('../src/core/telemetry/protocol').HostToPageMessage} HostToPageMessage */
/** @typedef {import('../src/core/telemetry/protocol').PageToHostMessage} PageToHostMessage */
/** @typedef {import('../src/core/telemetry/protocol').AggregatesMessage['reserved']} Reserved */
/** @typedef {{ range: TimeRange; data?: Aggregates; generatedAt?: number; reserved?: Reserved }} PageState */
/** @typedef {(v: number) => number} Scale */
/** @typedef {{ label: string; value: number; text: string; cls: string }} BarRow */
/** @typedef {{ label: string; cls: string | undefined; of: (day: SpendDay) => number }} SpendGroup */

(function () {
  /** @type {VsCodeApi<PageState, PageToHostMessage>} */
  const vscode = acquireVsCodeApi();
  const SVG_NS = 'http://www.w3.org/2000/svg';
  /** @type {readonly TimeRange[]} */
  const RANGES = ['24h', '7d', '30d', '90d'];
  /** @type {readonly ExportFormat[]} */
  const EXPORTS = ['csv', 'json'];
  const ACCEPTANCE_TARGET = 0.6;
  /** Models drawn with their own colour; the rest are summed into "other" (tables list them all). */
  const MAX_SERIES = 5;
  const MAX_BARS = 12;
  const W = 640;
  const H = 240;
  const M = { top: 14, right: 16, bottom: 28, left: 56 };

  let state = restoreState();

  // ---------- state and messages ----------

  /** @param {unknown} v @returns {v is TimeRange} */
  function isRange(v) {
    return typeof v === 'string' && /** @type {readonly string[]} */ (RANGES).includes(v);
  }

  /** @param {unknown} v @returns {v is ExportFormat} */
  function isExport(v) {
    return typeof v === 'string' && /** @type {readonly string[]} */ (EXPORTS).includes(v);
  }

  /** @returns {PageState} */
  function restoreState() {
    const saved = vscode.getState();
    if (!saved) return { range: initialRange() };
    const range = isRange(saved.range) ? saved.range : initialRange();
    return { range, data: saved.data, generatedAt: saved.generatedAt, reserved: saved.reserved };
  }

  /** @returns {TimeRange} */
  function initialRange() {
    const r = document.body.dataset.initialRange;
    return isRange(r) ? r : '7d';
  }

  function saveState() {
    vscode.setState({ range: state.range, data: state.data, generatedAt: state.generatedAt, reserved: state.reserved });
  }

  /** @param {MessageEvent<unknown>} event */
  function onMessage(event) {
    if (!event.data || typeof event.data !== 'object') return;
    const msg = /** @type {HostToPageMessage} */ (event.data); // from the extension host: trusted beyond its tag
    if (msg.type === 'aggregates' && msg.data) {
      if (msg.range && msg.range !== state.range) return; // answer to a range no longer shown
      state = { range: state.range, data: msg.data, generatedAt: msg.generatedAt, reserved: msg.reserved };
      saveState();
      render();
    } else if (msg.type === 'exported') {
      setStatus(`Exported ${String(msg.format).toUpperCase()} to ${msg.path}`);
    }
  }

  /** @param {string | undefined} range */
  function selectRange(range) {
    if (!isRange(range) || range === state.range) return;
    state = { range, data: state.data, generatedAt: state.generatedAt, reserved: state.reserved };
    saveState();
    markRange();
    setStatus(`Loading ${range}…`);
    vscode.postMessage({ type: 'setRange', range });
  }

  // ---------- controls ----------

  function wireControls() {
    for (const button of all('[data-range]')) {
      button.addEventListener('click', () => selectRange(button.dataset.range));
    }
    for (const button of all('[data-export]')) {
      const format = button.dataset.export;
      if (isExport(format)) button.addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
    }
    for (const button of all('.table-toggle')) {
      button.addEventListener('click', () => toggleTable(button));
    }
  }

  function markRange() {
    for (const button of all('[data-range]')) {
      button.setAttribute('aria-pressed', String(button.dataset.range === state.range));
    }
  }

  /** @param {HTMLElement} button */
  function toggleTable(button) {
    const wrap = byId(button.getAttribute('aria-controls') || '');
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Hide table' : 'Show table';
    wrap.hidden = !open;
  }

  /** @param {string} text */
  function setStatus(text) {
    byId('status').textContent = text;
  }

  // ---------- rendering ----------

  function render() {
    const data = state.data;
    if (!data) return;
    const empty = !data.totals || data.totals.requests === 0;
    byId('empty').hidden = !empty;
    byId('content').hidden = empty;
    setStatus(`${state.range} · updated ${state.generatedAt ? new Date(state.generatedAt).toLocaleString() : 'earlier'}`);
    if (empty) return;
    const colours = modelColours(data);
    renderTiles(data);
    renderLatency(data, colours);
    renderSpend(data, colours);
    renderCache(data);
    renderAcceptance(data);
    renderErrors(data);
    renderTasks(data);
  }

  /**
   * Reservations not settled yet count against the budget at their full amount: say so.
   * @param {Reserved} reserved
   */
  function reservedNote(reserved) {
    if (!reserved || !(reserved.requests > 0)) return '';
    return ` · ${usd(reserved.usd)} reserved by ${int(reserved.requests)} unsettled request${reserved.requests === 1 ? '' : 's'}`;
  }

  /** @param {Aggregates} data */
  function renderTiles(data) {
    const t = data.totals;
    const days = Math.max(1, (data.spendByDay || []).length);
    const budget = data.query && data.query.dailyBudgetUsd;
    const ttft = busiestModel(data.latencyByModel || {});
    const acc = data.acceptance;
    const tiles = [
      tile(
        'Spend',
        usd(t.costUsd),
        `${usd(t.costUsd / days)}/day` + (budget !== undefined ? ` · budget ${usd(budget)}/day` : '') + reservedNote(state.reserved),
      ),
      tile(
        'Requests',
        int(t.requests),
        `${int(t.cancelled)} cancelled · ${int(t.budgetRefused)} refused by budget · ${int(t.refused || 0)} refused by the model`,
      ),
      tile(
        'TTFT p50 / p95',
        ttft ? pairMs(ttft.ttft.p50, ttft.ttft.p95) : '—',
        ttft ? `${ttft.model} · ${int(ttft.ttft.count)} requests` : 'no successful requests',
      ),
      acceptanceTile(acc),
      tile('Completion cache hits', pct(data.cache.completionHitRate), 'served without the network'),
      tile(
        'Claude prompt-cache reads',
        pct(data.cache.promptCacheReadFraction),
        `${int(data.cache.promptCacheReadTokens)} read · ${int(data.cache.promptCacheWriteTokens)} written tokens`,
      ),
      tile(
        'Codestral prompt-cache reads',
        pct(data.cache.codestralPromptCacheReadFraction || 0),
        `${int(data.cache.codestralPromptCacheReadTokens || 0)} cached prompt tokens`,
      ),
      tile(
        'Error rate',
        pct(t.errorRate),
        `${int(t.errors)} errors · ${int(t.fallbacks)} fallbacks · ${int(t.downgrades)} downgrades`,
        t.errorRate > 0.05 ? 'bad' : '',
      ),
    ];
    byId('tiles').replaceChildren(...tiles);
  }

  /** @param {string} label @param {string} value @param {string} sub @param {string} [tone] */
  function tile(label, value, sub, tone) {
    const el = h('div', 'tile' + (tone ? ` ${tone}` : ''));
    el.append(h('div', 'tile-label', label), h('div', 'tile-value', value), h('div', 'tile-sub', sub));
    return el;
  }

  /** @param {Aggregates['acceptance']} acc */
  function acceptanceTile(acc) {
    const good = acc.rate >= ACCEPTANCE_TARGET;
    const el = tile('Acceptance', pct(acc.rate), `target ${pct(ACCEPTANCE_TARGET)} · ${int(acc.shown)} shown`, good ? 'good' : 'warn');
    const meter = svg('svg', {
      viewBox: '0 0 100 6',
      class: 'meter',
      role: 'img',
      'aria-label': `Acceptance ${pct(acc.rate)} against a ${pct(ACCEPTANCE_TARGET)} target`,
    });
    meter.append(
      svg('rect', { x: 0, y: 0, width: 100, height: 6, class: 'meter-track' }),
      svg('rect', { x: 0, y: 0, width: clamp01(acc.rate) * 100, height: 6, class: 'meter-fill' }),
      svg('line', { x1: ACCEPTANCE_TARGET * 100, x2: ACCEPTANCE_TARGET * 100, y1: 0, y2: 6, class: 'target-line' }),
    );
    el.append(meter);
    return el;
  }

  /** @param {Aggregates['latencyByModel']} byModel */
  function busiestModel(byModel) {
    const entries = Object.entries(byModel).filter(([, l]) => l.ttft.count > 0);
    const remote = entries.filter(([model]) => model !== 'local');
    const pool = remote.length > 0 ? remote : entries;
    pool.sort((a, b) => b[1].ttft.count - a[1].ttft.count);
    return pool.length > 0 ? { model: pool[0][0], ttft: pool[0][1].ttft } : undefined;
  }

  /**
   * One colour class per model across all charts: the top spenders first, then the busiest.
   * @param {Aggregates} data
   * @returns {Map<string, string>}
   */
  function modelColours(data) {
    const spend = data.spendByModel || {};
    /** @param {string} m */
    const count = (m) => ((data.latencyByModel || {})[m] || { ttft: { count: 0 } }).ttft.count;
    const models = [...new Set([...Object.keys(spend), ...Object.keys(data.latencyByModel || {})])];
    models.sort((a, b) => (spend[b] || 0) - (spend[a] || 0) || count(b) - count(a));
    const limit = models.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES;
    return new Map(models.slice(0, limit).map((m, i) => [m, `s${i}`]));
  }

  // ---------- latency: lines per model ----------

  /** @param {Aggregates} data @param {Map<string, string>} colours */
  function renderLatency(data, colours) {
    const points = data.latencyOverTime || [];
    const ranked = rankModels(points, (p) => p.ttft.count);
    const models = [...colours.keys()].filter((m) => ranked.includes(m));
    const step = data.query.bucket === 'hour' ? 3_600_000 : 86_400_000;
    const x = linear(data.query.fromMs, Math.max(data.query.toMs, data.query.fromMs + step), M.left, W - M.right);
    const yMax = niceMax(Math.max(0, ...points.filter((p) => p.ttft.count > 0).map((p) => p.ttft.p95)));
    const y = linear(0, yMax, H - M.bottom, M.top);
    const root = chartSvg('latency', latencySummary(data));
    drawYAxis(root, y, yMax, ms);
    drawTimeAxis(root, x, data.query, step);
    models.forEach((model) => {
      const cls = colours.get(model);
      const series = points.filter((p) => p.model === model && p.ttft.count > 0).sort((a, b) => a.bucketStart - b.bucketStart);
      /** @type {(p: LatencyPoint, key: 'p50' | 'p95') => [number, number]} */
      const xy = (p, key) => [x(p.bucketStart + step / 2), y(p.ttft[key])];
      drawLine(
        root,
        series.map((p) => xy(p, 'p50')),
        `line ${cls}`,
        `${model} p50`,
      );
      drawLine(
        root,
        series.map((p) => xy(p, 'p95')),
        `line dashed ${cls}`,
        `${model} p95`,
      );
    });
    const hidden = ranked.length - models.length;
    setLegend(
      'latency',
      models.map((m) => [m, colours.get(m)]),
      hidden > 0 ? `+${hidden} more models in the table` : '',
    );
    setTable(
      'latency',
      ['Time', 'Model', 'Requests', 'TTFT p50', 'TTFT p95', 'Total p50', 'Total p95'],
      points.map((p) => [
        timeLabel(p.bucketStart, data.query.bucket),
        p.model,
        int(p.ttft.count),
        ms(p.ttft.p50),
        ms(p.ttft.p95),
        ms(p.total.p50),
        ms(p.total.p95),
      ]),
    );
  }

  /** @param {Aggregates} data */
  function latencySummary(data) {
    const parts = Object.entries(data.latencyByModel || {}).map(([m, l]) => `${m}: p50 ${ms(l.ttft.p50)}, p95 ${ms(l.ttft.p95)}`);
    return `Time to first token per model over time. ${parts.join('; ') || 'No successful requests.'}`;
  }

  /** @param {SVGElement} root @param {Array<[number, number]>} xy @param {string} cls @param {string} label */
  function drawLine(root, xy, cls, label) {
    if (xy.length === 0) return;
    if (xy.length === 1) {
      root.append(withTitle(svg('circle', { cx: xy[0][0], cy: xy[0][1], r: 3, class: cls.replace('line', 'dot') }), label));
      return;
    }
    const d = xy.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join('');
    /** @type {Record<string, string>} */
    const attrs = { d, class: cls };
    if (cls.includes('dashed')) attrs['stroke-dasharray'] = '5 4';
    root.append(withTitle(svg('path', attrs), label));
  }

  // ---------- spend: stacked bars per day with the daily budget ----------

  /** @param {Aggregates} data @param {Map<string, string>} colours */
  function renderSpend(data, colours) {
    const days = data.spendByDay || [];
    const ranked = Object.keys(data.spendByModel || {});
    const shown = [...colours.keys()].filter((m) => ranked.includes(m));
    /** @type {SpendGroup[]} */
    const groups = shown.map((m) => ({ label: m, cls: colours.get(m), of: (day) => day.byModel[m] || 0 }));
    if (ranked.length > shown.length) {
      // The sum of the rest, not the total minus the shown: that difference left float dust like $-1.1e-16.
      const other = (/** @type {SpendDay} */ day) => Object.entries(day.byModel).reduce((s, [m, v]) => (shown.includes(m) ? s : s + v), 0);
      groups.push({ label: 'other', cls: 's-other', of: other });
    }
    const budget = data.query.dailyBudgetUsd;
    const yMax = niceMax(Math.max(0, budget || 0, ...days.map((d) => d.totalUsd)) * 1.05);
    const y = linear(0, yMax, H - M.bottom, M.top);
    const band = (W - M.left - M.right) / Math.max(1, days.length);
    const barWidth = Math.min(48, Math.max(1, band * 0.75));
    const root = chartSvg(
      'spend',
      `Spend per day, stacked by model, ${usd(data.totals.costUsd)} in total` +
        (budget !== undefined ? `, daily budget ${usd(budget)}.` : '.'),
    );
    drawYAxis(root, y, yMax, usd);
    days.forEach((day, i) => {
      const x0 = M.left + i * band + (band - barWidth) / 2;
      let base = 0;
      for (const g of groups) {
        const v = Math.max(0, g.of(day));
        if (v <= 0) continue;
        const rect = svg('rect', {
          x: x0,
          y: y(base + v),
          width: barWidth,
          height: Math.max(0.5, y(base) - y(base + v)),
          class: `bar ${g.cls}`,
        });
        root.append(withTitle(rect, `${day.day} ${g.label}: ${usd(v)}`));
        base += v;
      }
    });
    const every = Math.ceil(days.length / 8);
    days.forEach((day, i) => {
      if (i % every === 0) root.append(svgText(M.left + i * band + band / 2, H - M.bottom + 16, day.day.slice(5), 'tick-label middle'));
    });
    if (budget !== undefined) drawBudget(root, y(budget), `budget ${usd(budget)}/day`);
    setLegend(
      'spend',
      groups.map((g) => [g.label, g.cls]),
      budget !== undefined ? 'dashed line: daily budget' : '',
    );
    setTable(
      'spend',
      ['Day', ...groups.map((g) => g.label), 'Total'],
      days.map((d) => [d.day, ...groups.map((g) => usd(g.of(d))), usd(d.totalUsd)]),
    );
  }

  /** @param {SVGElement} root @param {number} py @param {string} label */
  function drawBudget(root, py, label) {
    root.append(
      withTitle(svg('line', { x1: M.left, x2: W - M.right, y1: py, y2: py, class: 'budget-line', 'stroke-dasharray': '6 4' }), label),
      svgText(W - M.right - 4, py - 4, label, 'budget-label end'),
    );
  }

  // ---------- horizontal bar charts ----------

  /** @param {Aggregates} data */
  function renderCache(data) {
    const c = data.cache;
    const rows = [
      { label: 'Completion cache hits', value: c.completionHitRate, text: pct(c.completionHitRate), cls: 's0' },
      { label: 'Claude prompt-cache reads', value: c.promptCacheReadFraction, text: pct(c.promptCacheReadFraction), cls: 's4' },
      {
        label: 'Codestral prompt-cache reads',
        value: c.codestralPromptCacheReadFraction || 0,
        text: pct(c.codestralPromptCacheReadFraction || 0),
        cls: 's1',
      },
    ];
    hbarChart('cache', rows, { max: 1, summary: rows.map((r) => `${r.label} ${r.text}`).join(', ') + '.' });
    setTable(
      'cache',
      ['Measure', 'Value'],
      [
        ...rows.map((r) => [r.label, r.text]),
        ['Prompt-cache read tokens', int(c.promptCacheReadTokens)],
        ['Prompt-cache write tokens', int(c.promptCacheWriteTokens)],
        ['Codestral cached prompt tokens', int(c.codestralPromptCacheReadTokens || 0)],
      ],
    );
  }

  /** @param {Aggregates} data */
  function renderAcceptance(data) {
    const langs = Object.entries(data.acceptance.byLanguage || {}).sort((a, b) => b[1].shown - a[1].shown);
    const rows = langs.slice(0, MAX_BARS).map(([lang, l]) => ({
      label: lang,
      value: l.rate,
      text: `${pct(l.rate)} of ${int(l.shown)}`,
      cls: l.rate >= ACCEPTANCE_TARGET ? 'good-bar' : 's3',
    }));
    hbarChart('acceptance', rows, {
      max: 1,
      target: ACCEPTANCE_TARGET,
      summary:
        `Acceptance by language against the ${pct(ACCEPTANCE_TARGET)} target: ` + rows.map((r) => `${r.label} ${pct(r.value)}`).join(', '),
    });
    setLegend(
      'acceptance',
      [
        ['at or above target', 'good-bar'],
        ['below target', 's3'],
      ],
      `line: ${pct(ACCEPTANCE_TARGET)} target`,
    );
    setTable(
      'acceptance',
      ['Language', 'Shown', 'Accepted', 'Rate'],
      langs.map(([lang, l]) => [lang, int(l.shown), int(l.accepted), pct(l.rate)]),
    );
  }

  /** @param {Aggregates} data */
  function renderErrors(data) {
    const t = data.totals;
    const kinds = Object.entries(data.errorsByKind || {}).sort((a, b) => b[1] - a[1]);
    /** @type {(kind: [string, number]) => BarRow} */
    const errorRow = ([kind, n]) => ({ label: `error: ${kind}`, value: n, text: int(n), cls: 'error-bar' });
    const routing = [
      { label: 'fallback', value: t.fallbacks, text: int(t.fallbacks), cls: 's1' },
      { label: 'downgrade', value: t.downgrades, text: int(t.downgrades), cls: 's1' },
      { label: 'budget refused', value: t.budgetRefused, text: int(t.budgetRefused), cls: 's2' },
      { label: 'refused by model', value: t.refused || 0, text: int(t.refused || 0), cls: 's2' },
      { label: 'cancelled', value: t.cancelled, text: int(t.cancelled), cls: 's-other' },
    ];
    const rows = [...kinds.slice(0, MAX_BARS - routing.length).map(errorRow), ...routing];
    hbarChart('errors', rows, {
      max: Math.max(1, ...rows.map((r) => r.value)),
      summary: rows.map((r) => `${r.label} ${r.text}`).join(', '),
    });
    setLegend(
      'errors',
      [
        ['errors', 'error-bar'],
        ['routing', 's1'],
        ['budget', 's2'],
      ],
      '',
    );
    setTable(
      'errors',
      ['Kind', 'Count'],
      [...kinds.map(errorRow), ...routing].map((r) => [r.label, r.text]),
    );
  }

  /** @param {Aggregates} data */
  function renderTasks(data) {
    const tasks = Object.entries(data.spendByTask || {}).sort((a, b) => b[1] - a[1]);
    const rows = tasks.slice(0, MAX_BARS).map(([task, v]) => ({ label: task, value: v, text: usd(v), cls: 'task-bar' }));
    hbarChart('tasks', rows, {
      max: Math.max(0, ...rows.map((r) => r.value)),
      summary: 'Spend by task: ' + rows.map((r) => `${r.label} ${r.text}`).join(', '),
    });
    setTable(
      'tasks',
      ['Task', 'Spend'],
      tasks.map(([task, v]) => [task, usd(v)]),
    );
  }

  /** @param {string} id @param {BarRow[]} rows @param {{ max: number; target?: number; summary: string }} opts */
  function hbarChart(id, rows, opts) {
    const rowH = 26;
    const height = Math.max(60, M.top + rows.length * rowH + 12);
    const left = 170;
    const right = W - 110;
    const root = chartSvg(id, opts.summary, height);
    const x = linear(0, opts.max > 0 ? opts.max : 1, left, right);
    if (rows.length === 0) root.append(svgText(W / 2, height / 2, 'Nothing in this range', 'tick-label middle'));
    rows.forEach((r, i) => {
      const top = M.top + i * rowH;
      root.append(svgText(left - 8, top + 15, r.label, 'tick-label end'));
      root.append(svg('rect', { x: left, y: top + 3, width: right - left, height: rowH - 8, class: 'bar-track' }));
      const width = Math.max(r.value > 0 ? 1 : 0, x(Math.min(r.value, opts.max)) - left);
      root.append(withTitle(svg('rect', { x: left, y: top + 3, width, height: rowH - 8, class: `bar ${r.cls}` }), `${r.label}: ${r.text}`));
      root.append(svgText(right + 8, top + 15, r.text, 'value-label'));
    });
    if (opts.target !== undefined && rows.length > 0) {
      const tx = x(opts.target);
      root.append(
        withTitle(
          svg('line', { x1: tx, x2: tx, y1: M.top - 4, y2: height - 6, class: 'target-line', 'stroke-dasharray': '4 3' }),
          `target ${pct(opts.target)}`,
        ),
      );
    }
  }

  // ---------- SVG and DOM helpers ----------

  /** @param {string} id @param {string} summary @param {number} [height] */
  function chartSvg(id, summary, height) {
    const figure = byId(`chart-${id}`);
    const titleId = `chart-${id}-svg-title`;
    const root = svg('svg', { viewBox: `0 0 ${W} ${height || H}`, role: 'img', 'aria-labelledby': titleId, class: 'plot-svg' });
    const title = svg('title', { id: titleId });
    title.textContent = summary;
    root.append(title);
    one(figure, '.plot').replaceChildren(root);
    return root;
  }

  /** @param {SVGElement} root @param {Scale} y @param {number} max @param {(v: number) => string} format */
  function drawYAxis(root, y, max, format) {
    for (let i = 0; i <= 4; i++) {
      const v = (max * i) / 4;
      root.append(svg('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: i === 0 ? 'axis' : 'grid' }));
      root.append(svgText(M.left - 6, y(v) + 4, format(v), 'tick-label end'));
    }
  }

  /** @param {SVGElement} root @param {Scale} x @param {AggregateQuery} query @param {number} step */
  function drawTimeAxis(root, x, query, step) {
    const count = Math.round((query.toMs - query.fromMs) / step);
    const every = Math.max(1, Math.ceil(count / 8));
    for (let i = 0; i < count; i += every) {
      const t = query.fromMs + i * step;
      root.append(svgText(x(t + step / 2), H - M.bottom + 16, timeLabel(t, query.bucket), 'tick-label middle'));
    }
  }

  /** @param {string} id @param {Array<[string, string | undefined]>} items @param {string} note */
  function setLegend(id, items, note) {
    const legend = one(document, `#chart-${id} .legend`);
    const children = items.map(([label, cls]) => {
      const item = h('span', 'legend-item');
      item.append(h('span', `swatch ${cls}`), document.createTextNode(label));
      return item;
    });
    if (note) children.push(h('span', 'legend-note', note));
    legend.replaceChildren(...children);
  }

  /** @param {string} id @param {string[]} headers @param {Array<Array<string | number>>} rows */
  function setTable(id, headers, rows) {
    const table = h('table');
    const head = h('tr');
    head.append(...headers.map((text) => Object.assign(h('th', '', text), { scope: 'col' })));
    const body = h('tbody');
    body.append(
      ...rows.map((row) => {
        const tr = h('tr');
        tr.append(...row.map((cell) => h('td', '', String(cell))));
        return tr;
      }),
    );
    const thead = h('thead');
    thead.append(head);
    table.append(thead, body);
    byId(`chart-${id}-table`).replaceChildren(table);
  }

  /** @param {string} name @param {Record<string, string | number>} [attrs] */
  function svg(name, attrs) {
    const el = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, typeof value === 'number' ? value.toFixed(2) : value);
    return el;
  }

  /** @param {number} x @param {number} y @param {string} text @param {string} cls */
  function svgText(x, y, text, cls) {
    const el = svg('text', { x, y, class: cls });
    el.textContent = text;
    return el;
  }

  /** @template {SVGElement} E @param {E} el @param {string} text @returns {E} */
  function withTitle(el, text) {
    const title = svg('title');
    title.textContent = text;
    el.append(title);
    return el;
  }

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag @param {string} [cls] @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function h(tag, cls, text) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** @param {string} id */
  function byId(id) {
    const el = document.getElementById(id);
    if (!el) throw new Error(`telemetry page: no #${id}`);
    return el;
  }

  /** @param {ParentNode} root @param {string} selector */
  function one(root, selector) {
    const el = root.querySelector(selector);
    if (!el) throw new Error(`telemetry page: no ${selector}`);
    return el;
  }

  /** @param {string} selector */
  function all(selector) {
    return [...document.querySelectorAll(selector)].filter((el) => el instanceof HTMLElement);
  }

  // ---------- scales and formats ----------

  /** @param {number} d0 @param {number} d1 @param {number} r0 @param {number} r1 @returns {Scale} */
  function linear(d0, d1, r0, r1) {
    const span = d1 - d0 || 1;
    return (v) => r0 + ((v - d0) / span) * (r1 - r0);
  }

  /** @param {number} v */
  function niceMax(v) {
    if (!(v > 0)) return 1;
    const step = Math.pow(10, Math.floor(Math.log10(v)));
    const m = [1, 2, 2.5, 5].find((k) => k * step >= v) || 10;
    return m * step;
  }

  /** @param {LatencyPoint[]} points @param {(p: LatencyPoint) => number} weight */
  function rankModels(points, weight) {
    /** @type {Map<string, number>} */
    const totals = new Map();
    for (const p of points) totals.set(p.model, (totals.get(p.model) || 0) + weight(p));
    return [...totals.entries()]
      .filter(([, w]) => w > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([m]) => m);
  }

  /** @param {number} ms @param {AggregateQuery['bucket']} bucket */
  function timeLabel(ms, bucket) {
    const d = new Date(ms);
    /** @param {number} n */
    const pad = (n) => String(n).padStart(2, '0');
    return bucket === 'hour' ? `${pad(d.getHours())}:00` : `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  /** @param {number} v */
  function clamp01(v) {
    return Math.min(1, Math.max(0, v || 0));
  }

  /** @param {number} v */
  function usd(v) {
    return formatUsd(v || 0);
  }

  /** @param {number} v */
  function int(v) {
    return Math.round(v || 0).toLocaleString('en-US');
  }

  /** @param {number} v */
  function pct(v) {
    const p = (v || 0) * 100;
    return `${p > 0 && p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
  }

  /** @param {number} a @param {number} b */
  function pairMs(a, b) {
    return a < 1000 && b < 1000 ? `${Math.round(a)} / ${Math.round(b)} ms` : `${ms(a)} / ${ms(b)}`;
  }

  /** @param {number} v */
  function ms(v) {
    const n = v || 0;
    return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
  }

  // ---------- start ----------

  wireControls();
  window.addEventListener('message', onMessage);
  markRange();
  if (state.data) render();
  vscode.postMessage({ type: 'ready' });
  if (state.range !== initialRange()) vscode.postMessage({ type: 'setRange', range: state.range });
})();
