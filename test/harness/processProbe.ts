/** What the fault suite and the soak watch in the process itself: event-loop lag, unhandled rejections, handles. */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProcessProbe {
  /** Longest event-loop delay since the probe started, ms. */
  maxLagMs(): number;
  readonly unhandled: unknown[];
  stop(): void;
}

export function probeProcess(): ProcessProbe {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const unhandled: unknown[] = [];
  const onRejection = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onRejection);
  return {
    maxLagMs: () => lag.max / 1e6,
    unhandled,
    stop: () => {
      lag.disable();
      process.off('unhandledRejection', onRejection);
    },
  };
}

/** Active resources that keep the process alive (timers, sockets, watchers), counted by type. */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Listeners on the process object, by event. */
export function processListeners(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.eventNames()) counts.set(String(name), process.listenerCount(name));
  return counts;
}

/** What `after` has more of than `before`: e.g. ["Timeout ×2"]. */
export function grownSince(before: Map<string, number>, after: Map<string, number>): { count: number; list: string[] } {
  const list: string[] = [];
  let count = 0;
  for (const [type, n] of after) {
    const extra = n - (before.get(type) ?? 0);
    if (extra > 0) {
      count += extra;
      list.push(`${type} ×${extra}`);
    }
  }
  return { count, list };
}
