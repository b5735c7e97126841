import type { Log } from '../log';
import { extendsAnchor, type Anchor } from './reuse';

/** What one network request for a completion gave. */
export interface Fetched {
  text: string | undefined;
  replace?: number;
  recordId?: string;
  /** The model answered and the filters left nothing: remembered so the same spot is not asked again. */
  empty?: boolean;
  /** The request failed (not cancelled): a timeout, an outage, a rejected key. */
  failed?: boolean;
}

/** What a caller gets from the request in flight when it typed on along its suggestion. */
export type Joined =
  /** The rest of the streamed text after what was typed meanwhile. */
  | { kind: 'text'; text: string; replace: number }
  /** Show nothing, and do not ask again at once: the caller was cancelled, or the request failed. */
  | { kind: 'nothing' }
  /** Nothing to join (none in flight, or it went elsewhere): ask the network. */
  | { kind: 'ask' };

interface Flight {
  anchor: Anchor;
  result: Promise<Fetched>;
  controller: AbortController;
  /** Callers still waiting for it; when the last one gives up, the HTTP stream ends. */
  users: number;
}

/** VS Code cancels the previous call just before asking again; a joiner has this long to arrive. */
const JOIN_GRACE_MS = 30;

/**
 * The one completion request on the network, shared by the calls that arrive while it streams (the
 * user typing on along it), as Continue's generator reuse manager shares one stream: the stream ends
 * once no caller wants it any more.
 */
export class InflightRequest {
  private flight: Flight | undefined;

  constructor(private readonly log: Log) {}

  get active(): boolean {
    return this.flight !== undefined;
  }

  /** Starts a request for `anchor` (superseding any other); `settled` sees its result, whoever still waits. */
  async start(
    anchor: Anchor,
    fetch: (controller: AbortController) => Promise<Fetched>,
    signal: AbortSignal,
    settled: (f: Fetched) => void,
  ): Promise<Fetched> {
    const controller = new AbortController();
    const flight: Flight = { anchor, controller, users: 1, result: fetch(controller) };
    this.flight = flight;
    void flight.result.then((f) => {
      settled(f);
      if (this.flight === flight) this.flight = undefined;
    });
    return (await follow(flight, signal)) ?? { text: undefined };
  }

  /**
   * The user typed on while a request for this line is streaming: wait for it and take what remains
   * after the typed characters, instead of aborting it and asking again. A request for another spot
   * is superseded: aborted here.
   */
  async join(anchor: Anchor, signal: AbortSignal): Promise<Joined> {
    const flight = this.flight;
    // An aborted flight only has its failure left to give: ask again instead.
    if (!flight || flight.controller.signal.aborted) return { kind: 'ask' };
    const typed = extendsAnchor(flight.anchor, anchor);
    if (typed === undefined || typed.length === 0) {
      this.log.trace(`completion: superseded request aborted (${anchor.path}:${anchor.line + 1})`);
      flight.controller.abort(); // superseded: end its HTTP stream now
      return { kind: 'ask' };
    }
    this.log.trace(`completion: joining the request in flight after ${typed.length} typed characters`);
    flight.users++;
    const fetched = await follow(flight, signal);
    // Asking again at once would most likely fail the same way (a stall: another first-token timeout).
    if (fetched?.failed) return { kind: 'nothing' };
    const text = fetched?.text;
    if (text === undefined || !text.startsWith(typed) || text.length === typed.length) return { kind: signal.aborted ? 'nothing' : 'ask' };
    return { kind: 'text', text: text.slice(typed.length), replace: fetched?.replace ?? 0 };
  }

  abort(): void {
    this.flight?.controller.abort();
  }
}

/** Waits for a flight on behalf of one caller; the flight is aborted once no caller wants it any more. */
async function follow(flight: Flight, signal: AbortSignal): Promise<Fetched | undefined> {
  const result = await raceAbort(flight.result, signal);
  flight.users--;
  if (signal.aborted)
    setTimeout(() => {
      if (flight.users <= 0) flight.controller.abort();
    }, JOIN_GRACE_MS);
  return result;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      () => resolve(undefined),
    );
  });
}
