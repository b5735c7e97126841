import { localDayStart, nextLocalDayStart } from './localTime';
import type { LedgerRecord } from './record';

interface DaySpend {
  start: number;
  end: number;
  totalUsd: number;
  byTask: Map<string, number>;
  /** Kept to answer a `since` that falls inside the day. */
  records: LedgerRecord[];
}

/** Running spend per local day and task, so budget checks never scan the whole ledger. */
export class SpendIndex {
  private readonly days = new Map<number, DaySpend>();
  private last: DaySpend | undefined;

  add(r: LedgerRecord): void {
    const day = this.dayOf(r.ts);
    day.totalUsd += r.costUsd;
    day.byTask.set(r.task, (day.byTask.get(r.task) ?? 0) + r.costUsd);
    day.records.push(r);
  }

  spentSince(sinceMs: number, task?: string): number {
    let sum = 0;
    for (const day of this.days.values()) {
      if (day.start >= sinceMs) sum += task === undefined ? day.totalUsd : (day.byTask.get(task) ?? 0);
      else if (day.end > sinceMs) sum += partOfDay(day, sinceMs, task);
    }
    return sum;
  }

  private dayOf(ts: number): DaySpend {
    if (this.last && ts >= this.last.start && ts < this.last.end) return this.last;
    const start = localDayStart(ts);
    let day = this.days.get(start);
    if (!day) {
      day = { start, end: nextLocalDayStart(start), totalUsd: 0, byTask: new Map(), records: [] };
      this.days.set(start, day);
    }
    this.last = day;
    return day;
  }
}

function partOfDay(day: DaySpend, sinceMs: number, task: string | undefined): number {
  let sum = 0;
  for (const r of day.records) {
    if (r.ts >= sinceMs && (task === undefined || r.task === task)) sum += r.costUsd;
  }
  return sum;
}
