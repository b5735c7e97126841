import type { Intent } from './journal';

/** Reservations of every window that no record has settled and no release has dropped yet. */
export class OpenIntents {
  private readonly open = new Map<string, Intent>();

  /** A later intent for the same id (the next route of the chain) replaces the earlier one. */
  hold(intent: Intent): void {
    this.open.set(intent.id, intent);
  }

  /** Settled by its record, or released: it no longer counts. */
  drop(id: string): boolean {
    return this.open.delete(id);
  }

  get(id: string): Intent | undefined {
    return this.open.get(id);
  }

  /** US$ held by intents started since `sinceMs` that have not expired at `nowMs`. */
  reservedSince(sinceMs: number, nowMs: number, task?: string): number {
    let sum = 0;
    for (const i of this.open.values()) {
      if (i.ts >= sinceMs && i.exp > nowMs && (task === undefined || i.task === task)) sum += i.usd;
    }
    return sum;
  }

  /** Intents whose window never settled them in time, oldest first. */
  expired(nowMs: number): Intent[] {
    return [...this.open.values()].filter((i) => i.exp <= nowMs).sort((a, b) => a.ts - b.ts);
  }

  all(): readonly Intent[] {
    return [...this.open.values()];
  }
}
