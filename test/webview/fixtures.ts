/**
 * Realistic telemetry for the webview tests: seeded ledger records with a working-day rhythm
 * (busy weekday office hours, quiet nights and weekends), run through the ledger's own aggregate.
 */
import { aggregate } from '../../src/core/ledger/aggregate';
import type { Aggregates, AggregateQuery } from '../../src/core/ledger/aggregateTypes';
import type { LedgerRecord, Outcome, RouteDecision } from '../../src/core/ledger/record';
import type { ProviderErrorKind } from '../../src/core/providers/errors';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export interface FixtureOptions {
  days: number;
  /** Completion model first, then chat models (explain/review). */
  models?: readonly string[];
  seed?: number;
  /** Completions per busy hour. */
  intensity?: number;
  nowMs?: number;
}

const DEFAULT_MODELS = ['codestral-2508', 'claude-haiku-4-5', 'claude-sonnet-4-5'];
const LANGUAGES = ['typescript', 'typescript', 'typescript', 'python', 'python', 'go', 'rust', 'markdown'];
const ERROR_KINDS: readonly ProviderErrorKind[] = ['rate_limit', 'timeout', 'overloaded', 'server', 'network'];
/** $ per million tokens: input, output, cache read, cache write. */
const PRICES: Record<string, readonly [number, number, number, number]> = {
  'claude-haiku-4-5': [1, 5, 0.1, 1.25],
  'claude-sonnet-4-5': [3, 15, 0.3, 3.75],
};

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateRecords(opts: FixtureOptions): LedgerRecord[] {
  const rand = seededRandom(opts.seed ?? 7);
  const models = opts.models ?? DEFAULT_MODELS;
  const nowMs = opts.nowMs ?? Date.now();
  const out: LedgerRecord[] = [];
  for (let hourStart = nowMs - opts.days * DAY_MS; hourStart < nowMs; hourStart += HOUR_MS) {
    const count = Math.round(busyness(hourStart) * (opts.intensity ?? 40) * (0.6 + rand() * 0.8));
    for (let i = 0; i < count; i++) {
      const ts = Math.min(nowMs - 1, Math.floor(hourStart + rand() * HOUR_MS));
      const id = `r${out.length}`;
      out.push(rand() < 0.9 ? completion(rand, id, ts, models[0]!) : chat(rand, id, ts, models.slice(1)));
    }
  }
  return out;
}

export function fixtureAggregates(opts: FixtureOptions & { dailyBudgetUsd?: number }): Aggregates {
  const nowMs = opts.nowMs ?? Date.now();
  return aggregate(generateRecords({ ...opts, nowMs }), queryFor(opts.days, nowMs, opts.dailyBudgetUsd ?? 1.5));
}

export function emptyAggregates(nowMs = Date.now()): Aggregates {
  return aggregate([], queryFor(7, nowMs, 5));
}

function queryFor(days: number, nowMs: number, dailyBudgetUsd: number): AggregateQuery {
  return { fromMs: nowMs - days * DAY_MS, toMs: nowMs, bucket: days <= 1 ? 'hour' : 'day', dailyBudgetUsd };
}

/** 0..1: weekdays 9–18 are busy, evenings light, nights and weekends nearly idle. */
function busyness(ts: number): number {
  const d = new Date(ts);
  const weekend = d.getDay() === 0 || d.getDay() === 6;
  const hour = d.getHours();
  const base = hour >= 9 && hour < 18 ? 1 : hour >= 18 && hour < 22 ? 0.3 : 0.02;
  return weekend ? base * 0.15 : base;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

function outcome(rand: () => number): { outcome: Outcome; errorKind?: ProviderErrorKind } {
  const x = rand();
  if (x < 0.03) return { outcome: 'error', errorKind: pick(rand, ERROR_KINDS) };
  if (x < 0.12) return { outcome: 'cancelled' };
  return { outcome: 'ok' };
}

function completion(rand: () => number, id: string, ts: number, model: string): LedgerRecord {
  const source = pick(rand, [
    'network',
    'network',
    'network',
    'network',
    'network',
    'network',
    'cache',
    'typed_through',
    'inflight',
  ] as const);
  const local = source !== 'network';
  const shown = rand() < 0.75;
  const language = pick(rand, LANGUAGES);
  const acceptBias = language === 'markdown' ? 0.3 : language === 'typescript' ? 0.68 : 0.55;
  const acceptance = !shown ? undefined : rand() < acceptBias ? (rand() < 0.8 ? 'accepted' : 'partial') : 'rejected';
  const inputTokens = local ? 0 : 1500 + Math.floor(rand() * 2500);
  const outputTokens = local ? 0 : 5 + Math.floor(rand() * 80);
  const ttft = local ? 1 + rand() * 3 : 120 + rand() * 180 + (rand() < 0.1 ? rand() * 600 : 0);
  return {
    id,
    ts,
    task: 'completion',
    provider: local ? 'local' : 'mistral',
    model: local ? 'local' : model,
    decision: local ? 'local' : 'primary',
    inputTokens,
    outputTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: (inputTokens * 0.3 + outputTokens * 0.9) / 1e6,
    ttftMs: ttft,
    latencyMs: ttft + (local ? 1 : 80 + rand() * 400),
    ...(local ? { outcome: 'ok' as Outcome } : outcome(rand)),
    language,
    completion: { source, shown, ...(acceptance ? { acceptance } : {}), ...(shown ? { shownChars: 20 + Math.floor(rand() * 150) } : {}) },
  };
}

function chat(rand: () => number, id: string, ts: number, models: readonly string[]): LedgerRecord {
  const task = rand() < 0.6 ? 'explain' : 'review';
  const decision: RouteDecision = rand() < 0.08 ? 'fallback' : rand() < 0.05 ? 'downgrade' : 'primary';
  const model = pick(rand, models);
  const [pIn, pOut, pRead, pWrite] = PRICES[model] ?? [2, 10, 0.2, 2.5];
  const cached = rand() < 0.7;
  const inputTokens = 800 + Math.floor(rand() * 3000);
  const cacheReadTokens = cached ? 6000 + Math.floor(rand() * 6000) : 0;
  const cacheWriteTokens = cached ? 0 : 6000 + Math.floor(rand() * 6000);
  const outputTokens = 200 + Math.floor(rand() * (task === 'review' ? 2500 : 1200));
  const ttftMs = 500 + rand() * 900 + (model.includes('sonnet') ? 400 : 0);
  const costUsd = (inputTokens * pIn + outputTokens * pOut + cacheReadTokens * pRead + cacheWriteTokens * pWrite) / 1e6;
  return {
    id,
    ts,
    task,
    provider: 'anthropic',
    model,
    decision,
    inputTokens,
    outputTokens,
    cacheReadTokens,
    cacheWriteTokens,
    costUsd,
    ttftMs,
    latencyMs: ttftMs + outputTokens * 12,
    ...outcome(rand),
    language: pick(rand, LANGUAGES),
  };
}
