/** A deliberately plain reference for aggregate(): per-record Date formatting, full sorts, no tricks. */
import type { AggregateQuery, Aggregates, Percentiles } from '../../../src/core/ledger/aggregateTypes';
import type { LedgerRecord } from '../../../src/core/ledger/record';

function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: 0, p95: 0 };
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
  return { count: s.length, p50: at(50), p95: at(95) };
}

function dayString(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function bucketStart(ts: number, bucket: 'hour' | 'day'): number {
  const d = new Date(ts);
  if (bucket === 'hour') return ts - (d.getMinutes() * 60_000 + d.getSeconds() * 1000 + d.getMilliseconds());
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

const sum = (rs: LedgerRecord[], f: (r: LedgerRecord) => number): number => rs.reduce((s, r) => s + f(r), 0);
const groupBy = (rs: LedgerRecord[], key: (r: LedgerRecord) => string): Map<string, LedgerRecord[]> => {
  const m = new Map<string, LedgerRecord[]>();
  for (const r of rs) {
    const group = m.get(key(r));
    if (group) group.push(r);
    else m.set(key(r), [r]);
  }
  return m;
};
const div = (a: number, b: number): number => (b > 0 ? a / b : 0);

function latency(rs: LedgerRecord[]): { ttft: Percentiles; total: Percentiles } {
  const num = (v: number | undefined): v is number => typeof v === 'number';
  return { ttft: percentiles(rs.map((r) => r.ttftMs).filter(num)), total: percentiles(rs.map((r) => r.latencyMs).filter(num)) };
}

export function naiveAggregate(all: readonly LedgerRecord[], q: AggregateQuery): Aggregates {
  const rs = all.filter((r) => r.ts >= q.fromMs && r.ts < q.toMs);
  const ok = rs.filter((r) => r.outcome === 'ok' && (r.ttftMs !== undefined || r.latencyMs !== undefined));
  const errors = rs.filter((r) => r.outcome === 'error');
  const rateable = rs.filter((r) => r.outcome !== 'cancelled' && r.decision !== 'local' && r.provider !== 'local');
  const days: string[] = [];
  for (let d = new Date(q.fromMs); d.getTime() < q.toMs; d.setDate(d.getDate() + 1)) {
    if (!days.includes(dayString(d.getTime()))) days.push(dayString(d.getTime()));
  }
  if (!days.includes(dayString(q.toMs - 1))) days.push(dayString(q.toMs - 1));
  const overTime = [...groupBy(ok, (r) => `${bucketStart(r.ts, q.bucket)}|${r.model}`)]
    .map(([key, group]) => ({ bucketStart: Number(key.split('|')[0]), model: key.split('|')[1]!, ...latency(group) }))
    .sort((a, b) => a.bucketStart - b.bucketStart || (a.model < b.model ? -1 : 1));
  const completions = rs.filter((r) => r.completion);
  const shown = rs.filter((r) => r.completion?.shown);
  const count = (a: string): number => shown.filter((r) => r.completion!.acceptance === a).length;
  const anthropic = rs.filter((r) => r.provider === 'anthropic');
  const read = sum(anthropic, (r) => r.cacheReadTokens);
  return {
    query: q,
    totals: {
      requests: rs.length,
      costUsd: sum(rs, (r) => r.costUsd),
      errors: errors.length,
      errorRate: div(errors.length, rateable.length),
      cancelled: rs.filter((r) => r.outcome === 'cancelled').length,
      budgetRefused: rs.filter((r) => r.outcome === 'budget_refused').length,
      refused: rs.filter((r) => r.outcome === 'refused').length,
      fallbacks: rs.filter((r) => r.decision === 'fallback').length,
      downgrades: rs.filter((r) => r.decision === 'downgrade').length,
    },
    latencyByModel: Object.fromEntries([...groupBy(ok, (r) => r.model)].map(([m, g]) => [m, latency(g)])),
    latencyOverTime: overTime,
    spendByDay: days.map((day) => {
      const inDay = rs.filter((r) => dayString(r.ts) === day);
      const byModel = Object.fromEntries([...groupBy(inDay, (r) => r.model)].map(([m, g]) => [m, sum(g, (r) => r.costUsd)]));
      return { day, byModel, totalUsd: sum(inDay, (r) => r.costUsd) };
    }),
    spendByModel: Object.fromEntries([...groupBy(rs, (r) => r.model)].map(([m, g]) => [m, sum(g, (r) => r.costUsd)])),
    spendByTask: Object.fromEntries([...groupBy(rs, (r) => r.task)].map(([t, g]) => [t, sum(g, (r) => r.costUsd)])),
    cache: {
      completionHitRate: div(completions.filter((r) => r.completion!.source !== 'network').length, completions.length),
      promptCacheReadFraction: div(
        read,
        sum(anthropic, (r) => r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens),
      ),
      promptCacheReadTokens: read,
      promptCacheWriteTokens: sum(anthropic, (r) => r.cacheWriteTokens),
      codestralPromptCacheReadFraction: div(
        sum(
          rs.filter((r) => r.provider === 'mistral'),
          (r) => r.cacheReadTokens,
        ),
        sum(
          rs.filter((r) => r.provider === 'mistral'),
          (r) => r.inputTokens + r.cacheReadTokens,
        ),
      ),
      codestralPromptCacheReadTokens: sum(
        rs.filter((r) => r.provider === 'mistral'),
        (r) => r.cacheReadTokens,
      ),
    },
    acceptance: {
      shown: shown.length,
      accepted: count('accepted'),
      partial: count('partial'),
      rejected: count('rejected'),
      rate: div(count('accepted') + count('partial'), shown.length),
      byLanguage: Object.fromEntries(
        [...groupBy(shown, (r) => r.language ?? 'unknown')].map(([lang, g]) => {
          const accepted = g.filter((r) => r.completion!.acceptance === 'accepted' || r.completion!.acceptance === 'partial').length;
          return [lang, { shown: g.length, accepted, rate: div(accepted, g.length) }];
        }),
      ),
    },
    errorsByKind: Object.fromEntries([...groupBy(errors, (r) => r.errorKind ?? 'unknown')].map(([k, g]) => [k, g.length])),
  };
}
