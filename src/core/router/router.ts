/*
 * Who retries: the router alone. Provider clients run their SDKs with retries off (Anthropic
 * `maxRetries: 0`, Mistral `strategy: 'none'`) and map every failure to a ProviderError; the router
 * retries a transient one on the same route (exponential backoff with jitter, retry-after honoured up
 * to a cap), then falls through the route chain. Stacking a second retry loop in an SDK would
 * multiply waits, hide retry-after from the breakers and double-bill budgets' time.
 */
import { linkedController } from '../abort';
import type { LedgerSink } from '../ledger/record';
import type { Log } from '../log';
import type { RouteTarget, StreamEvent } from '../providers/types';
import { DEFAULT_RETRY, sleep as realSleep, type RetryPolicy } from './backoff';
import { Breakers } from './breaker';
import type { Budgets, BudgetState } from './budgets';
import { EventQueue } from './eventQueue';
import type { PriceTable } from './pricing';
import type { RouteTable } from './routes';
import { RoutedRun, type Invoke, type RoutedRequest, type RouterEvent, type RunDeps } from './run';

export type { Invoke, RoutedRequest, RouterEvent } from './run';

export interface RouterDeps {
  routes: RouteTable;
  prices: PriceTable;
  budgets: Budgets;
  /** Pass the same instance across settings changes so open circuits stay open. */
  breakers?: Breakers;
  ledger: LedgerSink;
  log: Log;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  newId?: () => string;
  /** Jitter source in [0, 1). */
  random?: () => number;
  retry?: RetryPolicy;
}

export interface RoutedStream<E extends RouterEvent = StreamEvent> {
  /** Id of the one ledger record this request writes. */
  recordId: string;
  /** The route that answered (first event), or undefined if none did (refused, failed, cancelled). */
  route: Promise<RouteTarget | undefined>;
  /** Events of the serving route; throws BudgetRefusedError or ProviderError when the request fails. */
  events: AsyncIterable<E>;
}

/** Sends each request down its task's route chain within budgets, breakers and retries. */
export class Router {
  private breakers: Breakers | undefined;

  constructor(private readonly deps: RouterDeps) {}

  /** Starts at once; events are buffered until read. Stopping iteration early cancels the request. */
  stream<E extends RouterEvent = StreamEvent>(req: RoutedRequest, invoke: Invoke<E>): RoutedStream<E> {
    const recordId = (this.deps.newId ?? randomId)();
    // A listener link, not AbortSignal.any: Node 20 can collect a derived signal and never fire it.
    const link = linkedController(req.signal);
    const stop = link.controller;
    const signal = stop.signal;
    let readerStopped = false;
    const queue = new EventQueue<E>(() => {
      readerStopped = true;
      stop.abort();
    });
    let chooseRoute: (target: RouteTarget | undefined) => void = () => undefined;
    const route = new Promise<RouteTarget | undefined>((resolve) => (chooseRoute = resolve));
    const out = { push: (e: E) => queue.push(e), routeChosen: chooseRoute, readerStopped: () => readerStopped && !req.signal.aborted };
    const run = new RoutedRun<E>(this.runDeps(), { req, invoke, id: recordId, signal, out });
    run.run().then(
      () => (link.dispose(), queue.end()),
      (err: unknown) => (link.dispose(), queue.fail(err)),
    );
    return { recordId, route, events: queue.iterable() };
  }

  budgetState(task?: string): BudgetState {
    return this.deps.budgets.state(task);
  }

  private runDeps(): RunDeps {
    const d = this.deps;
    this.breakers ??= d.breakers ?? new Breakers({ ...(d.now ? { now: d.now } : {}) });
    return {
      routes: d.routes,
      prices: d.prices,
      budgets: d.budgets,
      breakers: this.breakers,
      ledger: d.ledger,
      log: d.log,
      now: d.now ?? Date.now,
      sleep: d.sleep ?? realSleep,
      random: d.random ?? Math.random,
      retry: d.retry ?? DEFAULT_RETRY,
    };
  }
}

function randomId(): string {
  return globalThis.crypto.randomUUID();
}
