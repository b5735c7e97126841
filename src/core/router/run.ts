import type { LedgerRecord, LedgerSink, Outcome, RouteDecision } from '../ledger/record';
import type { Log } from '../log';
import { ProviderError, type ProviderId } from '../providers/errors';
import { ZERO_USAGE, type RouteTarget, type StreamEvent, type Usage } from '../providers/types';
import { retryDelayMs, type RetryPolicy } from './backoff';
import type { Breakers, CircuitBreaker } from './breaker';
import type { Budgets, Reservation } from './budgets';
import { costOf, type PriceTable } from './pricing';
import { asProviderError, cancelledError, stopsProvider } from './providerFailure';
import { BudgetRefusedError } from '../providers/errors';
import { chainFor, routeKey, type RouteTable } from './routes';
import { decisionOf, selectRoute, type Selection } from './selection';

/** Any event stream the router can carry: it reads `text` (first token) and `done` (usage). */
export type RouterEvent = StreamEvent | { type: string };
export type Invoke<E extends RouterEvent = StreamEvent> = (target: RouteTarget, signal: AbortSignal) => AsyncIterable<E>;

export interface RoutedRequest {
  task: string;
  estimatedInputTokens: number;
  /**
   * A count of input tokens the vendor cannot exceed for this prompt (see tokenBound.ts); budgets
   * reserve on it. Absent: the estimate (which a vendor's tokenizer may exceed).
   */
  inputBoundTokens?: number;
  maxOutputTokens: number;
  /** Per model, when it differs (a thinking model gets room to think): reservations use this. */
  maxOutputTokensFor?: (model: string) => number;
  signal: AbortSignal;
  language?: string;
  /** Completions: the record starts with its completion fields, later patched with shown/accepted. */
  completion?: LedgerRecord['completion'];
  /**
   * Further routes a request may try after a timeout (default 1). A timeout is never retried on the
   * same route: it has already waited out the whole first-token timeout, and the route likely still
   * stalls. Completions pass 0: an answer that late is useless, the next keystroke asks again.
   */
  routesAfterTimeout?: number;
  /** Frequent requests (completions): their routine course (primary route, ok or cancelled) is logged at debug, not info. */
  routine?: boolean;
  /**
   * False: a 429 is not retried on the same route (completions: the next keystroke asks anyway, and
   * the caller pauses until retry-after instead). Default true.
   */
  retryRateLimits?: boolean;
}

export interface RunDeps {
  routes: RouteTable;
  prices: PriceTable;
  budgets: Budgets;
  breakers: Breakers;
  ledger: LedgerSink;
  log: Log;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  retry: RetryPolicy;
}

export interface RunOutput<E> {
  push(event: E): void;
  routeChosen(target: RouteTarget | undefined): void;
  /** The reader stopped on purpose after output (e.g. a completion's stop filter found the end). */
  readerStopped(): boolean;
}

type RouteOutcome = { usage: Usage } | { error: ProviderError };

/** One request to run: what was asked, how to call a route, its record id, and where its events go. */
export interface RunSpec<E extends RouterEvent> {
  req: RoutedRequest;
  invoke: Invoke<E>;
  /** The ledger record's id (known to the caller before the run starts). */
  id: string;
  /** The caller's signal linked with the reader's: either ends the run. */
  signal: AbortSignal;
  out: RunOutput<E>;
}

/** One routed request from first selection to its single ledger record. */
export class RoutedRun<E extends RouterEvent> {
  private readonly started: number;
  private readonly chain: readonly RouteTarget[];
  private readonly blocked = new Set<ProviderId>();
  private readonly reasons: string[] = [];
  private decision: RouteDecision = 'primary';
  private target: RouteTarget | undefined;
  private reservation: Reservation | undefined;
  private firstOutputAt: number | undefined;
  /** When the serving route's first thinking block started (thinking is not output: a failure then may still fall back). */
  private thinkingAt: number | undefined;
  /** Set once the vendor has started answering (it bills the prompt from then on). */
  private billed: { usage?: Usage } | undefined;
  private streamedTokens = 0;
  private timeouts = 0;
  /** The vendor ended the answer with `stop_reason: "refusal"`: recorded as outcome `refused`. */
  private refusedByModel = false;

  private readonly req: RoutedRequest;
  private readonly invoke: Invoke<E>;
  private readonly id: string;
  private readonly signal: AbortSignal;
  private readonly out: RunOutput<E>;

  constructor(
    private readonly deps: RunDeps,
    spec: RunSpec<E>,
  ) {
    ({ req: this.req, invoke: this.invoke, id: this.id, signal: this.signal, out: this.out } = spec);
    this.started = deps.now();
    this.chain = chainFor(deps.routes, spec.req.task);
  }

  /** Resolves when the request is over and recorded; rejects with what ended the stream. */
  async run(): Promise<void> {
    try {
      const usage = await this.walkChain();
      this.finish(this.refusedByModel ? 'refused' : 'ok', usage);
    } catch (err) {
      this.finishWithError(err);
      throw err;
    } finally {
      this.out.routeChosen(undefined);
    }
  }

  private async walkChain(): Promise<Usage> {
    let from = 0;
    let lastError: ProviderError | undefined;
    for (;;) {
      if (this.signal.aborted) throw cancelledError(this.chain[0]?.provider ?? 'anthropic');
      const selection = selectRoute(this.chain, from, { ...this.deps, ...this.req, id: this.id, blocked: this.blocked });
      this.note(...selection.skipped);
      if (selection.kind === 'none') throw lastError ?? this.allPausedError();
      if (selection.kind === 'refused') return this.refuse(selection);
      this.use(selection, lastError !== undefined);
      const outcome = await this.tryRoute(selection.target);
      if ('usage' in outcome) return outcome.usage;
      this.reservation?.release();
      this.reservation = undefined;
      lastError = outcome.error;
      this.note(`${outcome.error.kind} on ${routeKey(selection.target)}`);
      if (this.outOfTimeouts(outcome.error)) throw outcome.error;
      from = selection.position + 1;
    }
  }

  private refuse(selection: Extract<Selection, { kind: 'refused' }>): never {
    this.target = selection.target;
    this.decision = 'refused';
    this.note(`budget spent: ${selection.state.budget ?? 'unknown'}`);
    this.deps.log.info(`router: ${this.req.task} refused — ${selection.state.message ?? ''}`);
    throw new BudgetRefusedError(selection.state);
  }

  private use(selection: Extract<Selection, { kind: 'route' }>, afterFailure: boolean): void {
    this.target = selection.target;
    this.reservation = selection.reservation;
    this.decision = decisionOf(selection, afterFailure);
    if (selection.downgraded) this.note(selection.downgraded);
    this.logAt(this.decision === 'primary')(
      `router: ${this.req.task} → ${routeKey(selection.target)} (${this.decision}${selection.downgraded ? `, ${selection.downgraded}` : ''})`,
    );
  }

  /** Attempts on one route with retries; returns the error that sends the request down the chain. */
  private async tryRoute(target: RouteTarget): Promise<RouteOutcome> {
    const breaker = this.deps.breakers.for(target);
    const { maxAttempts } = this.deps.retry;
    let failed: ProviderError | undefined;
    for (let attempt = 1; ; attempt++) {
      // Opened by this request's own failure: report what failed (a 500, a timeout), not the pause.
      if (!breaker.tryAcquire()) return { error: failed ?? this.circuitOpenError(target) };
      const result = await this.attempt(target, breaker);
      if (!(result instanceof ProviderError)) return { usage: result };
      failed = result;
      if (stopsProvider(result)) this.blocked.add(target.provider);
      // A timeout is not retried here: see RoutedRequest.routesAfterTimeout.
      if (!result.transient || result.kind === 'timeout') return { error: result };
      if (result.kind === 'rate_limit' && this.req.retryRateLimits === false) return { error: result };
      const delay = attempt < maxAttempts ? retryDelayMs(attempt, result.retryAfterMs, this.deps.retry, this.deps.random) : undefined;
      if (delay === undefined) {
        if (attempt < maxAttempts) this.note(`retry-after ${result.retryAfterMs ?? 0} ms over the ${this.deps.retry.maxDelayMs} ms cap`);
        return { error: result };
      }
      this.deps.log.info(
        `router: retry ${routeKey(target)} in ${Math.round(delay)} ms after ${result.kind} (attempt ${attempt + 1}/${maxAttempts})`,
      );
      await this.pause(delay, target);
    }
  }

  /** One call. Resolves with usage or a failure worth handling; throws to end the whole request. */
  private async attempt(target: RouteTarget, breaker: CircuitBreaker): Promise<Usage | ProviderError> {
    try {
      let usage: Usage | undefined;
      this.thinkingAt = undefined;
      for await (const event of this.invoke(target, this.signal)) {
        this.out.routeChosen(target);
        if (isBilled(event)) {
          this.billed = event.usage ? { usage: event.usage } : {};
          continue;
        }
        if (isDone(event)) {
          usage = event.usage;
          this.refusedByModel = event.stopReason === 'refusal';
        } else if (event.type === 'thinking' || event.type === 'thinking_block') this.thinkingAt ??= this.deps.now();
        else this.onOutput(event);
        this.out.push(event);
      }
      if (this.signal.aborted) throw cancelledError(target.provider);
      if (!usage)
        throw new ProviderError('network', `${routeKey(target)}: stream ended before it was complete`, target.provider, {
          midStream: true,
        });
      breaker.onSuccess();
      return usage;
    } catch (err) {
      const failure = asProviderError(err, target, this.signal);
      // A 429 with retry-after is the vendor pacing us, not failing: it does not open the circuit.
      if (failure.transient && !(failure.kind === 'rate_limit' && failure.retryAfterMs !== undefined)) breaker.onFailure();
      else breaker.onNeutral();
      // After output has reached the user, switching models would splice two answers: end instead.
      // Once the vendor has billed the prompt, another attempt would be billed again under the one
      // reservation this request holds: end too (the next request reserves anew).
      if (failure.kind === 'cancelled' || this.firstOutputAt !== undefined || this.billed) throw failure;
      return failure;
    }
  }

  private onOutput(event: RouterEvent): void {
    this.firstOutputAt ??= this.deps.now();
    if (event.type === 'text' && 'text' in event && typeof event.text === 'string') this.streamedTokens += utf8Bytes(event.text);
  }

  private async pause(ms: number, target: RouteTarget): Promise<void> {
    try {
      await this.deps.sleep(ms, this.signal);
    } catch {
      throw cancelledError(target.provider);
    }
    if (this.signal.aborted) throw cancelledError(target.provider);
  }

  private finishWithError(err: unknown): void {
    if (err instanceof BudgetRefusedError) return this.finish('budget_refused', ZERO_USAGE);
    const kind = err instanceof ProviderError ? err.kind : undefined;
    const usage = this.usageOfUnfinished();
    // A reader that took what it needed and stopped is a success, not a cancellation.
    if (this.firstOutputAt !== undefined && this.out.readerStopped()) return this.finish('ok', usage);
    this.finish(kind === 'cancelled' || this.signal.aborted ? 'cancelled' : 'error', usage, kind);
  }

  private finish(outcome: Outcome, usage: Usage, errorKind?: LedgerRecord['errorKind']): void {
    const target = this.target ?? this.chain[0] ?? { provider: 'anthropic', model: 'none' };
    const costUsd = outcome === 'budget_refused' ? 0 : costOf(target.model, usage, this.deps.prices);
    const end = this.deps.now();
    const record: LedgerRecord = {
      id: this.id,
      ts: this.started,
      task: this.req.task,
      provider: target.provider,
      model: target.model,
      decision: this.decision,
      ...(this.reasons.length > 0 ? { reason: this.reasons.join('; ') } : {}),
      ...usage,
      costUsd,
      ...(this.firstOutputAt !== undefined ? { ttftMs: this.firstOutputAt - this.started } : {}),
      ...(this.thinkingAt !== undefined ? { thinkingMs: (this.firstOutputAt ?? end) - this.thinkingAt } : {}),
      latencyMs: end - this.started,
      outcome,
      ...(errorKind ? { errorKind } : {}),
      ...(this.req.language ? { language: this.req.language } : {}),
      ...(this.req.completion ? { completion: this.req.completion } : {}),
    };
    this.deps.ledger.record(record);
    this.reservation?.settle(costUsd);
    this.reservation = undefined;
    this.logAt(this.decision === 'primary' && (outcome === 'ok' || outcome === 'cancelled'))(
      `router: ${this.req.task} ${outcome} on ${routeKey(target)} (${this.decision}) $${costUsd.toFixed(6)}`,
    );
  }

  /**
   * What the vendor bills for a stream that did not complete. Nothing if it never answered (it had
   * not processed the prompt: $0, and the record says so). Otherwise the input as message_start
   * reported it, or — when the vendor reports usage only at the end (Mistral) — the prompt's bound,
   * and the output received counted at one token per byte, capped at max_tokens: both upper bounds,
   * so the ledger never records less than the vendor bills and the budget stays a promise.
   */
  private usageOfUnfinished(): Usage {
    if (!this.billed && this.firstOutputAt === undefined) {
      // Said in the record, not the log: cancelled completions are routine.
      if (this.target) this.reasons.push('$0: the vendor had not answered');
      return ZERO_USAGE;
    }
    const reported = this.billed?.usage;
    const input = reported ?? { ...ZERO_USAGE, inputTokens: this.req.inputBoundTokens ?? this.req.estimatedInputTokens };
    // Thinking is billed as output but its text is not streamed: how much was thought is unknown until
    // the final usage, so a stream cut after thinking settles output at its whole allowance.
    const allowance = this.target
      ? (this.req.maxOutputTokensFor?.(this.target.model) ?? this.req.maxOutputTokens)
      : this.req.maxOutputTokens;
    const thought = this.thinkingAt !== undefined;
    const outputTokens = thought ? allowance : Math.max(input.outputTokens, Math.min(this.streamedTokens, this.req.maxOutputTokens));
    this.reasons.push(
      reported
        ? 'usage: input from message_start, output as received (bound)'
        : "usage: input at the prompt's bound, output as received (bound): the stream did not complete",
    );
    if (thought) this.reasons.push('output at its max_tokens: the model thought, and how much is known only from the final usage');
    return { ...input, outputTokens };
  }

  /** Info, or debug for the routine course of a routine request. */
  private logAt(asPlanned: boolean): (message: string) => void {
    return this.req.routine && asPlanned ? (m) => this.deps.log.debug(m) : (m) => this.deps.log.info(m);
  }

  private note(...reasons: string[]): void {
    for (const reason of reasons) {
      this.reasons.push(reason);
      this.deps.log.info(`router: ${this.req.task}: ${reason}`);
    }
  }

  /** Whether this timeout ends the request: it has tried as many routes after timeouts as it may. */
  private outOfTimeouts(error: ProviderError): boolean {
    if (error.kind !== 'timeout') return false;
    this.timeouts++;
    return this.timeouts > (this.req.routesAfterTimeout ?? 1);
  }

  /** Refused here, not by the vendor: neither retried nor counted as a failure by the breaker. */
  private circuitOpenError(target: RouteTarget): ProviderError {
    const remainingMs = this.deps.breakers.for(target).remainingCoolDownMs();
    const message = `${routeKey(target)} is paused after repeated failures; trying again in ${Math.ceil(remainingMs / 1000)} s.`;
    return new ProviderError('circuit_open', message, target.provider, { retryAfterMs: remainingMs });
  }

  private allPausedError(): ProviderError {
    const first = this.chain[0];
    if (!first) return new ProviderError('not_found', `No route configured for ${this.req.task}.`, 'anthropic');
    return this.circuitOpenError(first);
  }
}

function isBilled(event: RouterEvent): event is Extract<StreamEvent, { type: 'billed' }> {
  return event.type === 'billed';
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function isDone(event: RouterEvent): event is Extract<StreamEvent, { type: 'done' }> {
  return event.type === 'done' && 'usage' in event;
}
