/**
 * The explain/review panel in headless Chromium under its real CSP: what it DISPLAYS after streamed
 * deltas followed at once (same task, before any animation frame) by each way a turn can end.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { PHASE_LABEL, type PageMessage, type PanelMessage } from '../../src/core/assist/panel/panelProtocol';
import { startPageServer, type PageServer } from './pageServer';

/** The page's window with the stub's probes (telemetry.test.ts declares its own on the global Window). */
interface Probed {
  __posted: PageMessage[];
  __state: unknown;
  __violations: string[];
}

interface Shown {
  phase: string;
  meta: string;
  answers: string[];
  notes: string[];
  cancelVisible: boolean;
  followupVisible: boolean;
  findings: string[];
}

const DELTAS: PanelMessage[] = ['The function ', '`parse` reads ', 'the header and ', 'returns **early** when'].map((text) => ({
  type: 'delta',
  text,
}));
const PARTIAL = 'The function parse reads the header and returns early when';

describe('assist panel webview', function () {
  this.timeout(30_000);
  let context: BrowserContext;
  let server: PageServer;
  const profileDir = mkdtempSync(join(tmpdir(), 'tandem-assist-webview-'));

  before(async () => {
    [context, server] = await Promise.all([launchBrowser(profileDir), startPageServer()]);
  });
  after(async () => {
    await context?.close();
    await server?.close();
    rmSync(profileDir, { recursive: true, force: true });
  });

  let page: Page;
  let problems: string[];
  beforeEach(async () => {
    page = await context.newPage();
    problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.addInitScript({ content: STUB });
    await page.goto(`${server.origin}/assist`);
    await page.waitForFunction(() => (window as unknown as Probed).__posted.some((m) => m.type === 'ready'));
  });
  afterEach(async () => {
    const violations = await page.evaluate(() => (window as unknown as Probed).__violations);
    await page.close();
    assert.deepEqual([...problems, ...violations], [], 'no console errors, page errors or CSP violations');
  });

  /** Posts every message in one task: nothing renders in between, as when a burst arrives at once. */
  async function burst(messages: unknown[]): Promise<void> {
    await page.evaluate((ms) => {
      for (const m of ms) window.postMessage(m, '*');
    }, messages);
  }

  /** What the page shows once pending animation frames have run. */
  async function shown(): Promise<Shown> {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.waitForTimeout(50);
    return page.evaluate(SHOWN) as Promise<Shown>;
  }

  const start: PanelMessage = { type: 'start', title: 'Explain src/a.ts:1-9', subtitle: 'claude-sonnet-5-5 · streaming…' };

  it('shows thinking… before the first text, then streaming…', async () => {
    await burst([start, { type: 'thinking' }]);
    let s = await shown();
    assert.equal(s.phase, PHASE_LABEL.thinking);
    assert.deepEqual(s.notes, ['Thinking…']);
    assert.ok(s.cancelVisible);
    await burst(DELTAS.slice(0, 1));
    s = await shown();
    assert.equal(s.phase, PHASE_LABEL.streaming);
    assert.deepEqual(s.notes, []);
  });

  it('text deltas followed at once by an error keep the text and say it is incomplete', async () => {
    await burst([start, ...DELTAS, { type: 'error', message: 'Claude overloaded_error from 127.0.0.1: Overloaded' }]);
    const s = await shown();
    assert.equal(s.phase, PHASE_LABEL.error);
    assert.equal(s.answers[0], PARTIAL);
    assert.equal(s.notes.length, 1);
    assert.match(s.notes[0]!, /^Answer incomplete — the stream failed: Claude overloaded_error/);
    assert.ok(!s.cancelVisible, 'no Cancel once the turn has ended');
  });

  it('a malformed event is ignored without breaking the page; the error after it still shows', async () => {
    await burst([
      start,
      ...DELTAS,
      null,
      'garbage',
      { type: 'delta', text: 42 },
      { type: 'done', text: 7 },
      { type: 'error' },
      { type: 'nonsense' },
      { type: 'error', message: 'Claude stream failed (127.0.0.1): Could not parse message into JSON' },
    ]);
    const s = await shown();
    assert.equal(s.phase, PHASE_LABEL.error);
    assert.equal(s.answers[0], PARTIAL);
    assert.match(s.notes[0]!, /incomplete.*Could not parse message/);
  });

  it('a refusal mid-stream keeps the partial text, says it was refused, and is not a normal answer', async () => {
    await burst([start, ...DELTAS, { type: 'refused', message: 'Claude declined to continue (stop_reason "refusal").' }]);
    const s = await shown();
    assert.equal(s.phase, PHASE_LABEL.refused);
    assert.equal(s.answers[0], PARTIAL);
    assert.match(s.notes[0]!, /^Refused — the model stopped and declined to continue; the text above is partial\./);
  });

  it('a refusal before any text says the model declined', async () => {
    await burst([start, { type: 'thinking' }, { type: 'refused', message: '' }, { type: 'refused', message: 'No answer.' }]);
    const s = await shown();
    assert.equal(s.phase, PHASE_LABEL.refused);
    assert.deepEqual(s.answers, ['']);
    assert.match(s.notes[0]!, /^Refused — the model declined to answer\./);
  });

  it('a cancel after deltas keeps the text and says it is incomplete; late deltas change nothing', async () => {
    await burst([start, ...DELTAS, { type: 'cancelled' }, { type: 'delta', text: ' LATE' }, { type: 'done', text: 'replaced' }]);
    const s = await shown();
    assert.equal(s.phase, PHASE_LABEL.cancelled);
    assert.equal(s.answers[0], PARTIAL);
    assert.deepEqual(s.notes, ['Cancelled — the answer above is incomplete.']);
  });

  it('done renders the final text, the footer in the header, and offers a follow-up', async () => {
    await burst([
      start,
      ...DELTAS,
      { type: 'done', text: `${PARTIAL} the input is empty.`, footer: 'claude-sonnet-5-5 · 4000 in (90% from cache)' },
      { type: 'followupEnabled', enabled: true },
    ]);
    const s = await shown();
    assert.equal(s.phase, PHASE_LABEL.done);
    assert.equal(s.meta, 'claude-sonnet-5-5 · 4000 in (90% from cache)');
    assert.deepEqual(s.notes, []);
    assert.ok(s.followupVisible);
    await page.fill('#question', 'Why return early?');
    await page.press('#question', 'Enter');
    assert.deepEqual(await page.evaluate(() => (window as unknown as Probed).__posted.filter((m) => m.type === 'followup')), [
      { type: 'followup', question: 'Why return early?' },
    ]);
  });

  it('a follow-up streams into a new turn under the first; the header follows the latest turn', async () => {
    await burst([
      start,
      ...DELTAS,
      { type: 'done', footer: 'turn 1 footer' },
      { type: 'followup', question: 'And then?' },
      { type: 'delta', text: 'Then it' },
      { type: 'error', message: 'Claude 529' },
    ]);
    const s = await shown();
    assert.equal(s.answers.length, 2);
    assert.equal(s.answers[0], PARTIAL);
    assert.equal(s.answers[1], 'Then it');
    assert.equal(s.phase, PHASE_LABEL.error);
    assert.match(s.notes[0]!, /Claude 529/);
    assert.ok(!s.followupVisible);
  });

  it('the header matches every terminal state, whatever came before', async () => {
    const endings: Array<[PanelMessage, string]> = [
      [{ type: 'done' }, PHASE_LABEL.done],
      [{ type: 'error', message: 'x' }, PHASE_LABEL.error],
      [{ type: 'cancelled' }, PHASE_LABEL.cancelled],
      [{ type: 'refused', message: 'x' }, PHASE_LABEL.refused],
    ];
    for (const [ending, label] of endings) {
      for (const before of [[], [{ type: 'thinking' }], DELTAS]) {
        await burst([start, ...before, ending]);
        const s = await shown();
        assert.equal(s.phase, label, `${ending.type} after ${before.length} messages`);
        assert.ok(!s.cancelVisible);
      }
    }
  });

  it('restores the ended turn from saved state, with its end note', async () => {
    await burst([start, ...DELTAS, { type: 'error', message: 'boom' }]);
    const saved = await page.evaluate(() => (window as unknown as Probed).__state);
    await page.addInitScript({ content: `window.__state = ${JSON.stringify(saved)};` });
    await page.reload();
    await page.waitForFunction(() => (window as unknown as Probed).__posted.some((m) => m.type === 'ready'));
    const s = await shown();
    assert.equal(s.phase, PHASE_LABEL.error);
    assert.equal(s.answers[0], PARTIAL);
  });

  it('lists findings, marks those with a fix, and escapes markup', async () => {
    await burst([
      { ...start, title: 'Review src/a.ts' },
      { type: 'done', text: 'Two findings <img src=x onerror=alert(1)>' },
      {
        type: 'findings',
        findings: [
          {
            path: 'src/a.ts',
            line: 3,
            severity: 'warning',
            message: 'Loose equality',
            fix: { startLine: 3, endLine: 3, replacement: 'a === b', originalHash: 'h' },
          },
          { path: 'src/a.ts', line: 9, severity: 'info', message: '<b>x</b>' },
        ],
      },
    ]);
    const s = await shown();
    assert.deepEqual(s.findings, ['WARNING src/a.ts:3 — Loose equality (quick fix available)', 'INFO src/a.ts:9 — <b>x</b>']);
    assert.equal(await page.locator('#turns img').count(), 0);
  });
});

/** Read as a string: tsx would wrap named inner functions in a helper the page does not have. */
const SHOWN = `(() => {
  const visible = (id) => { const e = document.getElementById(id); return !e.hidden && e.getClientRects().length > 0; };
  const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText.trim());
  return {
    phase: document.getElementById('phase').innerText.trim(),
    meta: document.getElementById('meta').innerText.trim(),
    answers: texts('.answer'),
    notes: texts('.end-note'),
    cancelVisible: visible('cancel'),
    followupVisible: visible('followup'),
    findings: texts('.finding'),
  };
})()`;

const STUB = `(() => {
  window.__posted = [];
  window.__violations = [];
  window.__state = undefined;
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => {
    const copy = (v) => JSON.parse(JSON.stringify(v));
    return {
      postMessage: (m) => window.__posted.push(copy(m)),
      getState: () => window.__state,
      setState: (s) => { window.__state = copy(s); },
    };
  };
})();`;
