import type { Percentiles } from './aggregateTypes';
import { percentilesInPlace } from './percentiles';

/**
 * Latency samples keyed by (model, time bucket), kept in flat typed arrays and grouped at the end
 * by one counting sort, so 100k samples cost no per-group arrays and no full sort.
 */
export class LatencyGrid {
  private keys: Int32Array;
  private values: Float64Array;
  private size = 0;

  constructor(private readonly buckets: number, capacity: number) {
    this.keys = new Int32Array(Math.max(16, capacity));
    this.values = new Float64Array(Math.max(16, capacity));
  }

  add(model: number, bucket: number, value: number | undefined): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    if (this.size === this.keys.length) this.grow();
    this.keys[this.size] = model * this.buckets + bucket;
    this.values[this.size++] = value;
  }

  /** Percentiles per model over all buckets, and per (model, bucket) cell that has samples. */
  summarize(models: number): { byModel: Percentiles[]; byCell: Map<number, Percentiles> } {
    const cells = models * this.buckets;
    const starts = new Int32Array(cells + 1);
    for (let i = 0; i < this.size; i++) starts[this.keys[i]! + 1]++;
    for (let c = 0; c < cells; c++) starts[c + 1] += starts[c]!;
    const grouped = new Float64Array(this.size);
    const next = starts.slice(0, cells);
    for (let i = 0; i < this.size; i++) grouped[next[this.keys[i]!]!++] = this.values[i]!;
    const byCell = new Map<number, Percentiles>();
    for (let c = 0; c < cells; c++) {
      if (starts[c + 1]! > starts[c]!) byCell.set(c, percentilesInPlace(grouped.subarray(starts[c], starts[c + 1])));
    }
    // A model's cells are contiguous, so its whole range is one subarray.
    const byModel = Array.from({ length: models }, (_, m) =>
      percentilesInPlace(grouped.subarray(starts[m * this.buckets], starts[(m + 1) * this.buckets])),
    );
    return { byModel, byCell };
  }

  private grow(): void {
    const keys = new Int32Array(this.keys.length * 2);
    keys.set(this.keys);
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
