import type { ApiName, FaultKind, FaultSpec } from './types';

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

/** Faults waiting for the next matching requests, consumed in the order they were injected. */
export class FaultBoard {
  private armed: ArmedFault[] = [];

  inject(spec: FaultSpec): void {
    const count = spec.count ?? 1;
    if (count > 0) this.armed.push({ spec, remaining: count });
  }

  clear(): void {
    this.armed = [];
  }

  /**
   * Takes the first fault for `api` whose kind the endpoint can act out (a stream cut means nothing
   * to count_tokens), decrementing its count.
   */
  take(api: ApiName, supported: readonly FaultKind[]): FaultSpec | undefined {
    const i = this.armed.findIndex((a) => matchesApi(a.spec, api) && supported.includes(a.spec.kind));
    if (i < 0) return undefined;
    const armed = this.armed[i]!;
    armed.remaining--;
    if (armed.remaining <= 0) this.armed.splice(i, 1);
    return armed.spec;
  }

  pending(): FaultSpec[] {
    return this.armed.map((a) => ({ ...a.spec, count: a.remaining }));
  }
}

function matchesApi(spec: FaultSpec, api: ApiName): boolean {
  return spec.api === undefined || spec.api === 'any' || spec.api === api;
}

export const ALL_FAULTS: readonly FaultKind[] = ['status', 'cut', 'malformed', 'stall', 'slow_first_token'];
/** Faults of Anthropic's Messages endpoint: every general one plus a refusal. */
export const ANTHROPIC_MESSAGE_FAULTS: readonly FaultKind[] = [...ALL_FAULTS, 'refusal'];
export const NON_STREAM_FAULTS: readonly FaultKind[] = ['status', 'stall'];

/** Validates a fault received over HTTP or the CLI; returns an error message or the spec. */
export function parseFaultSpec(input: unknown): FaultSpec | string {
  if (typeof input !== 'object' || input === null) return 'fault must be an object';
  const f = input as Record<string, unknown>;
  const kinds: FaultKind[] = ['status', 'cut', 'malformed', 'stall', 'slow_first_token', 'refusal'];
  if (!kinds.includes(f['kind'] as FaultKind)) return `kind must be one of ${kinds.join(', ')}`;
  const api = f['api'] ?? 'any';
  if (api !== 'any' && api !== 'mistral' && api !== 'anthropic') return 'api must be mistral, anthropic or any';
  const spec: FaultSpec = { kind: f['kind'] as FaultKind, api };
  for (const key of ['status', 'count', 'retryAfterSec', 'retryAfterMs', 'afterTokens', 'delayMs'] as const) {
    const v = f[key];
    if (v === undefined) continue;
    const n = key === 'count' && (v === 'Infinity' || v === null) ? Infinity : Number(v);
    if (!(n >= 0)) return `${key} must be a non-negative number`;
    spec[key] = n;
  }
  if (f['noRetryAfter'] !== undefined) {
    if (typeof f['noRetryAfter'] !== 'boolean') return 'noRetryAfter must be true or false';
    spec.noRetryAfter = f['noRetryAfter'];
  }
  if (spec.kind === 'status' && (spec.status === undefined || spec.status < 400 || spec.status > 599)) {
    return 'a status fault needs status between 400 and 599';
  }
  return spec;
}
