import { strict as assert } from 'node:assert';
import {
  cacheEffect,
  costOf,
  DEFAULT_PRICES,
  estimateCost,
  HAIKU_55_LONG_PROMPT_TOKENS,
  priceOf,
  resolvePrices,
  type PriceTable,
} from '../../../src/core/router/pricing';
import { chainFor, DEFAULT_ROUTES, isCheaper, parseTarget, resolveRoutes } from '../../../src/core/router/routes';
import { usage } from './fakes';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('router/pricing', () => {
  it('prices Sonnet 5.5 usage with cache writes and reads at their own rates (reads at $0.10 since 2026-10-07)', () => {
    // 1,000 plain in × $2 + 2,000 written × $2.50 + 10,000 read × $0.10 + 500 out × $10, per million
    close(costOf('claude-sonnet-5-5', usage(1000, 500, 10_000, 2000), DEFAULT_PRICES), (2000 + 5000 + 1000 + 5000) / 1e6);
  });

  it('prices 1-hour cache writes at 2× input, apart from 5-minute writes at 1.25×', () => {
    // Sonnet 5.5: 3,000 written, 1,000 of them for an hour → 2,000 × $2.50 + 1,000 × $4
    close(costOf('claude-sonnet-5-5', { ...usage(0, 0, 0, 3000), cacheWrite1hTokens: 1000 }, DEFAULT_PRICES), (5000 + 4000) / 1e6);
    for (const [model, p] of Object.entries(DEFAULT_PRICES)) {
      if (model.startsWith('claude-')) close(p.cacheWrite1h!, p.input * 2);
    }
    close(costOf('claude-haiku-4-5', { ...usage(0, 0, 0, 1_000_000), cacheWrite1hTokens: 1_000_000 }, DEFAULT_PRICES), 2);
  });

  it('Haiku 5.5 over 100k prompt tokens bills EVERY token of that request at the long-prompt price', () => {
    const at = (input: number, read: number, write: number, output: number): number =>
      costOf('claude-haiku-5-5', usage(input, output, read, write), DEFAULT_PRICES);
    // exactly 100k (input + cache reads + writes) stays on the base tier
    close(at(60_000, 30_000, 10_000, 1000), (60_000 * 0.1 + 30_000 * 0.01 + 10_000 * 0.125 + 1000 * 0.5) / 1e6);
    // one token more: all of it, output too, at $0.50 / $0.05 / $0.625 / $2.50
    close(at(60_001, 30_000, 10_000, 1000), (60_001 * 0.5 + 30_000 * 0.05 + 10_000 * 0.625 + 1000 * 2.5) / 1e6);
    assert.equal(HAIKU_55_LONG_PROMPT_TOKENS, 100_000);
  });

  it('budget estimates take the long-prompt tier with a margin for the tokenizer (from 75k estimated tokens)', () => {
    close(estimateCost('claude-haiku-5-5', 70_000, 1000, DEFAULT_PRICES), (70_000 * 0.125 + 1000 * 0.5) / 1e6);
    close(estimateCost('claude-haiku-5-5', 80_000, 1000, DEFAULT_PRICES), (80_000 * 0.625 + 1000 * 2.5) / 1e6);
  });

  it('lists the models the table lacked: Sonnet 5, Opus 5, Fable/Mythos 5, 5.1 and 5.2', () => {
    assert.deepEqual(
      [
        'claude-sonnet-5',
        'claude-opus-5',
        'claude-fable-5',
        'claude-mythos-5',
        'claude-fable-5-1',
        'claude-mythos-5-1',
        'claude-fable-5-2',
        'claude-mythos-5-2',
      ].map((m) => {
        const p = DEFAULT_PRICES[m]!;
        return [m, p.input, p.output, p.cacheRead];
      }),
      [
        ['claude-sonnet-5', 2, 10, 0.2],
        ['claude-opus-5', 5, 25, 0.5],
        ['claude-fable-5', 10, 50, 1],
        ['claude-mythos-5', 10, 50, 1],
        ['claude-fable-5-1', 10, 50, 0.25],
        ['claude-mythos-5-1', 10, 50, 0.25],
        ['claude-fable-5-2', 8, 40, 0.2],
        ['claude-mythos-5-2', 8, 40, 0.2],
      ],
    );
  });

  it('prices a model the table does not know at least as dear as Fable 5.1 ($10/$50), even from a table without it', () => {
    const unknown = priceOf('claude-next-6', DEFAULT_PRICES);
    assert.ok(unknown.input >= 10 && unknown.output >= 50 && unknown.cacheWrite >= 12.5 && unknown.cacheWrite1h! >= 20);
    const cheapTable: PriceTable = { 'claude-haiku-5-5': DEFAULT_PRICES['claude-haiku-5-5']! };
    const fromCheap = priceOf('claude-next-6', cheapTable);
    assert.ok(fromCheap.input >= 10 && fromCheap.output >= 50);
    for (const p of Object.values(DEFAULT_PRICES)) {
      assert.ok(
        estimateCost('claude-next-6', 5000, 2000, DEFAULT_PRICES) >= (5000 * Math.max(p.input, p.cacheWrite) + 2000 * p.output) / 1e6,
      );
    }
  });

  it('uses each model’s own read price (Haiku 5.5 reads at $0.01, not 0.1× input)', () => {
    close(costOf('claude-haiku-5-5', usage(0, 0, 100_000, 0), DEFAULT_PRICES), 0.001);
    close(costOf('codestral-latest', usage(1_000_000, 1_000_000), DEFAULT_PRICES), 0.3 + 0.9);
  });

  it('estimates the worst case: every input token at the dearer of input and cache write, full output', () => {
    close(estimateCost('claude-sonnet-5-5', 1000, 1000, DEFAULT_PRICES), (1000 * 2.5 + 1000 * 10) / 1e6);
  });

  it('applies partial overrides and prices unknown models at the dearest known rates', () => {
    const prices = resolvePrices({ 'claude-haiku-5-5': { output: 1 }, 'my-model': { input: 1 }, 'claude-sonnet-5-5': { input: -3 } });
    const { longPrompt, ...haiku } = prices['claude-haiku-5-5']!;
    assert.deepEqual(haiku, { input: 0.1, output: 1, cacheWrite: 0.125, cacheWrite1h: 0.2, cacheRead: 0.01 });
    assert.equal(longPrompt?.price.output, 2.5, 'the long-prompt tier keeps its own prices');
    assert.equal(prices['claude-sonnet-5-5']!.input, 2, 'a negative price is ignored');
    assert.equal(prices['my-model']!.input, 1);
    assert.equal(prices['my-model']!.output, 50);
    assert.equal(priceOf('claude-unknown', DEFAULT_PRICES).output, 50);
  });
});

describe('router/routes', () => {
  it('defaults: completion on codestral-latest, explain cheap-first, review Sonnet-first', () => {
    assert.deepEqual(chainFor(DEFAULT_ROUTES, 'completion'), [{ provider: 'mistral', model: 'codestral-latest' }]);
    const [explainFirst, explainSecond] = chainFor(DEFAULT_ROUTES, 'explain');
    assert.ok(isCheaper(explainFirst!, explainSecond!, { inputTokens: 2000, maxOutputTokens: 1000 }, DEFAULT_PRICES));
    assert.equal(chainFor(DEFAULT_ROUTES, 'review')[0]!.model, 'claude-sonnet-5-5');
  });

  it('unknown tasks use explain’s chain; settings replace a task’s chain and report bad entries', () => {
    assert.deepEqual(chainFor(DEFAULT_ROUTES, 'summarize'), DEFAULT_ROUTES['explain']);
    const { table, invalid } = resolveRoutes({ explain: ['anthropic/claude-opus-5-5', 'openai/gpt', 'nonsense'] });
    assert.deepEqual(table['explain'], [{ provider: 'anthropic', model: 'claude-opus-5-5' }]);
    assert.deepEqual(invalid, ['explain: openai/gpt', 'explain: nonsense']);
    assert.equal(parseTarget('mistral/codestral-2508')?.model, 'codestral-2508');
  });
});

describe('router/pricing: cache effect', () => {
  it('cacheEffect: cost, uncached cost, saving and share read from the cache, for the assist footer', () => {
    // Sonnet 5.5: 1,000 plain × $2 + 2,000 written × $2.50 + 10,000 read × $0.10 + 500 out × $10; uncached 13,000 in × $2
    const e = cacheEffect('claude-sonnet-5-5', usage(1000, 500, 10_000, 2000), DEFAULT_PRICES);
    close(e.costUsd, (2000 + 5000 + 1000 + 5000) / 1e6);
    close(e.uncachedUsd, (26_000 + 5000) / 1e6);
    close(e.savedUsd, (31_000 - 13_000) / 1e6);
    assert.equal(e.promptTokens, 13_000);
    assert.equal(e.cachedPercent, 77);
    const written = cacheEffect('claude-sonnet-5-5', usage(0, 100, 0, 4000), DEFAULT_PRICES);
    assert.equal(written.savedUsd, 0, 'a cache write costs more than plain input: nothing saved');
    assert.equal(written.cachedPercent, 0);
    assert.deepEqual(cacheEffect('claude-sonnet-5-5', usage(0, 0), DEFAULT_PRICES), {
      costUsd: 0,
      uncachedUsd: 0,
      savedUsd: 0,
      promptTokens: 0,
      cachedPercent: 0,
    });
  });
});
