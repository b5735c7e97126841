import type { ProviderId } from '../providers/errors';
import type { RouteTarget } from '../providers/types';
import { routeKey } from './routes';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive transient failures that open the circuit (default 3). */
  failureThreshold?: number;
  /** Time an open circuit first waits before letting one probe through (default 10 s). */
  coolDownMs?: number;
  /** Each failed probe doubles the wait, up to this (default 30 s); a success starts over. */
  maxCoolDownMs?: number;
  now?: () => number;
}

/**
 * Closed → (N consecutive transient failures) → open → (cool-down) → half-open: one probe passes;
 * its success closes the circuit, its failure opens it for twice the cool-down (capped). A short
 * first pause gets users back quickly after a blip; the cap bounds the wait after a long outage.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probeInFlight = false;
  private readonly threshold: number;
  private readonly baseCoolDownMs: number;
  private readonly maxCoolDownMs: number;
  private coolDownMs: number;
  private readonly now: () => number;

  constructor(opts: BreakerOptions = {}) {
    this.threshold = Math.max(1, opts.failureThreshold ?? 3);
    this.baseCoolDownMs = opts.coolDownMs ?? 10_000;
    this.maxCoolDownMs = Math.max(this.baseCoolDownMs, opts.maxCoolDownMs ?? 30_000);
    this.coolDownMs = this.baseCoolDownMs;
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.coolDownMs ? 'half_open' : 'open';
  }

  /** Whether a request could pass now (does not take the probe). */
  allows(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half_open' && !this.probeInFlight);
  }

  /** Takes permission for one attempt; in half-open state only the first caller gets it. */
  tryAcquire(): boolean {
    if (!this.allows()) return false;
    if (this.state === 'half_open') this.probeInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probeInFlight = false;
    this.coolDownMs = this.baseCoolDownMs;
  }

  /** A transient failure (the service's fault). */
  onFailure(): void {
    this.failures++;
    if (this.probeInFlight) this.coolDownMs = Math.min(this.coolDownMs * 2, this.maxCoolDownMs);
    if (this.probeInFlight || this.failures >= this.threshold) this.openedAt = this.now();
    this.probeInFlight = false;
  }

  /** An attempt that says nothing about the service (cancelled, our own bad request): frees the probe. */
  onNeutral(): void {
    this.probeInFlight = false;
  }

  /** Milliseconds until an open circuit half-opens (0 unless open). */
  remainingCoolDownMs(): number {
    return this.state === 'open' && this.openedAt !== undefined ? this.coolDownMs - (this.now() - this.openedAt) : 0;
  }
}

/** One breaker per route, created on first use; keep one instance across settings changes. */
export class Breakers {
  private readonly byRoute = new Map<string, CircuitBreaker>();

  constructor(private readonly opts: BreakerOptions = {}) {}

  for(target: RouteTarget): CircuitBreaker {
    const key = routeKey(target);
    let breaker = this.byRoute.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(this.opts);
      this.byRoute.set(key, breaker);
    }
    return breaker;
  }

  /**
   * Forgets every circuit of `provider`: its key or endpoint changed, so its past failures say nothing
   * about the new connection. A request still in flight keeps the breaker it holds, now detached.
   */
  reset(provider: ProviderId): void {
    for (const key of [...this.byRoute.keys()]) if (key.startsWith(`${provider}/`)) this.byRoute.delete(key);
  }
}
