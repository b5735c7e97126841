import { minCacheableTokens } from '../../core/providers/claudeCache';
import * as T from './thinking';

/**
 * What the simulator knows about each Claude model. Minimum cacheable lengths come from the one
 * table in src/core/providers/claudeCache.ts (sources in the README); thinking rules from
 * ./thinking.ts.
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
  thinking: T.ThinkingRules;
}

type Traits = Omit<ClaudeModel, 'minCacheTokens'>;
const legacy = { samplingParams: true, prefill: true, forcedToolChoice: true };
const noSampling = { samplingParams: false, prefill: false, forcedToolChoice: true };
const noForcedTool = { samplingParams: false, prefill: false, forcedToolChoice: false };

const TRAITS: Record<string, Traits> = {
  'claude-sonnet-4-5': { ...legacy, thinking: T.LEGACY_45 },
  'claude-haiku-4-5': { ...legacy, thinking: T.LEGACY_45 },
  'claude-opus-4-5': { ...legacy, thinking: T.LEGACY_45 },
  'claude-sonnet-4-6': { ...legacy, prefill: false, thinking: T.GEN_46 },
  'claude-opus-4-6': { ...legacy, prefill: false, thinking: T.GEN_46 },
  'claude-opus-4-7': { ...noSampling, thinking: T.ADAPTIVE_ONLY_HIGH },
  'claude-opus-4-8': { ...noSampling, thinking: T.OPUS_48 },
  'claude-mythos-preview': { ...noSampling, thinking: T.ADAPTIVE_ONLY_HIGH },
  'claude-sonnet-5': { ...noSampling, thinking: T.SONNET_5 },
  'claude-opus-5': { ...noSampling, thinking: T.OPUS_5 },
  'claude-fable-5': { ...noSampling, thinking: T.ADAPTIVE_ONLY_HIGH },
  'claude-mythos-5': { ...noSampling, thinking: T.ADAPTIVE_ONLY_HIGH },
  'claude-fable-5-1': { ...noForcedTool, thinking: T.ADAPTIVE_ONLY_HIGH },
  'claude-mythos-5-1': { ...noForcedTool, thinking: T.ADAPTIVE_ONLY_HIGH },
  'claude-fable-5-2': { ...noForcedTool, thinking: T.ADAPTIVE_ONLY_HIGH },
  'claude-mythos-5-2': { ...noForcedTool, thinking: T.ADAPTIVE_ONLY_HIGH },
  'claude-opus-5-5': { ...noForcedTool, thinking: T.OPUS_55 },
  'claude-sonnet-5-5': { ...noForcedTool, thinking: T.SONNET_55 },
  'claude-haiku-5-5': { ...noSampling, thinking: T.HAIKU_55 },
};

/** Dated ids the API also accepts, with the model they name. */
const DATED: Record<string, string> = {
  'claude-sonnet-4-5-20250929': 'claude-sonnet-4-5',
  'claude-haiku-4-5-20251001': 'claude-haiku-4-5',
  'claude-opus-4-5-20251101': 'claude-opus-4-5',
};

const MODELS: Record<string, ClaudeModel> = Object.fromEntries(
  [...Object.keys(TRAITS), ...Object.keys(DATED)].map((id) => {
    const base = DATED[id] ?? id;
    return [id, { minCacheTokens: minCacheableTokens(base), ...TRAITS[base]! }];
  }),
);

export function findClaudeModel(id: string): ClaudeModel | undefined {
  return Object.hasOwn(MODELS, id) ? MODELS[id] : undefined;
}

export function claudeModelIds(): string[] {
  return Object.keys(MODELS);
}

/** anthropic-version values the API accepts. */
export const KNOWN_API_VERSIONS = ['2023-01-01', '2023-06-01', '2026-10-21'] as const;
export const CURRENT_API_VERSION = '2026-10-21';
