import type { Ledger } from '../../../src/core/ledger/ledger';
import { completionRecord } from './helpers';

/** Writes `count` completion records in bursts of 25, yielding to the event loop so appends interleave. */
export async function writeInBursts(ledger: Ledger, prefix: string, count: number, now: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    ledger.record(completionRecord(id, now - i * 1000));
    if (i % 3 === 0) ledger.updateCompletion(id, { shown: true, acceptance: 'accepted' });
    if (i % 25 === 24) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
