/** Realistic ledger records from a seeded generator, shared by the ledger tests and bench/ledger.ts. */
import type { LedgerRecord, Outcome, RouteDecision } from '../../../src/core/ledger/record';
import type { ProviderErrorKind } from '../../../src/core/providers/errors';

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const LANGUAGES = ['typescript', 'python', 'go', 'rust', 'java', 'markdown'] as const;
const ERROR_KINDS: readonly ProviderErrorKind[] = ['rate_limit', 'overloaded', 'server', 'timeout', 'network'];
const CHAT_MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'] as const;

export interface GenerateOptions {
  count: number;
  fromMs: number;
  toMs: number;
  seed?: number;
  idPrefix?: string;
}

/** Mostly completions (Codestral, some served locally), some explain/review on Claude. */
export function generateRecords(opts: GenerateOptions): LedgerRecord[] {
  const rand = seededRandom(opts.seed ?? 1);
  const out: LedgerRecord[] = [];
  for (let i = 0; i < opts.count; i++) {
    const ts = Math.floor(opts.fromMs + rand() * (opts.toMs - opts.fromMs));
    const id = `${opts.idPrefix ?? 'r'}-${i}`;
    out.push(rand() < 0.85 ? completionRecord(rand, id, ts) : chatRecord(rand, id, ts));
  }
  return out;
}

function outcomeOf(rand: () => number): { outcome: Outcome; errorKind?: ProviderErrorKind } {
  const x = rand();
  if (x < 0.05) return { outcome: 'error', errorKind: pick(rand, ERROR_KINDS) };
  if (x < 0.06) return { outcome: 'error' };
  if (x < 0.15) return { outcome: 'cancelled' };
  if (x < 0.17) return { outcome: 'budget_refused' };
  if (x < 0.18) return { outcome: 'refused' };
  return { outcome: 'ok' };
}

function completionRecord(rand: () => number, id: string, ts: number): LedgerRecord {
  const source = pick(rand, ['network', 'network', 'network', 'network', 'cache', 'typed_through', 'inflight'] as const);
  const local = source !== 'network';
  const shown = rand() < 0.7;
  const acceptance = shown ? pick(rand, ['accepted', 'partial', 'rejected', 'rejected', undefined] as const) : undefined;
  const inputTokens = local ? 0 : 200 + Math.floor(rand() * 1800);
  const outputTokens = local ? 0 : Math.floor(rand() * 120);
  const model = local ? 'local' : rand() < 0.9 ? 'codestral-2508' : 'codestral-latest';
  const result = local ? { outcome: 'ok' as Outcome } : outcomeOf(rand);
  const decision: RouteDecision = local ? 'local' : rand() < 0.03 ? 'fallback' : 'primary';
  const language = rand() < 0.02 ? undefined : pick(rand, LANGUAGES);
  return {
    id,
    ts,
    task: 'completion',
    provider: local ? 'local' : 'mistral',
    model,
    decision,
    inputTokens,
    outputTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: local ? 0 : (inputTokens * 0.3 + outputTokens * 0.9) / 1e6,
    ttftMs: local ? 1 + rand() * 3 : 80 + rand() * 400,
    latencyMs: local ? 2 + rand() * 5 : 150 + rand() * 900,
    ...result,
    ...(language ? { language } : {}),
    completion: {
      source,
      shown,
      ...(acceptance ? { acceptance } : {}),
      ...(shown ? { shownChars: 10 + Math.floor(rand() * 200) } : {}),
    },
  };
}

function chatRecord(rand: () => number, id: string, ts: number): LedgerRecord {
  const model = pick(rand, CHAT_MODELS);
  const decision: RouteDecision = pick(rand, ['primary', 'primary', 'primary', 'primary', 'fallback', 'downgrade']);
  const inputTokens = 500 + Math.floor(rand() * 6000);
  const cacheReadTokens = rand() < 0.6 ? Math.floor(rand() * 20_000) : 0;
  const cacheWriteTokens = cacheReadTokens === 0 && rand() < 0.5 ? Math.floor(rand() * 20_000) : 0;
  const outputTokens = 100 + Math.floor(rand() * 1500);
  const price = model === 'claude-opus-4-1' ? 15 : model === 'claude-sonnet-4-5' ? 3 : 1;
  return {
    id,
    ts,
    task: rand() < 0.7 ? 'explain' : 'review',
    provider: 'anthropic',
    model,
    decision,
    ...(decision !== 'primary' ? { reason: 'budget near: daily' } : {}),
    inputTokens,
    outputTokens,
    cacheReadTokens,
    cacheWriteTokens,
    costUsd: (price * (inputTokens + cacheWriteTokens * 1.25 + cacheReadTokens * 0.1) + price * 5 * outputTokens) / 1e6,
    ttftMs: 400 + rand() * 2500,
    latencyMs: 2000 + rand() * 20_000,
    ...outcomeOf(rand),
    language: pick(rand, LANGUAGES),
  };
}
