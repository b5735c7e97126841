import { linkedController } from '../abort';

/** The two clocks one streamed call runs against, both from the moment it is sent. */
export interface StreamTimeouts {
  /** Until the first event of the answer: a stalled vendor (or a stalled connection) ends here. */
  firstTokenMs: number;
  /** Until the end of the answer, however steadily it streams. */
  totalMs: number;
}

export type TimedOut = 'first_token' | 'total';

/** One call's abort signal: the caller's signal plus its two timeouts. */
export class CallDeadline {
  private readonly link: ReturnType<typeof linkedController>;
  private readonly timers: Array<ReturnType<typeof setTimeout>>;
  private expired: TimedOut | undefined;

  constructor(
    caller: AbortSignal,
    readonly timeouts: StreamTimeouts,
  ) {
    this.link = linkedController(caller);
    this.timers = [this.arm('first_token', timeouts.firstTokenMs), this.arm('total', timeouts.totalMs)];
  }

  /** Aborts when the caller aborts or a timeout expires. */
  get signal(): AbortSignal {
    return this.link.controller.signal;
  }

  /** Which timeout ended the call, if one did (a caller abort came first otherwise). */
  get timedOut(): TimedOut | undefined {
    return this.expired;
  }

  /** The answer has started: only the whole-call timeout is left. Idempotent. */
  started(): void {
    clearTimeout(this.timers[0]);
  }

  /** Passes `events` through, marking the answer started at the first one. */
  async *watch<T>(events: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const event of events) {
      this.started();
      yield event;
    }
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.link.dispose();
  }

  private arm(which: TimedOut, ms: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      if (this.signal.aborted) return;
      this.expired = which;
      this.link.controller.abort();
    }, ms);
  }
}

/** What a timed-out call says: which clock ran out, after how long, at which host. */
export function timeoutMessage(vendor: string, which: TimedOut | undefined, timeouts: StreamTimeouts, host: string): string {
  return which === 'total'
    ? `${vendor} did not finish within ${formatMs(timeouts.totalMs)} (${host})`
    : `${vendor} sent nothing within ${formatMs(timeouts.firstTokenMs)} (${host})`;
}

/** "5 s", "250 ms": a timeout as a message states it. */
function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}
