import type { Usage } from '../providers/types';

/** List price of one model, US$ per million tokens. `cacheWrite` is the 5-minute write price. */
export interface Price {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export type PriceTable = Readonly<Record<string, Price>>;

/** Settings shape (`tandem.pricing`): per model, any fields to override or a full new model. */
export type PriceOverrides = Record<string, Partial<Price>>;

// Mistral bills cached prompt tokens (FIM included) at 10 % of the input price and nothing extra for writing (prompt caching docs).
const codestral: Price = { input: 0.3, output: 0.9, cacheWrite: 0.3, cacheRead: 0.03 };
const opus55: Price = { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 };
const sonnet55: Price = { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 };
// Haiku 5.5's list price holds for prompts up to 100k tokens; longer prompts need an override.
const haiku55: Price = { input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 };
const opus4x: Price = { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 };
const sonnet4x: Price = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
const haiku45: Price = { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 };

/** List prices from VENDOR-NOTES.md (checked 2026-11-22). Models without a published price are left out. */
export const DEFAULT_PRICES: PriceTable = {
  'codestral-latest': codestral,
  'codestral-2508': codestral,
  'claude-opus-5-5': opus55,
  'claude-sonnet-5-5': sonnet55,
  'claude-haiku-5-5': haiku55,
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
 * Price of `model`. A model the table does not know is priced at the dearest known price per field,
 * so budgets err on the side of stopping; add it under `tandem.pricing` to bill it exactly.
 */
export function priceOf(model: string, prices: PriceTable): Price {
  return Object.hasOwn(prices, model) ? prices[model]! : dearestPrice(prices);
}

export function isPriced(model: string, prices: PriceTable): boolean {
  return Object.hasOwn(prices, model);
}

/** Exact cost in US$ from the vendor's usage; `inputTokens` excludes cache reads and writes. */
export function costOf(model: string, usage: Usage, prices: PriceTable): number {
  const p = priceOf(model, prices);
  const micros =
    usage.inputTokens * p.input + usage.outputTokens * p.output + usage.cacheWriteTokens * p.cacheWrite + usage.cacheReadTokens * p.cacheRead;
  return micros / PER_MILLION;
}

/**
 * Worst-case cost for budgets: every input token priced at the dearer of a plain read and a cache
 * write (we cannot know beforehand what the cache will do), and the full output allowance.
 */
export function estimateCost(model: string, inputTokens: number, maxOutputTokens: number, prices: PriceTable): number {
  const p = priceOf(model, prices);
  return (inputTokens * Math.max(p.input, p.cacheWrite) + maxOutputTokens * p.output) / PER_MILLION;
}

function dearestPrice(prices: PriceTable): Price {
  const all = Object.values(prices);
  const max = (pick: (p: Price) => number): number => Math.max(0, ...all.map(pick));
  return { input: max((p) => p.input), output: max((p) => p.output), cacheWrite: max((p) => p.cacheWrite), cacheRead: max((p) => p.cacheRead) };
}

function validFields(patch: Partial<Price>): Partial<Price> {
  const out: Partial<Price> = {};
  for (const key of ['input', 'output', 'cacheWrite', 'cacheRead'] as const) {
    const v = patch[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}
