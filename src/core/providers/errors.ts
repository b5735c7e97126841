/** Provider-neutral failure, mapped from each SDK's errors so routing and UI never see SDK types. */
export type ProviderErrorKind =
  | 'auth' // 401/403: wrong or missing key — never retried
  | 'bad_request' // 400/422: our request is wrong — never retried
  | 'not_found' // 404: model or endpoint does not exist
  | 'too_large' // 413
  | 'rate_limit' // 429
  | 'overloaded' // 529
  | 'server' // 5xx
  | 'timeout' // no first token, or no end, within the time allowed
  | 'network' // DNS, refused connection, reset, stream cut
  | 'malformed' // the answer came but could not be read (a chunk's JSON cut short)
  | 'circuit_open' // refused by us, not the vendor: the route is paused after repeated failures
  | 'cancelled'; // aborted by the caller (a superseded request)

export type ProviderId = 'mistral' | 'anthropic';

/** What is known about a failure beyond its kind: what the user or the retry logic can act on. */
export interface ProviderErrorDetails {
  status?: number;
  /** Milliseconds to wait before asking again: the vendor's retry-after, or an open circuit's cool-down. */
  retryAfterMs?: number;
  /** Host the request went to, so an auth message can name the endpoint. */
  endpoint?: string;
  /** The answer had started (status 200 received) when it failed: a stream cut mid-answer, not an unreachable host. */
  midStream?: boolean;
}

export class ProviderError extends Error {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly endpoint: string | undefined;
  readonly midStream: boolean;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly provider: ProviderId,
    details: ProviderErrorDetails = {},
  ) {
    super(message);
    this.name = 'ProviderError';
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.endpoint = details.endpoint;
    this.midStream = details.midStream ?? false;
  }

  /** Worth trying again or on another route: the service, not our request or key, failed. */
  get transient(): boolean {
    return ['rate_limit', 'overloaded', 'server', 'timeout', 'network', 'malformed'].includes(this.kind);
  }
}

/** Which budget said no, and the sentence for the user (the router's BudgetState fits). */
export interface BudgetVerdict {
  budget?: string;
  message?: string;
}

/** The router would not start a request because a budget forbids it; `message` is for the user. */
export class BudgetRefusedError extends Error {
  readonly budget: string | undefined;

  constructor(readonly state: BudgetVerdict) {
    super(state.message ?? 'Budget spent.');
    this.name = 'BudgetRefusedError';
    this.budget = state.budget;
  }
}
