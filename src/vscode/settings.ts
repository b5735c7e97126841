import type { ContextSource } from '../core/completion/context/snippet';
import { DEFAULT_COMPLETION_SETTINGS, type CompletionSettings } from '../core/completion/settings';
import { thinkingChoice, DEFAULT_THINKING, type ThinkingChoice } from '../core/providers/claudeThinking';
import type { BudgetLimits } from '../core/router/budgets';
import type { Config } from './config';

/** Named getters over the settings groups (settingKeys.ts); defaults and bounds are applied by Config. */

const CONTEXT_SOURCES: ReadonlyArray<[ContextSource, Parameters<Config['get']>[0]]> = [
  ['definitions', 'completions.context.definitions'],
  ['imports', 'completions.context.imports'],
  ['recentEdits', 'completions.context.recentEdits'],
  ['similarWindows', 'completions.context.similarWindows'],
];

/** `tandem.completions.*` as the completion core's settings. */
export function completionSettings(config: Config): CompletionSettings {
  return {
    enabled: config.get<boolean>('completions.enabled'),
    prefixTokens: config.number('completions.prefixTokens'),
    suffixTokens: config.number('completions.suffixTokens'),
    contextTokens: config.number('completions.contextTokens'),
    contextSources: new Set(CONTEXT_SOURCES.filter(([, key]) => config.get<boolean>(key)).map(([source]) => source)),
    maxTokensSingle: config.number('completions.maxTokensSingleLine'),
    maxTokensMulti: config.number('completions.maxTokensMultiLine'),
    maxLines: config.number('completions.maxLines'),
    debounceMinMs: config.number('completions.debounceMinMs'),
    debounceMaxMs: config.number('completions.debounceMaxMs'),
    streamBudgetMs: config.number('completions.streamBudgetMs'),
    // Not a setting: the FIM sampling temperature Tandem always sends.
    temperature: DEFAULT_COMPLETION_SETTINGS.temperature,
  };
}

/** `tandem.budget.*` (application scope: a workspace cannot raise your caps). */
export function budgetLimits(config: Config): BudgetLimits {
  return {
    requestUsd: config.get<number | null>('budget.requestUsd'),
    dailyUsd: config.get<number | null>('budget.dailyUsd'),
    monthlyUsd: config.get<number | null>('budget.monthlyUsd'),
    nearPercent: config.number('budget.nearPercent'),
    perTask: config.get<BudgetLimits['perTask']>('budget.perTask'),
  };
}

export interface AssistSettings {
  contextTokens: number;
  maxTokens: number;
  thinking: ThinkingChoice;
}

/** `tandem.assist.*`, `tandem.explain.*` and `tandem.review.*` for one task. */
export function assistSettings(config: Config, task: 'explain' | 'review'): AssistSettings {
  const keys =
    task === 'explain'
      ? ({ maxTokens: 'explain.maxTokens', thinking: 'explain.thinking', effort: 'explain.effort' } as const)
      : ({ maxTokens: 'review.maxTokens', thinking: 'review.thinking', effort: 'review.effort' } as const);
  return {
    contextTokens: config.number('assist.contextTokens'),
    maxTokens: config.number(keys.maxTokens),
    thinking: thinkingChoice(config.get<string>(keys.thinking), config.get<string>(keys.effort), DEFAULT_THINKING[task]),
  };
}

export interface OtlpSettings {
  enabled: boolean;
  endpoint: string;
  intervalMs: number;
  developerId: string | undefined;
  team: string | undefined;
}

/** `tandem.otlp.*`. */
export function otlpSettings(config: Config): OtlpSettings {
  return {
    enabled: config.get<boolean>('otlp.enabled'),
    endpoint: config.get<string>('otlp.endpoint'),
    intervalMs: Math.max(5, config.number('otlp.intervalSeconds')) * 1000,
    developerId: config.get<string>('otlp.developerId') || undefined,
    team: config.get<string>('otlp.team') || undefined,
  };
}
