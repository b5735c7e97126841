/**
 * The timing of one completion call, for the figures the benchmarks report. The debounce wait runs
 * from the keystroke (after any wait on a request in flight, which is not Tandem's work either); work
 * done inside the wait costs the user nothing, and only what runs past its end delays the request.
 */
export class DispatchClock {
  private waitedMs = 0;
  private deadline = Number.POSITIVE_INFINITY;
  /** Tandem's work that ran past the end of the wait, ms. */
  private lateMs = 0;
  /** All of Tandem's work before the request left, ms. */
  private workMs = 0;
  private resumedAt = 0;

  constructor(
    private readonly now: () => number,
    readonly started: number = now(),
  ) {}

  /** Time spent waiting for a request in flight: it moves the end of the wait, and is not work. */
  waited(ms: number): void {
    this.waitedMs += ms;
  }

  /** The debounce wait of `waitMs` begins to count; returns when it ends (a `now()` time). */
  startWait(waitMs: number): number {
    const at = this.now();
    this.deadline = this.started + this.waitedMs + waitMs;
    this.workMs += at - this.started - this.waitedMs;
    this.lateMs += Math.max(0, at - this.deadline);
    return this.deadline;
  }

  /** Preparation ran from `from` to `to` (inside the wait, past its end, or both). */
  prepared(from: number, to: number): void {
    this.workMs += to - from;
    this.lateMs += Math.max(0, to - Math.max(this.deadline, from));
  }

  /** The wait is over (and the request prepared): what follows until dispatch is overhead. */
  resume(): void {
    this.resumedAt = this.now();
  }

  /** At dispatch: how much later than the end of the wait the request left, and all the work before it, ms. */
  dispatched(): { overheadMs: number; workMs: number } {
    const sending = this.now() - this.resumedAt;
    return { overheadMs: this.lateMs + sending, workMs: this.workMs + sending };
  }

  /** From the end of the wait (or the end of Tandem's late work) to now, ms. */
  sinceResumed(): number {
    return this.now() - this.resumedAt + this.lateMs;
  }

  elapsed(): number {
    return this.now() - this.started;
  }
}
