import type { Usage } from '../providers/types';

/**
 * List price of one model, US$ per million tokens. `cacheWrite` is the 5-minute write price,
 * `cacheWrite1h` the 1-hour one (2× input when absent, Anthropic's rule).
 */
export interface Price {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  cacheWrite1h?: number;
  /** A long-prompt tier: when a request's whole prompt is over `aboveInputTokens`, every token of it is billed at `price`. */
  longPrompt?: { aboveInputTokens: number; price: TierPrice };
}

export type TierPrice = Omit<Price, 'longPrompt'>;

export type PriceTable = Readonly<Record<string, Price>>;

/** Settings shape (`tandem.pricing`): per model, any fields to override or a full new model. */
export type PriceOverrides = Record<string, Partial<TierPrice>>;

// Mistral bills cached prompt tokens (FIM included) at 10 % of the input price and nothing extra for writing (prompt caching docs).
const codestral: Price = { input: 0.3, output: 0.9, cacheWrite: 0.3, cacheRead: 0.03 };

// Anthropic list prices, checked 2026-12-02 (sources per row in the README, "Claude models: prices and limits").
const anthropic = (input: number, output: number, cacheRead: number): Price => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheWrite1h: input * 2,
  cacheRead,
});
const fable5 = anthropic(10, 50, 1);
const fable51 = anthropic(10, 50, 0.25);
const fable52 = anthropic(8, 40, 0.2);
const opus55 = anthropic(4, 20, 0.2);
const opus5 = anthropic(5, 25, 0.5);
// Sonnet 5.5 reads at $0.10 since 2026-10-07 (its migration guide; some copies of its overview still say $0.20).
const sonnet55 = anthropic(2, 10, 0.1);
const sonnet5 = anthropic(2, 10, 0.2);
/** Haiku 5.5: over 100k prompt tokens, every token of the request at $0.50 in / $2.50 out. */
export const HAIKU_55_LONG_PROMPT_TOKENS = 100_000;
const haiku55: Price = {
  ...anthropic(0.1, 0.5, 0.01),
  longPrompt: { aboveInputTokens: HAIKU_55_LONG_PROMPT_TOKENS, price: anthropic(0.5, 2.5, 0.05) },
};
const opus4x = anthropic(5, 25, 0.5);
const sonnet4x = anthropic(3, 15, 0.3);
const haiku45 = anthropic(1, 5, 0.1);

/** The dearest current model (Fable 5.1, $10/$50): a model the table does not know is priced at least this dear. */
export const UNKNOWN_MODEL_FLOOR: TierPrice = fable51;

/** List prices (Codestral: VENDOR-NOTES.md; Claude: checked 2026-12-02, README). */
export const DEFAULT_PRICES: PriceTable = {
  'codestral-latest': codestral,
  'codestral-2508': codestral,
  'claude-fable-5-2': fable52,
  'claude-mythos-5-2': fable52,
  'claude-fable-5-1': fable51,
  'claude-mythos-5-1': fable51,
  'claude-fable-5': fable5,
  'claude-mythos-5': fable5,
  'claude-opus-5-5': opus55,
  'claude-sonnet-5-5': sonnet55,
  'claude-haiku-5-5': haiku55,
  'claude-opus-5': opus5,
  'claude-sonnet-5': sonnet5,
  'claude-opus-4-8': opus4x,
  'claude-opus-4-7': opus4x,
  'claude-opus-4-6': opus4x,
  'claude-opus-4-5': opus4x,
  'claude-sonnet-4-6': sonnet4x,
  'claude-sonnet-4-5': sonnet4x,
  'claude-haiku-4-5': haiku45,
};

const PER_MILLION = 1_000_000;

/** The defaults with the user's overrides applied; a partial override of an unknown model fills gaps from the dearest price. */
export function resolvePrices(overrides: PriceOverrides = {}, base: PriceTable = DEFAULT_PRICES): PriceTable {
  const table: Record<string, Price> = { ...base };
  for (const [model, patch] of Object.entries(overrides)) {
    table[model] = { ...(table[model] ?? dearestPrice(base)), ...validFields(patch) };
  }
  return table;
}

/**
 * Price of `model`. A model the table does not know is priced at the dearest price per field (never
 * below Fable 5.1's), so budgets err on the side of stopping; add it under `tandem.pricing` to bill it exactly.
 */
export function priceOf(model: string, prices: PriceTable): Price {
  return Object.hasOwn(prices, model) ? prices[model]! : dearestPrice(prices);
}

export function isPriced(model: string, prices: PriceTable): boolean {
  return Object.hasOwn(prices, model);
}

/** The price that applies to a request whose whole prompt is `promptTokens` (long-prompt tier included). */
export function tierFor(price: Price, promptTokens: number): TierPrice {
  return price.longPrompt && promptTokens > price.longPrompt.aboveInputTokens ? price.longPrompt.price : price;
}

function oneHourWrite(p: TierPrice): number {
  return p.cacheWrite1h ?? p.input * 2;
}

/**
 * Exact cost in US$ from the vendor's usage; `inputTokens` excludes cache reads and writes, the whole
 * prompt (all three) picks the tier, and the 1-hour share of cache writes is priced apart.
 */
export function costOf(model: string, usage: Usage, prices: PriceTable): number {
  const prompt = usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
  const p = tierFor(priceOf(model, prices), prompt);
  const oneHour = Math.min(usage.cacheWrite1hTokens ?? 0, usage.cacheWriteTokens);
  const micros =
    usage.inputTokens * p.input +
    usage.outputTokens * p.output +
    (usage.cacheWriteTokens - oneHour) * p.cacheWrite +
    oneHour * oneHourWrite(p) +
    usage.cacheReadTokens * p.cacheRead;
  return micros / PER_MILLION;
}

/** What the prompt cache did for one request, as the assist footer shows it. */
export interface CacheEffect {
  costUsd: number;
  /** The same usage with every prompt token priced as plain input. */
  uncachedUsd: number;
  /** `uncachedUsd − costUsd`, or 0 when the cache saved nothing (writes cost more than plain input). */
  savedUsd: number;
  /** The whole prompt: plain input + cache reads + cache writes. */
  promptTokens: number;
  /** Share of the prompt read from the cache, in whole percent (0 for an empty prompt). */
  cachedPercent: number;
}

export function cacheEffect(model: string, usage: Usage, prices: PriceTable): CacheEffect {
  const promptTokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const costUsd = costOf(model, usage, prices);
  const uncachedUsd = costOf(model, { ...usage, inputTokens: promptTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }, prices);
  return {
    costUsd,
    uncachedUsd,
    savedUsd: Math.max(0, uncachedUsd - costUsd),
    promptTokens,
    cachedPercent: promptTokens > 0 ? Math.round((100 * usage.cacheReadTokens) / promptTokens) : 0,
  };
}

/**
 * Our estimator may count up to ~30 % fewer tokens than the 5.x tokenizer, so a budget estimate takes
 * the long-prompt price from 75 % of the vendor's threshold on: near the line it reserves the dearer tier.
 */
const ESTIMATE_TIER_MARGIN = 0.75;

/**
 * Worst-case cost for budgets: every input token priced at the dearer of a plain read and a cache
 * write (we cannot know beforehand what the cache will do), and the full output allowance, which for
 * a thinking model includes the thinking (billed as output, bounded by max_tokens).
 */
export function estimateCost(model: string, inputTokens: number, maxOutputTokens: number, prices: PriceTable): number {
  const price = priceOf(model, prices);
  const p = tierFor(price, price.longPrompt ? inputTokens / ESTIMATE_TIER_MARGIN : inputTokens);
  return (inputTokens * Math.max(p.input, p.cacheWrite) + maxOutputTokens * p.output) / PER_MILLION;
}

const FIELDS = ['input', 'output', 'cacheWrite', 'cacheRead', 'cacheWrite1h'] as const;

/** Per field, the dearest of every price in the table (long-prompt tiers included) and Fable 5.1's. */
function dearestPrice(prices: PriceTable): TierPrice {
  const all: TierPrice[] = [UNKNOWN_MODEL_FLOOR, ...Object.values(prices).flatMap((p) => (p.longPrompt ? [p, p.longPrompt.price] : [p]))];
  const max = (pick: (p: TierPrice) => number): number => Math.max(...all.map(pick));
  return {
    input: max((p) => p.input),
    output: max((p) => p.output),
    cacheWrite: max((p) => p.cacheWrite),
    cacheRead: max((p) => p.cacheRead),
    cacheWrite1h: max(oneHourWrite),
  };
}

function validFields(patch: Partial<TierPrice>): Partial<TierPrice> {
  const out: Partial<TierPrice> = {};
  for (const key of FIELDS) {
    const v = patch[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}
