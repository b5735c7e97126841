/**
 * Settings that decide how much a request costs, and who may set them. A cloned repository's
 * workspace (or folder) settings may only lower the cost; the user's own settings keep the full
 * documented range. Every value is clamped to the bounds package.json documents.
 */
export interface CostBounds {
  minimum: number;
  maximum: number;
  /** Which way costs less: fewer tokens, or a longer debounce wait. */
  cheaper: 'lower' | 'higher';
}

/** Cost settings (without the `tandem.` section) and which way is cheaper; bounds come from package.json. */
export const COST_SETTINGS: Readonly<Record<string, CostBounds['cheaper']>> = {
  'completions.prefixTokens': 'lower',
  'completions.suffixTokens': 'lower',
  'completions.contextTokens': 'lower',
  'completions.maxTokensSingleLine': 'lower',
  'completions.maxTokensMultiLine': 'lower',
  'completions.debounceMinMs': 'higher',
  'completions.debounceMaxMs': 'higher',
  'completions.streamBudgetMs': 'lower',
  'explain.maxTokens': 'lower',
  'review.maxTokens': 'lower',
  'assist.contextTokens': 'lower',
};

export interface SettingLevels {
  defaultValue: number;
  user?: unknown;
  workspace?: unknown;
  folder?: unknown;
}

/** The value in force: the user's (or the default), replaced by a workspace/folder value only when that costs less. */
export function resolveCostSetting(levels: SettingLevels, bounds: CostBounds): number {
  const clamp = (n: number): number => Math.min(bounds.maximum, Math.max(bounds.minimum, n));
  const own = isNumber(levels.user) ? clamp(levels.user) : clamp(levels.defaultValue);
  let value = own;
  for (const candidate of [levels.workspace, levels.folder]) {
    if (!isNumber(candidate)) continue;
    const c = clamp(candidate);
    if (bounds.cheaper === 'lower' ? c < value : c > value) value = c;
  }
  return value;
}

/** The bounds of every cost setting, read from the manifest's `contributes.configuration`. */
export function costBoundsFrom(manifest: { contributes?: { configuration?: unknown } }, section = 'tandem'): Map<string, CostBounds> {
  const groups = Array.isArray(manifest.contributes?.configuration)
    ? (manifest.contributes.configuration as unknown[])
    : [manifest.contributes?.configuration];
  const out = new Map<string, CostBounds>();
  for (const group of groups) {
    const props = (group as { properties?: Record<string, { minimum?: unknown; maximum?: unknown }> } | undefined)?.properties ?? {};
    for (const [key, cheaper] of Object.entries(COST_SETTINGS)) {
      const p = props[`${section}.${key}`];
      if (p && isNumber(p.minimum) && isNumber(p.maximum)) out.set(key, { minimum: p.minimum, maximum: p.maximum, cheaper });
    }
  }
  return out;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
