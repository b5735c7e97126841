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
import { bucketBoundaries, Buckets, DAY_MS, formatLocalDay, HOUR_MS } from './localTime';

export function aggregate(records: readonly LedgerRecord[], q: AggregateQuery): Aggregates {
  const acc = new Accumulator(q, records.length);
  const { fromMs, toMs } = q;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.ts >= fromMs && r.ts < toMs) acc.add(r);
  }
  return acc.result();
}

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

function addTo(map: Record<string, number>, key: string, amount: number): void {
  map[key] = (map[key] ?? 0) + amount;
}

/** Small dense ids for names seen in the records, so per-record work indexes arrays; spend per id. */
class Names {
  readonly names: string[] = [];
  /** Packed (no holes), so adding to it stays on the fast path. */
  readonly spend: number[] = [];
  private readonly ids = new Map<string, number>();
  // Records come in runs of the same model and task, so the last name usually matches.
  private lastName: string | undefined;
  private lastId = -1;

  idOf(name: string): number {
    if (name === this.lastName) return this.lastId;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.spend.push(0);
    }
    this.lastName = name;
    this.lastId = id;
    return id;
  }

  /** { name: spend } for every name seen. */
  spendRecord(): Record<string, number> {
    return Object.fromEntries(this.names.map((name, id) => [name, this.spend[id]!]));
  }
}

class Accumulator {
  private readonly totals: Aggregates['totals'] = {
    requests: 0,
    costUsd: 0,
    errors: 0,
    errorRate: 0,
    cancelled: 0,
    budgetRefused: 0,
    refused: 0,
    fallbacks: 0,
    downgrades: 0,
  };
  private rateableRequests = 0;
  private readonly models = new Names();
  private readonly tasks = new Names();
  private readonly errorsByKind: Record<string, number> = {};
  private readonly days: Buckets;
  /** Per local day, spend per model id. */
  private readonly daySpend: number[][];
  /** Same as days when bucketing by day. */
  private readonly buckets: Buckets;
  private readonly latencies: LatencyGrid;
  private readonly cache = { completions: 0, hits: 0, input: 0, read: 0, write: 0 };
  /** Codestral's prompt cache (FIM): prompt tokens, and those read from the cache. */
  private readonly fimCache = { input: 0, read: 0 };
  private readonly acceptance = { shown: 0, accepted: 0, partial: 0, rejected: 0 };
  // A Map, not an object keyed by language: keyed object lookups with varying keys are slower.
  private readonly byLanguage = new Map<string, { shown: number; accepted: number; rate: number }>();

  constructor(
    private readonly q: AggregateQuery,
    capacity: number,
  ) {
    this.days = new Buckets(bucketBoundaries(q.fromMs, q.toMs, 'day'), DAY_MS);
    this.daySpend = this.days.boundaries.slice(1).map(() => []);
    this.buckets = q.bucket === 'day' ? this.days : new Buckets(bucketBoundaries(q.fromMs, q.toMs, 'hour'), HOUR_MS);
    const bucketCount = Math.max(1, this.buckets.boundaries.length - 1);
    this.latencies = new LatencyGrid(bucketCount, capacity);
  }

  add(r: LedgerRecord): void {
    this.countOutcome(r);
    const cost = r.costUsd;
    const model = this.models.idOf(r.model);
    this.models.spend[model] += cost;
    this.tasks.spend[this.tasks.idOf(r.task)] += cost;
    const day = this.days.indexOf(r.ts);
    const daySpend = this.daySpend[day]!;
    daySpend[model] = (daySpend[model] ?? 0) + cost;
    if (r.outcome === 'ok') {
      const bucket = this.buckets === this.days ? day : this.buckets.indexOf(r.ts);
      this.latencies.add(model, bucket, r.ttftMs, r.latencyMs);
    }
    if (r.provider === 'anthropic') this.addPromptCache(r);
    else if (r.provider === 'mistral') this.addFimCache(r);
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
    else if (r.outcome === 'refused') t.refused++;
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

  private addFimCache(r: LedgerRecord): void {
    this.fimCache.input += r.inputTokens + r.cacheReadTokens;
    this.fimCache.read += r.cacheReadTokens;
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
    const language = r.language ?? 'unknown';
    let lang = this.byLanguage.get(language);
    if (!lang) this.byLanguage.set(language, (lang = { shown: 0, accepted: 0, rate: 0 }));
    lang.shown++;
    if (c.acceptance === 'accepted' || c.acceptance === 'partial') lang.accepted++;
  }

  result(): Aggregates {
    this.totals.errorRate = ratio(this.totals.errors, this.rateableRequests);
    for (const lang of this.byLanguage.values()) lang.rate = ratio(lang.accepted, lang.shown);
    const a = this.acceptance;
    const latency = this.latency();
    return {
      query: this.q,
      totals: this.totals,
      latencyByModel: latency.byModel,
      latencyOverTime: latency.overTime,
      spendByDay: this.spendByDay(),
      spendByModel: this.models.spendRecord(),
      spendByTask: this.tasks.spendRecord(),
      cache: {
        completionHitRate: ratio(this.cache.hits, this.cache.completions),
        promptCacheReadFraction: ratio(this.cache.read, this.cache.input),
        promptCacheReadTokens: this.cache.read,
        promptCacheWriteTokens: this.cache.write,
        codestralPromptCacheReadFraction: ratio(this.fimCache.read, this.fimCache.input),
        codestralPromptCacheReadTokens: this.fimCache.read,
      },
      acceptance: { ...a, rate: ratio(a.accepted + a.partial, a.shown), byLanguage: Object.fromEntries(this.byLanguage) },
      errorsByKind: this.errorsByKind,
    };
  }

  /** Only models with a successful request; points ordered by bucket start, then model name. */
  private latency(): { byModel: Aggregates['latencyByModel']; overTime: LatencyPoint[] } {
    const modelCount = this.models.names.length;
    const { ttft, total } = this.latencies.summarize(modelCount);
    const none: Percentiles = { count: 0, p50: 0, p95: 0 };
    const byModel: Aggregates['latencyByModel'] = {};
    const ranked = this.models.names.map((name, id) => ({ name, id })).sort((x, y) => (x.name < y.name ? -1 : 1));
    const overTime: LatencyPoint[] = [];
    const bucketCount = Math.max(1, this.buckets.boundaries.length - 1);
    for (let b = 0; b < bucketCount; b++) {
      for (const { name, id } of ranked) {
        const cell = id * bucketCount + b;
        const t = ttft.byCell[cell];
        const l = total.byCell[cell];
        if (t || l) overTime.push({ bucketStart: this.buckets.boundaries[b]!, model: name, ttft: t ?? none, total: l ?? none });
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
      return { day: formatLocalDay(this.days.boundaries[i]!), byModel, totalUsd };
    });
  }
}
