import type { ProviderId } from '../providers/errors';
import type { RouteTarget } from '../providers/types';
import { estimateCost, type PriceTable } from './pricing';

/** Task → chain of targets, most preferred first. */
export type RouteTable = Readonly<Record<string, readonly RouteTarget[]>>;

/** Settings shape (`tandem.routes`): task → ["provider/model", …]. */
export type RouteSettings = Record<string, string[]>;

const FALLBACK_TASK = 'explain';

/**
 * Defaults: explain starts on the cheaper Haiku-class model and escalates to Sonnet on failure;
 * review prefers Sonnet's judgement and falls back to Haiku. Review callers must not force tool use
 * (`tool_choice` `tool` or `any`) — Sonnet 5.5 and Opus 5.5 reject it with 400; use `auto`.
 */
export const DEFAULT_ROUTES: RouteTable = {
  completion: [{ provider: 'mistral', model: 'codestral-latest' }],
  explain: [
    { provider: 'anthropic', model: 'claude-haiku-5-5' },
    { provider: 'anthropic', model: 'claude-sonnet-5-5' },
  ],
  review: [
    { provider: 'anthropic', model: 'claude-sonnet-5-5' },
    { provider: 'anthropic', model: 'claude-haiku-5-5' },
  ],
};

export interface ResolvedRoutes {
  table: RouteTable;
  /** Entries that could not be read, for a log warning. */
  invalid: string[];
}

/** The default table with tasks replaced by the user's chains; an entry that cannot be parsed is dropped. */
export function resolveRoutes(settings: RouteSettings = {}, base: RouteTable = DEFAULT_ROUTES): ResolvedRoutes {
  const table: Record<string, readonly RouteTarget[]> = { ...base };
  const invalid: string[] = [];
  for (const [task, entries] of Object.entries(settings)) {
    if (!Array.isArray(entries)) continue;
    const chain = entries.flatMap((entry) => {
      const target = parseTarget(entry);
      if (!target) invalid.push(`${task}: ${String(entry)}`);
      return target ? [target] : [];
    });
    if (chain.length > 0) table[task] = chain;
  }
  return { table, invalid };
}

/** The chain for `task`; unknown tasks use explain's chain. */
export function chainFor(table: RouteTable, task: string): readonly RouteTarget[] {
  return (Object.hasOwn(table, task) ? table[task] : undefined) ?? table[FALLBACK_TASK] ?? [];
}

/** "anthropic/claude-haiku-5-5" → target; anything else → undefined. */
export function parseTarget(entry: unknown): RouteTarget | undefined {
  if (typeof entry !== 'string') return undefined;
  const slash = entry.indexOf('/');
  const provider = entry.slice(0, slash).trim();
  const model = entry.slice(slash + 1).trim();
  if (slash < 0 || !model || !isProvider(provider)) return undefined;
  return { provider, model };
}

export function routeKey(target: RouteTarget): string {
  return `${target.provider}/${target.model}`;
}

/** Whether `candidate` is cheaper than `current` for a request of this size, by the pricing table. */
export function isCheaper(
  candidate: RouteTarget,
  current: RouteTarget,
  size: { inputTokens: number; maxOutputTokens: number },
  prices: PriceTable,
): boolean {
  const cost = (t: RouteTarget): number => estimateCost(t.model, size.inputTokens, size.maxOutputTokens, prices);
  return cost(candidate) < cost(current);
}

function isProvider(value: string): value is ProviderId {
  return value === 'mistral' || value === 'anthropic';
}
