import type { Percentiles } from './aggregateTypes';

const NONE: Percentiles = { count: 0, p50: 0, p95: 0 };

/** Nearest-rank percentiles; 0 when there are no samples, so charts never see NaN. */
export function nearestRankPercentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { ...NONE };
  const sorted = Float64Array.from(samples).sort();
  return { count: sorted.length, p50: rank(sorted, 50), p95: rank(sorted, 95) };
}

function rank(sorted: Float64Array, p: number): number {
  const index = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, index))]!;
}

/** ttft and total latency samples of one group (a model, or a model within a time bucket). */
export class LatencySamples {
  readonly ttft: number[] = [];
  readonly total: number[] = [];

  add(ttftMs: number | undefined, latencyMs: number | undefined): void {
    if (typeof ttftMs === 'number' && Number.isFinite(ttftMs)) this.ttft.push(ttftMs);
    if (typeof latencyMs === 'number' && Number.isFinite(latencyMs)) this.total.push(latencyMs);
  }

  summarize(): { ttft: Percentiles; total: Percentiles } {
    return { ttft: nearestRankPercentiles(this.ttft), total: nearestRankPercentiles(this.total) };
  }
}
