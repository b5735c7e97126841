import type { ProviderErrorKind } from '../providers/errors';
import { ZERO_USAGE } from '../providers/types';

/** What the user did with a completion that was shown. */
export type Acceptance = 'accepted' | 'partial' | 'rejected';

/** `refused`: the model declined (`stop_reason: "refusal"`); `budget_refused`: a budget stopped it before it started. */
export type Outcome = 'ok' | 'cancelled' | 'error' | 'budget_refused' | 'refused';

/** How the router reached the model that served (or refused) the request. */
export type RouteDecision = 'primary' | 'fallback' | 'downgrade' | 'refused' | 'local';

/**
 * One request, as the ledger stores it. Never any code, prompt, completion text or key:
 * only sizes, timings, money and outcomes.
 */
export interface LedgerRecord {
  id: string;
  /** Epoch ms when the request started. */
  ts: number;
  task: string; // 'completion' | 'explain' | 'review' | …
  provider: string; // 'mistral' | 'anthropic' | 'local' (served from our own cache)
  model: string;
  decision: RouteDecision;
  /** Free-form reason for the decision: "budget near: daily", "circuit open: anthropic/claude-…". */
  reason?: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Of cacheWriteTokens, written with the 1-hour TTL (when any). */
  cacheWrite1hTokens?: number;
  /** Of outputTokens, spent thinking, as the vendor reported them (when any). */
  thinkingTokens?: number;
  costUsd: number;
  /** Time to the first output (text or tool input), thinking excluded. */
  ttftMs?: number;
  /** From the first thinking block to the first output (or the end): how long the answer waited on thinking. */
  thinkingMs?: number;
  latencyMs?: number;
  outcome: Outcome;
  errorKind?: ProviderErrorKind;
  language?: string;
  /** Completions only. */
  completion?: {
    /** Where the text came from: the network, our LRU cache, typed-through reuse, an in-flight stream. */
    source: 'network' | 'cache' | 'typed_through' | 'inflight';
    shown: boolean;
    acceptance?: Acceptance;
    /** Characters accepted, for partial accepts. */
    acceptedChars?: number;
    shownChars?: number;
  };
}

/** Where the pure core writes records. Implementations must not block the caller (hot path). */
export interface LedgerSink {
  record(r: LedgerRecord): void;
  /** Later news about a completion record: shown, then accepted/partially accepted/rejected. */
  updateCompletion(id: string, patch: Partial<NonNullable<LedgerRecord['completion']>>): void;
}

/** Spend already settled plus what is reserved, for budgets. */
export interface SpendSource {
  /** US$ settled since `sinceMs` (epoch), optionally for one task only. */
  spentSince(sinceMs: number, task?: string): number;
}

/** One reservation as budgets hold it: `id` is the id of the record that will settle it. */
export interface Hold {
  id: string;
  task: string;
  provider: string;
  model: string;
  amountUsd: number;
  ts: number;
}

/**
 * Where budgets keep reservations. The ledger's book is shared by every window using the same
 * directory; an in-memory book serves a single process (tests, benches).
 */
export interface ReservationBook {
  /** Runs `admit` so that no other admission (of any window sharing the book) interleaves. */
  exclusive<T>(admit: () => T): T;
  /** US$ held by open reservations started since `sinceMs`, optionally for one task. */
  reservedSince(sinceMs: number, task?: string): number;
  hold(h: Hold): void;
  /** The request's record is in the ledger: the reservation no longer counts. */
  settled(id: string): void;
  /** The route failed before the vendor answered; no record will settle this reservation. */
  release(id: string): void;
}

/** A completion served by Tandem itself (cache, typed-through, in-flight stream): free, no vendor. */
export function localCompletionRecord(r: {
  id: string;
  ts: number;
  latencyMs: number;
  language: string;
  source: NonNullable<LedgerRecord['completion']>['source'];
}): LedgerRecord {
  return {
    id: r.id,
    ts: r.ts,
    task: 'completion',
    provider: 'local',
    model: 'local',
    decision: 'local',
    ...ZERO_USAGE,
    costUsd: 0,
    latencyMs: r.latencyMs,
    outcome: 'ok',
    language: r.language,
    completion: { source: r.source, shown: false },
  };
}

/**
 * A request whose window ended before it did (killed mid-request), settled at its reservation — the
 * most the vendor can have billed for it — with no token counts, which nobody reported.
 */
export function unsettledRecord(h: Hold): LedgerRecord {
  return {
    id: h.id,
    ts: h.ts,
    task: h.task,
    provider: h.provider,
    model: h.model,
    decision: 'primary',
    reason: 'unsettled: its window ended before the request did; counted at its reservation',
    ...ZERO_USAGE,
    costUsd: h.amountUsd,
    outcome: 'error',
  };
}
