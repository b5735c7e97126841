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

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly provider: ProviderId,
    readonly status?: number,
    /** Milliseconds to wait before asking again: the vendor's retry-after, or an open circuit's cool-down. */
    readonly retryAfterMs?: number,
    /** Host the request went to, so an auth message can name the endpoint. */
    readonly endpoint?: string,
    /** The answer had started (status 200 received) when it failed: a stream cut mid-answer, not an unreachable host. */
    readonly midStream = false,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Worth trying again or on another route: the service, not our request or key, failed. */
  get transient(): boolean {
    return ['rate_limit', 'overloaded', 'server', 'timeout', 'network', 'malformed'].includes(this.kind);
  }
}
