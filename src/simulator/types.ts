import type { SimClock } from './clock';
import type { MistralLimits } from './mistral/rateLimit';
import type { VendorBillSnapshot } from './vendorBill';

export type ApiName = 'mistral' | 'anthropic';

export interface LatencyKnobs {
  /** Delay before the first content token (streaming) or before the whole answer (JSON). */
  ttftMs: number;
  /** Output pacing; 0 = as fast as possible. */
  tokensPerSec: number;
  /** Uniform random extra delay in [0, jitterMs] added to each request's time to first token. */
  jitterMs: number;
}

/** `refusal` (Anthropic only): the answer ends with `stop_reason: "refusal"` after `afterTokens` tokens (default 0). */
export type FaultKind = 'status' | 'cut' | 'malformed' | 'stall' | 'slow_first_token' | 'refusal';

export interface FaultSpec {
  api?: ApiName | 'any';
  kind: FaultKind;
  status?: number;
  /** Next N matching requests; default 1; Infinity = until cleared. */
  count?: number;
  retryAfterSec?: number;
  retryAfterMs?: number;
  /** Send no `retry-after` at all (a 429 otherwise gets `retry-after: 1`). */
  noRetryAfter?: boolean;
  /** For cut/malformed/refusal: how many content tokens are sent first (refusal: default 0). */
  afterTokens?: number;
  /** For slow_first_token: extra delay before the first token (default 2000 ms). */
  delayMs?: number;
}

export interface SimStats {
  requests: { mistral: number; anthropic: number };
  byStatus: Record<string, number>;
  openStreams: number;
  /** Additive to the contract: responses whose client went away before the answer was complete. */
  clientAborts: number;
}

export interface SimOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Accepted API keys; empty or absent = any non-empty key. */
  keys?: string[];
  /** Folder of source files the FIM model may continue from. */
  corpusDir?: string;
  clock?: SimClock;
  latency?: Partial<LatencyKnobs>;
  /** No request log on stdout (the log is off unless the CLI turns it on). */
  quiet?: boolean;
  /** Additive to the contract: request-body limit for 413 (default 32 MB, the Messages API limit). */
  maxBodyBytes?: number;
  /** Additive: every thinking Claude answer thinks this many tokens (per request: `x-sim-thinking-tokens`). */
  thinkingTokens?: number;
  /**
   * Mistral's two endpoints with their own key kinds: `${url}/codestral` stands for
   * codestral.mistral.ai and takes only `codestral` keys, `url` for api.mistral.ai and only `general`
   * keys (a key of the other kind gets the gateway's bare 401). Unset: both take `keys`.
   */
  keyKinds?: { codestral: string[]; general: string[] };
  /** Mistral's per-minute/monthly limits (default generous); a request over one gets 429 + retry-after. */
  mistralLimits?: Partial<MistralLimits>;
  /**
   * Token drift: per model-id prefix, how many times the shared estimate the model counts for its
   * input (`{ 'claude-': 2 }`; 0.8 … 4), capped at one token per UTF-8 byte. Default: the estimate.
   */
  tokenScale?: Record<string, number>;
}

export interface Simulator {
  /** http://127.0.0.1:PORT — Mistral `serverURL` and Anthropic `baseURL`. */
  url: string;
  close(): Promise<void>;
  clock: SimClock;
  setLatency(k: Partial<LatencyKnobs>): void;
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  stats(): SimStats;
  /** Sets Mistral's rate limits from now on (counts so far are kept). */
  setMistralLimits(limits: Partial<MistralLimits>): void;
  /** What the vendor billed so far, per key and model (aborted and cut streams included). */
  bill(): VendorBillSnapshot;
  setTokenScale(scale: Record<string, number>): void;
}
