import type { Percentiles } from './aggregateTypes';
import { percentilesOfRange } from './percentiles';

/** Percentiles per model over all buckets, and per (model, bucket) cell (undefined when it has no samples). */
export interface LatencySummary {
  byModel: Percentiles[];
  byCell: (Percentiles | undefined)[];
}

/**
 * Time-to-first-token and total latency samples keyed by (model, time bucket), kept in flat typed
 * arrays and grouped at the end by one counting sort, so 100k samples cost no per-group arrays and
 * no full sort. Both metrics share one key array; a missing value is stored as NaN and skipped.
 */
export class LatencyGrid {
  private keys: Int32Array;
  private ttft: Float64Array;
  private total: Float64Array;
  private size = 0;

  constructor(
    private readonly buckets: number,
    capacity: number,
  ) {
    this.keys = new Int32Array(Math.max(16, capacity));
    this.ttft = new Float64Array(this.keys.length);
    this.total = new Float64Array(this.keys.length);
  }

  add(model: number, bucket: number, ttftMs: number | undefined, totalMs: number | undefined): void {
    const t = sample(ttftMs);
    const l = sample(totalMs);
    if (Number.isNaN(t) && Number.isNaN(l)) return;
    if (this.size === this.keys.length) this.grow();
    this.keys[this.size] = model * this.buckets + bucket;
    this.ttft[this.size] = t;
    this.total[this.size++] = l;
  }

  summarize(models: number): { ttft: LatencySummary; total: LatencySummary } {
    return { ttft: this.summarizeOne(this.ttft, models), total: this.summarizeOne(this.total, models) };
  }

  /** One metric's samples grouped by cell with a counting sort (NaN = no sample), then percentiles. */
  private summarizeOne(values: Float64Array, models: number): LatencySummary {
    const cells = models * this.buckets;
    const starts = new Int32Array(cells + 1);
    for (let i = 0; i < this.size; i++) if (!Number.isNaN(values[i]!)) starts[this.keys[i]! + 1]++;
    for (let c = 0; c < cells; c++) starts[c + 1] += starts[c]!;
    const grouped = new Float64Array(starts[cells]!);
    const next = starts.slice(0, cells);
    for (let i = 0; i < this.size; i++) {
      const v = values[i]!;
      if (!Number.isNaN(v)) grouped[next[this.keys[i]!]!++] = v;
    }
    return this.percentiles(grouped, starts, models);
  }

  private percentiles(grouped: Float64Array, starts: Int32Array, models: number): LatencySummary {
    const byCell: (Percentiles | undefined)[] = [];
    for (let c = 0; c < models * this.buckets; c++) {
      byCell.push(starts[c + 1]! > starts[c]! ? percentilesOfRange(grouped, starts[c]!, starts[c + 1]!) : undefined);
    }
    // A model's cells are contiguous, so its whole range is one range.
    const byModel = Array.from({ length: models }, (_, m) =>
      percentilesOfRange(grouped, starts[m * this.buckets]!, starts[(m + 1) * this.buckets]!),
    );
    return { byModel, byCell };
  }

  private grow(): void {
    const grown = (a: Float64Array): Float64Array => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    const keys = new Int32Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    this.ttft = grown(this.ttft);
    this.total = grown(this.total);
  }
}

const sample = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
