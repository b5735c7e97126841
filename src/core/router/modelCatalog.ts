import { minCacheableTokens } from '../providers/claudeCache';
import { thinkingSummary } from '../providers/claudeThinking';
import type { ProviderId } from '../providers/errors';
import { priceOf, type Price, type PriceTable } from './pricing';
import { DEFAULT_ROUTES, parseTarget, routeKey, type RouteSettings, type RouteTable } from './routes';

/** One model a task can be routed to, with what a user needs to choose it. */
export interface ModelChoice {
  /** `provider/model`, as `tandem.routes` takes it. */
  route: string;
  provider: ProviderId;
  model: string;
  price: Price;
  /** Facts beyond price (thinking, minimum cacheable prompt) where the catalog knows them. */
  notes: string[];
}

/** Completion is fill-in-the-middle (Codestral); explain and review are Claude chat tasks. */
const PROVIDER_OF_TASK: Record<string, ProviderId> = { completion: 'mistral', explain: 'anthropic', review: 'anthropic' };

export const ROUTED_TASKS = ['completion', 'explain', 'review'] as const;

/** Models of the task's provider in the price table, cheapest output first. */
export function modelChoices(task: string, prices: PriceTable, notesOf: (model: string) => string[] = () => []): ModelChoice[] {
  const provider = PROVIDER_OF_TASK[task] ?? 'anthropic';
  return Object.keys(prices)
    .filter((model) => providerOfModel(model) === provider)
    .map((model) => ({ route: `${provider}/${model}`, provider, model, price: priceOf(model, prices), notes: notesOf(model) }))
    .sort((a, b) => a.price.output - b.price.output || a.price.input - b.price.input || a.model.localeCompare(b.model));
}

/** "$0.30 in · $0.90 out · $0.03 cache read / M tokens" */
export function describePrice(p: Price): string {
  const usd = (n: number): string => `$${n < 0.1 ? n.toFixed(3).replace(/0$/, '') : n.toFixed(2)}`;
  return `${usd(p.input)} in · ${usd(p.output)} out · ${usd(p.cacheRead)} cache read / M tokens`;
}

/** The chain a task runs today: the user's setting where valid, else the default. */
export function currentChain(task: string, settings: RouteSettings, defaults: RouteTable = DEFAULT_ROUTES): string[] {
  const chosen = (settings[task] ?? []).filter((entry) => parseTarget(entry) !== undefined);
  return chosen.length > 0 ? chosen : (defaults[task] ?? []).map(routeKey);
}

/** `tandem.routes` with one task's chain replaced (primary first, then fallbacks, no duplicates). */
export function withChain(settings: RouteSettings, task: string, chain: string[]): RouteSettings {
  return { ...settings, [task]: [...new Set(chain)] };
}

function providerOfModel(model: string): ProviderId | undefined {
  if (model.startsWith('claude-')) return 'anthropic';
  if (model.startsWith('codestral') || model.startsWith('mistral') || model.startsWith('devstral')) return 'mistral';
  return undefined;
}

/** What the picker says about a model beyond its price: Claude's minimum cacheable prompt and thinking. */
export function modelNotes(model: string): string[] {
  if (providerOfModel(model) !== 'anthropic')
    return model.startsWith('codestral') ? ['prompt cache reads at 10 % of input (prompt_cache_key)'] : [];
  return [`caches prompts from ${minCacheableTokens(model).toLocaleString('en-US')} tokens`, thinkingSummary(model)];
}
