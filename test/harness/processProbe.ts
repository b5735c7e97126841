/** What the fault suite and the soak watch in the process itself: event-loop lag, unhandled rejections, handles. */
import { createHook } from 'node:async_hooks';
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

/** Resource types that outlive a call: timers, sockets, watchers, child processes. */
const HANDLE_TYPES = new Set([
  'Timeout',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'PIPEWRAP',
  'FSEVENTWRAP',
  'STATWATCHER',
  'PROCESSWRAP',
  'UDPWRAP',
  'SIGNALWRAP',
]);

/**
 * Timers, sockets and watchers created while tracking and not yet gone — unref'd ones included,
 * which `process.getActiveResourcesInfo()` does not list (the ledger's maintenance interval and
 * directory watcher, AbortSignal.timeout).
 */
export class HandleTracker {
  private readonly live = new Map<number, { type: string; stack?: string }>();
  private readonly hook = createHook({
    init: (asyncId, type) => {
      if (HANDLE_TYPES.has(type)) this.live.set(asyncId, { type, ...(this.withStacks ? { stack: new Error().stack ?? '' } : {}) });
    },
    destroy: (asyncId) => {
      this.live.delete(asyncId);
    },
  });

  /** `withStacks`: remember where each was created (slow; for finding a leak). */
  constructor(private readonly withStacks = false) {}

  start(): void {
    this.hook.enable();
  }

  stop(): void {
    this.hook.disable();
  }

  /** Still alive, by type. */
  alive(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { type } of this.live.values()) counts.set(type, (counts.get(type) ?? 0) + 1);
    return counts;
  }

  /** Where the ones still alive were created (with `withStacks`). */
  aliveStacks(): string[] {
    return [...this.live.values()].map((h) => `${h.type}${h.stack ? `\n${h.stack.split('\n').slice(2, 14).join('\n')}` : ''}`);
  }
}
