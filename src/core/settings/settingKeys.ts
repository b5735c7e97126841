/**
 * Every `tandem.*` setting the extension reads, by group (the group is what a change event is fired
 * for). package.json's `contributes.configuration` holds each one's default, bounds, scope and
 * description — nothing here repeats them; a unit test keeps this list and the manifest equal.
 */
export const SETTING_GROUPS = {
  connections: ['mistral.endpoint', 'anthropic.endpoint', 'simulator.url'],
  routing: ['routes', 'prices'],
  completions: [
    'completions.enabled',
    'completions.prefixTokens',
    'completions.suffixTokens',
    'completions.contextTokens',
    'completions.context.definitions',
    'completions.context.imports',
    'completions.context.recentEdits',
    'completions.context.similarWindows',
    'completions.maxTokensSingleLine',
    'completions.maxTokensMultiLine',
    'completions.maxLines',
    'completions.debounceMinMs',
    'completions.debounceMaxMs',
    'completions.streamBudgetMs',
  ],
  exclusions: ['completions.exclude'],
  budget: ['budget.requestUsd', 'budget.dailyUsd', 'budget.monthlyUsd', 'budget.nearPercent', 'budget.perTask'],
  assist: [
    'assist.contextTokens',
    'explain.maxTokens',
    'explain.thinking',
    'explain.effort',
    'review.maxTokens',
    'review.thinking',
    'review.effort',
  ],
  ledger: ['ledger.retentionDays'],
  otlp: ['otlp.enabled', 'otlp.endpoint', 'otlp.intervalSeconds', 'otlp.developerId', 'otlp.team'],
} as const;

export type SettingGroup = keyof typeof SETTING_GROUPS;
export type SettingKey = (typeof SETTING_GROUPS)[SettingGroup][number];

export const SETTING_KEYS: readonly SettingKey[] = Object.values(SETTING_GROUPS).flat();

interface ManifestSetting {
  default?: unknown;
}

/** Each `tandem.*` setting's default, read from the manifest (package.json). */
export function manifestDefaults(manifest: { contributes?: { configuration?: unknown } }, section = 'tandem'): Map<string, unknown> {
  const groups = Array.isArray(manifest.contributes?.configuration) ? (manifest.contributes.configuration as unknown[]) : [];
  const out = new Map<string, unknown>();
  for (const group of groups) {
    const props = (group as { properties?: Record<string, ManifestSetting> }).properties ?? {};
    for (const [key, schema] of Object.entries(props))
      if (key.startsWith(`${section}.`)) out.set(key.slice(section.length + 1), schema.default);
  }
  return out;
}
