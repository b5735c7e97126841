import type { Notice, NoticeAction, NoticeBoard } from './notices';
import { BudgetRefusedError, ProviderError, type ProviderId } from './providers/errors';

const KEY_ACTION: Record<ProviderId, NoticeAction> = { mistral: 'setCodestralKey', anthropic: 'setAnthropicKey' };
const LABEL: Record<ProviderId, string> = { mistral: 'Codestral', anthropic: 'Claude' };

/** A failure as the one message a user sees for it (shown once per key by the NoticeBoard), or none. */
export function noticeForError(err: unknown): { notice: Notice; transient: boolean } | undefined {
  if (err instanceof BudgetRefusedError) {
    return {
      notice: { key: `budget:${err.budget ?? 'spent'}`, message: err.message, severity: 'warning', actions: ['openSettings'] },
      transient: false,
    };
  }
  if (!(err instanceof ProviderError)) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      notice: { key: 'internal', message: `Tandem hit an unexpected error: ${message}`, severity: 'error', actions: ['openLog'] },
      transient: true,
    };
  }
  const p = err.provider;
  switch (err.kind) {
    case 'cancelled':
      return undefined;
    case 'auth':
      return {
        notice: { key: `auth:${p}`, message: err.message, severity: 'error', actions: [KEY_ACTION[p], 'openSettings'] },
        transient: false,
      };
    case 'not_found':
      return {
        notice: {
          key: `config:${p}`,
          message: `${LABEL[p]}: model or endpoint not found at ${err.endpoint ?? 'the endpoint'} — check the model and endpoint settings.`,
          severity: 'error',
          actions: ['openSettings'],
        },
        transient: false,
      };
    case 'bad_request':
    case 'too_large':
      return {
        notice: {
          key: `request:${p}`,
          message: `${LABEL[p]} refused the request (${err.status ?? err.kind}): ${err.message}`,
          severity: 'warning',
          actions: ['openLog'],
        },
        transient: true,
      };
    case 'rate_limit':
    case 'overloaded':
    case 'server':
    case 'timeout':
    case 'network':
    case 'malformed':
      return outage(p, `${LABEL[p]} is unavailable (${describe(err)}) — Tandem keeps trying and recovers by itself.`);
    case 'circuit_open':
      // The same outage as the failures that opened the circuit: one notice for both.
      return outage(p, `${LABEL[p]} paused after repeated failures — retrying in ${Math.ceil((err.retryAfterMs ?? 0) / 1000)} s.`);
  }
}

function outage(p: ProviderId, message: string): { notice: Notice; transient: boolean } {
  return { notice: { key: `outage:${p}`, message, severity: 'warning', actions: ['openLog'] }, transient: true };
}

function describe(err: ProviderError): string {
  const host = err.endpoint ?? 'the endpoint';
  if (err.kind === 'rate_limit') return `rate limited${err.retryAfterMs ? `, retry in ${Math.ceil(err.retryAfterMs / 1000)} s` : ''}`;
  if (err.kind === 'overloaded') return 'overloaded';
  if (err.kind === 'timeout') return `no answer from ${host}`;
  if (err.kind === 'malformed') return `malformed answer from ${LABEL[err.provider]} (${host})`;
  if (err.kind === 'network') return err.midStream ? `the connection to ${host} dropped mid-answer` : `cannot reach ${host}`;
  return `server error ${err.status ?? ''}`.trim();
}

/** Shows the one notice a failure deserves, if any; while it stands, the NoticeBoard swallows repeats. */
export function reportFailure(notices: NoticeBoard, err: unknown): void {
  const mapped = noticeForError(err);
  if (mapped) notices.raise(mapped.notice, { transient: mapped.transient });
}

/**
 * Problem areas a success of the same provider ends, so a new occurrence is shown again: an outage,
 * a rejected key, a missing model. Not `request:` (413/422 depend on the request; they quiet down
 * instead, or a big file and a small one in turn would raise a notice each time).
 */
const CLEARED_BY_SUCCESS = ['outage', 'auth', 'config'] as const;

/** A request to `provider` succeeded: its standing problems are over. */
export function clearProblems(notices: NoticeBoard, provider: ProviderId): void {
  for (const area of CLEARED_BY_SUCCESS) notices.clear(`${area}:${provider}`);
}
