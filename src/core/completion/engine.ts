import type { Log } from '../log';
import type { LedgerSink } from '../ledger/record';
import { ProviderError } from '../providers/errors';
import type { StreamEvent } from '../providers/types';
import { AcceptanceTracker } from './acceptance';
import { cacheKey, LruCache } from './cache';
import { consumeCompletion } from './consume';
import type { Shown } from './filters';
import type { WorkspaceContext } from './context/gather';
import { linkedController } from '../abort';
import { AdaptiveDebounce, PreparationLead, sleepUnlessAborted } from './debounce';
import type { Cursor, DocumentView } from './document';
import { anchorOf, continueSuggestion, extendsAnchor, type Anchor } from './reuse';
import type { CompletionSettings } from './settings';
import { prepareRequest, type FimDispatchRequest, type PrepareDeps, type PreparedRequest, type SyntaxProbe } from './prepare';
import { memoByText } from './textMemo';
import { windowAround, type TextWindow } from './window';

export type { FimDispatchRequest } from './prepare';

/** Sends a FIM request through the router; the router writes the ledger record `recordId`. */
export type FimDispatch = (req: FimDispatchRequest, signal: AbortSignal) => { recordId: string; events: AsyncIterable<StreamEvent> };

export interface EngineDeps {
  dispatch: FimDispatch;
  context: WorkspaceContext;
  ledger: LedgerSink;
  settings: () => CompletionSettings;
  log: Log;
  now?: () => number;
  newId?: () => string;
  /** Secret redaction applied to everything sent; a pure function of its text (results are remembered). */
  redact?: (text: string) => string;
  /** True for text that must never be shown (e.g. it reproduces a redaction placeholder). */
  mustNotShow?: (text: string) => boolean;
  /** A failure the user may need to act on (the adapter decides whether and how to show it). */
  onError?: (err: unknown) => void;
  onStreaming?: (active: boolean) => void;
  /** The parse tree at the cursor (tree-sitter) for the mode decision and the cut; heuristics alone without it. */
  syntax?: SyntaxProbe;
  /** Off only for the benchmark's baseline: no typed-through, cache or in-flight reuse. */
  reuse?: boolean;
}

export interface CompletionRequest {
  doc: DocumentView;
  cursor: Cursor;
  trigger: 'auto' | 'manual';
}

export type SuggestionSource = 'network' | 'cache' | 'typed_through' | 'inflight';

export interface Suggestion {
  id: string;
  text: string;
  /** Characters right of the cursor, on its line, that the text replaces (0: an insertion). */
  replace: number;
  source: SuggestionSource;
}

export interface EngineStats {
  requests: number;
  network: number;
  cache: number;
  typedThrough: number;
  inflight: number;
  /**
   * How much later than the end of the debounce wait the request left for the network because of
   * Tandem's own work, ms. Work done inside the wait (reuse checks, context, prompt) does not count.
   */
  lastDispatchOverheadMs?: number;
  /** All of Tandem's work for the last request from the keystroke to dispatch, inside the wait or not, ms. */
  lastDispatchWorkMs?: number;
  /** From the call (after debounce) to the first token of the stream, ms. */
  lastTtftMs?: number;
}

interface Inflight {
  anchor: Anchor;
  result: Promise<Fetched>;
  controller: AbortController;
  /** Callers still waiting for it; when the last one gives up, the HTTP stream ends. */
  users: number;
}

interface Fetched {
  text: string | undefined;
  replace?: number;
  recordId?: string;
  /** The model answered and the filters left nothing: remembered so the same spot is not asked again. */
  empty?: boolean;
  /** The request failed (not cancelled): a timeout, an outage, a rejected key. */
  failed?: boolean;
}

/** Cache value for a spot the model had nothing for. */
const NOTHING: Shown = { text: '', replace: 0 };
const MID_WORD = /^\w/;

/** Tandem's work that ran past the end of the debounce wait, when the wait ended, and all its work before it, ms. */
interface Timing {
  lateMs: number;
  resumedAt: number;
  workMs: number;
}

interface Ready {
  prepared: PreparedRequest;
  /** Preparation that ran past the end of the wait, ms. */
  lateMs: number;
  prepMs: number;
  resumedAt: number;
}

/** VS Code cancels the previous call just before asking again; a joiner has this long to arrive. */
const JOIN_GRACE_MS = 30;

interface Remembered {
  anchor: Anchor;
  text: string;
  replace: number;
  id: string;
}

/**
 * The completion pipeline for one editor session: reuse before request (typed-through, cache,
 * in-flight), adaptive debounce, windowing and context, one FIM request through the router, stream
 * filters, and acceptance tracking. Every call resolves — superseded calls with undefined.
 */
export class CompletionEngine {
  readonly stats: EngineStats = { requests: 0, network: 0, cache: 0, typedThrough: 0, inflight: 0 };
  readonly acceptance: AcceptanceTracker;
  private readonly debounce: AdaptiveDebounce;
  private readonly prepLead = new PreparationLead();
  private readonly cache = new LruCache<Shown>(256);
  private recent: Remembered[] = [];
  private inflight: Inflight | undefined;
  private waiting: AbortController | undefined;
  private readonly now: () => number;
  private readonly newId: () => string;
  private seq = 0;
  private readonly preparing: PrepareDeps;

  constructor(private readonly deps: EngineDeps) {
    const redact = deps.redact;
    this.preparing = {
      context: deps.context,
      redact: redact ?? ((t) => t),
      redactRepeated: redact ? memoByText(redact, 256) : (t) => t,
      ...(deps.syntax ? { syntax: deps.syntax } : {}),
    };
    const s = deps.settings();
    this.debounce = new AdaptiveDebounce({ minMs: s.debounceMinMs, maxMs: s.debounceMaxMs });
    this.acceptance = new AcceptanceTracker(deps.ledger);
    this.now = deps.now ?? (() => performance.now());
    this.newId = deps.newId ?? (() => `c${Date.now().toString(36)}${(this.seq++).toString(36)}`);
  }

  /** A keystroke happened (even when no completion is asked), for the typing rhythm. */
  noteKeystroke(): void {
    this.debounce.noteKeystroke(this.now());
  }

  async complete(req: CompletionRequest, signal: AbortSignal): Promise<Suggestion | undefined> {
    const started = this.now();
    const settings = this.deps.settings();
    this.debounce.update({ minMs: settings.debounceMinMs, maxMs: settings.debounceMaxMs });
    this.waiting?.abort(); // the previous call, if still debouncing, resolves now
    this.stats.requests++;
    const window = windowAround(req.doc, req.cursor, settings);
    const anchor = anchorOf(req.doc.path, req.cursor.line, window);
    const key = cacheKey({ path: req.doc.path, prefix: window.prefix, suffix: window.suffix });

    let waitedForInflight = 0;
    if (this.deps.reuse !== false) {
      if (req.trigger === 'auto' && MID_WORD.test(window.lineSuffix)) return undefined; // as Copilot: not inside a word
      const reused = this.reuse(anchor, key, req.doc.languageId, started);
      if (reused !== undefined) return reused ?? undefined;
      this.deps.log.trace(
        `completion: ${req.trigger} at ${anchor.path}:${anchor.line + 1}:${anchor.linePrefix.length}, in flight: ${this.inflight ? 'yes' : 'no'}`,
      );
      const joinedAt = this.now();
      const fromInflight = await this.joinInflight(anchor, req.doc.languageId, started, signal);
      if (fromInflight !== undefined) return fromInflight ?? undefined;
      waitedForInflight = this.now() - joinedAt;
    } else this.inflight?.controller.abort();

    const waiting = linkedController(signal);
    this.waiting = waiting.controller;
    // The wait runs from the keystroke (after any wait on the network, which is not overhead either):
    // the work above happens inside it, and only what runs past its end delays the request.
    const waitMs = req.trigger === 'manual' ? 0 : this.debounce.delayMs();
    const deadline = started + waitedForInflight + waitMs;
    const beforeEnd = this.now();
    const spentBefore = beforeEnd - started - waitedForInflight;
    const lateBefore = Math.max(0, beforeEnd - deadline);
    const ready = await this.prepareDuringWait(req, window, settings, { until: deadline, ms: waitMs }, waiting.controller.signal);
    waiting.dispose();
    if (this.waiting === waiting.controller) this.waiting = undefined; // nothing left to cancel: spares the next call an abort
    if (!ready) return undefined;
    const fetched = await this.request(ready.prepared, anchor, key, signal, {
      lateMs: lateBefore + ready.lateMs,
      resumedAt: ready.resumedAt,
      workMs: spentBefore + ready.prepMs,
    });
    if (fetched.text === undefined || signal.aborted) return undefined;
    return this.remember(anchor, { text: fetched.text, replace: fetched.replace ?? 0 }, fetched.recordId);
  }

  /**
   * The rest of the debounce wait, with the request prepared (context, redaction, prompt) in its last
   * stretch rather than after it, so the request leaves as soon as the wait ends (see PreparationLead
   * for when it starts). Resolves undefined when superseded meanwhile.
   */
  private async prepareDuringWait(
    req: CompletionRequest,
    window: TextWindow,
    settings: CompletionSettings,
    wait: { until: number; ms: number },
    signal: AbortSignal,
  ): Promise<Ready | undefined> {
    const deadline = wait.until;
    if (!(await sleepUnlessAborted(deadline - this.prepLead.ms(wait.ms) - this.now(), signal))) return undefined;
    const prepStart = this.now();
    const prepared = await prepareRequest(this.preparing, req.doc, req.cursor, window, settings, signal);
    const prepEnd = this.now();
    if (!prepared) return undefined; // superseded: a cut-short preparation says nothing of its length
    this.prepLead.note(prepEnd - prepStart);
    if (!(await sleepUnlessAborted(deadline - prepEnd, signal))) return undefined;
    return { prepared, prepMs: prepEnd - prepStart, lateMs: Math.max(0, prepEnd - Math.max(deadline, prepStart)), resumedAt: this.now() };
  }

  /**
   * The same spot as before (LRU cache, including "nothing worth showing here"), then typed-through or
   * backspaced over a recent suggestion: no request at all. `null` = known to have no suggestion.
   */
  private reuse(anchor: Anchor, key: string, language: string, started: number): Suggestion | null | undefined {
    const cached = this.cache.get(key);
    if (cached === NOTHING) {
      this.stats.cache++; // a hit all the same: the model had nothing here, no need to ask again
      return null;
    }
    if (cached !== undefined && !this.blocked(cached.text)) {
      this.stats.cache++;
      return this.recordLocal(anchor, cached, 'cache', language, started);
    }
    for (const r of this.recent) {
      const continued = continueSuggestion(r.anchor, r.text, anchor);
      if (continued && continued.typed !== 0 && !this.blocked(continued.text)) {
        this.stats.typedThrough++;
        return this.recordLocal(anchor, { text: continued.text, replace: r.replace }, 'typed_through', language, started, r.id);
      }
    }
    return undefined;
  }

  /**
   * The user typed on while a request for this line is streaming: wait for it and show what remains
   * after the typed characters, instead of aborting it and asking again. Returns null when the caller
   * shows nothing rather than re-asking at once (it was cancelled meanwhile, or the request failed);
   * undefined when it should ask itself.
   */
  private async joinInflight(
    anchor: Anchor,
    language: string,
    started: number,
    signal: AbortSignal,
  ): Promise<Suggestion | null | undefined> {
    const flight = this.inflight;
    // An aborted flight only has its failure left to give: ask again instead.
    if (!flight || flight.controller.signal.aborted) return undefined;
    const typed = extendsAnchor(flight.anchor, anchor);
    if (typed === undefined || typed.length === 0) {
      this.deps.log.trace(`completion: superseded request aborted (${anchor.path}:${anchor.line + 1})`);
      flight.controller.abort(); // superseded: end its HTTP stream now
      return undefined;
    }
    this.deps.log.trace(`completion: joining the request in flight after ${typed.length} typed characters`);
    flight.users++;
    const fetched = await this.follow(flight, signal);
    // Asking again at once would most likely fail the same way (a stall: another first-token timeout).
    if (fetched?.failed) return null;
    const text = fetched?.text;
    if (text === undefined || !text.startsWith(typed) || text.length === typed.length) return signal.aborted ? null : undefined;
    this.stats.inflight++;
    return this.recordLocal(anchor, { text: text.slice(typed.length), replace: fetched?.replace ?? 0 }, 'inflight', language, started);
  }

  private async request(prepared: PreparedRequest, anchor: Anchor, key: string, signal: AbortSignal, timing: Timing): Promise<Fetched> {
    const controller = new AbortController();
    const flight: Inflight = { anchor, controller, users: 1, result: this.fetchCompletion(prepared, controller, timing) };
    this.inflight = flight;
    void flight.result.then((f) => {
      if (f.text !== undefined || f.empty) this.cache.set(key, f.text !== undefined ? { text: f.text, replace: f.replace ?? 0 } : NOTHING);
      if (this.inflight === flight) this.inflight = undefined;
    });
    return (await this.follow(flight, signal)) ?? { text: undefined };
  }

  /** Waits for a flight on behalf of one caller; the flight is aborted once no caller wants it any more. */
  private async follow(flight: Inflight, signal: AbortSignal): Promise<Fetched | undefined> {
    const leave = (): void => {
      flight.users--;
      setTimeout(() => {
        if (flight.users <= 0) flight.controller.abort();
      }, JOIN_GRACE_MS);
    };
    const result = await raceAbort(flight.result, signal);
    if (signal.aborted) leave();
    else flight.users--;
    return result;
  }

  private async fetchCompletion(prepared: PreparedRequest, controller: AbortController, timing: Timing): Promise<Fetched> {
    try {
      const dispatched = this.deps.dispatch(prepared.request, controller.signal);
      this.stats.network++;
      const sending = this.now() - timing.resumedAt;
      this.stats.lastDispatchOverheadMs = timing.lateMs + sending;
      this.stats.lastDispatchWorkMs = timing.workMs + sending;
      this.deps.onStreaming?.(true);
      const consumed = await consumeCompletion(dispatched.events, prepared.filter, {
        budgetMs: prepared.streamBudgetMs,
        now: this.now,
        abort: () => controller.abort(),
        onFirstToken: () => (this.stats.lastTtftMs = this.now() - timing.resumedAt + timing.lateMs),
      });
      const text = consumed.text !== undefined && !this.blocked(consumed.text) ? consumed.text : undefined;
      return { text, replace: consumed.replace, recordId: dispatched.recordId, empty: text === undefined };
    } catch (err) {
      if ((err instanceof ProviderError && err.kind === 'cancelled') || controller.signal.aborted) return { text: undefined };
      this.deps.onError?.(err);
      return { text: undefined, failed: true };
    } finally {
      this.deps.onStreaming?.(false);
    }
  }

  private remember(anchor: Anchor, shown: Shown, recordId: string | undefined): Suggestion {
    const id = this.newId();
    this.acceptance.register(id, recordId ?? id, shown.text);
    this.recent = [{ anchor, ...shown, id }, ...this.recent.slice(0, 7)];
    return { id, ...shown, source: 'network' };
  }

  private recordLocal(
    anchor: Anchor,
    shown: Shown,
    source: SuggestionSource,
    language: string,
    started: number,
    parentId?: string,
  ): Suggestion {
    const id = this.newId();
    this.deps.ledger.record({
      id,
      ts: Date.now(),
      task: 'completion',
      provider: 'local',
      model: 'local',
      decision: 'local',
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0,
      latencyMs: this.now() - started,
      outcome: 'ok',
      language,
      completion: { source, shown: false },
    });
    this.acceptance.register(id, id, shown.text, parentId);
    if (source !== 'typed_through') this.recent = [{ anchor, ...shown, id }, ...this.recent.slice(0, 7)];
    return { id, ...shown, source };
  }

  private blocked(text: string): boolean {
    return this.deps.mustNotShow?.(text) ?? false;
  }

  dispose(): void {
    this.waiting?.abort();
    this.inflight?.controller.abort();
    this.cache.clear();
    this.recent = [];
  }
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
