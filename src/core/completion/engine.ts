import { linkedController } from '../abort';
import { localCompletionRecord } from '../ledger/record';
import { ProviderError } from '../providers/errors';
import { AcceptanceTracker } from './acceptance';
import { consumeCompletion } from './consume';
import { AdaptiveDebounce, PreparationLead, sleepUnlessAborted } from './debounce';
import { DispatchClock } from './dispatchClock';
import type { Shown } from './filters';
import { InflightRequest, type Fetched } from './inflight';
import { LocalReuse } from './localReuse';
import { prepareRequest, type PrepareDeps, type PreparedRequest } from './prepare';
import { anchorOf, type Anchor } from './reuse';
import type { CompletionSettings } from './settings';
import { memoByText } from './textMemo';
import { windowAround, type TextWindow } from './window';
import type { CompletionRequest, EngineDeps, EngineStats, LocalSource, Suggestion } from './engineTypes';

export type { FimDispatchRequest } from './prepare';
export type { CompletionRequest, EngineDeps, EngineStats, FimDispatch, Suggestion, SuggestionSource } from './engineTypes';

const MID_WORD = /^\w/;

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
  private readonly local: LocalReuse;
  private readonly inflight: InflightRequest;
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
    this.local = new LocalReuse((text) => this.blocked(text));
    this.inflight = new InflightRequest(deps.log);
    this.now = deps.now ?? (() => performance.now());
    this.newId = deps.newId ?? (() => `c${Date.now().toString(36)}${(this.seq++).toString(36)}`);
  }

  /** A keystroke happened (even when no completion is asked), for the typing rhythm. */
  noteKeystroke(): void {
    this.debounce.noteKeystroke(this.now());
  }

  async complete(req: CompletionRequest, signal: AbortSignal): Promise<Suggestion | undefined> {
    const clock = new DispatchClock(this.now);
    const settings = this.deps.settings();
    this.debounce.update({ minMs: settings.debounceMinMs, maxMs: settings.debounceMaxMs });
    this.waiting?.abort(); // the previous call, if still debouncing, resolves now
    this.stats.requests++;
    const window = windowAround(req.doc, req.cursor, settings);
    const anchor = anchorOf(req.doc.path, req.cursor.line, window);
    const key = LocalReuse.keyOf(req.doc.path, window);
    const served = (shown: Shown, source: LocalSource, parentId?: string): Suggestion =>
      this.serveLocal(anchor, shown, { source, language: req.doc.languageId, clock, ...(parentId ? { parentId } : {}) });

    if (this.deps.alwaysRequest) this.inflight.abort();
    else {
      if (req.trigger === 'auto' && MID_WORD.test(window.lineSuffix)) return undefined; // as Copilot: not inside a word
      const hit = this.local.find(anchor, key);
      if (hit) this.stats[hit.kind === 'typed_through' ? 'typedThrough' : 'cache']++;
      if (hit?.kind === 'nothing') return undefined;
      if (hit) return served(hit.shown, hit.kind, hit.kind === 'typed_through' ? hit.parentId : undefined);
      this.deps.log.trace(
        `completion: ${req.trigger} at ${anchor.path}:${anchor.line + 1}:${anchor.linePrefix.length}, in flight: ${this.inflight.active ? 'yes' : 'no'}`,
      );
      const joinedAt = this.now();
      const joined = await this.inflight.join(anchor, signal);
      if (joined.kind === 'nothing') return undefined;
      if (joined.kind === 'text') {
        this.stats.inflight++;
        return served({ text: joined.text, replace: joined.replace }, 'inflight');
      }
      clock.waited(this.now() - joinedAt);
    }

    const prepared = await this.prepareDuringWait(req, window, settings, clock, signal);
    if (!prepared) return undefined;
    const fetched = await this.inflight.start(
      anchor,
      (controller) => this.fetchCompletion(prepared, controller, clock),
      signal,
      (f) => this.local.storeAnswer(key, f),
    );
    if (fetched.text === undefined || signal.aborted) return undefined;
    return this.serveNetwork(anchor, { text: fetched.text, replace: fetched.replace ?? 0 }, fetched.recordId);
  }

  /**
   * The debounce wait, with the request prepared (context, redaction, prompt) in its last stretch
   * rather than after it, so the request leaves as soon as the wait ends (see PreparationLead for when
   * it starts). Resolves undefined when superseded meanwhile.
   */
  private async prepareDuringWait(
    req: CompletionRequest,
    window: TextWindow,
    settings: CompletionSettings,
    clock: DispatchClock,
    callerSignal: AbortSignal,
  ): Promise<PreparedRequest | undefined> {
    const waiting = linkedController(callerSignal);
    this.waiting = waiting.controller;
    const signal = waiting.controller.signal;
    try {
      const waitMs = req.trigger === 'manual' ? 0 : this.debounce.delayMs();
      const deadline = clock.startWait(waitMs);
      if (!(await sleepUnlessAborted(deadline - this.prepLead.ms(waitMs) - this.now(), signal))) return undefined;
      const prepStart = this.now();
      const prepared = await prepareRequest(this.preparing, req.doc, req.cursor, window, settings, signal);
      const prepEnd = this.now();
      if (!prepared) return undefined; // superseded: a cut-short preparation says nothing of its length
      this.prepLead.note(prepEnd - prepStart);
      clock.prepared(prepStart, prepEnd);
      if (!(await sleepUnlessAborted(deadline - prepEnd, signal))) return undefined;
      clock.resume();
      return prepared;
    } finally {
      waiting.dispose();
      if (this.waiting === waiting.controller) this.waiting = undefined; // nothing left to cancel: spares the next call an abort
    }
  }

  private async fetchCompletion(prepared: PreparedRequest, controller: AbortController, clock: DispatchClock): Promise<Fetched> {
    try {
      const dispatched = this.deps.dispatch(prepared.request, controller.signal);
      this.stats.network++;
      const timing = clock.dispatched();
      this.stats.lastDispatchOverheadMs = timing.overheadMs;
      this.stats.lastDispatchWorkMs = timing.workMs;
      this.deps.onStreaming?.(true);
      const consumed = await consumeCompletion(dispatched.events, prepared.filter, {
        budgetMs: prepared.streamBudgetMs,
        now: this.now,
        abort: () => controller.abort(),
        onFirstToken: () => (this.stats.lastTtftMs = clock.sinceResumed()),
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

  /** A network answer: its ledger record is the router's; acceptance news goes to it. */
  private serveNetwork(anchor: Anchor, shown: Shown, recordId: string | undefined): Suggestion {
    const id = this.newId();
    this.acceptance.register(id, recordId ?? id, shown.text);
    this.local.shown(anchor, shown, id);
    return { id, ...shown, source: 'network' };
  }

  /** A suggestion Tandem answered itself: a free local record, and typed-through ones point at their parent. */
  private serveLocal(
    anchor: Anchor,
    shown: Shown,
    how: { source: LocalSource; language: string; clock: DispatchClock; parentId?: string },
  ): Suggestion {
    const id = this.newId();
    this.deps.ledger.record(
      localCompletionRecord({ id, ts: Date.now(), latencyMs: how.clock.elapsed(), language: how.language, source: how.source }),
    );
    this.acceptance.register(id, id, shown.text, how.parentId);
    if (how.source !== 'typed_through') this.local.shown(anchor, shown, id);
    return { id, ...shown, source: how.source };
  }

  private blocked(text: string): boolean {
    return this.deps.mustNotShow?.(text) ?? false;
  }

  dispose(): void {
    this.waiting?.abort();
    this.inflight.abort();
    this.local.clear();
  }
}
