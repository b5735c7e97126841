/**
 * Aggregates for the status bar, the telemetry webview and OTLP export, in one pass over the records.
 *
 * Conventions beyond aggregateTypes.ts:
 * - a record is in range when fromMs <= ts < toMs;
 * - latency percentiles use successful requests only (a cancelled stream's latency means nothing);
 * - spendByDay lists every local day of the range, zero days included, so charts have no gaps;
 * - acceptance counts shown completions; byLanguage.accepted counts full and partial accepts;
 * - a request without a language is 'unknown', an error without a kind is 'unknown'.
 */
import type { AggregateQuery, Aggregates, LatencyPoint, SpendDay } from './aggregateTypes';
import { LatencySamples } from './percentiles';
import type { LedgerRecord } from './record';
import { bucketBoundaries, bucketIndexOf, DAY_MS, formatLocalDay, HOUR_MS } from './localTime';

export function aggregate(records: readonly LedgerRecord[], q: AggregateQuery): Aggregates {
  const acc = new Accumulator(q);
  for (const r of records) {
    if (r.ts >= q.fromMs && r.ts < q.toMs) acc.add(r);
  }
  return acc.result();
}

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

function addTo(map: Record<string, number>, key: string, amount: number): void {
  map[key] = (map[key] ?? 0) + amount;
}

class Accumulator {
  private readonly totals: Aggregates['totals'] = {
    requests: 0, costUsd: 0, errors: 0, errorRate: 0, cancelled: 0, budgetRefused: 0, fallbacks: 0, downgrades: 0,
  };
  private rateableRequests = 0;
  private readonly spendByModel: Record<string, number> = {};
  private readonly spendByTask: Record<string, number> = {};
  private readonly errorsByKind: Record<string, number> = {};
  private readonly days: number[];
  private readonly daySpend: Array<Record<string, number>>;
  private readonly buckets: number[];
  private readonly bucketMs: number;
  private readonly latencyByModel = new Map<string, LatencySamples>();
  /** Per time bucket, per model. */
  private readonly latencyByBucket: Array<Map<string, LatencySamples> | undefined>;
  private readonly cache = { completions: 0, hits: 0, input: 0, read: 0, write: 0 };
  private readonly acceptance = { shown: 0, accepted: 0, partial: 0, rejected: 0 };
  private readonly byLanguage: Record<string, { shown: number; accepted: number; rate: number }> = {};

  constructor(private readonly q: AggregateQuery) {
    this.days = bucketBoundaries(q.fromMs, q.toMs, 'day');
    this.daySpend = this.days.slice(1).map(() => ({}));
    this.buckets = q.bucket === 'day' ? this.days : bucketBoundaries(q.fromMs, q.toMs, 'hour');
    this.bucketMs = q.bucket === 'day' ? DAY_MS : HOUR_MS;
    this.latencyByBucket = new Array<Map<string, LatencySamples> | undefined>(Math.max(0, this.buckets.length - 1));
  }

  add(r: LedgerRecord): void {
    this.countOutcome(r);
    addTo(this.spendByModel, r.model, r.costUsd);
    addTo(this.spendByTask, r.task, r.costUsd);
    const day = bucketIndexOf(this.days, DAY_MS, r.ts);
    addTo(this.daySpend[day]!, r.model, r.costUsd);
    if (r.outcome === 'ok') this.addLatency(r, this.q.bucket === 'day' ? day : bucketIndexOf(this.buckets, this.bucketMs, r.ts));
    if (r.provider === 'anthropic') this.addPromptCache(r);
    if (r.completion) this.addCompletion(r, r.completion);
  }

  private countOutcome(r: LedgerRecord): void {
    const t = this.totals;
    t.requests++;
    t.costUsd += r.costUsd;
    if (r.decision === 'fallback') t.fallbacks++;
    else if (r.decision === 'downgrade') t.downgrades++;
    if (r.outcome === 'cancelled') t.cancelled++;
    else if (r.outcome === 'budget_refused') t.budgetRefused++;
    else if (r.outcome === 'error') {
      t.errors++;
      addTo(this.errorsByKind, r.errorKind ?? 'unknown', 1);
    }
    const localHit = r.decision === 'local' || r.provider === 'local';
    if (r.outcome !== 'cancelled' && !localHit) this.rateableRequests++;
  }

  private addLatency(r: LedgerRecord, bucket: number): void {
    samplesFor(this.latencyByModel, r.model).add(r.ttftMs, r.latencyMs);
    const perModel = (this.latencyByBucket[bucket] ??= new Map<string, LatencySamples>());
    samplesFor(perModel, r.model).add(r.ttftMs, r.latencyMs);
  }

  private addPromptCache(r: LedgerRecord): void {
    this.cache.input += r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens;
    this.cache.read += r.cacheReadTokens;
    this.cache.write += r.cacheWriteTokens;
  }

  private addCompletion(r: LedgerRecord, c: NonNullable<LedgerRecord['completion']>): void {
    this.cache.completions++;
    if (c.source !== 'network') this.cache.hits++;
    if (!c.shown) return;
    const a = this.acceptance;
    a.shown++;
    if (c.acceptance === 'accepted') a.accepted++;
    else if (c.acceptance === 'partial') a.partial++;
    else if (c.acceptance === 'rejected') a.rejected++;
    const lang = (this.byLanguage[r.language ?? 'unknown'] ??= { shown: 0, accepted: 0, rate: 0 });
    lang.shown++;
    if (c.acceptance === 'accepted' || c.acceptance === 'partial') lang.accepted++;
  }

  result(): Aggregates {
    this.totals.errorRate = ratio(this.totals.errors, this.rateableRequests);
    for (const lang of Object.values(this.byLanguage)) lang.rate = ratio(lang.accepted, lang.shown);
    const a = this.acceptance;
    return {
      query: this.q,
      totals: this.totals,
      latencyByModel: Object.fromEntries([...this.latencyByModel].map(([m, s]) => [m, s.summarize()])),
      latencyOverTime: this.latencyOverTime(),
      spendByDay: this.spendByDay(),
      spendByModel: this.spendByModel,
      spendByTask: this.spendByTask,
      cache: {
        completionHitRate: ratio(this.cache.hits, this.cache.completions),
        promptCacheReadFraction: ratio(this.cache.read, this.cache.input),
        promptCacheReadTokens: this.cache.read,
        promptCacheWriteTokens: this.cache.write,
      },
      acceptance: { ...a, rate: ratio(a.accepted + a.partial, a.shown), byLanguage: this.byLanguage },
      errorsByKind: this.errorsByKind,
    };
  }

  /** Ordered by bucket start, then model name. */
  private latencyOverTime(): LatencyPoint[] {
    const points: LatencyPoint[] = [];
    this.latencyByBucket.forEach((perModel, i) => {
      if (!perModel) return;
      for (const model of [...perModel.keys()].sort()) {
        points.push({ bucketStart: this.buckets[i]!, model, ...perModel.get(model)!.summarize() });
      }
    });
    return points;
  }

  private spendByDay(): SpendDay[] {
    return this.daySpend.map((byModel, i) => ({
      day: formatLocalDay(this.days[i]!),
      byModel,
      totalUsd: Object.values(byModel).reduce((sum, v) => sum + v, 0),
    }));
  }
}

function samplesFor(map: Map<string, LatencySamples>, model: string): LatencySamples {
  let samples = map.get(model);
  if (!samples) map.set(model, (samples = new LatencySamples()));
  return samples;
}
