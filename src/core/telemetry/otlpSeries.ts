/** Cumulative series keyed by attribute set, as OTLP data points with one start and one sample time. */
import type { OtlpHistogramDataPoint, OtlpKeyValue, OtlpNumberDataPoint } from './otlpTypes';

export type Attrs = Readonly<Record<string, string>>;

/** Start (the instance's start) and sample time of every point of one export, as unix nanoseconds. */
export interface Times {
  start: string;
  now: string;
}

export function toUnixNano(ms: number): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n).toString();
}

export function keyValues(attrs: Attrs): OtlpKeyValue[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: { stringValue: value } }));
}

/** Sums keyed by their attribute set. */
export class SeriesSums {
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

/** Explicit-bucket histograms keyed by their attribute set. */
export class SeriesHistograms {
  private readonly series = new Map<string, { attrs: Attrs; values: number[] }>();

  constructor(private readonly bounds: readonly number[]) {}

  add(attrs: Attrs, value: number): void {
    const key = JSON.stringify(attrs);
    const entry = this.series.get(key);
    if (entry) entry.values.push(value);
    else this.series.set(key, { attrs, values: [value] });
  }

  points(times: Times): OtlpHistogramDataPoint[] {
    return [...this.series.values()].map(({ attrs, values }) => this.point(attrs, values, times));
  }

  private point(attrs: Attrs, values: readonly number[], times: Times): OtlpHistogramDataPoint {
    const counts = new Array<number>(this.bounds.length + 1).fill(0);
    let [sum, min, max] = [0, Infinity, -Infinity];
    for (const v of values) {
      const i = this.bounds.findIndex((bound) => v <= bound);
      counts[i === -1 ? this.bounds.length : i]! += 1;
      [sum, min, max] = [sum + v, Math.min(min, v), Math.max(max, v)];
    }
    return {
      attributes: keyValues(attrs),
      startTimeUnixNano: times.start,
      timeUnixNano: times.now,
      count: String(values.length),
      sum,
      bucketCounts: counts.map(String),
      explicitBounds: [...this.bounds],
      min,
      max,
    };
  }
}
