import { ProviderError, type ProviderId } from '../providers/errors';
import type { RouteTarget } from '../providers/types';

const KEY_COMMANDS: Record<ProviderId, { vendor: string; host: string; command: string }> = {
  anthropic: { vendor: 'Anthropic', host: 'api.anthropic.com', command: 'Tandem: Set Anthropic API Key' },
  mistral: { vendor: 'Codestral', host: 'codestral.mistral.ai', command: 'Tandem: Set Codestral API Key' },
};

/** Anything an invoke threw, as a ProviderError; auth errors always say which key to fix. */
export function asProviderError(err: unknown, target: RouteTarget, signal: AbortSignal): ProviderError {
  if (signal.aborted) return cancelledError(target.provider);
  if (!(err instanceof ProviderError)) {
    const detail = err instanceof Error ? err.message : String(err);
    return new ProviderError('network', `${target.provider}/${target.model} failed: ${detail}`, target.provider);
  }
  if (err.kind === 'auth' && !/\bkey\b/i.test(err.message)) {
    const k = KEY_COMMANDS[err.provider];
    const message = `${k.vendor} key rejected by ${err.endpoint ?? k.host} — run '${k.command}'.`;
    return new ProviderError('auth', message, err.provider, { status: err.status, retryAfterMs: err.retryAfterMs, endpoint: err.endpoint });
  }
  return err;
}

export function cancelledError(provider: ProviderId): ProviderError {
  return new ProviderError('cancelled', 'Cancelled', provider);
}

/** Our key or our request was rejected: no other model of the same provider will take it either. */
export function stopsProvider(err: ProviderError): boolean {
  return err.kind === 'auth' || err.kind === 'bad_request';
}
