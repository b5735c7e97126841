/** Mistral's quota as its `x-ratelimit-*` answer headers last reported it (absent fields were not sent). */
export interface RateQuota {
  requestsPerMinute?: { limit: number; remaining: number };
  tokensPerMinute?: { limit: number; remaining: number };
  tokensPerMonth?: { limit: number; remaining: number };
  /** When it was read (ms since epoch). */
  at: number;
}

const MINUTE_MS = 60_000;
/** Below this share of a per-minute quota left, completions wait longer between keystrokes. */
const LOW_SHARE = 0.25;
/** At most this stretch of the debounce wait when the quota is nearly gone. */
const MAX_STRETCH = 4;
/** With the minute's quota spent, one request at most this often finds out whether it is back. */
const PROBE_EVERY_MS = 5_000;
/** A 429 without `retry-after`: pause this long (the next keystroke asks again afterwards). */
const DEFAULT_PAUSE_MS = 1_000;

/**
 * Reads `x-ratelimit-limit-req-minute`, `x-ratelimit-remaining-req-minute`,
 * `x-ratelimit-limit-tokens-minute`, `x-ratelimit-remaining-tokens-minute` and the `-tokens-month`
 * pair (header names as Mistral's gateway sends them; see the README for the source).
 */
export function readQuota(headers: Headers, now: number): RateQuota | undefined {
  const pair = (limit: string, remaining: string): { limit: number; remaining: number } | undefined => {
    const l = count(headers.get(limit));
    const r = count(headers.get(remaining));
    return l === undefined || r === undefined ? undefined : { limit: l, remaining: r };
  };
  const quota: RateQuota = { at: now };
  const rpm = pair('x-ratelimit-limit-req-minute', 'x-ratelimit-remaining-req-minute');
  const tpm = pair('x-ratelimit-limit-tokens-minute', 'x-ratelimit-remaining-tokens-minute');
  const month = pair('x-ratelimit-limit-tokens-month', 'x-ratelimit-remaining-tokens-month');
  if (rpm) quota.requestsPerMinute = rpm;
  if (tpm) quota.tokensPerMinute = tpm;
  if (month) quota.tokensPerMonth = month;
  return rpm || tpm || month ? quota : undefined;
}

function count(v: string | null): number | undefined {
  if (v === null || !/^\s*\d+\s*$/.test(v)) return undefined;
  return Number(v);
}

export type Admission = { go: true } | { go: false; reason: string; untilMs: number };

/**
 * Codestral's rate limits as completions respect them: the quota from every answer's headers, a
 * pause until `retry-after` after a 429, a longer debounce as the minute's quota runs low, and, with
 * it spent, one probe every 5 s instead of a request per keystroke.
 */
export class RateLimitState {
  private quota: RateQuota | undefined;
  private pausedUntil = 0;
  private lastSent = -Infinity;

  constructor(private readonly now: () => number = Date.now) {}

  /** Headers of any Codestral answer. */
  noteHeaders(headers: Headers): void {
    const quota = readQuota(headers, this.now());
    if (quota) this.quota = quota;
  }

  /** A 429: no completion is sent until `retryAfterMs` has passed. */
  noteRateLimited(retryAfterMs: number | undefined): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + (retryAfterMs ?? DEFAULT_PAUSE_MS));
  }

  get latest(): RateQuota | undefined {
    return this.quota;
  }

  /** Whether a completion request may leave now (`estimatedTokens`: its prompt + output allowance). */
  admit(estimatedTokens: number): Admission {
    const now = this.now();
    if (now < this.pausedUntil) return { go: false, reason: 'rate limited (429)', untilMs: this.pausedUntil };
    if (this.spent(estimatedTokens, now) && now - this.lastSent < PROBE_EVERY_MS) {
      return { go: false, reason: "this minute's quota is spent", untilMs: this.lastSent + PROBE_EVERY_MS };
    }
    this.lastSent = now;
    return { go: true };
  }

  /** Factor for the debounce wait: 1 with quota to spare, up to 4 as the minute's quota runs out. */
  debounceStretch(): number {
    const share = this.minuteShareLeft(this.now());
    if (share === undefined || share >= LOW_SHARE) return 1;
    return 1 + (MAX_STRETCH - 1) * (1 - share / LOW_SHARE);
  }

  /** Until when completions are paused after a 429 (0 when they are not). */
  pausedUntilMs(): number {
    return this.now() < this.pausedUntil ? this.pausedUntil : 0;
  }

  private spent(estimatedTokens: number, now: number): boolean {
    const q = this.fresh(now);
    if (!q) return false;
    return (
      (q.requestsPerMinute !== undefined && q.requestsPerMinute.remaining <= 0) ||
      (q.tokensPerMinute !== undefined && q.tokensPerMinute.remaining < estimatedTokens)
    );
  }

  /** The smaller share left of the per-minute quotas, from a reading of the last minute. */
  private minuteShareLeft(now: number): number | undefined {
    const q = this.fresh(now);
    if (!q) return undefined;
    const shares = [q.requestsPerMinute, q.tokensPerMinute].flatMap((p) => (p && p.limit > 0 ? [p.remaining / p.limit] : []));
    return shares.length ? Math.min(...shares) : undefined;
  }

  /** A reading older than a minute says nothing about the current window. */
  private fresh(now: number): RateQuota | undefined {
    return this.quota && now - this.quota.at < MINUTE_MS ? this.quota : undefined;
  }
}
