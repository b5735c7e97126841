/**
 * The faults tried and what each should do to the user. Fault values are product time (the router
 * reads `retry-after` as product time); delays the simulator acts out on the wall clock go through
 * `real()`.
 */
import type { Outcome } from '../../src/core/ledger/record';
import type { ProviderErrorKind } from '../../src/core/providers/errors';
import type { FaultSpec } from '../../src/simulator/server';

export type FaultTask = 'completion' | 'explain';

export interface FaultRow {
  name: string;
  task: FaultTask;
  /** Injected for the task's vendor, until cleared (unless the spec sets a count). */
  fault?: Omit<FaultSpec, 'api'>;
  /** tandem.mistral.endpoint while the fault holds (connection refused, DNS); read when the row runs. */
  endpoint?: () => string;
  /** Notices the user gets while the fault holds, whatever the number of keystrokes. */
  notices: 0 | 1;
  noticeKey?: string;
  /** What the notice must say (e.g. a cut stream is not "cannot reach"). */
  noticeSays?: RegExp;
  /** Outcome (and error kind) of the failed requests in the ledger; 'ok' when retries hide the fault. */
  outcome: Outcome;
  errorKind?: ProviderErrorKind;
  /** At most this many failed requests while the fault holds (a pause after a 429 sends no more). */
  maxFailures?: number;
  /** Longest a completion call that was not superseded may take, product ms (default 10 s). */
  maxCallMs?: number;
  /** Longest product time from clearing the fault to the next answer (default: no bound). */
  maxRecoveryMs?: number;
  /** A standing notice is cleared once requests succeed; false for a transient one that only quiets down. */
  clearedOnRecovery?: boolean;
  /** Why the expectation is what it is (printed in the table). */
  why: string;
}

const forever = { count: Infinity } as const;

export function faultRows(real: (productMs: number) => number, refusedUrl: () => string): FaultRow[] {
  return [
    {
      name: '401',
      task: 'completion',
      fault: { kind: 'status', status: 401, ...forever },
      notices: 1,
      noticeKey: 'auth:mistral',
      outcome: 'error',
      errorKind: 'auth',
      why: 'never retried; says which key',
    },
    {
      name: '403',
      task: 'completion',
      fault: { kind: 'status', status: 403, ...forever },
      notices: 1,
      noticeKey: 'auth:mistral',
      outcome: 'error',
      errorKind: 'auth',
      why: 'as 401',
    },
    {
      name: '404',
      task: 'completion',
      fault: { kind: 'status', status: 404, ...forever },
      notices: 1,
      noticeKey: 'config:mistral',
      outcome: 'error',
      errorKind: 'not_found',
      why: 'check model/endpoint',
    },
    {
      name: '413',
      task: 'completion',
      fault: { kind: 'status', status: 413, ...forever },
      notices: 1,
      noticeKey: 'request:mistral',
      outcome: 'error',
      errorKind: 'too_large',
      clearedOnRecovery: false,
      why: 'per request: quiet 5 min',
    },
    {
      name: '422',
      task: 'completion',
      fault: { kind: 'status', status: 422, ...forever },
      notices: 1,
      noticeKey: 'request:mistral',
      outcome: 'error',
      errorKind: 'bad_request',
      clearedOnRecovery: false,
      why: 'per request: quiet 5 min',
    },
    {
      name: '429 ×2, retry-after 0.5 s',
      task: 'completion',
      fault: { kind: 'status', status: 429, count: 2, retryAfterMs: 500 },
      notices: 1,
      noticeKey: 'outage:mistral',
      outcome: 'error',
      errorKind: 'rate_limit',
      why: 'not retried: paused 0.5 s, then asks again',
    },
    {
      name: '429, retry-after 2 s',
      task: 'completion',
      fault: { kind: 'status', status: 429, retryAfterSec: 2, ...forever },
      notices: 1,
      noticeKey: 'outage:mistral',
      outcome: 'error',
      errorKind: 'rate_limit',
      why: 'one request per 2 s pause, not 3 per keystroke',
    },
    {
      name: '429, retry-after 30 s',
      task: 'completion',
      fault: { kind: 'status', status: 429, retryAfterSec: 30, ...forever },
      notices: 1,
      noticeKey: 'outage:mistral',
      outcome: 'error',
      errorKind: 'rate_limit',
      maxFailures: 1,
      why: 'one request, then paused 30 s',
    },
    {
      name: '429, no retry-after',
      task: 'completion',
      fault: { kind: 'status', status: 429, noRetryAfter: true, ...forever },
      notices: 1,
      noticeKey: 'outage:mistral',
      outcome: 'error',
      errorKind: 'rate_limit',
      why: 'own backoff, then outage',
    },
    {
      name: '500',
      task: 'completion',
      fault: { kind: 'status', status: 500, ...forever },
      notices: 1,
      noticeKey: 'outage:mistral',
      outcome: 'error',
      errorKind: 'server',
      why: 'retried, then outage',
    },
    {
      name: '529',
      task: 'completion',
      fault: { kind: 'status', status: 529, ...forever },
      notices: 1,
      noticeKey: 'outage:mistral',
      outcome: 'error',
      errorKind: 'overloaded',
      why: 'retried, then outage',
    },
    {
      name: '529 ×2',
      task: 'completion',
      fault: { kind: 'status', status: 529, count: 2 },
      notices: 0,
      outcome: 'ok',
      why: 'router retries, user sees nothing',
    },
    {
      name: 'stalled connection',
      task: 'completion',
      fault: { kind: 'stall', ...forever },
      notices: 1,
      noticeKey: 'outage:mistral',
      noticeSays: /no answer from/,
      outcome: 'error',
      errorKind: 'timeout',
      maxCallMs: 6_000,
      why: '5 s first-token timeout, not retried',
    },
    {
      name: 'stream cut mid-way',
      task: 'completion',
      fault: { kind: 'cut', afterTokens: 1, ...forever },
      notices: 1,
      noticeKey: 'outage:mistral',
      noticeSays: /dropped mid-answer/,
      outcome: 'error',
      errorKind: 'network',
      why: 'text had streamed: no retry',
    },
    {
      name: 'malformed SSE line',
      task: 'completion',
      fault: { kind: 'malformed', afterTokens: 1, ...forever },
      notices: 1,
      noticeKey: 'outage:mistral',
      noticeSays: /malformed answer from Codestral/,
      outcome: 'error',
      errorKind: 'malformed',
      why: 'text had streamed: no retry',
    },
    {
      name: 'slow first token (2 s)',
      task: 'completion',
      fault: { kind: 'slow_first_token', delayMs: real(2_000), ...forever },
      notices: 0,
      outcome: 'ok',
      why: 'inside the 5 s first-token timeout',
    },
    {
      name: 'connection refused',
      task: 'completion',
      endpoint: refusedUrl,
      notices: 1,
      noticeKey: 'outage:mistral',
      noticeSays: /cannot reach/,
      outcome: 'error',
      errorKind: 'network',
      maxRecoveryMs: 5_000,
      why: 'retried, then outage; fixed endpoint closes the circuit',
    },
    {
      name: 'DNS (.invalid host)',
      task: 'completion',
      endpoint: () => 'http://tandem-nowhere.invalid',
      notices: 1,
      noticeKey: 'outage:mistral',
      noticeSays: /cannot reach/,
      outcome: 'error',
      errorKind: 'network',
      maxRecoveryMs: 5_000,
      why: 'retried, then outage; fixed endpoint closes the circuit',
    },
    {
      name: 'explain: 401',
      task: 'explain',
      fault: { kind: 'status', status: 401, ...forever },
      notices: 1,
      noticeKey: 'auth:anthropic',
      outcome: 'error',
      errorKind: 'auth',
      why: 'never retried; says which key',
    },
    {
      name: 'explain: 429',
      task: 'explain',
      fault: { kind: 'status', status: 429, ...forever },
      notices: 1,
      noticeKey: 'outage:anthropic',
      outcome: 'error',
      errorKind: 'rate_limit',
      why: 'retried, fallback, then outage',
    },
    {
      name: 'explain: 529',
      task: 'explain',
      fault: { kind: 'status', status: 529, ...forever },
      notices: 1,
      noticeKey: 'outage:anthropic',
      outcome: 'error',
      errorKind: 'overloaded',
      why: 'retried, fallback, then outage',
    },
    {
      name: 'explain: stream cut',
      task: 'explain',
      fault: { kind: 'cut', afterTokens: 3, ...forever },
      notices: 1,
      noticeKey: 'outage:anthropic',
      noticeSays: /dropped mid-answer/,
      outcome: 'error',
      errorKind: 'network',
      why: 'text had streamed: no retry',
    },
    {
      name: 'explain: stalled connection',
      task: 'explain',
      fault: { kind: 'stall', ...forever },
      notices: 1,
      noticeKey: 'outage:anthropic',
      noticeSays: /no answer from/,
      outcome: 'error',
      errorKind: 'timeout',
      maxCallMs: 61_000,
      why: '30 s first-token timeout, next route once',
    },
    {
      name: 'explain: refusal mid-stream',
      task: 'explain',
      fault: { kind: 'refusal', afterTokens: 3, ...forever },
      notices: 0,
      outcome: 'refused',
      why: 'the model declined: shown in the panel, no notice, no retry',
    },
  ];
}
