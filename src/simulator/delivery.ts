import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerValue, numericHeader } from './http';
import type { FaultSpec, LatencyKnobs } from './types';

/** How one response is paced and which stream fault, if any, it acts out. */
export interface DeliveryPlan {
  ttftMs: number;
  gapMs: number;
  cutAfter?: number;
  malformedAfter?: number;
  /** A status fault with `afterTokens` on an Anthropic stream: `event: error` after that many tokens. */
  errorAfter?: { tokens: number; status: number };
}

export const DEFAULT_LATENCY: LatencyKnobs = { ttftMs: 0, tokensPerSec: 0, jitterMs: 0 };
const DEFAULT_SLOW_FIRST_TOKEN_MS = 2000;

/** Run-wide knobs, overridden per request by `x-sim-ttft-ms`, `x-sim-tokens-per-sec`, `x-sim-jitter-ms`. */
export function planDelivery(run: LatencyKnobs, req: IncomingMessage, fault: FaultSpec | undefined, totalTokens: number): DeliveryPlan {
  const ttft = numericHeader(req, 'x-sim-ttft-ms') ?? run.ttftMs;
  const tps = numericHeader(req, 'x-sim-tokens-per-sec') ?? run.tokensPerSec;
  const jitter = numericHeader(req, 'x-sim-jitter-ms') ?? run.jitterMs;
  const slow = fault?.kind === 'slow_first_token' ? (fault.delayMs ?? DEFAULT_SLOW_FIRST_TOKEN_MS) : 0;
  const plan: DeliveryPlan = { ttftMs: ttft + slow + Math.random() * jitter, gapMs: tps > 0 ? 1000 / tps : 0 };
  const after = Math.min(fault?.afterTokens ?? Math.floor(totalTokens / 2), totalTokens);
  if (fault?.kind === 'cut') plan.cutAfter = after;
  if (fault?.kind === 'malformed') plan.malformedAfter = after;
  if (fault?.kind === 'status' && fault.afterTokens !== undefined) plan.errorAfter = { tokens: after, status: fault.status ?? 529 };
  return plan;
}

export function wantsMalformedTool(req: IncomingMessage): boolean {
  return headerValue(req, 'x-sim-malformed-tool') === '1';
}

/** Resolves after `ms`, or at once when the client has gone. */
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** An AbortSignal that fires when the client closes the connection before the response finished. */
export function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

const cutByServer = new WeakSet<ServerResponse>();

/**
 * Drops the connection mid-answer (the `cut` fault), after the bytes already written have gone out,
 * without the end of the chunked body; not counted as a client abort.
 */
export function cutConnection(res: ServerResponse): void {
  cutByServer.add(res);
  const socket = res.socket;
  if (!socket) return void res.destroy();
  socket.end();
  setTimeout(() => socket.destroy(), 100).unref();
}

export function wasCutByServer(res: ServerResponse): boolean {
  return cutByServer.has(res);
}

export type StreamOutcome = 'done' | 'cut' | 'aborted' | 'errored';

export interface StreamHooks {
  emit: (piece: string, index: number) => void;
  writeMalformed: () => void;
  /** Writes an in-stream error event; the stream then ends. */
  writeError?: (status: number) => void;
}

/**
 * Paces `pieces` out through `hooks.emit` (ttft before the first, gap between the others), acting
 * out a cut (the connection drops), a malformed line or an in-stream error at the planned token.
 */
export async function paceTokens(
  pieces: string[],
  plan: DeliveryPlan,
  res: ServerResponse,
  signal: AbortSignal,
  hooks: StreamHooks,
): Promise<StreamOutcome> {
  await wait(plan.ttftMs, signal);
  for (let i = 0; i <= pieces.length; i++) {
    if (signal.aborted) return 'aborted';
    if (plan.cutAfter === i) {
      cutConnection(res);
      return 'cut';
    }
    if (plan.errorAfter?.tokens === i && hooks.writeError) {
      hooks.writeError(plan.errorAfter.status);
      res.end();
      return 'errored';
    }
    if (plan.malformedAfter === i) hooks.writeMalformed();
    if (i === pieces.length) break;
    if (i > 0) await wait(plan.gapMs, signal);
    if (signal.aborted) return 'aborted';
    hooks.emit(pieces[i]!, i);
  }
  return signal.aborted ? 'aborted' : 'done';
}
