/**
 * One OTLP/HTTP POST and what to do about its answer, per the OTLP specification's failure rules:
 * 2xx is accepted (a `partialSuccess` names rejected points), 429/502/503/504 and network errors or a
 * passed deadline are worth retrying (honouring `Retry-After`), any other status is permanent.
 */
import { deadlineController } from '../abort';
import type { ExportMetricsServiceRequest } from './otlpTypes';

export type Delivery =
  | { kind: 'accepted'; rejectedDataPoints: number; errorMessage: string }
  | { kind: 'retry'; reason: string; retryAfterMs: number | undefined }
  | { kind: 'permanent'; reason: string };

export interface PostOptions {
  url: string;
  headers: Record<string, string> | undefined;
  fetchImpl: typeof fetch;
  timeoutMs: number;
  /** Aborts the request (dispose). */
  signal: AbortSignal;
  now: () => number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

export async function postMetrics(body: ExportMetricsServiceRequest, opts: PostOptions): Promise<Delivery> {
  const deadline = deadlineController(opts.signal, opts.timeoutMs);
  try {
    const res = await opts.fetchImpl(opts.url, {
      method: 'POST',
      headers: { ...opts.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: deadline.signal,
    });
    const text = await res.text();
    if (res.ok) return { kind: 'accepted', ...partialSuccess(text) };
    const reason = `HTTP ${res.status}${statusMessage(text)}`;
    if (RETRYABLE.has(res.status)) return { kind: 'retry', reason, retryAfterMs: retryAfterMs(res.headers.get('retry-after'), opts.now()) };
    return { kind: 'permanent', reason };
  } catch (err) {
    return { kind: 'retry', reason: failureReason(err, opts.timeoutMs), retryAfterMs: undefined };
  } finally {
    deadline.dispose();
  }
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function partialSuccess(text: string): { rejectedDataPoints: number; errorMessage: string } {
  const parsed = parseJson(text) as { partialSuccess?: { rejectedDataPoints?: string | number; errorMessage?: string } } | undefined;
  const partial = parsed?.partialSuccess;
  return { rejectedDataPoints: Number(partial?.rejectedDataPoints ?? 0) || 0, errorMessage: String(partial?.errorMessage ?? '') };
}

/** The `message` of a google.rpc.Status body, shortened, for the log. */
function statusMessage(text: string): string {
  const message = (parseJson(text) as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? `: ${message.slice(0, 200)}` : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function failureReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  if (err instanceof Error && err.name === 'AbortError') return 'stopped';
  if (err instanceof Error) return err.cause instanceof Error ? err.cause.message : err.message;
  return String(err);
}
