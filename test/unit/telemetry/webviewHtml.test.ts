import { strict as assert } from 'node:assert';
import { parsePageMessage } from '../../../src/core/telemetry/protocol';
import { newNonce, renderTelemetryHtml, TELEMETRY_CHARTS } from '../../../src/core/telemetry/webviewHtml';

const OPTS = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utbm9uY2Utbm9uY2U=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/telemetry.js',
  formatUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/format.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/telemetry.css',
  initialRange: '7d',
} as const;

describe('renderTelemetryHtml', () => {
  const html = renderTelemetryHtml(OPTS);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");

  it('declares the strict CSP', () => {
    assert.equal(
      csp,
      [
        "default-src 'none'",
        `img-src ${OPTS.cspSource} data:`,
        `style-src ${OPTS.cspSource}`,
        `script-src 'nonce-${OPTS.nonce}'`,
        `font-src ${OPTS.cspSource}`,
        "connect-src 'none'",
      ].join('; '),
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('loads exactly its two scripts (the shared money format, then the page), each with the nonce, and no inline styles or handlers', () => {
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [
      `<script nonce="${OPTS.nonce}" src="${OPTS.formatUri}">`,
      `<script nonce="${OPTS.nonce}" src="${OPTS.scriptUri}">`,
    ]);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
    assert.match(html, new RegExp(`<link rel="stylesheet" href="${OPTS.styleUri.replace(/[.+]/g, '\\$&')}">`));
  });

  it('has the range picker, export buttons and a table toggle per chart', () => {
    for (const r of ['24h', '7d', '30d', '90d']) assert.match(html, new RegExp(`data-range="${r}"`));
    assert.match(html, /data-export="csv"/);
    assert.match(html, /data-export="json"/);
    assert.match(html, /data-initial-range="7d"/);
    assert.equal(html.match(/class="table-toggle"/g)?.length, TELEMETRY_CHARTS.length);
  });

  it('escapes what it interpolates', () => {
    const hostile = renderTelemetryHtml({ ...OPTS, scriptUri: 'x"><script>alert(1)</script>', formatUri: '"><script>alert(2)</script>' });
    assert.equal(hostile.match(/<script/g)?.length, 2);
  });
});

describe('newNonce', () => {
  it('is 128 random bits in base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    assert.equal(nonces.size, 100);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
  });
});

describe('parsePageMessage', () => {
  it('accepts the page protocol and drops anything else', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'setRange', range: '90d' }), { type: 'setRange', range: '90d' });
    assert.deepEqual(parsePageMessage({ type: 'export', format: 'csv', extra: 1 }), { type: 'export', format: 'csv' });
    for (const bad of [null, 'ready', { type: 'setRange', range: '1y' }, { type: 'export', format: 'xml' }, { type: 'eval' }]) {
      assert.equal(parsePageMessage(bad), undefined);
    }
  });
});
