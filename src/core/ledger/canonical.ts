import type { LedgerRecord } from './record';

/**
 * A copy of the record with every field present in one fixed order (absent ones undefined), so all
 * stored records share one hidden class and aggregation over 100k of them stays monomorphic.
 * Records parsed from JSON otherwise come in as many shapes as there are combinations of optional
 * fields. JSON.stringify drops the undefined fields again, so files are unaffected.
 */
export function canonicalRecord(r: LedgerRecord): LedgerRecord {
  return {
    id: r.id, ts: r.ts, task: r.task, provider: r.provider, model: r.model, decision: r.decision, reason: r.reason,
    inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheReadTokens: r.cacheReadTokens,
    cacheWriteTokens: r.cacheWriteTokens, costUsd: r.costUsd, ttftMs: r.ttftMs, latencyMs: r.latencyMs,
    outcome: r.outcome, errorKind: r.errorKind, language: r.language,
    completion: r.completion ? canonicalCompletion(r.completion) : undefined,
  };
}

export function canonicalCompletion(c: NonNullable<LedgerRecord['completion']>): NonNullable<LedgerRecord['completion']> {
  return { source: c.source, shown: c.shown, acceptance: c.acceptance, acceptedChars: c.acceptedChars, shownChars: c.shownChars };
}
