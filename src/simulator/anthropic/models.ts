/**
 * What the simulator knows about each Claude model. Minimum cacheable lengths: see docs/simulator.md
 * for which numbers come from Anthropic's documentation and which are choices.
 */
export interface ClaudeModel {
  /** Shortest prefix (tokens) a breakpoint may cache; shorter prefixes are silently not cached. */
  minCacheTokens: number;
  /** temperature/top_p/top_k accepted (only under older API versions; 2026-10-21 rejects them everywhere). */
  samplingParams: boolean;
  /** A conversation may end with an assistant turn (prefill). */
  prefill: boolean;
  /** tool_choice {type:'tool'|'any'} accepted. */
  forcedToolChoice: boolean;
}

const legacy = { samplingParams: true, prefill: true, forcedToolChoice: true };
const noSampling = { samplingParams: false, prefill: false, forcedToolChoice: true };
const thinkingAlways = { samplingParams: false, prefill: false, forcedToolChoice: false };

const MODELS: Record<string, ClaudeModel> = {
  'claude-sonnet-4-5': { minCacheTokens: 1024, ...legacy },
  'claude-sonnet-4-5-20250929': { minCacheTokens: 1024, ...legacy },
  'claude-haiku-4-5': { minCacheTokens: 4096, ...legacy },
  'claude-haiku-4-5-20251001': { minCacheTokens: 4096, ...legacy },
  'claude-opus-4-5': { minCacheTokens: 4096, ...legacy },
  'claude-opus-4-5-20251101': { minCacheTokens: 4096, ...legacy },
  'claude-sonnet-4-6': { minCacheTokens: 1024, ...legacy, prefill: false },
  'claude-opus-4-6': { minCacheTokens: 4096, ...legacy, prefill: false },
  'claude-opus-4-7': { minCacheTokens: 4096, ...noSampling },
  'claude-opus-4-8': { minCacheTokens: 1024, ...noSampling },
  'claude-mythos-preview': { minCacheTokens: 4096, ...noSampling },
  'claude-sonnet-5': { minCacheTokens: 1024, ...noSampling },
  'claude-opus-5': { minCacheTokens: 512, ...noSampling },
  'claude-fable-5': { minCacheTokens: 512, ...noSampling },
  'claude-mythos-5': { minCacheTokens: 512, ...noSampling },
  'claude-fable-5-1': { minCacheTokens: 512, ...thinkingAlways },
  'claude-mythos-5-1': { minCacheTokens: 512, ...thinkingAlways },
  'claude-fable-5-2': { minCacheTokens: 512, ...thinkingAlways },
  'claude-mythos-5-2': { minCacheTokens: 512, ...thinkingAlways },
  'claude-opus-5-5': { minCacheTokens: 512, ...thinkingAlways },
  'claude-sonnet-5-5': { minCacheTokens: 1024, ...thinkingAlways },
  'claude-haiku-5-5': { minCacheTokens: 2048, ...noSampling },
};

export function findClaudeModel(id: string): ClaudeModel | undefined {
  return Object.hasOwn(MODELS, id) ? MODELS[id] : undefined;
}

export function claudeModelIds(): string[] {
  return Object.keys(MODELS);
}

/** anthropic-version values the API accepts. */
export const KNOWN_API_VERSIONS = ['2023-01-01', '2023-06-01', '2026-10-21'] as const;
export const CURRENT_API_VERSION = '2026-10-21';
