/**
 * Minimum cacheable prompt, in tokens, per Claude model: a breakpoint whose prefix is shorter is
 * silently not cached (no error; both cache counters stay 0). One table for the client's docs and
 * the simulator's prompt cache. Sources and dates: README, "Claude models: prices and limits".
 */
const MIN_CACHEABLE_TOKENS: Readonly<Record<string, number>> = {
  'claude-haiku-5-5': 512,
  'claude-sonnet-5-5': 512,
  'claude-opus-5-5': 512,
  'claude-fable-5-2': 512,
  'claude-mythos-5-2': 512,
  'claude-fable-5-1': 512,
  'claude-mythos-5-1': 512,
  'claude-fable-5': 512,
  'claude-mythos-5': 512,
  'claude-opus-5': 512,
  'claude-sonnet-5': 1024,
  'claude-opus-4-8': 1024,
  'claude-opus-4-7': 2048,
  'claude-mythos-preview': 4096,
  'claude-opus-4-6': 4096,
  'claude-sonnet-4-6': 1024,
  'claude-opus-4-5': 4096,
  'claude-sonnet-4-5': 1024,
  'claude-haiku-4-5': 4096,
};

/** The largest minimum in the table: for a model it does not know, assume caching may be skipped. */
const LARGEST_MINIMUM = Math.max(...Object.values(MIN_CACHEABLE_TOKENS));

/** Minimum cacheable prompt of `model`; a dated id (`claude-haiku-4-5-20251001`) uses its base model's. */
export function minCacheableTokens(model: string): number {
  const base = model.replace(/-\d{8}$/, '');
  return Object.hasOwn(MIN_CACHEABLE_TOKENS, base) ? MIN_CACHEABLE_TOKENS[base]! : LARGEST_MINIMUM;
}

export function cacheTableModels(): string[] {
  return Object.keys(MIN_CACHEABLE_TOKENS);
}
