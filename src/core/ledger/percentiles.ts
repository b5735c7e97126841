import type { Percentiles } from './aggregateTypes';

/**
 * Nearest-rank percentiles (the value at rank ceil(p/100 * n)); 0 when there are no samples, so
 * charts never see NaN. Selection instead of a full sort; reorders `work` in place.
 */
export function percentilesInPlace(work: Float64Array): Percentiles {
  return percentilesOfRange(work, 0, work.length);
}

/** The same over work[from..to), without a subarray per call (the ledger asks for hundreds of cells). */
export function percentilesOfRange(work: Float64Array, from: number, to: number): Percentiles {
  const n = to - from;
  if (n <= 0) return { count: 0, p50: 0, p95: 0 };
  const k95 = from + rankIndex(95, n);
  const k50 = from + rankIndex(50, n);
  const p95 = select(work, k95, from, to - 1);
  // After selecting k95 everything left of it is <= p95, so p50 lies in that part.
  const p50 = select(work, k50, from, k95);
  return { count: n, p50, p95 };
}

function rankIndex(p: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
}

/** Hoare's quickselect with a median-of-three pivot: the k-th smallest of a[lo..hi], partially ordering a. */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const pivot = median3(a[lo]!, a[mid]!, a[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function median3(x: number, y: number, z: number): number {
  return x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
}
