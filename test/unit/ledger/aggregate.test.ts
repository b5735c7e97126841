import { strict as assert } from 'node:assert';
import { aggregate } from '../../../src/core/ledger/aggregate';
import type { AggregateQuery } from '../../../src/core/ledger/aggregateTypes';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { generateRecords } from './generate';
import { naiveAggregate } from './naiveAggregate';

/** Sums in a different order differ in the last bits; compare at 10 significant digits. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(10));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

function assertMatchesReference(records: readonly LedgerRecord[], q: AggregateQuery): void {
  assert.deepStrictEqual(rounded(aggregate(records, q)), rounded(naiveAggregate(records, q)));
}

function withTimeZone(tz: string): void {
  let saved: string | undefined;
  before(() => {
    saved = process.env.TZ;
    process.env.TZ = tz;
  });
  after(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
}

const DAY = 86_400_000;
const base = (): { from: number; to: number } => {
  const to = new Date(2025, 10, 20, 15, 37).getTime();
  return { from: to - 90 * DAY, to };
};

describe('aggregate', () => {
  it('matches the reference over 90 days by day', () => {
    const { from, to } = base();
    const records = generateRecords({ count: 20_000, fromMs: from, toMs: to, seed: 7 });
    assertMatchesReference(records, { fromMs: from, toMs: to, bucket: 'day', dailyBudgetUsd: 2 });
  });

  it('matches the reference by hour on a sub-range that starts mid-hour', () => {
    const { from, to } = base();
    const records = generateRecords({ count: 5_000, fromMs: from, toMs: to, seed: 8 });
    assertMatchesReference(records, { fromMs: to - 3 * DAY - 1_234_567, toMs: to - 1_000, bucket: 'hour' });
  });

  describe('across a DST change (America/New_York)', () => {
    withTimeZone('America/New_York');
    it('keeps local days and hours right on 23- and 25-hour days', () => {
      const from = new Date(2025, 2, 1).getTime();
      const to = new Date(2025, 10, 10).getTime();
      const records = generateRecords({ count: 8_000, fromMs: from, toMs: to, seed: 9 });
      assertMatchesReference(records, { fromMs: from, toMs: to, bucket: 'day' });
      assertMatchesReference(records, { fromMs: new Date(2025, 10, 1).getTime(), toMs: to, bucket: 'hour' });
    });
  });

  describe('in a half-hour time zone (Asia/Kolkata)', () => {
    withTimeZone('Asia/Kolkata');
    it('puts hour buckets on local hours', () => {
      const { from, to } = base();
      const records = generateRecords({ count: 3_000, fromMs: from, toMs: to, seed: 10 });
      assertMatchesReference(records, { fromMs: to - 2 * DAY, toMs: to, bucket: 'hour' });
    });
  });

  it('uses nearest-rank percentiles and rates errors without cancelled or local hits', () => {
    const t0 = new Date(2025, 5, 1, 9).getTime();
    const mk = (i: number, over: Partial<LedgerRecord>): LedgerRecord => ({
      id: `x${i}`,
      ts: t0 + i,
      task: 'completion',
      provider: 'mistral',
      model: 'codestral',
      decision: 'primary',
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.001,
      outcome: 'ok',
      ...over,
    });
    const records = [
      ...Array.from({ length: 20 }, (_, i) => mk(i, { latencyMs: 20 - i, ttftMs: (20 - i) / 10 })),
      mk(20, { outcome: 'error', errorKind: 'timeout' }),
      mk(21, { outcome: 'cancelled', latencyMs: 9999 }),
      mk(22, { provider: 'local', decision: 'local', model: 'local' }),
      mk(23, { outcome: 'error' }),
    ];
    const a = aggregate(records, { fromMs: t0, toMs: t0 + DAY, bucket: 'hour' });
    assert.deepEqual(a.latencyByModel['codestral']!.total, { count: 20, p50: 10, p95: 19 });
    assert.deepEqual(a.latencyByModel['codestral']!.ttft, { count: 20, p50: 1, p95: 1.9 });
    assert.equal(a.totals.errors, 2);
    assert.equal(a.totals.errorRate, 2 / 22);
    assert.deepEqual(a.errorsByKind, { timeout: 1, unknown: 1 });
    assert.deepEqual(
      a.latencyOverTime.map((p) => p.model),
      ['codestral'],
      'no point for a model without samples',
    );
  });

  it('counts refusals by an open circuit under their own kind, apart from vendor overloads', () => {
    const t0 = new Date(2025, 5, 1, 9).getTime();
    const mk = (i: number, errorKind: LedgerRecord['errorKind']): LedgerRecord => ({
      id: `c${i}`,
      ts: t0 + i,
      task: 'completion',
      provider: 'mistral',
      model: 'codestral',
      decision: 'primary',
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0,
      outcome: 'error',
      ...(errorKind ? { errorKind } : {}),
    });
    const records = [mk(0, 'timeout'), mk(1, 'circuit_open'), mk(2, 'circuit_open'), mk(3, 'overloaded')];
    const a = aggregate(records, { fromMs: t0, toMs: t0 + DAY, bucket: 'hour' });
    assert.deepEqual(a.errorsByKind, { timeout: 1, circuit_open: 2, overloaded: 1 });
    assertMatchesReference(records, { fromMs: t0, toMs: t0 + DAY, bucket: 'hour' });
  });

  it('returns zeros, never NaN, for an empty range', () => {
    const { from, to } = base();
    const a = aggregate([], { fromMs: from, toMs: to, bucket: 'day' });
    assert.equal(a.totals.errorRate, 0);
    assert.equal(a.cache.completionHitRate, 0);
    assert.equal(a.acceptance.rate, 0);
    assert.equal(a.spendByDay.length, 91);
    assert.ok(a.spendByDay.every((d) => d.totalUsd === 0));
  });
});
