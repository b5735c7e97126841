/** Local-time calendar helpers for the ledger: day keys without formatting a Date per record. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function localDayStart(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function nextLocalDayStart(dayStart: number): number {
  const d = new Date(dayStart);
  d.setDate(d.getDate() + 1);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** YYYY-MM-DD of the local calendar day containing `ts`. */
export function formatLocalDay(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/**
 * Bucket boundaries covering [fromMs, toMs) in local time, plus one closing boundary at the end,
 * so bucket i is [starts[i], starts[i + 1]). Days follow the local calendar (23 or 25 hours at DST).
 */
export function bucketBoundaries(fromMs: number, toMs: number, bucket: 'hour' | 'day'): number[] {
  if (toMs <= fromMs) return [];
  const boundaries: number[] = [];
  if (bucket === 'day') {
    for (let t = localDayStart(fromMs); t < toMs; t = nextLocalDayStart(t)) boundaries.push(t);
  } else {
    const first = new Date(fromMs);
    first.setMinutes(0, 0, 0);
    for (let t = first.getTime(); t < toMs; t += HOUR_MS) boundaries.push(t);
  }
  const last = boundaries[boundaries.length - 1]!;
  boundaries.push(bucket === 'day' ? nextLocalDayStart(last) : last + HOUR_MS);
  return boundaries;
}

/**
 * Bucket boundaries (see bucketBoundaries) with their nominal size. A class rather than an imported
 * function: compiled to CommonJS (tsx, tests, bench), every call of an import goes through an export
 * getter, which cost about a tenth of aggregate() per record.
 */
export class Buckets {
  constructor(
    readonly boundaries: readonly number[],
    private readonly nominalMs: number,
  ) {}

  /**
   * Index of the bucket holding `ts`: a guess from the nominal bucket size, corrected by at most a step
   * or two where DST made a day shorter or longer. `ts` must lie inside the boundaries.
   */
  indexOf(ts: number): number {
    const b = this.boundaries;
    const lastBucket = b.length - 2;
    let i = Math.floor((ts - b[0]!) / this.nominalMs);
    if (i < 0) i = 0;
    else if (i > lastBucket) i = lastBucket;
    while (i > 0 && ts < b[i]!) i--;
    while (i < lastBucket && ts >= b[i + 1]!) i++;
    return i;
  }
}
