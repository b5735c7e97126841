export interface RetryPolicy {
  /** Attempts per route, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Longest wait between attempts; a longer retry-after sends the request to the next route instead. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * Wait before attempt `failedAttempts + 1`, or undefined when the vendor asked for longer than the
 * cap. Without retry-after: exponential with "equal jitter" (half fixed, half random), so a crowd of
 * clients does not retry in lockstep.
 */
export function retryDelayMs(
  failedAttempts: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxDelayMs ? retryAfterMs : undefined;
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return exp / 2 + random() * (exp / 2);
}

/** setTimeout as a promise that rejects when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
