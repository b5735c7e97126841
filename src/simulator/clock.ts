/** Time source for everything that expires (prompt-cache TTLs). Latency pacing uses real timers. */
export interface SimClock {
  now(): number;
  advance(ms: number): void;
}

/** Wall-clock time; `advance` adds a permanent offset so a running simulator can be pushed past a TTL. */
export function createRealClock(): SimClock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}

/** A clock that only moves when told to, for tests of TTL expiry. */
export function createManualClock(startMs = 0): SimClock {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance: (ms) => {
      nowMs += ms;
    },
  };
}
