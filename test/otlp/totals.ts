/** Totals a dashboard would show, from the ledgers and from what the Collector decoded. */
import type { LedgerRecord } from '../../src/core/ledger/record';
import { METRIC } from '../../src/core/telemetry/otlp';
import type { ExportMetricsServiceRequest, OtlpHistogramDataPoint, OtlpNumberDataPoint } from '../../src/core/telemetry/otlpTypes';

export interface Totals {
  instances: number;
  requests: number;
  costUsd: number;
  tokens: number;
  operations: number;
  shown: number;
  accepted: number;
}

const callsVendor = (r: LedgerRecord): boolean => r.provider !== 'local' && r.outcome !== 'budget_refused';

export function ledgerTotals(records: readonly LedgerRecord[]): Totals {
  const vendor = records.filter(callsVendor);
  return {
    instances: 0,
    requests: records.length,
    costUsd: records.reduce((s, r) => s + r.costUsd, 0),
    tokens: vendor.reduce((s, r) => s + r.inputTokens + r.outputTokens + r.cacheReadTokens + r.cacheWriteTokens, 0),
    operations: vendor.filter((r) => r.latencyMs !== undefined && r.outcome !== 'cancelled').length,
    shown: records.filter((r) => r.completion?.shown).length,
    accepted: records.filter(
      (r) => r.completion?.shown && (r.completion.acceptance === 'accepted' || r.completion.acceptance === 'partial'),
    ).length,
  };
}

type Point = OtlpNumberDataPoint | OtlpHistogramDataPoint;

/** Per instance, metric and attribute set: the point with the latest sample time (cumulative). */
function latestPoints(requests: readonly ExportMetricsServiceRequest[]): Map<string, { instance: string; metric: string; point: Point }> {
  const latest = new Map<string, { instance: string; metric: string; point: Point }>();
  for (const req of requests) {
    for (const rm of req.resourceMetrics) {
      const instance = rm.resource.attributes.find((a) => a.key === 'service.instance.id')?.value.stringValue ?? '?';
      for (const m of rm.scopeMetrics.flatMap((sm) => sm.metrics)) {
        for (const point of [...(m.sum?.dataPoints ?? []), ...(m.histogram?.dataPoints ?? [])]) {
          const key = `${instance}|${m.name}|${JSON.stringify(point.attributes)}`;
          const seen = latest.get(key);
          if (!seen || BigInt(point.timeUnixNano) >= BigInt(seen.point.timeUnixNano)) latest.set(key, { instance, metric: m.name, point });
        }
      }
    }
  }
  return latest;
}

export function decodedTotals(requests: readonly ExportMetricsServiceRequest[]): Totals {
  const totals: Totals = { instances: 0, requests: 0, costUsd: 0, tokens: 0, operations: 0, shown: 0, accepted: 0 };
  const instances = new Set<string>();
  const value = (p: Point): number =>
    'asInt' in p && p.asInt !== undefined ? Number(p.asInt) : Number((p as OtlpNumberDataPoint).asDouble ?? 0);
  for (const { instance, metric, point } of latestPoints(requests).values()) {
    instances.add(instance);
    if (metric === METRIC.requests) totals.requests += value(point);
    if (metric === METRIC.cost) totals.costUsd += value(point);
    if (metric === METRIC.shown) totals.shown += value(point);
    if (metric === METRIC.accepted) totals.accepted += value(point);
    if (metric === METRIC.tokenUsage) totals.tokens += (point as OtlpHistogramDataPoint).sum;
    if (metric === METRIC.duration) totals.operations += Number((point as OtlpHistogramDataPoint).count);
  }
  totals.instances = instances.size;
  return totals;
}

/** Sample times (ms) of each instance's exports, in arrival order. */
export function sampleTimesPerInstance(requests: readonly ExportMetricsServiceRequest[]): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const req of requests) {
    for (const rm of req.resourceMetrics) {
      const instance = rm.resource.attributes.find((a) => a.key === 'service.instance.id')?.value.stringValue ?? '?';
      const first = rm.scopeMetrics[0]?.metrics[0];
      const point = first?.sum?.dataPoints[0] ?? first?.histogram?.dataPoints[0];
      if (point) times.set(instance, [...(times.get(instance) ?? []), Number(BigInt(point.timeUnixNano) / 1_000_000n)]);
    }
  }
  return times;
}
