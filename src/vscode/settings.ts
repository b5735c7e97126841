import type { ContextSource } from '../core/completion/context/snippet';
import { DEFAULT_COMPLETION_SETTINGS as D, type CompletionSettings } from '../core/completion/settings';
import type { BudgetLimits } from '../core/router/budgets';
import type { Config } from './config';

const SOURCES: readonly ContextSource[] = ['definitions', 'imports', 'recentEdits', 'similarWindows'];

/** `tandem.completions.*` as the completion core's settings. */
export function completionSettings(config: Config): CompletionSettings {
  const n = (key: string, fallback: number): number => finite(config.get<number>(`completions.${key}`, fallback), fallback);
  return {
    enabled: config.get('completions.enabled', true),
    prefixTokens: n('prefixTokens', D.prefixTokens),
    suffixTokens: n('suffixTokens', D.suffixTokens),
    contextTokens: n('contextTokens', D.contextTokens),
    contextSources: new Set(SOURCES.filter((s) => config.get(`completions.context.${s}`, true))),
    maxTokensSingle: n('maxTokensSingleLine', D.maxTokensSingle),
    maxTokensMulti: n('maxTokensMultiLine', D.maxTokensMulti),
    maxLines: n('maxLines', D.maxLines),
    debounceMinMs: n('debounceMinMs', D.debounceMinMs),
    debounceMaxMs: n('debounceMaxMs', D.debounceMaxMs),
    streamBudgetMs: n('streamBudgetMs', D.streamBudgetMs),
    temperature: D.temperature,
  };
}

/** `tandem.budget.*` (application scope: a workspace cannot raise your caps). */
export function budgetLimits(config: Config): BudgetLimits {
  return {
    requestUsd: config.get<number | null>('budget.requestUsd', 0.5),
    dailyUsd: config.get<number | null>('budget.dailyUsd', 5),
    monthlyUsd: config.get<number | null>('budget.monthlyUsd', 50),
    nearPercent: config.get<number>('budget.nearPercent', 80),
    perTask: config.get<BudgetLimits['perTask']>('budget.perTask', {}),
  };
}

function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
