import type { ProviderErrorKind } from '../providers/errors';

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
  costUsd: number;
  ttftMs?: number;
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
