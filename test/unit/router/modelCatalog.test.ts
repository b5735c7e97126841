import { strict as assert } from 'node:assert';
import { parseBudgetInput, budgetHint } from '../../../src/core/router/budgetInput';
import { currentChain, describePrice, modelChoices, modelNotes, withChain } from '../../../src/core/router/modelCatalog';
import { DEFAULT_PRICES, resolvePrices } from '../../../src/core/router/pricing';
import { resolveRoutes } from '../../../src/core/router/routes';

describe('model catalog for the model picker', () => {
  it('offers Codestral models for completion and Claude models for explain and review, with prices', () => {
    const completion = modelChoices('completion', DEFAULT_PRICES);
    assert.ok(completion.length > 0 && completion.every((c) => c.provider === 'mistral' && c.route.startsWith('mistral/')));
    const review = modelChoices('review', DEFAULT_PRICES);
    assert.ok(review.some((c) => c.model === 'claude-sonnet-5-5') && review.every((c) => c.provider === 'anthropic'));
    assert.ok(
      review.every((c, i) => i === 0 || review[i - 1]!.price.output <= c.price.output),
      'cheapest first',
    );
  });

  it('includes a model the user priced under tandem.prices', () => {
    const prices = resolvePrices({ 'claude-custom-1': { input: 1, output: 2, cacheWrite: 1, cacheRead: 0.1 } });
    assert.ok(modelChoices('explain', prices).some((c) => c.model === 'claude-custom-1'));
  });

  it("notes a Claude model's minimum cacheable prompt and whether it thinks", () => {
    assert.deepEqual(modelNotes('claude-haiku-5-5'), [
      'caches prompts from 512 tokens',
      'adaptive thinking, can be turned off at effort ≤ high',
    ]);
    assert.deepEqual(modelNotes('claude-opus-5-5'), ['caches prompts from 512 tokens', 'thinks always (adaptive)']);
    assert.match(modelNotes('claude-haiku-4-5').join(' '), /4,096 tokens.*no thinking/);
    assert.ok(modelChoices('review', DEFAULT_PRICES, modelNotes).every((c) => c.notes.length === 2));
  });

  it('describes a price per million tokens', () => {
    assert.equal(
      describePrice({ input: 0.3, output: 0.9, cacheWrite: 0.3, cacheRead: 0.03 }),
      '$0.30 in · $0.90 out · $0.03 cache read / M tokens',
    );
    assert.equal(
      describePrice({ input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 }),
      '$2.00 in · $10.00 out · $0.20 cache read / M tokens',
    );
  });

  it('writes a chain the router reads back as the task route, primary first, without duplicates', () => {
    const settings = withChain({ explain: ['anthropic/claude-sonnet-5-5'] }, 'review', [
      'anthropic/claude-haiku-5-5',
      'anthropic/claude-haiku-5-5',
      'anthropic/claude-sonnet-5-5',
    ]);
    assert.deepEqual(settings, {
      explain: ['anthropic/claude-sonnet-5-5'],
      review: ['anthropic/claude-haiku-5-5', 'anthropic/claude-sonnet-5-5'],
    });
    const routes = resolveRoutes(settings);
    assert.deepEqual(
      routes.table.review!.map((t) => t.model),
      ['claude-haiku-5-5', 'claude-sonnet-5-5'],
    );
    assert.deepEqual(currentChain('review', settings), ['anthropic/claude-haiku-5-5', 'anthropic/claude-sonnet-5-5']);
    assert.deepEqual(currentChain('completion', settings), ['mistral/codestral-latest']);
  });
});

describe('budget input', () => {
  it('reads dollars, $-prefixed amounts and empty for no cap; refuses anything else', () => {
    assert.deepEqual(parseBudgetInput(' $2.50 '), { ok: true, value: 2.5 });
    assert.deepEqual(parseBudgetInput(''), { ok: true, value: null });
    for (const bad of ['-1', 'abc', '1e3', '5$', '1.']) assert.equal(parseBudgetInput(bad).ok, false, bad);
  });

  it('shows the spend so far against the cap being typed', () => {
    assert.equal(budgetHint(5, 0.42, 'today'), 'Spent today: $0.420 of $5.00 (8 %), $4.58 left.');
    assert.match(budgetHint(0.4, 0.42, 'today'), /already at this cap/);
    assert.match(budgetHint(null, 0.42, 'today'), /No cap/);
  });
});
