import { strict as assert } from 'node:assert';
import { silentLog, type Log } from '../../../src/core/log';
import { ProviderError } from '../../../src/core/providers/errors';
import type { StreamEvent } from '../../../src/core/providers/types';
import { Breakers } from '../../../src/core/router/breaker';
import { Budgets, type BudgetLimits } from '../../../src/core/router/budgets';
import { DEFAULT_PRICES, estimateCost } from '../../../src/core/router/pricing';
import { BudgetRefusedError } from '../../../src/core/providers/errors';
import { Router, type RoutedRequest } from '../../../src/core/router/router';
import { DEFAULT_ROUTES, type RouteTable } from '../../../src/core/router/routes';
import { drain, FakeLedger, scriptedInvoke, usage, type Step } from './fakes';

const HAIKU = 'anthropic/claude-haiku-5-5';
const SONNET = 'anthropic/claude-sonnet-5-5';

interface Harness {
  router: Router;
  ledger: FakeLedger;
  waits: number[];
  logs: string[];
}

function harness(limits: BudgetLimits = { dailyUsd: 100 }, breakers?: Breakers, routes: RouteTable = DEFAULT_ROUTES): Harness {
  const ledger = new FakeLedger();
  const waits: number[] = [];
  const logs: string[] = [];
  const log: Log = { ...silentLog, info: (m: string) => void logs.push(m) };
  let id = 0;
  const router = new Router({
    routes,
    prices: DEFAULT_PRICES,
    budgets: new Budgets({ spend: ledger, limits, now: () => 0 }),
    ledger,
    log,
    now: () => 0,
    random: () => 0.5,
    newId: () => `r${++id}`,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: async (ms) => void waits.push(ms),
    ...(breakers ? { breakers } : {}),
  });
  return { router, ledger, waits, logs };
}

function request(task = 'explain', signal = new AbortController().signal): RoutedRequest {
  return { task, estimatedInputTokens: 1000, maxOutputTokens: 1000, signal };
}

async function run(
  h: Harness,
  script: Record<string, Step[]>,
  req = request(),
): Promise<{ text: string; error?: unknown; calls: string[]; route: unknown }> {
  const { invoke, calls } = scriptedInvoke(script);
  const stream = h.router.stream(req, invoke);
  const { events, error } = await drain<StreamEvent>(stream.events);
  const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
  return { text, error, calls, route: await stream.route };
}

describe('router/router', () => {
  it('serves from the primary route and writes one record with cost, timings and decision', async () => {
    const h = harness();
    const r = await run(h, { [HAIKU]: [{ text: ['Hel', 'lo'], usage: usage(100, 10, 2000, 0) }] });
    assert.equal(r.text, 'Hello');
    assert.deepEqual(r.route, { provider: 'anthropic', model: 'claude-haiku-5-5' });
    assert.equal(h.ledger.records.length, 1);
    const rec = h.ledger.records[0]!;
    assert.equal(rec.id, 'r1');
    assert.equal(rec.decision, 'primary');
    assert.equal(rec.outcome, 'ok');
    assert.equal(rec.cacheReadTokens, 2000);
    assert.ok(Math.abs(rec.costUsd - (100 * 0.1 + 10 * 0.5 + 2000 * 0.01) / 1e6) < 1e-15);
    assert.equal(rec.ttftMs, 0);
  });

  it('a model refusal (stop_reason "refusal") is recorded as outcome refused, with its cost, and never logged as ok', async () => {
    const h = harness();
    const r = await run(h, { [HAIKU]: [{ text: ['I can'], usage: usage(100, 3), stopReason: 'refusal' }] });
    assert.equal(r.text, 'I can');
    const rec = h.ledger.records[0]!;
    assert.equal(rec.outcome, 'refused');
    assert.ok(rec.costUsd > 0, 'a refused answer is still billed');
    assert.ok(h.logs.some((l) => /explain refused on anthropic\/claude-haiku-5-5/.test(l)));
    assert.ok(!h.logs.some((l) => /explain ok/.test(l)));
  });

  it('a routine request logs its routine course at debug; a fallback still reaches the info log', async () => {
    const h = harness();
    await run(h, { [HAIKU]: [{ text: ['ok'] }] }, { ...request(), routine: true });
    assert.equal(h.logs.length, 0, 'primary route, ok: nothing at info');
    await run(h, { [HAIKU]: [{ text: ['ok'] }] });
    assert.equal(h.logs.length, 2, 'the same request, not routine: route and outcome at info');
    const fallback = harness();
    await run(fallback, { [HAIKU]: [{ fail: 'server' }], [SONNET]: [{ text: ['ok'] }] }, { ...request(), routine: true });
    const logged = fallback.logs.join('\n');
    assert.ok(
      logged.includes('→ anthropic/claude-sonnet-5-5 (fallback)') && logged.includes('ok on anthropic/claude-sonnet-5-5 (fallback)'),
      logged,
    );
  });

  for (const kind of ['rate_limit', 'overloaded', 'server'] as const) {
    it(`retries ${kind} on the same route, then falls back to the next`, async () => {
      const h = harness();
      const r = await run(h, { [HAIKU]: [{ fail: kind }], [SONNET]: [{ text: ['from sonnet'] }] });
      assert.equal(r.text, 'from sonnet');
      assert.deepEqual(r.calls, [HAIKU, HAIKU, HAIKU, SONNET]);
      assert.deepEqual(h.waits, [75, 150], 'exponential backoff with equal jitter');
      const rec = h.ledger.records[0]!;
      assert.equal(h.ledger.records.length, 1);
      assert.equal(rec.decision, 'fallback');
      assert.equal(rec.model, 'claude-sonnet-5-5');
      assert.match(rec.reason!, new RegExp(`${kind} on ${HAIKU}`));
    });
  }

  it('never retries a timeout on the same route: falls through to the next route once', async () => {
    const h = harness();
    const r = await run(h, { [HAIKU]: [{ fail: 'timeout' }], [SONNET]: [{ fail: 'timeout' }] });
    assert.deepEqual(r.calls, [HAIKU, SONNET]);
    assert.deepEqual(h.waits, []);
    assert.equal((r.error as ProviderError).kind, 'timeout');
    assert.equal(h.ledger.records[0]!.errorKind, 'timeout');
  });

  it('a second timeout ends the request however long the chain (total time stays bounded)', async () => {
    const opus = { provider: 'anthropic', model: 'claude-opus-5-5' } as const;
    const h = harness({ dailyUsd: 100 }, undefined, { ...DEFAULT_ROUTES, explain: [...DEFAULT_ROUTES['explain']!, opus] });
    const r = await run(h, { [HAIKU]: [{ fail: 'timeout' }], [SONNET]: [{ fail: 'timeout' }] });
    assert.deepEqual(r.calls, [HAIKU, SONNET]);
    assert.equal((r.error as ProviderError).kind, 'timeout');
  });

  it('a completion (routesAfterTimeout 0) fails fast on a timeout, even with another route', async () => {
    const codestral = 'mistral/codestral-latest';
    const h = harness({ dailyUsd: 100 }, undefined, {
      ...DEFAULT_ROUTES,
      completion: [
        { provider: 'mistral', model: 'codestral-latest' },
        { provider: 'mistral', model: 'codestral-2508' },
      ],
    });
    const r = await run(h, { [codestral]: [{ fail: 'timeout' }] }, { ...request('completion'), routesAfterTimeout: 0 });
    assert.deepEqual(r.calls, [codestral]);
    assert.equal((r.error as ProviderError).kind, 'timeout');
    assert.equal(h.ledger.records.length, 1);
  });

  it('honours retry-after within the cap and falls through at once when it is longer', async () => {
    const h = harness();
    const r = await run(h, {
      [HAIKU]: [
        { fail: 'rate_limit', retryAfterMs: 400 },
        { fail: 'rate_limit', retryAfterMs: 60_000 },
      ],
    });
    assert.deepEqual(h.waits, [400]);
    assert.deepEqual(r.calls, [HAIKU, HAIKU, SONNET]);
    assert.match(h.ledger.records[0]!.reason!, /retry-after 60000 ms over the 1000 ms cap/);
  });

  it('never retries an auth error nor falls through to the same provider, and names the key to fix', async () => {
    const h = harness();
    const r = await run(h, { [HAIKU]: [{ fail: 'auth' }] });
    assert.deepEqual(r.calls, [HAIKU]);
    assert.ok(r.error instanceof ProviderError);
    assert.equal(r.error.message, "Anthropic key rejected by api.anthropic.com — run 'Tandem: Set Anthropic API Key'.");
    assert.equal(h.ledger.records[0]!.errorKind, 'auth');
    assert.equal(r.route, undefined);
  });

  it('ends the stream with the error after text has streamed, without switching route', async () => {
    const h = harness();
    const r = await run(h, { [HAIKU]: [{ fail: 'overloaded', afterText: 'partial answer' }] });
    assert.equal(r.text, 'partial answer');
    assert.deepEqual(r.calls, [HAIKU]);
    assert.equal((r.error as ProviderError).kind, 'overloaded');
    const rec = h.ledger.records[0]!;
    assert.equal(rec.outcome, 'error');
    assert.ok(rec.outputTokens > 0 && rec.costUsd > 0, 'partial output is still charged (estimated)');
  });

  it('downgrades to a cheaper later route when a budget is near', async () => {
    const h = harness({ dailyUsd: 1, nearPercent: 80 });
    h.ledger.seed(0.85, 0);
    const r = await run(h, {}, request('review'));
    assert.deepEqual(r.calls, [HAIKU]);
    const rec = h.ledger.records.at(-1)!;
    assert.equal(rec.decision, 'downgrade');
    assert.match(rec.reason!, /budget near: daily/);
  });

  it('refuses with the budget’s message when no route fits, and records the refusal', async () => {
    const h = harness({ dailyUsd: 5 });
    h.ledger.seed(5.02, 0);
    const r = await run(h, {});
    assert.ok(r.error instanceof BudgetRefusedError);
    assert.equal(r.error.budget, 'daily');
    assert.equal(r.error.message, 'Daily budget of $5.00 spent ($5.02). Raise tandem.budget.dailyUsd or wait until tomorrow.');
    assert.deepEqual(r.calls, []);
    const rec = h.ledger.records.at(-1)!;
    assert.equal(rec.outcome, 'budget_refused');
    assert.equal(rec.decision, 'refused');
  });

  it('takes a cheaper route that fits instead of refusing over the per-request ceiling', async () => {
    const ceiling =
      (estimateCost('claude-haiku-5-5', 1000, 1000, DEFAULT_PRICES) + estimateCost('claude-sonnet-5-5', 1000, 1000, DEFAULT_PRICES)) / 2;
    const h = harness({ requestUsd: ceiling });
    const r = await run(h, {}, request('review'));
    assert.deepEqual(r.calls, [HAIKU]);
    assert.equal(h.ledger.records[0]!.decision, 'downgrade');
  });

  it('skips a route whose circuit is open', async () => {
    const breakers = new Breakers({ failureThreshold: 1, now: () => 0 });
    breakers.for({ provider: 'anthropic', model: 'claude-haiku-5-5' }).onFailure();
    const h = harness({ dailyUsd: 100 }, breakers);
    const r = await run(h, {});
    assert.deepEqual(r.calls, [SONNET]);
    assert.equal(h.ledger.records[0]!.decision, 'fallback');
    assert.match(h.ledger.records[0]!.reason!, /circuit open: anthropic\/claude-haiku-5-5/);
  });

  it('cancels without retrying when the caller aborts', async () => {
    const h = harness();
    const abort = new AbortController();
    const { invoke, calls } = scriptedInvoke({ [HAIKU]: [{ waitForAbort: true }] });
    const stream = h.router.stream(request('explain', abort.signal), invoke);
    setImmediate(() => abort.abort());
    const { error } = await drain(stream.events);
    assert.equal((error as ProviderError).kind, 'cancelled');
    assert.deepEqual(calls, [HAIKU]);
    assert.equal(h.ledger.records.length, 1);
    assert.equal(h.ledger.records[0]!.outcome, 'cancelled');
  });

  it('a consumer that stops reading after output ends the request as ok (estimated usage), one record', async () => {
    const h = harness();
    const { invoke } = scriptedInvoke({ [HAIKU]: [{ waitForAbort: true, afterText: 'a' }] });
    const stream = h.router.stream(request(), invoke);
    for await (const event of stream.events) {
      assert.equal(event.type, 'text');
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(h.ledger.records.length, 1);
    assert.equal(h.ledger.records[0]!.outcome, 'ok');
    assert.match(h.ledger.records[0]!.reason ?? '', /the stream did not complete/);
  });

  it('logs every decision', async () => {
    const h = harness();
    await run(h, { [HAIKU]: [{ fail: 'server' }] });
    assert.ok(h.logs.some((l) => /retry anthropic\/claude-haiku-5-5 in 75 ms/.test(l)));
    assert.ok(h.logs.some((l) => /→ anthropic\/claude-sonnet-5-5 \(fallback\)/.test(l)));
  });

  it('20 concurrent requests never jointly exceed the daily cap', async () => {
    const cap = 5 * estimateCost('claude-haiku-5-5', 1000, 1000, DEFAULT_PRICES) + 1e-9;
    const h = harness({ dailyUsd: cap });
    const { invoke } = scriptedInvoke({
      [HAIKU]: [{ text: ['x'], usage: usage(1000, 1000) }],
      [SONNET]: [{ text: ['x'], usage: usage(1000, 1000) }],
    });
    const streams = Array.from({ length: 20 }, () => h.router.stream(request(), invoke));
    const results = await Promise.all(streams.map((s) => drain(s.events)));
    const settled = h.ledger.records.reduce((sum, r) => sum + r.costUsd, 0);
    assert.ok(settled <= cap, `settled ${settled} > cap ${cap}`);
    assert.equal(results.filter((r) => r.error instanceof BudgetRefusedError).length, 15);
    assert.equal(h.ledger.records.length, 20);
  });
});

describe('router/router: open circuits', () => {
  it('fails fast with a paused-route error when every route’s circuit is open', async () => {
    const breakers = new Breakers({ failureThreshold: 1, coolDownMs: 30_000, now: () => 0 });
    for (const model of ['claude-haiku-5-5', 'claude-sonnet-5-5']) breakers.for({ provider: 'anthropic', model }).onFailure();
    const h = harness({ dailyUsd: 100 }, breakers);
    const r = await run(h, {});
    assert.deepEqual(r.calls, []);
    assert.match((r.error as ProviderError).message, /paused after repeated failures; trying again in 30 s/);
    assert.equal(h.ledger.records.length, 1);
    assert.equal(h.ledger.records[0]!.outcome, 'error');
  });

  it('records a refusal by an open circuit as circuit_open (not a vendor 529), with the cool-down left', async () => {
    let now = 0;
    const breakers = new Breakers({ failureThreshold: 1, coolDownMs: 30_000, now: () => now });
    for (const model of ['claude-haiku-5-5', 'claude-sonnet-5-5']) breakers.for({ provider: 'anthropic', model }).onFailure();
    now = 10_000;
    const h = harness({ dailyUsd: 100 }, breakers);
    const r = await run(h, {});
    assert.ok(r.error instanceof ProviderError);
    assert.equal(r.error.kind, 'circuit_open');
    assert.equal(r.error.retryAfterMs, 20_000);
    assert.equal(r.error.transient, false);
    assert.equal(h.ledger.records[0]!.errorKind, 'circuit_open');
  });

  it('a refusal by an open circuit is neither retried nor counted as a failure by the breaker', async () => {
    let now = 0;
    const breakers = new Breakers({ failureThreshold: 1, coolDownMs: 30_000, now: () => now });
    const haiku = breakers.for({ provider: 'anthropic', model: 'claude-haiku-5-5' });
    haiku.onFailure();
    now = 30_000;
    assert.equal(haiku.tryAcquire(), true, 'another request holds the half-open probe');
    const h = harness({ dailyUsd: 100 }, breakers, { ...DEFAULT_ROUTES, explain: [{ provider: 'anthropic', model: 'claude-haiku-5-5' }] });
    const r = await run(h, {});
    assert.deepEqual(r.calls, []);
    assert.deepEqual(h.waits, []);
    assert.equal((r.error as ProviderError).kind, 'circuit_open');
    assert.equal(haiku.state, 'half_open', 'not reopened by the refusal');
    assert.equal(haiku.allows(), false, 'the probe still belongs to the request that took it');
  });
});
