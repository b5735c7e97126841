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
import type { AggregateQuery, Aggregates, LatencyPoint, Percentiles, SpendDay } from './aggregateTypes';
import { LatencyGrid } from './latencyGrid';
import type { LedgerRecord } from './record';
import { bucketBoundaries, bucketIndexOf, DAY_MS, formatLocalDay, HOUR_MS } from './localTime';

export function aggregate(records: readonly LedgerRecord[], q: AggregateQuery): Aggregates {
  const acc = new Accumulator(q, records.length);
  for (const r of records) {
    if (r.ts >= q.fromMs && r.ts < q.toMs) acc.add(r);
  }
  return acc.result();
}

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

function addTo(map: Record<string, number>, key: string, amount: number): void {
  map[key] = (map[key] ?? 0) + amount;
}

/** Small dense ids for names seen in the records, so per-record work indexes arrays. */
class Names {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** { name: values[id] } for every name seen. */
  toRecord<T>(values: ArrayLike<T>, fallback: T): Record<string, T> {
    return Object.fromEntries(this.names.map((name, id) => [name, values[id] ?? fallback]));
  }
}

class Accumulator {
  private readonly totals: Aggregates['totals'] = {
    requests: 0, costUsd: 0, errors: 0, errorRate: 0, cancelled: 0, budgetRefused: 0, fallbacks: 0, downgrades: 0,
  };
  private rateableRequests = 0;
  private readonly models = new Names();
  private readonly tasks = new Names();
  private readonly spendByModel: number[] = [];
  private readonly spendByTask: number[] = [];
  private readonly errorsByKind: Record<string, number> = {};
  private readonly days: number[];
  /** Per local day, spend per model id. */
  private readonly daySpend: number[][];
  private readonly buckets: number[];
  private readonly bucketMs: number;
  private readonly ttft: LatencyGrid;
  private readonly total: LatencyGrid;
  private readonly cache = { completions: 0, hits: 0, input: 0, read: 0, write: 0 };
  private readonly acceptance = { shown: 0, accepted: 0, partial: 0, rejected: 0 };
  private readonly byLanguage: Record<string, { shown: number; accepted: number; rate: number }> = {};

  constructor(private readonly q: AggregateQuery, capacity: number) {
    this.days = bucketBoundaries(q.fromMs, q.toMs, 'day');
    this.daySpend = this.days.slice(1).map(() => []);
    this.buckets = q.bucket === 'day' ? this.days : bucketBoundaries(q.fromMs, q.toMs, 'hour');
    this.bucketMs = q.bucket === 'day' ? DAY_MS : HOUR_MS;
    const bucketCount = Math.max(1, this.buckets.length - 1);
    this.ttft = new LatencyGrid(bucketCount, capacity);
    this.total = new LatencyGrid(bucketCount, capacity);
  }

  add(r: LedgerRecord): void {
    this.countOutcome(r);
    const model = this.models.idOf(r.model);
    const task = this.tasks.idOf(r.task);
    this.spendByModel[model] = (this.spendByModel[model] ?? 0) + r.costUsd;
    this.spendByTask[task] = (this.spendByTask[task] ?? 0) + r.costUsd;
    const day = bucketIndexOf(this.days, DAY_MS, r.ts);
    const daySpend = this.daySpend[day]!;
    daySpend[model] = (daySpend[model] ?? 0) + r.costUsd;
    if (r.outcome === 'ok') {
      const bucket = this.q.bucket === 'day' ? day : bucketIndexOf(this.buckets, this.bucketMs, r.ts);
      this.ttft.add(model, bucket, r.ttftMs);
      this.total.add(model, bucket, r.latencyMs);
    }
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
    const latency = this.latency();
    return {
      query: this.q,
      totals: this.totals,
      latencyByModel: latency.byModel,
      latencyOverTime: latency.overTime,
      spendByDay: this.spendByDay(),
      spendByModel: this.models.toRecord(this.spendByModel, 0),
      spendByTask: this.tasks.toRecord(this.spendByTask, 0),
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

  /** Only models with a successful request; points ordered by bucket start, then model name. */
  private latency(): { byModel: Aggregates['latencyByModel']; overTime: LatencyPoint[] } {
    const modelCount = this.models.names.length;
    const ttft = this.ttft.summarize(modelCount);
    const total = this.total.summarize(modelCount);
    const none: Percentiles = { count: 0, p50: 0, p95: 0 };
    const byModel: Aggregates['latencyByModel'] = {};
    const ranked = this.models.names.map((name, id) => ({ name, id })).sort((x, y) => (x.name < y.name ? -1 : 1));
    const overTime: LatencyPoint[] = [];
    const bucketCount = Math.max(1, this.buckets.length - 1);
    for (let b = 0; b < bucketCount; b++) {
      for (const { name, id } of ranked) {
        const cell = id * bucketCount + b;
        const t = ttft.byCell.get(cell);
        const l = total.byCell.get(cell);
        if (t || l) overTime.push({ bucketStart: this.buckets[b]!, model: name, ttft: t ?? none, total: l ?? none });
      }
    }
    for (const { name, id } of ranked) {
      if (ttft.byModel[id]!.count + total.byModel[id]!.count > 0) byModel[name] = { ttft: ttft.byModel[id]!, total: total.byModel[id]! };
    }
    return { byModel, overTime };
  }

  private spendByDay(): SpendDay[] {
    return this.daySpend.map((spend, i) => {
      const byModel: Record<string, number> = {};
      let totalUsd = 0;
      spend.forEach((usd, model) => {
        byModel[this.models.names[model]!] = usd;
        totalUsd += usd;
      });
      return { day: formatLocalDay(this.days[i]!), byModel, totalUsd };
    });
  }
}
