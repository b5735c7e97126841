import Anthropic from '@anthropic-ai/sdk';
import { ProviderError, type ProviderErrorKind } from './errors';
import { CallDeadline, timeoutMessage, type StreamTimeouts, type TimedOut } from './deadline';
import { kindForStatus, retryAfterMs } from './httpStatus';
import type { Effort, ThinkingParams } from './claudeThinking';
import type { StreamEvent, Usage } from './types';

export interface ClaudeSystemBlock {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' };
}

export interface ClaudeRequest {
  model: string;
  system: ClaudeSystemBlock[];
  messages: Anthropic.MessageParam[];
  maxTokens: number;
  tools?: Anthropic.Tool[];
  /**
   * Passed through as given. Forced tool use (`{type:'tool'}` or `{type:'any'}`) is rejected with
   * 400 by claude-sonnet-5-5 and claude-opus-5-5 (and the simulator mirrors that): use `auto` there.
   */
  toolChoice?: Anthropic.ToolChoice;
  /** Sent as given; omitted = the model's default (5.x models think adaptively by default). */
  thinking?: ThinkingParams['thinking'];
  /** `output_config.effort`; omitted = the model's default effort. */
  effort?: Effort;
}

/**
 * StreamEvent plus tool use (raw input JSON as it streams, then the parsed input when the block ends)
 * and `thinking` when a thinking block starts: its text is omitted by default, so the stream is
 * otherwise silent while the model thinks.
 */
export type ClaudeEvent =
  | StreamEvent
  | { type: 'thinking' }
  /** A finished thinking block with its signature, to send back before a tool call it preceded. */
  | { type: 'thinking_block'; block: ThinkingReplay }
  | { type: 'tool_input'; json: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface ClaudeClient {
  /** Streams one Messages call; throws ProviderError. Aborting `signal` ends the HTTP stream. */
  stream(req: ClaudeRequest, signal: AbortSignal): AsyncIterable<ClaudeEvent>;
}

export interface ClaudeOptions {
  apiKey: string;
  /** https://api.anthropic.com or the simulator's URL (our spelling; the SDK's option is `baseURL`). */
  baseUrl: string;
  /** Defaults: CLAUDE_TIMEOUTS. */
  timeouts?: Partial<StreamTimeouts>;
}

/**
 * First token: 30 s. Claude's time to first token grows with the prompt: a few seconds for the
 * default 12k-token context, 10–20 s for the largest one allowed (tandem.assist.contextTokens up to
 * 150k) uncached or under load; 30 s leaves room for that, and with one fall-through to the next
 * route a stalled vendor surfaces within a minute. Whole request: 10 min, enough for the longest
 * answer one may ask for (16,000 tokens) at a slow stream.
 */
export const CLAUDE_TIMEOUTS: StreamTimeouts = { firstTokenMs: 30_000, totalMs: 600_000 };

/**
 * Claude over the official SDK with `maxRetries: 0`: the router owns the one retry loop. Sampling
 * parameters (temperature, top_p, top_k) are never sent — API version 2026-10-21 rejects them.
 */
export function createClaudeClient(opts: ClaudeOptions): ClaudeClient {
  const timeouts = { ...CLAUDE_TIMEOUTS, ...opts.timeouts };
  // openTelemetry off: a tracer provider registered by anyone in the process would get spans of every
  // request and a traceparent header would go to the vendor (on by default since SDK 1.x).
  // logLevel off: the SDK would print unparsable chunks — which may hold the user's code — to the console.
  // Its own timeout only covers the wait for headers; ours (CallDeadline) is the one that counts.
  const sdk = new Anthropic({
    apiKey: opts.apiKey,
    baseURL: opts.baseUrl,
    maxRetries: 0,
    timeout: timeouts.totalMs,
    logLevel: 'off',
    openTelemetry: false,
  });
  const host = hostOf(opts.baseUrl);
  return {
    async *stream(req, signal) {
      const deadline = new CallDeadline(signal, timeouts);
      let responded = false;
      try {
        const events = await sdk.messages.create(toParams(req), { signal: deadline.signal, timeout: timeouts.totalMs, maxRetries: 0 });
        responded = true;
        yield* deadline.watch(translate(events, deadline.signal));
      } catch (err) {
        throw toClaudeError(err, { signal, host, timedOut: deadline.timedOut, timeouts, responded });
      } finally {
        deadline.dispose();
      }
    },
  };
}

function toParams(req: ClaudeRequest): Anthropic.MessageCreateParamsStreaming {
  return {
    model: req.model,
    system: req.system,
    messages: req.messages,
    max_tokens: req.maxTokens,
    stream: true,
    ...(req.tools ? { tools: req.tools } : {}),
    ...(req.toolChoice ? { tool_choice: req.toolChoice } : {}),
    ...(req.thinking ? { thinking: req.thinking } : {}),
    ...(req.effort ? { output_config: { effort: req.effort } } : {}),
  };
}

/** A thinking block as the API wants it back in a later request (verbatim, signature included). */
export type ThinkingReplay = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

interface ToolBlock {
  id: string;
  name: string;
  json: string;
}

async function* translate(events: AsyncIterable<Anthropic.RawMessageStreamEvent>, signal: AbortSignal): AsyncGenerator<ClaudeEvent> {
  let usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let stopReason = 'end_turn';
  const tools = new Map<number, ToolBlock>();
  const thoughts = new Map<number, ThinkingReplay>();
  for await (const ev of events) {
    // Events already buffered keep arriving after an abort; the caller has moved on.
    if (signal.aborted) break;
    switch (ev.type) {
      case 'message_start':
        usage = mergeUsage(usage, ev.message.usage);
        yield { type: 'billed', usage: { ...usage } };
        break;
      case 'content_block_start':
        if (ev.content_block.type === 'thinking' || ev.content_block.type === 'redacted_thinking') yield { type: 'thinking' };
        if (ev.content_block.type === 'thinking')
          thoughts.set(ev.index, { type: 'thinking', thinking: ev.content_block.thinking, signature: ev.content_block.signature });
        if (ev.content_block.type === 'redacted_thinking')
          thoughts.set(ev.index, { type: 'redacted_thinking', data: ev.content_block.data });
        if (ev.content_block.type === 'tool_use') tools.set(ev.index, { id: ev.content_block.id, name: ev.content_block.name, json: '' });
        break;
      case 'content_block_delta':
        if (ev.delta.type === 'text_delta' && ev.delta.text) yield { type: 'text', text: ev.delta.text };
        if (ev.delta.type === 'thinking_delta' || ev.delta.type === 'signature_delta') addThought(thoughts.get(ev.index), ev.delta);
        if (ev.delta.type === 'input_json_delta') {
          const tool = tools.get(ev.index);
          if (tool) tool.json += ev.delta.partial_json;
          yield { type: 'tool_input', json: ev.delta.partial_json };
        }
        break;
      case 'content_block_stop': {
        const tool = tools.get(ev.index);
        if (tool) yield { type: 'tool_use', id: tool.id, name: tool.name, input: parseToolInput(tool) };
        const thought = thoughts.get(ev.index);
        if (thought) yield { type: 'thinking_block', block: thought };
        break;
      }
      case 'message_delta':
        stopReason = ev.delta.stop_reason ?? stopReason;
        usage = mergeUsage(usage, ev.usage);
        break;
      case 'message_stop':
        yield { type: 'done', usage, stopReason };
        return;
    }
  }
  if (signal.aborted) throw new ProviderError('cancelled', 'Cancelled', 'anthropic');
  // No message_stop: the connection ended early (the SDK ends quietly on some cuts).
  throw new ProviderError('network', 'Claude stream ended before message_stop', 'anthropic');
}

function addThought(thought: ThinkingReplay | undefined, delta: Anthropic.ThinkingDelta | Anthropic.SignatureDelta): void {
  if (thought?.type !== 'thinking') return;
  if (delta.type === 'thinking_delta') thought.thinking += delta.thinking;
  else thought.signature = delta.signature;
}

/**
 * message_start carries input and cache counts; message_delta carries cumulative totals (null =
 * unchanged). Thinking tokens and the 1-hour share of cache writes are kept when reported.
 */
function mergeUsage(prev: Usage, u: Partial<Anthropic.MessageDeltaUsage> | Anthropic.Usage): Usage {
  const oneHour = 'cache_creation' in u ? u.cache_creation?.ephemeral_1h_input_tokens : undefined;
  const thinking = u.output_tokens_details?.thinking_tokens;
  return {
    inputTokens: u.input_tokens ?? prev.inputTokens,
    outputTokens: u.output_tokens ?? prev.outputTokens,
    cacheWriteTokens: u.cache_creation_input_tokens ?? prev.cacheWriteTokens,
    cacheReadTokens: u.cache_read_input_tokens ?? prev.cacheReadTokens,
    ...positive('cacheWrite1hTokens', oneHour ?? prev.cacheWrite1hTokens),
    ...positive('thinkingTokens', thinking ?? prev.thinkingTokens),
  };
}

/** `{[key]: n}` when n is a positive count, else nothing (the usage keeps its plain shape). */
function positive<K extends 'cacheWrite1hTokens' | 'thinkingTokens'>(key: K, n: number | null | undefined): Partial<Record<K, number>> {
  return typeof n === 'number' && n > 0 ? ({ [key]: n } as Partial<Record<K, number>>) : {};
}

function parseToolInput(tool: ToolBlock): unknown {
  if (!tool.json) return {};
  try {
    return JSON.parse(tool.json) as unknown;
  } catch {
    throw new ProviderError('server', `Claude sent unparsable input for tool ${tool.name}`, 'anthropic');
  }
}

export interface ClaudeErrorContext {
  /** The caller's signal (its abort is a cancellation, not a failure). */
  signal: AbortSignal;
  host: string;
  timedOut: TimedOut | undefined;
  timeouts: StreamTimeouts;
  /** The response had started (status 200) when the failure happened. */
  responded: boolean;
}

/** Any failure of a Claude call as a ProviderError. */
export function toClaudeError(err: unknown, ctx: ClaudeErrorContext): ProviderError {
  const { signal, host } = ctx;
  if (signal.aborted || (!ctx.timedOut && err instanceof Anthropic.APIUserAbortError)) return cancelled(host);
  if (ctx.timedOut || err instanceof Anthropic.APIConnectionTimeoutError) return timeoutError(ctx);
  if (err instanceof ProviderError) return err.endpoint ? err : withEndpoint(err, host, ctx.responded);
  if (err instanceof Anthropic.APIConnectionError) return networkError(`Claude connection failed (${host}): ${err.message}`, ctx);
  if (err instanceof Anthropic.APIError) return fromApiError(err, host);
  const detail = err instanceof Error ? err.message : String(err);
  // A cut or malformed stream: the service side failed, so it is transient.
  return networkError(`Claude stream failed (${host}): ${detail}`, ctx);
}

function networkError(message: string, ctx: ClaudeErrorContext): ProviderError {
  return new ProviderError('network', message, 'anthropic', { endpoint: ctx.host, midStream: ctx.responded });
}

function timeoutError(ctx: ClaudeErrorContext): ProviderError {
  const message = timeoutMessage('Claude', ctx.timedOut, ctx.timeouts, ctx.host);
  return new ProviderError('timeout', message, 'anthropic', { endpoint: ctx.host, midStream: ctx.responded });
}

function fromApiError(err: InstanceType<typeof Anthropic.APIError>, host: string): ProviderError {
  // A mid-stream `event: error` has no status of its own, only the error type.
  const kind = err.status !== undefined ? kindForStatus(err.status) : kindForType(err.type);
  const message =
    kind === 'auth'
      ? `Anthropic key rejected by ${host} — run 'Tandem: Set Anthropic API Key'.`
      : `Claude ${err.status ?? err.type ?? 'error'} from ${host}: ${err.apiMessage ?? err.message}`;
  const retryAfter = err.status !== undefined && err.headers ? retryAfterMs(err.headers) : undefined;
  return new ProviderError(kind, message, 'anthropic', { status: err.status, retryAfterMs: retryAfter, endpoint: host });
}

function kindForType(type: string | null): ProviderErrorKind {
  const kinds: Record<string, ProviderErrorKind> = {
    overloaded_error: 'overloaded',
    rate_limit_error: 'rate_limit',
    api_error: 'server',
    timeout_error: 'timeout',
    authentication_error: 'auth',
    permission_error: 'auth',
    invalid_request_error: 'bad_request',
    not_found_error: 'not_found',
    request_too_large: 'too_large',
  };
  return (type && kinds[type]) || 'server';
}

function cancelled(host: string): ProviderError {
  return new ProviderError('cancelled', 'Cancelled', 'anthropic', { endpoint: host });
}

function withEndpoint(err: ProviderError, host: string, responded: boolean): ProviderError {
  return new ProviderError(err.kind, err.message, err.provider, {
    status: err.status,
    retryAfterMs: err.retryAfterMs,
    endpoint: host,
    midStream: err.midStream || (err.kind === 'network' && responded),
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
