/**
 * `npm run bench -- router [--json]`: explain/review through the production path (request builders,
 * runAssist, Router with real Budgets and Ledger, the Claude client over the official SDK) against the
 * vendor simulator with its prompt-caching semantics.
 *
 * 1. Session: 10 requests (explain and review alternating, different functions and questions) on one
 *    real source file, run twice: with the product's cache breakpoints, then the identical requests
 *    with every `cache_control` left out. Figures come from the usage the simulator returned, as the
 *    ledger recorded and priced it.
 * 2. Concurrency: 20 simultaneous requests through one Router whose daily cap holds the worst-case
 *    estimates of about six of them (on their cheapest route), with simulator latency so they overlap;
 *    settled spend against the cap, and what is still reserved once all have settled.
 */
import { join } from 'node:path';
import type { AssistResult } from '../src/core/assist/runAssist';
import type { LedgerRecord } from '../src/core/ledger/record';
import { DEFAULT_BUDGET_LIMITS } from '../src/core/router/budgets';
import { costOf, DEFAULT_PRICES } from '../src/core/router/pricing';
import { BudgetRefusedError } from '../src/core/providers/errors';
import { loadWorkspace, routeEstimatesUsd, openStack, spreadAsks, type Ask, type Workspace } from './assistStack';
import { startSimProcess } from './simProcess';
import type { BenchResult } from './table';

/** Tandem's own router, with the files it imports and the repository's conventions, as the workspace. */
const WORKSPACE = join(__dirname, '..');
const TARGET = { path: 'src/core/router/run.ts', languageId: 'typescript' };
const SESSION_REQUESTS = 10;
const CONCURRENT_REQUESTS = 20;
/**
 * The daily cap, in worst-case estimates of a concurrent request on its cheapest route (the router
 * downgrades to it near the cap), so no more than about this many can be served.
 */
const CAP_IN_REQUESTS = 6;
const WAVE_LATENCY = { ttftMs: 300, tokensPerSec: 400, jitterMs: 50 };

interface Tally {
  input: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
  usd: number;
}

interface Wave {
  capUsd: number;
  worstCaseAllUsd: number;
  reservedAtLaunchUsd: number;
  served: number;
  downgraded: number;
  refused: number;
  spentUsd: number;
  reservedAfterUsd: number;
  peakInFlight: number;
}

export async function run(_argv: string[]): Promise<BenchResult> {
  const ws = loadWorkspace(WORKSPACE, TARGET.path, TARGET.languageId);
  const sim = await startSimProcess(['--quiet']);
  try {
    const asks = spreadAsks(ws.target, SESSION_REQUESTS);
    const cached = await session(sim.url, ws, asks, true);
    const uncached = await session(sim.url, ws, asks, false);
    sameRequests(cached, uncached);
    await sim.setLatency(WAVE_LATENCY);
    const wave = await concurrentWave(sim.url, ws);
    const stats = await sim.stats();
    return report(ws, asks, cached, uncached, wave, stats.requests.anthropic + stats.requests.mistral);
  } finally {
    await sim.close();
  }
}

/** The asks one after another, as a developer would; returns their ledger records in order. */
async function session(simUrl: string, ws: Workspace, asks: Ask[], cache: boolean): Promise<LedgerRecord[]> {
  const stack = await openStack(simUrl, DEFAULT_BUDGET_LIMITS, ws);
  try {
    const results: AssistResult[] = [];
    for (const ask of asks) results.push(answered(ask, await stack.send(ask, cache)));
    const records = [...stack.ledger.records()].sort((a, b) => a.ts - b.ts);
    records.forEach((r, i) => matchesUsage(r, results[i]!));
    return records;
  } finally {
    await stack.close();
  }
}

function answered(ask: Ask, result: AssistResult): AssistResult {
  const ok = ask.task === 'explain' ? result.text.trim() !== '' : result.toolInput !== undefined;
  if (!ok || !result.usage || !result.route)
    throw new Error(`${ask.task} of lines ${ask.range.startLine}–${ask.range.endLine} got no answer`);
  return result;
}

/** The ledger's record must be the vendor's usage, priced by the product's table. */
function matchesUsage(record: LedgerRecord, result: AssistResult): void {
  const u = result.usage!;
  const same =
    record.outcome === 'ok' &&
    record.model === result.route!.model &&
    record.inputTokens === u.inputTokens &&
    record.cacheReadTokens === u.cacheReadTokens &&
    record.cacheWriteTokens === u.cacheWriteTokens &&
    record.outputTokens === u.outputTokens &&
    record.costUsd === costOf(record.model, u, DEFAULT_PRICES);
  if (!same) throw new Error(`ledger record ${record.id} does not match the usage the simulator returned`);
}

/** Without breakpoints the vendor must see the same prompts (same total input) and cache nothing. */
function sameRequests(cached: readonly LedgerRecord[], uncached: readonly LedgerRecord[]): void {
  const total = (r: LedgerRecord): number => r.inputTokens + r.cacheWriteTokens + r.cacheReadTokens;
  const same =
    cached.length === uncached.length &&
    cached.every((r, i) => {
      const u = uncached[i]!;
      return u.model === r.model && total(u) === total(r) && u.cacheReadTokens === 0 && u.cacheWriteTokens === 0;
    });
  if (!same) throw new Error('the session without caching did not send the same prompts uncached');
}

/** All requests at once through one Router with a daily cap that cannot hold them all. */
async function concurrentWave(simUrl: string, ws: Workspace): Promise<Wave> {
  const asks = spreadAsks(ws.target, CONCURRENT_REQUESTS);
  const estimates = asks.map((a) => routeEstimatesUsd(a, ws));
  const worstCaseAllUsd = sum(estimates.map((e) => e[0]!));
  const cheapestMeanUsd = sum(estimates.map((e) => Math.min(...e))) / asks.length;
  const capUsd = round(CAP_IN_REQUESTS * cheapestMeanUsd, 4);
  const stack = await openStack(simUrl, { requestUsd: null, dailyUsd: capUsd, monthlyUsd: null, nearPercent: 80 }, ws);
  try {
    const pending = asks.map((a) => stack.send(a, true));
    const reservedAtLaunchUsd = stack.budgets.reservedUsd();
    const outcomes = await Promise.allSettled(pending);
    const failure = outcomes.find((o) => o.status === 'rejected' && !(o.reason instanceof BudgetRefusedError));
    if (failure?.status === 'rejected') throw failure.reason;
    const records = stack.ledger.records();
    const served = records.filter((r) => r.outcome === 'ok');
    return {
      capUsd,
      worstCaseAllUsd,
      reservedAtLaunchUsd,
      served: served.length,
      downgraded: served.filter((r) => r.decision === 'downgrade').length,
      refused: records.filter((r) => r.outcome === 'budget_refused').length,
      spentUsd: sum(records.map((r) => r.costUsd)),
      reservedAfterUsd: stack.budgets.reservedUsd(),
      peakInFlight: peakOverlap(served),
    };
  } finally {
    await stack.close();
  }
}

/** Most requests in flight at one moment, from the ledger's start times and latencies. */
function peakOverlap(records: readonly LedgerRecord[]): number {
  const span = (r: LedgerRecord): [number, number] => [r.ts, r.ts + (r.latencyMs ?? 0)];
  return Math.max(0, ...records.map((r) => records.filter((o) => span(o)[0] <= r.ts && r.ts < span(o)[1]).length));
}

function tally(records: readonly LedgerRecord[]): Tally {
  return {
    input: sum(records.map((r) => r.inputTokens)),
    cacheWrite: sum(records.map((r) => r.cacheWriteTokens)),
    cacheRead: sum(records.map((r) => r.cacheReadTokens)),
    output: sum(records.map((r) => r.outputTokens)),
    usd: sum(records.map((r) => r.costUsd)),
  };
}

function readFraction(t: Tally): number {
  const total = t.input + t.cacheWrite + t.cacheRead;
  return total > 0 ? t.cacheRead / total : 0;
}

/** Requests after the first of each task on its model: the first one writes the cache. */
function warmRecords(records: readonly LedgerRecord[]): LedgerRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.task}/${r.model}`;
    const warm = seen.has(key);
    seen.add(key);
    return warm;
  });
}

function report(ws: Workspace, asks: Ask[], cached: LedgerRecord[], uncached: LedgerRecord[], wave: Wave, requests: number): BenchResult {
  const withCache = tally(cached);
  const without = tally(uncached);
  const families = cached.length - warmRecords(cached).length;
  const figures = {
    cachedInputFraction: round(readFraction(withCache), 4),
    costRatioCachedToUncached: round(withCache.usd / without.usd, 4),
    concurrentOvershootUsd: round(Math.max(0, wave.spentUsd - wave.capUsd), 6),
    requests,
    warmCachedInputFraction: round(readFraction(tally(warmRecords(cached))), 4),
    usdSaved: round(without.usd - withCache.usd, 6),
    served: wave.served,
    refused: wave.refused,
    reservedAfterUsd: round(wave.reservedAfterUsd, 6),
  };
  return {
    title: `Router: prompt caching over a ${asks.length}-request explain/review session, budget cap under ${CONCURRENT_REQUESTS} concurrent requests`,
    rows: [...cached.map((r, i) => sessionRow(String(i + 1), r, asks[i]!, uncached[i]!)), totalRow(withCache, without)],
    figures,
    notes: [
      `Workspace: ${ws.target.path} (${ws.target.text.split('\n').length} lines) with ${ws.related.length} imported files and ${ws.conventions.map((c) => c.path).join(', ')} as context; explain → ${cached[0]?.model}, review → ${cached[1]?.model} (default routes).`,
      `Caching: ${pct(figures.cachedInputFraction)} of input tokens read from cache (${pct(figures.warmCachedInputFraction)} once each task's cache is written; ${families} of ${cached.length} requests are a task's first on its model and write it, so the session cannot read more than ${pct(1 - families / cached.length)}). Cost ${money(withCache.usd)} vs ${money(without.usd)} without cache_control: ratio ${figures.costRatioCachedToUncached}, ${money(figures.usdSaved)} saved.`,
      `Concurrency: ${CONCURRENT_REQUESTS} simultaneous requests (worst case ${money(wave.worstCaseAllUsd)} together), daily cap ${money(wave.capUsd)}; ${money(wave.reservedAtLaunchUsd)} reserved at launch; ${wave.served} served (${wave.downgraded} downgraded near the cap, up to ${wave.peakInFlight} in flight at once), ${wave.refused} refused; settled spend ${money(wave.spentUsd)}, overshoot ${money(figures.concurrentOvershootUsd)}, still reserved after settling ${money(wave.reservedAfterUsd)}.`,
      `Requests sent to the simulator: ${requests}.`,
    ],
  };
}

function sessionRow(label: string, r: LedgerRecord, ask: Ask, uncached: LedgerRecord): Record<string, string | number> {
  return {
    '#': label,
    task: ask.question ? `${r.task} + question` : r.task,
    model: r.model,
    lines: `${ask.range.startLine}-${ask.range.endLine}`,
    input: r.inputTokens,
    'cache write': r.cacheWriteTokens,
    'cache read': r.cacheReadTokens,
    output: r.outputTokens,
    'cost $': money(r.costUsd),
    'no cache $': money(uncached.costUsd),
  };
}

function totalRow(t: Tally, without: Tally): Record<string, string | number> {
  return {
    '#': 'total',
    task: '',
    model: '',
    lines: '',
    input: t.input,
    'cache write': t.cacheWrite,
    'cache read': t.cacheRead,
    output: t.output,
    'cost $': money(t.usd),
    'no cache $': money(without.usd),
  };
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const round = (v: number, digits: number): number => Number(v.toFixed(digits));
const money = (usd: number): string => `$${usd.toFixed(6)}`;
const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
