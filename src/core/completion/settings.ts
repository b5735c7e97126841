import type { ContextSource } from './context/snippet';

export interface CompletionSettings {
  enabled: boolean;
  prefixTokens: number;
  suffixTokens: number;
  contextTokens: number;
  contextSources: ReadonlySet<ContextSource>;
  maxTokensSingle: number;
  maxTokensMulti: number;
  maxLines: number;
  debounceMinMs: number;
  debounceMaxMs: number;
  /** Time allowed from the first token to the end of the stream (not from the request). */
  streamBudgetMs: number;
  temperature: number;
}

export const DEFAULT_COMPLETION_SETTINGS: CompletionSettings = {
  enabled: true,
  prefixTokens: 2000,
  suffixTokens: 600,
  contextTokens: 1400,
  contextSources: new Set<ContextSource>(['definitions', 'imports', 'recentEdits', 'similarWindows']),
  maxTokensSingle: 64,
  maxTokensMulti: 256,
  maxLines: 16,
  debounceMinMs: 40,
  debounceMaxMs: 250,
  streamBudgetMs: 2500,
  temperature: 0.1,
};
