import { strict as assert } from 'node:assert';
import { costOf, DEFAULT_PRICES, estimateCost, priceOf, resolvePrices } from '../../../src/core/router/pricing';
import { chainFor, DEFAULT_ROUTES, isCheaper, parseTarget, resolveRoutes } from '../../../src/core/router/routes';
import { usage } from './fakes';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('router/pricing', () => {
  it('prices Sonnet 5.5 usage with cache writes and reads at their own rates', () => {
    // 1,000 plain in × $2 + 2,000 written × $2.50 + 10,000 read × $0.20 + 500 out × $10, per million
    close(costOf('claude-sonnet-5-5', usage(1000, 500, 10_000, 2000), DEFAULT_PRICES), (2000 + 5000 + 2000 + 5000) / 1e6);
  });

  it('uses each model’s own read price (Haiku 5.5 reads at $0.01, not 0.1× input)', () => {
    close(costOf('claude-haiku-5-5', usage(0, 0, 1_000_000, 0), DEFAULT_PRICES), 0.01);
    close(costOf('codestral-latest', usage(1_000_000, 1_000_000), DEFAULT_PRICES), 0.3 + 0.9);
  });

  it('estimates the worst case: every input token at the dearer of input and cache write, full output', () => {
    close(estimateCost('claude-sonnet-5-5', 1000, 1000, DEFAULT_PRICES), (1000 * 2.5 + 1000 * 10) / 1e6);
  });

  it('applies partial overrides and prices unknown models at the dearest known rates', () => {
    const prices = resolvePrices({ 'claude-haiku-5-5': { output: 1 }, 'my-model': { input: 1 }, 'claude-sonnet-5-5': { input: -3 } });
    assert.deepEqual(prices['claude-haiku-5-5'], { input: 0.1, output: 1, cacheWrite: 0.125, cacheRead: 0.01 });
    assert.equal(prices['claude-sonnet-5-5']!.input, 2, 'a negative price is ignored');
    assert.equal(prices['my-model']!.input, 1);
    assert.equal(prices['my-model']!.output, 25);
    assert.equal(priceOf('claude-unknown', DEFAULT_PRICES).output, 25);
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
