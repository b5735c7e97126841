import type { SimClock } from '../clock';

/** Per-minute request and token limits, and a monthly token limit, as a Mistral workspace has them. */
export interface MistralLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
  tokensPerMonth: number;
}

/** Generous defaults (the figures of a paid workspace's answer quoted in mistralai/client-ts#169). */
export const DEFAULT_MISTRAL_LIMITS: MistralLimits = { requestsPerMinute: 720, tokensPerMinute: 5_000_000, tokensPerMonth: 4_000_000_000 };

const MINUTE_MS = 60_000;

/**
 * Fixed one-minute windows on the simulator's clock (Mistral documents no reset header, so neither
 * do we send one). Every answer carries `x-ratelimit-*` with the counts after this request; a request
 * over a limit is answered 429 with `retry-after` = seconds to the next window.
 */
export class MistralRateLimiter {
  private window = -1;
  private requests = 0;
  private tokens = 0;
  private monthTokens = 0;
  private limits: MistralLimits;

  constructor(
    private readonly clock: SimClock,
    limits: Partial<MistralLimits> = {},
  ) {
    this.limits = { ...DEFAULT_MISTRAL_LIMITS, ...limits };
  }

  setLimits(limits: Partial<MistralLimits>): void {
    this.limits = { ...this.limits, ...limits };
  }

  /** Counts one request; `retryAfterSec` when it is over a limit (then it is not counted). */
  admit(): { ok: true } | { ok: false; retryAfterSec: number } {
    this.roll();
    const over =
      this.requests >= this.limits.requestsPerMinute ||
      this.tokens >= this.limits.tokensPerMinute ||
      this.monthTokens >= this.limits.tokensPerMonth;
    if (over) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(((this.window + 1) * MINUTE_MS - this.clock.now()) / 1000)) };
    this.requests++;
    return { ok: true };
  }

  /** Charges the tokens of an answered request (prompt + completion). */
  charge(tokens: number): void {
    this.roll();
    this.tokens += tokens;
    this.monthTokens += tokens;
  }

  /** The headers every Mistral answer carries (`queryCost` = this request's tokens, when known). */
  headers(queryCost?: number): Record<string, string> {
    this.roll();
    const l = this.limits;
    return {
      'x-ratelimit-limit-req-minute': String(l.requestsPerMinute),
      'x-ratelimit-remaining-req-minute': String(Math.max(0, l.requestsPerMinute - this.requests)),
      'x-ratelimit-limit-tokens-minute': String(l.tokensPerMinute),
      'x-ratelimit-remaining-tokens-minute': String(Math.max(0, l.tokensPerMinute - this.tokens)),
      'x-ratelimit-limit-tokens-month': String(l.tokensPerMonth),
      'x-ratelimit-remaining-tokens-month': String(Math.max(0, l.tokensPerMonth - this.monthTokens)),
      ...(queryCost !== undefined ? { 'x-ratelimit-tokens-query-cost': String(queryCost) } : {}),
    };
  }

  private roll(): void {
    const window = Math.floor(this.clock.now() / MINUTE_MS);
    if (window === this.window) return;
    this.window = window;
    this.requests = 0;
    this.tokens = 0;
  }
}
