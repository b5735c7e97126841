import { MistralCore } from '@mistralai/mistralai/core';
import { fimStream } from '@mistralai/mistralai/funcs/fimStream';
import { HTTPClient } from '@mistralai/mistralai/lib/http';
import type { Logger } from '@mistralai/mistralai/lib/logger';
import { PromptTokensDetails$inboundSchema, type CompletionEvent, type UsageInfo } from '@mistralai/mistralai/models/components';
import {
  HTTPClientError,
  MistralError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  SDKValidationError,
} from '@mistralai/mistralai/models/errors';
import { ProviderError } from './errors';
import { kindForStatus, retryAfterMs } from './httpStatus';
import type { StreamEvent, Usage } from './types';
import { CallDeadline, timeoutMessage, type StreamTimeouts, type TimedOut } from './deadline';

export interface FimRequest {
  model: string;
  prompt: string;
  suffix: string;
  maxTokens: number;
  stop: string[];
  temperature: number;
  /** Mistral's `prompt_cache_key`: requests that share it (and a prompt prefix) may read the cache. */
  promptCacheKey?: string;
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
  /**
   * The other official endpoint (see `otherMistralEndpoint`): when `baseUrl` rejects the key (401),
   * the same key is tried there once; if it is accepted, requests go there for this client's life.
   */
  alternateBaseUrl?: string;
  /** The key was accepted at `alternateBaseUrl` after `baseUrl` rejected it (called once). */
  onEndpointSwitched?(baseUrl: string): void;
  /** The headers of every answer (the `x-ratelimit-*` quota, `retry-after`), errors included. */
  onHeaders?(headers: Headers): void;
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
  const timeouts = { ...CODESTRAL_TIMEOUTS, ...opts.timeouts };
  const endpoint = { url: opts.baseUrl, alternate: opts.alternateBaseUrl };
  return {
    async *stream(req, signal) {
      try {
        yield* streamAt(opts, endpoint.url, req, signal, timeouts);
      } catch (err) {
        const alternate = endpoint.alternate;
        if (!(err instanceof ProviderError) || err.kind !== 'auth' || !alternate || signal.aborted) throw err;
        endpoint.alternate = undefined; // once: a key rejected at both is not tried twice per request
        const events = streamAt(opts, alternate, req, signal, timeouts);
        const first = await events.next().catch((second: unknown) => {
          throw second instanceof ProviderError && second.kind === 'auth' ? bothRejected(err, alternate) : second;
        });
        endpoint.url = alternate;
        opts.onEndpointSwitched?.(alternate);
        if (!first.done) yield first.value;
        yield* events;
      }
    },
  };
}

/** One FIM stream at `baseUrl`, failures as ProviderError. */
async function* streamAt(
  opts: CodestralOptions,
  baseUrl: string,
  req: FimRequest,
  signal: AbortSignal,
  timeouts: StreamTimeouts,
): AsyncGenerator<StreamEvent> {
  // A caller signal replaces the SDK's own timeout, so the deadline carries both.
  const deadline = new CallDeadline(signal, timeouts);
  const host = hostOf(baseUrl);
  let responded = false;
  try {
    // The SDK's standalone function over its core client: the bundle carries FIM only, not every endpoint.
    const result = await fimStream(
      sdkFor({ apiKey: opts.apiKey, baseUrl }, deadline.signal, opts.onHeaders),
      {
        model: req.model,
        prompt: req.prompt,
        suffix: req.suffix,
        maxTokens: req.maxTokens,
        stop: req.stop,
        temperature: req.temperature,
        ...(req.promptCacheKey ? { promptCacheKey: req.promptCacheKey } : {}),
      },
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
}

function bothRejected(first: ProviderError, alternate: string): ProviderError {
  const message = `Codestral key rejected by ${first.endpoint ?? 'the endpoint'} and by ${hostOf(alternate)} — check the key (run "Tandem: Set Codestral API Key").`;
  return new ProviderError('auth', message, 'mistral', { status: first.status, endpoint: first.endpoint });
}

const OFFICIAL_ENDPOINTS = ['https://codestral.mistral.ai', 'https://api.mistral.ai'] as const;

/**
 * The other official Mistral endpoint for a key rejected at `endpoint` — only when `endpoint` is one
 * of the two (codestral.mistral.ai takes Codestral keys, api.mistral.ai general keys). Any other host
 * (a proxy, the simulator, a look-alike) gets undefined: a key is never tried anywhere else.
 */
export function otherMistralEndpoint(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username || url.password || url.search || url.hash) return undefined;
  if (url.pathname !== '/' && url.pathname !== '') return undefined;
  const i = OFFICIAL_ENDPOINTS.indexOf(url.origin as (typeof OFFICIAL_ENDPOINTS)[number]);
  return i < 0 ? undefined : OFFICIAL_ENDPOINTS[1 - i];
}

/**
 * Runs the FIM request path once against a canned local answer (a `data:` URL: nothing leaves the
 * machine), so the first real completion does not pay for loading fetch and compiling the SDK's
 * schemas — 50–250 ms otherwise. Call once, off the keystroke path.
 */
export async function warmUpCodestral(): Promise<void> {
  const core = sdkWith({ apiKey: 'warm-up', baseUrl: 'https://codestral.mistral.ai' }, () => fetch(WARM_UP_ANSWER));
  const signal = new AbortController().signal;
  const result = await fimStream(
    core,
    { model: 'codestral-latest', prompt: 'def add(a, b):\n    return ', suffix: '\n', maxTokens: 8, stop: ['\n'], temperature: 0 },
    { signal, retries: { strategy: 'none' } },
  );
  if (!result.ok) throw result.error;
  for await (const event of fimEvents(result.value, signal)) void event;
}

/** One streamed chunk, its usage and the end marker, as Codestral sends them. */
const WARM_UP_ANSWER = `data:text/event-stream,${encodeURIComponent(
  'data: {"id":"warm-up","object":"chat.completion.chunk","created":0,"model":"codestral-latest","choices":[{"index":0,"delta":{"role":"assistant","content":"a + b"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}\n\ndata: [DONE]\n\n',
)}`;

/** The SDK's chunks as text events, then `done` with usage — unless `signal` aborted (the SDK may end quietly then). */
async function* fimEvents(events: AsyncIterable<CompletionEvent>, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  let usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let stopReason = 'stop';
  let first = true;
  for await (const event of events) {
    if (first) yield { type: 'billed' };
    first = false;
    const choice = event.data.choices[0];
    const text = choice?.delta.content;
    if (typeof text === 'string' && text) yield { type: 'text', text };
    if (choice?.finishReason) stopReason = choice.finishReason;
    if (event.data.usage) usage = usageOf(event.data.usage);
  }
  if (signal.aborted) throw signal.reason;
  yield { type: 'done', usage, stopReason };
}

/**
 * Mistral's usage as ours: `prompt_tokens` counts every prompt token, the cached ones included; the
 * cached part comes in `prompt_tokens_details.cached_tokens` (SDK type `PromptTokensDetails`; the FIM
 * chunk's `UsageInfo` keeps it as an extra, un-remapped field). `inputTokens` excludes cache reads.
 */
export function usageOf(u: UsageInfo): Usage {
  const prompt = u.promptTokens ?? 0;
  const cached = Math.min(prompt, cachedTokensOf(u));
  return { inputTokens: prompt - cached, outputTokens: u.completionTokens ?? 0, cacheReadTokens: cached, cacheWriteTokens: 0 };
}

function cachedTokensOf(u: UsageInfo): number {
  for (const field of ['prompt_tokens_details', 'prompt_token_details']) {
    const parsed = PromptTokensDetails$inboundSchema.safeParse(u[field]);
    if (parsed.success && parsed.data.cachedTokens > 0) return parsed.data.cachedTokens;
  }
  const legacy = u['num_cached_tokens'];
  return typeof legacy === 'number' && Number.isInteger(legacy) && legacy > 0 ? legacy : 0;
}

/**
 * An SDK client whose fetches carry our signal directly. The SDK builds a Request with the signal and
 * fetch copies it into another; the signal links between those copies are weak, so under garbage
 * collection pressure (a cold start) an abort could get lost and the stream run to its end. A client
 * is cheap to make, so each request gets its own.
 */
function sdkFor(
  opts: Pick<CodestralOptions, 'apiKey' | 'baseUrl'>,
  signal: AbortSignal,
  onHeaders?: (headers: Headers) => void,
): MistralCore {
  return sdkWith(opts, async (input, init) => {
    const response = await fetch(input, { ...init, signal });
    onHeaders?.(response.headers);
    return response;
  });
}

/**
 * Without a `debugLogger` the SDK logs every request (its Authorization header and the prompt) to
 * the console whenever `MISTRAL_DEBUG` is set in the environment, even to `false` (its schema
 * coerces any non-empty string to true): a logger that drops everything closes that side channel.
 */
const SILENT_LOGGER: Logger = { group: () => undefined, groupEnd: () => undefined, log: () => undefined };

/** The SDK's core client over `fetcher`, its own retries off (the router retries), its debug log silenced. */
function sdkWith(
  opts: Pick<CodestralOptions, 'apiKey' | 'baseUrl'>,
  fetcher: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>,
): MistralCore {
  return new MistralCore({
    apiKey: opts.apiKey,
    serverURL: opts.baseUrl,
    retryConfig: { strategy: 'none' },
    httpClient: new HTTPClient({ fetcher }),
    debugLogger: SILENT_LOGGER,
  });
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
  if (ctx.signal.aborted) return new ProviderError('cancelled', 'Superseded', 'mistral', { endpoint: ctx.host });
  if (ctx.timedOut || err instanceof RequestTimeoutError) return timeoutError(ctx);
  if (err instanceof MistralError) {
    const kind = kindForStatus(err.statusCode);
    const message = kind === 'auth' ? authMessage(ctx.host) : `Codestral ${err.statusCode} from ${ctx.host}: ${vendorMessage(err.body)}`;
    return new ProviderError(kind, message, 'mistral', {
      status: err.statusCode,
      retryAfterMs: retryAfterMs(err.headers),
      endpoint: ctx.host,
    });
  }
  if (err instanceof RequestAbortedError) return new ProviderError('cancelled', 'Superseded', 'mistral', { endpoint: ctx.host });
  if (isUnreadable(err))
    return new ProviderError('malformed', `malformed answer from Codestral (${ctx.host}): a chunk could not be read`, 'mistral', {
      endpoint: ctx.host,
      midStream: ctx.responded,
    });
  const detail = err instanceof HTTPClientError || err instanceof Error ? err.message : String(err);
  // Connection refused, DNS, a cut stream: the service side failed, so it is transient.
  const what = ctx.responded ? 'stream broke off' : 'connection failed';
  return new ProviderError('network', `Codestral ${what} (${ctx.host}): ${detail}`, 'mistral', {
    endpoint: ctx.host,
    midStream: ctx.responded,
  });
}

/** The SDK could not read what came back (a chunk's JSON cut short, a shape its schemas reject). */
function isUnreadable(err: unknown): boolean {
  return err instanceof SDKValidationError || err instanceof ResponseValidationError || (err instanceof Error && err.name === 'ZodError');
}

function timeoutError(ctx: ErrorContext): ProviderError {
  const message = timeoutMessage('Codestral', ctx.timedOut, ctx.timeouts, ctx.host);
  return new ProviderError('timeout', message, 'mistral', { endpoint: ctx.host, midStream: ctx.responded });
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
