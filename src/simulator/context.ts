import type { PromptCache } from './anthropic/promptCache';
import type { SimClock } from './clock';
import type { FaultBoard } from './faults';
import type { FimPromptCache } from './mistral/fimCache';
import type { MistralRateLimiter } from './mistral/rateLimit';
import type { CorpusFile } from './model/corpus';
import type { StatsRecorder } from './stats';
import type { VendorBill } from './vendorBill';
import type { FaultSpec, LatencyKnobs } from './types';

/** Everything a route handler needs, built once by `start()`. */
export interface SimContext {
  keys: ReadonlySet<string>;
  corpus: CorpusFile[];
  clock: SimClock;
  latency: LatencyKnobs;
  faults: FaultBoard;
  stats: StatsRecorder;
  cache: PromptCache;
  /** Mistral's prompt cache (FIM), per API key and `prompt_cache_key`. */
  fimCache: FimPromptCache;
  mistralLimits: MistralRateLimiter;
  /** When set, `/codestral/…` takes only Codestral keys and the root only general keys. */
  keyKinds?: { codestral: ReadonlySet<string>; general: ReadonlySet<string> };
  maxBodyBytes: number;
  /** Run-wide thinking length for Claude models that think (SimOptions.thinkingTokens). */
  thinkingTokens?: number;
  tokenScale: Record<string, number>;
  bill: VendorBill;
}

/**
 * Headers an injected status fault carries: `retry-after` (seconds) and, when asked, `retry-after-ms`;
 * none with `noRetryAfter`.
 */
export function retryHeaders(fault: FaultSpec): Record<string, string> {
  const { status = 500, retryAfterSec, retryAfterMs } = fault;
  const headers: Record<string, string> = {};
  if (fault.noRetryAfter) return headers;
  if (retryAfterMs !== undefined) headers['retry-after-ms'] = String(retryAfterMs);
  const seconds = retryAfterSec ?? (retryAfterMs !== undefined ? Math.ceil(retryAfterMs / 1000) : status === 429 ? 1 : undefined);
  if (seconds !== undefined) headers['retry-after'] = String(seconds);
  return headers;
}
