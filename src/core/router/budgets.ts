import type { Hold, ReservationBook, SpendSource } from '../ledger/record';

export type BudgetName = 'request' | 'daily' | 'monthly' | `daily:${string}` | `monthly:${string}`;

export interface BudgetState {
  level: 'ok' | 'near' | 'spent';
  budget?: BudgetName;
  /** User-facing: names the budget, spent/limit, and the setting to raise. */
  message?: string;
}

export interface TaskCaps {
  dailyUsd?: number | null;
  monthlyUsd?: number | null;
}

/** Mirrors the `tandem.budget.*` settings; `null`/absent = no cap. */
export interface BudgetLimits {
  requestUsd?: number | null;
  dailyUsd?: number | null;
  monthlyUsd?: number | null;
  /** Percent of a cap at which the state turns 'near' (default 80). */
  nearPercent?: number;
  perTask?: Record<string, TaskCaps>;
}

export const DEFAULT_BUDGET_LIMITS: BudgetLimits = { requestUsd: 0.5, dailyUsd: 5, monthlyUsd: 50, nearPercent: 80 };

export interface Reservation {
  readonly amountUsd: number;
  /** The actual cost is in the ledger now: drop the reservation. Idempotent. */
  settle(actualUsd: number): void;
  /** The request failed or was refused downstream: drop the reservation. Idempotent. */
  release(): void;
}

export interface BudgetDeps {
  /**
   * Settled spend — the ledger. It must count a record as soon as `LedgerSink.record` returns
   * (an in-memory tally; persistence may lag), because settling drops the reservation at once.
   */
  spend: SpendSource;
  /**
   * Where reservations are kept. The ledger's book is shared by every window using its directory
   * (one budget for all of them); default: held in this process only.
   */
  book?: ReservationBook;
  limits?: BudgetLimits;
  now?: () => number;
}

/** What a reservation is for: the record that will settle it and the route it pays for. */
export interface ReservationFor {
  id?: string;
  provider?: string;
  model?: string;
}

interface Cap {
  name: BudgetName;
  limit: number;
  since: number;
  task?: string;
  setting: string;
  label: string;
  wait: string;
}

/**
 * Spend caps with reservations. Checking and reserving happen in one synchronous call inside the
 * book's `exclusive` section, so concurrent requests — of this window (one JS thread) and, with the
 * ledger's book, of every window sharing the ledger — never jointly overshoot a cap: each sees the
 * reservations and settlements of those before it.
 */
export class Budgets {
  private limits: BudgetLimits;
  private readonly now: () => number;
  private readonly book: ReservationBook;
  private nextId = 1;

  constructor(private readonly deps: BudgetDeps) {
    this.limits = deps.limits ?? DEFAULT_BUDGET_LIMITS;
    this.now = deps.now ?? Date.now;
    this.book = deps.book ?? new MemoryBook();
  }

  setLimits(limits: BudgetLimits): void {
    this.limits = limits;
  }

  /** What reserving `estimateUsd` for `task` would mean, without reserving. */
  assess(task: string, estimateUsd: number): BudgetState {
    const ceiling = this.limits.requestUsd;
    if (isCap(ceiling) && estimateUsd > ceiling) {
      const message = `This request could cost up to ${usd(estimateUsd)}, over the per-request limit of ${usd(ceiling)}. Raise tandem.budget.requestUsd or send less code.`;
      return { level: 'spent', budget: 'request', message };
    }
    let near: { cap: Cap; used: number; ratio: number } | undefined;
    for (const cap of this.caps(task)) {
      const used = this.used(cap);
      if (used >= cap.limit || used + estimateUsd > cap.limit)
        return { level: 'spent', budget: cap.name, message: refusal(cap, used, estimateUsd) };
      const ratio = (used + estimateUsd) / cap.limit;
      if (ratio >= this.nearFraction() && (!near || ratio > near.ratio)) near = { cap, used, ratio };
    }
    if (!near) return { level: 'ok' };
    return { level: 'near', budget: near.cap.name, message: nearMessage(near.cap, near.used) };
  }

  /** Atomically checks and, unless a cap would be exceeded, reserves `estimateUsd`. */
  tryReserve(task: string, estimateUsd: number, forWhat: ReservationFor = {}): { state: BudgetState; reservation?: Reservation } {
    return this.book.exclusive(() => {
      const state = this.assess(task, estimateUsd);
      if (state.level === 'spent') return { state };
      return { state, reservation: this.hold(task, estimateUsd, forWhat) };
    });
  }

  /** The state right now, for the status bar: the most used cap (of `task`'s caps too, if given). */
  state(task?: string): BudgetState {
    return this.assess(task ?? '', 0);
  }

  /** US$ reserved by requests in flight (of every window sharing the book). */
  reservedUsd(): number {
    return this.book.reservedSince(0);
  }

  private hold(task: string, amountUsd: number, forWhat: ReservationFor): Reservation {
    const id = forWhat.id ?? `reservation-${this.nextId++}`;
    this.book.hold({ id, task, provider: forWhat.provider ?? 'unknown', model: forWhat.model ?? 'unknown', amountUsd, ts: this.now() });
    let open = true;
    const end = (how: 'settled' | 'release'): void => {
      if (!open) return;
      open = false;
      this.book[how](id);
    };
    return { amountUsd, settle: () => end('settled'), release: () => end('release') };
  }

  private used(cap: Cap): number {
    return this.deps.spend.spentSince(cap.since, cap.task) + this.book.reservedSince(cap.since, cap.task);
  }

  private caps(task: string): Cap[] {
    const now = this.now();
    const day = startOfLocalDay(now);
    const month = startOfLocalMonth(now);
    const caps: Cap[] = [];
    const add = (limit: number | null | undefined, cap: Omit<Cap, 'limit'>): void => {
      if (isCap(limit)) caps.push({ ...cap, limit });
    };
    add(this.limits.dailyUsd, { name: 'daily', since: day, setting: 'tandem.budget.dailyUsd', label: 'Daily budget', wait: 'tomorrow' });
    add(this.limits.monthlyUsd, {
      name: 'monthly',
      since: month,
      setting: 'tandem.budget.monthlyUsd',
      label: 'Monthly budget',
      wait: 'next month',
    });
    const own = task && this.limits.perTask && Object.hasOwn(this.limits.perTask, task) ? this.limits.perTask[task] : undefined;
    const perTask = `tandem.budget.perTask.${task}`;
    add(own?.dailyUsd, {
      name: `daily:${task}`,
      since: day,
      task,
      setting: `${perTask}.dailyUsd`,
      label: `Daily ${task} budget`,
      wait: 'tomorrow',
    });
    add(own?.monthlyUsd, {
      name: `monthly:${task}`,
      since: month,
      task,
      setting: `${perTask}.monthlyUsd`,
      label: `Monthly ${task} budget`,
      wait: 'next month',
    });
    return caps;
  }

  private nearFraction(): number {
    const pct = this.limits.nearPercent;
    return typeof pct === 'number' && pct > 0 && pct <= 100 ? pct / 100 : 0.8;
  }
}

/** Reservations of this process only. */
class MemoryBook implements ReservationBook {
  private readonly held = new Map<string, Hold>();

  exclusive<T>(admit: () => T): T {
    return admit();
  }

  reservedSince(sinceMs: number, task?: string): number {
    let sum = 0;
    for (const h of this.held.values()) if (h.ts >= sinceMs && (task === undefined || h.task === task)) sum += h.amountUsd;
    return sum;
  }

  hold(h: Hold): void {
    this.held.set(h.id, h);
  }

  settled(id: string): void {
    this.held.delete(id);
  }

  release(id: string): void {
    this.held.delete(id);
  }
}

function refusal(cap: Cap, used: number, estimateUsd: number): string {
  const action = `Raise ${cap.setting} or wait until ${cap.wait}.`;
  if (used >= cap.limit) return `${cap.label} of ${usd(cap.limit)} spent (${usd(used)}). ${action}`;
  return `${cap.label} of ${usd(cap.limit)} would be exceeded: ${usd(used)} spent, this request could cost up to ${usd(estimateUsd)}. ${action}`;
}

function nearMessage(cap: Cap, used: number): string {
  return `${cap.label} ${Math.round((used / cap.limit) * 100)}% used (${usd(used)} of ${usd(cap.limit)}).`;
}

function isCap(limit: number | null | undefined): limit is number {
  return typeof limit === 'number' && Number.isFinite(limit) && limit >= 0;
}

/** $5.00; sub-cent amounts keep four decimals so they do not read as $0.00. */
export function usd(amount: number): string {
  return `$${amount > 0 && amount < 0.01 ? amount.toFixed(4) : amount.toFixed(2)}`;
}

export function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export function startOfLocalMonth(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}
