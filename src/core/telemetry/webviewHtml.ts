import { escapeHtml, renderPage, strictCsp } from '../webviewPage';
/**
 * The telemetry page's HTML: a static skeleton under a strict CSP. All behaviour lives in
 * media/telemetry.js (nonce script), all looks in media/telemetry.css; no inline styles or handlers.
 */
import { TIME_RANGES, type TimeRange } from './protocol';

export interface TelemetryHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(media/telemetry.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/format.js)` (formatUsd, the money rule the page shares with the status bar), as a string. */
  formatUri: string;
  /** `webview.asWebviewUri(media/telemetry.css)`, as a string. */
  styleUri: string;
  /** Range shown until the page restores its own state. */
  initialRange: TimeRange;
}

/** The charts the page draws, in order: element id suffix and heading. */
export const TELEMETRY_CHARTS = [
  { id: 'latency', title: 'Latency over time (p50 solid, p95 dashed)' },
  { id: 'spend', title: 'Spend per day by model' },
  { id: 'cache', title: 'Cache hit rates' },
  { id: 'acceptance', title: 'Acceptance by language' },
  { id: 'errors', title: 'Errors, fallbacks and downgrades' },
  { id: 'tasks', title: 'Spend by task' },
] as const;

export { newNonce } from '../webviewPage';

export function telemetryCsp(cspSource: string, nonce: string): string {
  return strictCsp(cspSource, nonce);
}

export function renderTelemetryHtml(opts: TelemetryHtmlOptions): string {
  const body = `${toolbarHtml()}
<p id="status" class="status" role="status" aria-live="polite">Loading…</p>
<section id="empty" class="empty" hidden>
<h2>No requests in this range</h2>
<p>Tandem records sizes, timings, cost and outcomes of each request (never code). Type in an editor or run Explain/Review, or pick a longer range.</p>
</section>
<main id="content" hidden>
<section id="tiles" class="tiles" aria-label="Headline figures"></section>
<div class="charts">
${TELEMETRY_CHARTS.map((c) => chartHtml(c.id, c.title)).join('\n')}
</div>
</main>`;
  return renderPage({
    ...opts,
    libraryUris: [opts.formatUri],
    title: 'Tandem Telemetry',
    body,
    bodyAttributes: { 'data-initial-range': opts.initialRange },
  });
}

function toolbarHtml(): string {
  const ranges = TIME_RANGES.map((r) => `<button type="button" data-range="${r}" aria-pressed="false">${r}</button>`).join('');
  return `<header class="toolbar">
<h1>Tandem telemetry</h1>
<div id="range-picker" class="segmented" role="group" aria-label="Time range">${ranges}</div>
<div class="exports" role="group" aria-label="Export records">
<button type="button" data-export="csv">Export CSV</button>
<button type="button" data-export="json">Export JSON</button>
</div>
</header>`;
}

function chartHtml(id: string, title: string): string {
  return `<figure class="chart" id="chart-${id}">
<figcaption><h2 id="chart-${id}-title">${escapeHtml(title)}</h2>
<button type="button" class="table-toggle" aria-expanded="false" aria-controls="chart-${id}-table">Show table</button></figcaption>
<div class="plot"></div>
<div class="legend"></div>
<div class="table-wrap" id="chart-${id}-table" hidden></div>
</figure>`;
}
