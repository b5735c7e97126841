import type { ProviderId } from './errors';

export interface ConnectionInputs {
  /** The user's key (SecretStorage or environment), if any. */
  key: string | undefined;
  /** The endpoint setting (machine scope), e.g. https://codestral.mistral.ai. */
  endpoint: string;
  /** The offline demo's simulator URL (tandem.simulator.url), empty when unset. */
  simulatorUrl: string;
}

export type Connection =
  | { kind: 'live'; provider: ProviderId; apiKey: string; baseUrl: string }
  | { kind: 'simulator'; provider: ProviderId; apiKey: string; baseUrl: string }
  | { kind: 'missing-key'; provider: ProviderId };

/** Placeholder credential sent to the local simulator, which accepts any non-empty key by default. */
export const SIMULATOR_KEY = 'tandem-offline-demo';

/**
 * Where a provider's requests go. A real key always wins and goes to the configured endpoint, so
 * real keys with default endpoints talk to the real services; without a key, the offline demo's
 * simulator (when configured) stands in; otherwise the key is missing.
 */
export function resolveConnection(provider: ProviderId, inputs: ConnectionInputs): Connection {
  if (inputs.key) return { kind: 'live', provider, apiKey: inputs.key, baseUrl: stripSlash(inputs.endpoint) };
  if (inputs.simulatorUrl) {
    return { kind: 'simulator', provider, apiKey: SIMULATOR_KEY, baseUrl: stripSlash(inputs.simulatorUrl) };
  }
  return { kind: 'missing-key', provider };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
