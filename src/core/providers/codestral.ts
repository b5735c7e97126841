import { MistralCore } from '@mistralai/mistralai/core';
import { fimStream } from '@mistralai/mistralai/funcs/fimStream';
import { HTTPClient } from '@mistralai/mistralai/lib/http';
import type { Logger } from '@mistralai/mistralai/lib/logger';
import type { CompletionEvent } from '@mistralai/mistralai/models/components';
import { HTTPClientError, MistralError, RequestAbortedError, RequestTimeoutError } from '@mistralai/mistralai/models/errors';
import { ProviderError } from './errors';
import { kindForStatus, retryAfterMs } from './httpStatus';
import type { StreamEvent } from './types';
import { CallDeadline, timeoutMessage, type StreamTimeouts, type TimedOut } from './deadline';

export interface FimRequest {
  model: string;
  prompt: string;
  suffix: string;
  maxTokens: number;
  stop: string[];
  temperature: number;
}

export interface CodestralClient {
  /** Streams a fill-in-the-middle completion; throws ProviderError. Aborting `signal` ends the HTTP stream. */
  stream(req: FimRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
}

export interface CodestralOptions {
  apiKey: string;
  /** https://codestral.mistral.ai (Codestral key) or https://api.mistral.ai (general key) or the simulator. */
  baseUrl: string;
  /** Defaults: CODESTRAL_TIMEOUTS. */
  timeouts?: Partial<StreamTimeouts>;
}

/**
 * First token: 5 s. Codestral usually answers in well under a second; 5 s still serves a slow
 * first token (2 s, a fault row) with room to spare, while a stall ends before the user has typed
 * far past the spot — later than that, a completion is useless and the next keystroke asks again.
 * Whole request: 15 s, a backstop only (the engine's own stream budget, counted from the first
 * token, ends a completion much sooner).
 */
export const CODESTRAL_TIMEOUTS: StreamTimeouts = { firstTokenMs: 5_000, totalMs: 15_000 };

/**
 * Codestral over the official SDK. SDK retries stay off (`strategy: 'none'`): the router owns the one
 * retry loop, so retry-after is honoured once and retries never stack.
 */
export function createCodestralClient(opts: CodestralOptions): CodestralClient {
  const host = hostOf(opts.baseUrl);
  const timeouts = { ...CODESTRAL_TIMEOUTS, ...opts.timeouts };
  return {
    async *stream(req, signal) {
      // A caller signal replaces the SDK's own timeout, so the deadline carries both.
      const deadline = new CallDeadline(signal, timeouts);
      let responded = false;
      try {
        // The SDK's standalone function over its core client: the bundle carries FIM only, not every endpoint.
        const result = await fimStream(
          sdkFor(opts, deadline.signal),
          { model: req.model, prompt: req.prompt, suffix: req.suffix, maxTokens: req.maxTokens, stop: req.stop, temperature: req.temperature },
          { signal: deadline.signal, retries: { strategy: 'none' } },
        );
        if (!result.ok) throw result.error;
        responded = true;
        yield* deadline.watch(fimEvents(result.value, deadline.signal));
      } catch (err) {
        throw toProviderError(err, { signal, timedOut: deadline.timedOut, timeouts, host, responded });
      } finally {
        deadline.dispose();
      }
    },
  };
}

/**
 * Runs the FIM request path once against a canned local answer (a `data:` URL: nothing leaves the
 * machine), so the first real completion does not pay for loading fetch and compiling the SDK's
 * schemas — 50–250 ms otherwise. Call once, off the keystroke path.
 */
export async function warmUpCodestral(): Promise<void> {
  const core = sdkWith({ apiKey: 'warm-up', baseUrl: 'https://codestral.mistral.ai' }, () => fetch(WARM_UP_ANSWER));
  const signal = new AbortController().signal;
  const result = await fimStream(core, { model: 'codestral-latest', prompt: 'def add(a, b):\n    return ', suffix: '\n', maxTokens: 8, stop: ['\n'], temperature: 0 }, { signal, retries: { strategy: 'none' } });
  if (!result.ok) throw result.error;
  for await (const event of fimEvents(result.value, signal)) void event;
}

/** One streamed chunk, its usage and the end marker, as Codestral sends them. */
const WARM_UP_ANSWER = `data:text/event-stream,${encodeURIComponent(
  'data: {"id":"warm-up","object":"chat.completion.chunk","created":0,"model":"codestral-latest","choices":[{"index":0,"delta":{"role":"assistant","content":"a + b"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}\n\ndata: [DONE]\n\n',
)}`;

/** The SDK's chunks as text events, then `done` with usage — unless `signal` aborted (the SDK may end quietly then). */
async function* fimEvents(events: AsyncIterable<CompletionEvent>, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  let usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let stopReason = 'stop';
  for await (const event of events) {
    const choice = event.data.choices[0];
    const text = choice?.delta.content;
    if (typeof text === 'string' && text) yield { type: 'text', text };
    if (choice?.finishReason) stopReason = choice.finishReason;
    const u = event.data.usage;
    if (u) usage = { inputTokens: u.promptTokens ?? 0, outputTokens: u.completionTokens ?? 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  }
  if (signal.aborted) throw signal.reason;
  yield { type: 'done', usage, stopReason };
}

/**
 * An SDK client whose fetches carry our signal directly. The SDK builds a Request with the signal and
 * fetch copies it into another; the signal links between those copies are weak, so under garbage
 * collection pressure (a cold start) an abort could get lost and the stream run to its end. A client
 * is cheap to make, so each request gets its own.
 */
function sdkFor(opts: CodestralOptions, signal: AbortSignal): MistralCore {
  return sdkWith(opts, (input, init) => fetch(input, { ...init, signal }));
}

/**
 * Without a `debugLogger` the SDK logs every request (its Authorization header and the prompt) to
 * the console whenever `MISTRAL_DEBUG` is set in the environment, even to `false` (its schema
 * coerces any non-empty string to true): a logger that drops everything closes that side channel.
 */
const SILENT_LOGGER: Logger = { group: () => undefined, groupEnd: () => undefined, log: () => undefined };

/** The SDK's core client over `fetcher`, its own retries off (the router retries), its debug log silenced. */
function sdkWith(opts: Pick<CodestralOptions, 'apiKey' | 'baseUrl'>, fetcher: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>): MistralCore {
  return new MistralCore({ apiKey: opts.apiKey, serverURL: opts.baseUrl, retryConfig: { strategy: 'none' }, httpClient: new HTTPClient({ fetcher }), debugLogger: SILENT_LOGGER });
}

interface ErrorContext {
  signal: AbortSignal;
  timedOut: TimedOut | undefined;
  timeouts: StreamTimeouts;
  host: string;
  /** The response had started (status 200) when the failure happened. */
  responded: boolean;
}

export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  if (ctx.signal.aborted) return new ProviderError('cancelled', 'Superseded', 'mistral', undefined, undefined, ctx.host);
  if (ctx.timedOut || err instanceof RequestTimeoutError) return timeoutError(ctx);
  if (err instanceof MistralError) {
    const kind = kindForStatus(err.statusCode);
    const message = kind === 'auth' ? authMessage(ctx.host) : `Codestral ${err.statusCode} from ${ctx.host}: ${vendorMessage(err.body)}`;
    return new ProviderError(kind, message, 'mistral', err.statusCode, retryAfterMs(err.headers), ctx.host);
  }
  if (err instanceof RequestAbortedError) return new ProviderError('cancelled', 'Superseded', 'mistral', undefined, undefined, ctx.host);
  const detail = err instanceof HTTPClientError || err instanceof Error ? err.message : String(err);
  // Connection refused, DNS, a cut or malformed stream: the service side failed, so it is transient.
  const what = ctx.responded ? 'stream broke off' : 'connection failed';
  return new ProviderError('network', `Codestral ${what} (${ctx.host}): ${detail}`, 'mistral', undefined, undefined, ctx.host, ctx.responded);
}

function timeoutError(ctx: ErrorContext): ProviderError {
  const message = timeoutMessage('Codestral', ctx.timedOut, ctx.timeouts, ctx.host);
  return new ProviderError('timeout', message, 'mistral', undefined, undefined, ctx.host, ctx.responded);
}

/** The commonest Codestral complaint is a bare 401 when the key does not match the endpoint. */
function authMessage(host: string): string {
  const hint = host.startsWith('codestral.')
    ? 'codestral.mistral.ai needs a Codestral key; for a general La Plateforme key set tandem.mistral.endpoint to https://api.mistral.ai'
    : host === 'api.mistral.ai'
      ? 'api.mistral.ai needs a general La Plateforme key; for a Codestral key set tandem.mistral.endpoint to https://codestral.mistral.ai'
      : 'check the key for this endpoint';
  return `Codestral key rejected by ${host} — ${hint}.`;
}

function vendorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; detail?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
    if (parsed.detail !== undefined) return JSON.stringify(parsed.detail).slice(0, 200);
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 200);
}


export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
