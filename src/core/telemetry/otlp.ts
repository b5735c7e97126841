/**
 * Team view: ledger records as an OTLP/HTTP JSON metrics request, cumulative temporality.
 *
 * Every series is cumulative over the records of one window (by default the current UTC day),
 * so the values are a pure function of the shared ledger: several VS Code windows exporting the
 * same ledger send the same points instead of adding up, and ledger retention (at least a day)
 * never makes a counter go down within its window. A new window is a new start time, which
 * OTLP readers treat as a counter reset.
 *
 * Attributes come from a fixed list of fields (provider, model, task, outcome, decision, token
 * type, language, acceptance): never ids, reasons, code, prompts or keys.
 */
import type { LedgerRecord } from '../ledger/record';
import {
  CUMULATIVE,
  type ExportMetricsServiceRequest,
  type OtlpHistogramDataPoint,
  type OtlpKeyValue,
  type OtlpMetric,
  type OtlpNumberDataPoint,
} from './otlpTypes';

export interface OtlpResource {
  serviceName: string;
  serviceVersion?: string;
  /** Optional label, e.g. a handle (`tandem.otlp.developerId`). */
  developerId?: string;
  /** Optional label (`tandem.otlp.team`). */
  team?: string;
}

/** Records with startMs <= ts < endMs count; points carry startMs as their start time. */
export interface OtlpWindow {
  startMs: number;
  endMs: number;
}

export const SCOPE_NAME = 'tandem';
export const TTFT_BOUNDS_MS: readonly number[] = [25, 50, 100, 150, 200, 300, 400, 600, 800, 1000, 1500, 2000, 3000, 5000];

const DAY_MS = 86_400_000;

/** The UTC day containing `nowMs`. */
export function dailyWindow(nowMs: number): OtlpWindow {
  const startMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
  return { startMs, endMs: startMs + DAY_MS };
}

export function buildOtlpMetrics(
  records: readonly LedgerRecord[],
  resource: OtlpResource,
  nowMs: number,
  window: OtlpWindow = dailyWindow(nowMs),
): ExportMetricsServiceRequest {
  const inWindow = records.filter((r) => r.ts >= window.startMs && r.ts < window.endMs);
  const times = { start: toUnixNano(window.startMs), now: toUnixNano(Math.min(nowMs, window.endMs)) };
  const metrics = [
    requestsMetric(inWindow, times),
    costMetric(inWindow, times),
    tokensMetric(inWindow, times),
    ...completionMetrics(inWindow, times),
    ttftMetric(inWindow, times),
  ].filter((m) => pointCount(m) > 0);
  return {
    resourceMetrics: [
      {
        resource: { attributes: resourceAttributes(resource) },
        scopeMetrics: [{ scope: { name: SCOPE_NAME, ...versionOf(resource) }, metrics }],
      },
    ],
  };
}

export function toUnixNano(ms: number): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n).toString();
}

interface Times {
  start: string;
  now: string;
}

type Attrs = Record<string, string>;

/** Sums keyed by their attribute set. */
class SeriesSums {
  private readonly series = new Map<string, { attrs: Attrs; value: number }>();

  add(attrs: Attrs, amount: number): void {
    const key = JSON.stringify(attrs);
    const entry = this.series.get(key);
    if (entry) entry.value += amount;
    else this.series.set(key, { attrs, value: amount });
  }

  points(times: Times, kind: 'int' | 'double'): OtlpNumberDataPoint[] {
    return [...this.series.values()].map(({ attrs, value }) => ({
      attributes: keyValues(attrs),
      startTimeUnixNano: times.start,
      timeUnixNano: times.now,
      ...(kind === 'int' ? { asInt: String(Math.round(value)) } : { asDouble: value }),
    }));
  }
}

function monotonicSum(name: string, description: string, unit: string, points: OtlpNumberDataPoint[]): OtlpMetric {
  return { name, description, unit, sum: { dataPoints: points, aggregationTemporality: CUMULATIVE, isMonotonic: true } };
}

const routeAttrs = (r: LedgerRecord): Attrs => ({ provider: r.provider, model: r.model, task: r.task });

function requestsMetric(records: readonly LedgerRecord[], times: Times): OtlpMetric {
  const sums = new SeriesSums();
  for (const r of records) sums.add({ ...routeAttrs(r), outcome: r.outcome, decision: r.decision }, 1);
  return monotonicSum('tandem.requests', 'Requests by route, outcome and routing decision.', '{request}', sums.points(times, 'int'));
}

function costMetric(records: readonly LedgerRecord[], times: Times): OtlpMetric {
  const sums = new SeriesSums();
  for (const r of records) sums.add(routeAttrs(r), r.costUsd);
  return monotonicSum('tandem.cost.usd', 'Spend in US dollars.', 'USD', sums.points(times, 'double'));
}

const TOKEN_TYPES = [
  ['input', (r: LedgerRecord): number => r.inputTokens],
  ['output', (r: LedgerRecord): number => r.outputTokens],
  ['cache_read', (r: LedgerRecord): number => r.cacheReadTokens],
  ['cache_write', (r: LedgerRecord): number => r.cacheWriteTokens],
] as const;

function tokensMetric(records: readonly LedgerRecord[], times: Times): OtlpMetric {
  const sums = new SeriesSums();
  for (const r of records) {
    for (const [type, count] of TOKEN_TYPES) {
      if (count(r) > 0) sums.add({ ...routeAttrs(r), 'token.type': type }, count(r));
    }
  }
  return monotonicSum('tandem.tokens', 'Tokens by type: input, output, cache_read, cache_write.', '{token}', sums.points(times, 'int'));
}

function completionMetrics(records: readonly LedgerRecord[], times: Times): OtlpMetric[] {
  const shown = new SeriesSums();
  const accepted = new SeriesSums();
  for (const r of records) {
    const c = r.completion;
    if (!c?.shown) continue;
    const attrs = { model: r.model, language: r.language ?? 'unknown' };
    shown.add(attrs, 1);
    if (c.acceptance === 'accepted' || c.acceptance === 'partial') accepted.add({ ...attrs, acceptance: c.acceptance }, 1);
  }
  return [
    monotonicSum('tandem.completions.shown', 'Completions shown as ghost text.', '{completion}', shown.points(times, 'int')),
    monotonicSum('tandem.completions.accepted', 'Completions accepted in full or in part.', '{completion}', accepted.points(times, 'int')),
  ];
}

function ttftMetric(records: readonly LedgerRecord[], times: Times): OtlpMetric {
  const byRoute = new Map<string, { attrs: Attrs; values: number[] }>();
  for (const r of records) {
    if (r.outcome !== 'ok' || r.ttftMs === undefined) continue;
    const attrs = routeAttrs(r);
    const key = JSON.stringify(attrs);
    const entry = byRoute.get(key) ?? { attrs, values: [] };
    entry.values.push(r.ttftMs);
    byRoute.set(key, entry);
  }
  const points = [...byRoute.values()].map(({ attrs, values }) => histogramPoint(attrs, values, times));
  return {
    name: 'tandem.ttft.ms',
    description: 'Time to first token of successful requests.',
    unit: 'ms',
    histogram: { dataPoints: points, aggregationTemporality: CUMULATIVE },
  };
}

function histogramPoint(attrs: Attrs, values: readonly number[], times: Times): OtlpHistogramDataPoint {
  const counts = new Array<number>(TTFT_BOUNDS_MS.length + 1).fill(0);
  let [sum, min, max] = [0, Infinity, -Infinity];
  for (const v of values) {
    const i = TTFT_BOUNDS_MS.findIndex((bound) => v <= bound);
    counts[i === -1 ? TTFT_BOUNDS_MS.length : i]! += 1;
    [sum, min, max] = [sum + v, Math.min(min, v), Math.max(max, v)];
  }
  return {
    attributes: keyValues(attrs),
    startTimeUnixNano: times.start,
    timeUnixNano: times.now,
    count: String(values.length),
    sum,
    bucketCounts: counts.map(String),
    explicitBounds: [...TTFT_BOUNDS_MS],
    min,
    max,
  };
}

function pointCount(m: OtlpMetric): number {
  return (m.sum?.dataPoints.length ?? 0) + (m.histogram?.dataPoints.length ?? 0);
}

function keyValues(attrs: Attrs): OtlpKeyValue[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: { stringValue: value } }));
}

function resourceAttributes(resource: OtlpResource): OtlpKeyValue[] {
  return keyValues({
    'service.name': resource.serviceName,
    ...(resource.serviceVersion ? { 'service.version': resource.serviceVersion } : {}),
    ...(resource.developerId ? { 'tandem.developer.id': resource.developerId } : {}),
    ...(resource.team ? { 'tandem.team': resource.team } : {}),
  });
}

function versionOf(resource: OtlpResource): { version?: string } {
  return resource.serviceVersion ? { version: resource.serviceVersion } : {};
}
