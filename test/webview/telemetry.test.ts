/**
 * The telemetry page in headless Chromium under its real CSP, with a stub acquireVsCodeApi:
 * renders realistic aggregates, talks only by postMessage, restores from state, shows an empty state.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { formatUsd } from '../../src/core/status/statusModel';
import type { Aggregates, SpendDay } from '../../src/core/ledger/aggregateTypes';
import type { HostToPageMessage, PageToHostMessage } from '../../src/core/telemetry/protocol';
import { emptyAggregates, fixtureAggregates } from './fixtures';
import { startPageServer, type PageServer } from './pageServer';

const RESULTS = join(__dirname, '..', '..', 'test-results');

interface Probe {
  page: Page;
  problems: string[];
  requests: string[];
}

declare global {
  interface Window {
    __posted: PageToHostMessage[];
    __state: unknown;
    __violations: string[];
  }
}

describe('telemetry webview', function () {
  this.timeout(30_000);
  let context: BrowserContext;
  let server: PageServer;
  const profileDir = mkdtempSync(join(tmpdir(), 'tandem-webview-'));
  const month = fixtureAggregates({ days: 30 });

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    [context, server] = await Promise.all([launchBrowser(profileDir), startPageServer('30d')]);
  });
  after(async () => {
    await context?.close();
    await server?.close();
    rmSync(profileDir, { recursive: true, force: true });
  });

  async function open(state?: unknown): Promise<Probe> {
    const page = await context.newPage();
    const probe: Probe = { page, problems: [], requests: [] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') probe.problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => probe.problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => probe.requests.push(r.url()));
    await page.addInitScript({ content: stubVsCodeApi(state) });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    return probe;
  }

  async function send(page: Page, msg: HostToPageMessage): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), msg);
  }

  async function assertClean(probe: Probe): Promise<void> {
    const violations = await probe.page.evaluate(() => window.__violations);
    assert.deepEqual([...probe.problems, ...violations], []);
    const foreign = probe.requests.filter((u) => !u.startsWith(server.origin));
    assert.deepEqual(foreign, [], 'the page loads nothing but its own media');
  }

  async function renderFixture(data: Aggregates = month): Promise<Probe> {
    const probe = await open();
    await send(probe.page, { type: 'aggregates', data, generatedAt: Date.now(), range: '30d' });
    await probe.page.waitForSelector('#tiles .tile');
    return probe;
  }

  it('declares a strict CSP', async () => {
    const probe = await open();
    const csp = await probe.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.ok(csp);
    for (const directive of ["default-src 'none'", "connect-src 'none'", `style-src ${server.origin}`])
      assert.ok(csp.includes(directive), directive);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    await assertClean(probe);
    await probe.page.close();
  });

  it('reports a CSP violation when an inline script is injected (the probe works)', async () => {
    const probe = await open();
    const ran = await probe.page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    assert.equal(ran, false);
    assert.ok((await probe.page.evaluate(() => window.__violations)).some((v) => v.startsWith('script-src')));
    await probe.page.close();
  });

  it('shows answers the model refused apart from budget refusals, in the Requests tile and the errors table', async () => {
    const probe = await renderFixture({ ...month, totals: { ...month.totals, refused: 3, budgetRefused: 5 } });
    const tiles = await probe.page.locator('#tiles').innerText();
    assert.match(tiles, /5 refused by budget · 3 refused by the model/);
    const table = await probe.page
      .locator('#table-errors, [id$="errors"] table')
      .first()
      .innerText()
      .catch(() => '');
    const all = `${table}\n${await probe.page.locator('body').innerText()}`;
    assert.match(all, /refused by model\s+3/);
    await assertClean(probe);
    await probe.page.close();
  });

  it('renders 30 days of data with drawn marks in every chart and a budget line', async () => {
    const probe = await renderFixture();
    const { page } = probe;
    assert.equal(await page.locator('#tiles .tile').count(), 8, 'Codestral prompt-cache reads is the eighth tile');
    const marks = await page.evaluate(() =>
      Object.fromEntries(
        ['latency', 'spend', 'cache', 'acceptance', 'errors', 'tasks'].map((id) => [
          id,
          document.querySelectorAll(`#chart-${id} svg path.line, #chart-${id} svg circle.dot, #chart-${id} svg rect.bar`).length,
        ]),
      ),
    );
    for (const [id, count] of Object.entries(marks)) assert.ok(count > 0, `${id} has marks`);
    assert.equal(marks['latency'], 2 * 4, 'p50 and p95 for codestral, haiku, sonnet and local');
    assert.equal(await page.locator('#chart-spend line.budget-line').count(), 1);
    assert.ok((await page.locator('#chart-latency path[stroke-dasharray]').count()) > 0, 'p95 dashed');
    for (const id of ['latency', 'spend', 'cache', 'acceptance', 'errors', 'tasks']) {
      assert.ok((await page.locator(`#chart-${id} svg > title`).textContent())?.length, `${id} has a title`);
    }
    await page.screenshot({ path: join(RESULTS, 'telemetry.png'), fullPage: true });
    assert.ok(statSync(join(RESULTS, 'telemetry.png')).size > 20_000, 'screenshot is not blank');
    await assertClean(probe);
    await page.close();
  });

  it('posts setRange, export and toggles an accessible table', async () => {
    const probe = await renderFixture();
    const { page } = probe;
    await page.click('[data-range="7d"]');
    await page.click('[data-export="csv"]');
    await page.click('[data-export="json"]');
    const posted = await page.evaluate(() => window.__posted);
    assert.deepEqual(posted.slice(1), [
      { type: 'setRange', range: '7d' },
      { type: 'export', format: 'csv' },
      { type: 'export', format: 'json' },
    ]);
    assert.equal(await page.getAttribute('[data-range="7d"]', 'aria-pressed'), 'true');
    await page.click('#chart-spend .table-toggle');
    assert.equal(await page.getAttribute('#chart-spend .table-toggle', 'aria-expanded'), 'true');
    assert.equal(await page.locator('#chart-spend-table tbody tr').count(), month.spendByDay.length);
    await send(page, { type: 'exported', format: 'csv', path: '/tmp/tandem.csv' });
    assert.match((await page.textContent('#status')) ?? '', /Exported CSV to \/tmp\/tandem.csv/);
    await assertClean(probe);
    await page.close();
  });

  it('ignores data for a range it no longer shows', async () => {
    const probe = await renderFixture();
    await probe.page.click('[data-range="24h"]');
    await send(probe.page, { type: 'aggregates', data: emptyAggregates(), generatedAt: Date.now(), range: '30d' });
    assert.equal(await probe.page.isHidden('#empty'), true);
    await probe.page.close();
  });

  it('restores range and data from state after a reload, without new data', async () => {
    const first = await renderFixture();
    await first.page.click('[data-range="90d"]');
    const saved = await first.page.evaluate(() => window.__state);
    await first.page.close();
    const probe = await open(saved);
    await probe.page.waitForSelector('#chart-spend rect.bar');
    assert.equal(await probe.page.getAttribute('[data-range="90d"]', 'aria-pressed'), 'true');
    const posted = await probe.page.evaluate(() => window.__posted);
    assert.deepEqual(posted, [{ type: 'ready' }, { type: 'setRange', range: '90d' }]);
    await assertClean(probe);
    await probe.page.close();
  });

  it('shows an empty state for no data', async () => {
    const probe = await open();
    await send(probe.page, { type: 'aggregates', data: emptyAggregates(), generatedAt: Date.now() });
    await probe.page.waitForSelector('#empty', { state: 'visible' });
    assert.equal(await probe.page.isHidden('#content'), true);
    await probe.page.screenshot({ path: join(RESULTS, 'telemetry-empty.png') });
    await assertClean(probe);
    await probe.page.close();
  });

  it('writes money as the status bar does (formatUsd): tenths of a cent under a dollar, cents above', async () => {
    const data: Aggregates = { ...month, totals: { ...month.totals, costUsd: 0.123 }, query: { ...month.query, dailyBudgetUsd: 2 } };
    const probe = await open();
    await send(probe.page, { type: 'aggregates', data, generatedAt: Date.now(), range: '30d', reserved: { requests: 2, usd: 0.0456 } });
    await probe.page.waitForSelector('#tiles .tile');
    const spend = probe.page.locator('#tiles .tile').first();
    assert.equal(await spend.locator('.tile-value').textContent(), formatUsd(0.123));
    assert.equal(formatUsd(0.123), '$0.123');
    const sub = (await spend.locator('.tile-sub').textContent()) ?? '';
    assert.ok(sub.includes(`${formatUsd(0.123 / data.spendByDay.length)}/day · budget ${formatUsd(2)}/day`), sub);
    assert.ok(sub.includes(`${formatUsd(0.0456)} reserved by 2 unsettled requests`), sub);
    await assertClean(probe);
    await probe.page.close();
  });

  it('sums "other" from the models it holds, so a day without them shows $0, not float dust', async () => {
    const [d1, d2] = month.spendByDay;
    const spendByModel = { c: 3, b: 2, a: 1, d: 0.5, e: 0.4, f: 0.3 };
    const spendByDay: SpendDay[] = [
      { day: d1!.day, byModel: { a: 0.1, b: 0.2, c: 0.3 }, totalUsd: 0.1 + 0.2 + 0.3 }, // 0.6000000000000001; c+b+a is 0.6
      { day: d2!.day, byModel: { c: 0.3, e: 0.25, f: 0.125 }, totalUsd: 0.3 + 0.25 + 0.125 },
    ];
    const probe = await renderFixture({ ...month, spendByModel, spendByDay });
    const rows = await probe.page
      .locator('#chart-spend-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    const headers = await probe.page.locator('#chart-spend-table th').allTextContents();
    const other = headers.indexOf('other');
    assert.ok(other > 0, headers.join());
    assert.deepEqual(
      rows.map((r) => r[other]),
      ['$0', formatUsd(0.375)],
    );
    await assertClean(probe);
    await probe.page.close();
  });

  it('copes with one day by the hour and 90 days of eight models', async () => {
    const day = await renderFixture(fixtureAggregates({ days: 1, seed: 3 }));
    assert.ok((await day.page.locator('#chart-latency path.line, #chart-latency circle.dot').count()) > 0);
    await day.page.screenshot({ path: join(RESULTS, 'telemetry-24h.png'), fullPage: true });
    await assertClean(day);
    await day.page.close();
    const models = ['codestral-2508', 'claude-haiku-4-5', 'claude-sonnet-4-5', 'claude-opus-4-1', 'm-a', 'm-b', 'm-c', 'm-d'];
    const wide = await renderFixture(fixtureAggregates({ days: 90, models, seed: 5, intensity: 10 }));
    assert.equal(await wide.page.locator('#chart-latency path.line').count(), 2 * 4, 'four models drawn in colour, the rest in the table');
    assert.match((await wide.page.textContent('#chart-spend .legend')) ?? '', /other/);
    const spendCells = await wide.page.locator('#chart-spend-table td').allTextContents();
    assert.deepEqual(
      spendCells.filter((c) => c.includes('$') && !/^\$(0|\d+\.\d+)$/.test(c)),
      [],
      'every amount in the spend table is a plain dollar figure (no float dust from subtracting: $-1.1e-16, <$0.000001)',
    );
    await wide.page.screenshot({ path: join(RESULTS, 'telemetry-90d.png'), fullPage: true });
    await assertClean(wide);
    await wide.page.close();
  });
});

/**
 * Runs in the page before its scripts: a VS Code webview API that records messages and state.
 * Plain JS source, since tsx's name helpers do not exist inside the page.
 */
function stubVsCodeApi(state: unknown): string {
  return `(() => {
  window.__posted = [];
  window.__violations = [];
  window.__state = ${state === undefined ? 'undefined' : JSON.stringify(state)};
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    const copy = (v) => JSON.parse(JSON.stringify(v));
    return {
      postMessage: (m) => window.__posted.push(copy(m)),
      getState: () => window.__state,
      setState: (s) => { window.__state = copy(s); },
    };
  };
})();`;
}
