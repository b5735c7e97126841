import { aggregate } from '../ledger/aggregate';
import type { Aggregates } from '../ledger/aggregateTypes';
import type { LedgerRecord } from '../ledger/record';
import { startOfLocalDay } from '../router/budgets';

/** Today's aggregates for the status bar tooltip (only today's records are aggregated). */
export function todaySummary(records: readonly LedgerRecord[], now: number): Aggregates {
  const fromMs = startOfLocalDay(now);
  return aggregate(
    records.filter((r) => r.ts >= fromMs),
    { fromMs, toMs: now, bucket: 'hour' },
  );
}
