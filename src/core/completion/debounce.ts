export interface DebounceSettings {
  minMs: number;
  maxMs: number;
}

const SAMPLES = 8;
/** A gap longer than this is a pause in thought, not typing rhythm. */
const PAUSE_MS = 1500;

/**
 * Waits for a pause in typing that fits the user's own rhythm: a little longer than their recent
 * typical gap between keystrokes (fast typists get fewer wasted requests, slow typists are not kept
 * waiting), clamped to [minMs, maxMs]. A manual trigger does not wait.
 */
export class AdaptiveDebounce {
  private gaps: number[] = [];
  private lastKeystroke: number | undefined;

  constructor(private settings: DebounceSettings) {}

  update(settings: DebounceSettings): void {
    this.settings = settings;
  }

  noteKeystroke(now: number): void {
    if (this.lastKeystroke !== undefined) {
      const gap = now - this.lastKeystroke;
      if (gap > 0 && gap < PAUSE_MS) {
        this.gaps.push(gap);
        if (this.gaps.length > SAMPLES) this.gaps.shift();
      }
    }
    this.lastKeystroke = now;
  }

  delayMs(): number {
    const { minMs, maxMs } = this.settings;
    if (this.gaps.length < 3) return maxMs;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    const typical = sorted[Math.floor(sorted.length * 0.75)]!;
    return Math.round(Math.min(maxMs, Math.max(minMs, typical * 1.4)));
  }
}

/**
 * Resolves true after `ms`, or false as soon as any of `signals` aborts — never leaves a caller hanging.
 * Listens to each signal itself: AbortSignal.any costs tens of µs on every keystroke.
 */
export function sleepUnlessAborted(ms: number, ...signals: AbortSignal[]): Promise<boolean> {
  if (signals.some((s) => s.aborted)) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (waited: boolean): void => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', onAbort);
      resolve(waited);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * How long before the end of the debounce wait to start preparing the request: twice its recent
 * duration (a moving average), at least MIN_LEAD_MS so a late timer does not push it past the end,
 * and never in the first 70 % of the wait — a keystroke usually comes then, and preparing earlier
 * would send the language server a definitions lookup for almost every keystroke. A slow lookup
 * that does not fit runs past the end of the wait, and that part counts as dispatch overhead.
 */
export class PreparationLead {
  static readonly MIN_LEAD_MS = 6;
  static readonly MAX_SHARE_OF_WAIT = 0.3;
  private averageMs: number | undefined;

  note(durationMs: number): void {
    this.averageMs = this.averageMs === undefined ? durationMs : 0.8 * this.averageMs + 0.2 * durationMs;
  }

  ms(waitMs: number): number {
    const wanted = Math.min(2 * (this.averageMs ?? 0), PreparationLead.MAX_SHARE_OF_WAIT * waitMs);
    return Math.max(PreparationLead.MIN_LEAD_MS, wanted);
  }
}
