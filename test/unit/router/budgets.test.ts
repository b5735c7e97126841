import { strict as assert } from 'node:assert';
import { Budgets, type BudgetLimits } from '../../../src/core/router/budgets';
import { FakeLedger } from './fakes';

describe('router/budgets', () => {
  const noon = new Date(2026, 10, 22, 12, 0).getTime();
  let now = noon;
  let ledger: FakeLedger;
  const budgets = (limits: BudgetLimits): Budgets => new Budgets({ spend: ledger, limits, now: () => now });
  beforeEach(() => {
    now = noon;
    ledger = new FakeLedger();
  });

  it('is ok below the near threshold, near from it, spent at the cap, with a message naming the setting', () => {
    const b = budgets({ dailyUsd: 5, nearPercent: 80 });
    ledger.seed(3.9, noon - 1000);
    assert.equal(b.state().level, 'ok');
    ledger.seed(0.3, noon - 1000);
    assert.deepEqual(b.state(), { level: 'near', budget: 'daily', message: 'Daily budget 84% used ($4.20 of $5.00).' });
    ledger.seed(0.82, noon - 1000);
    assert.deepEqual(b.state(), {
      level: 'spent',
      budget: 'daily',
      message: 'Daily budget of $5.00 spent ($5.02). Raise tandem.budget.dailyUsd or wait until tomorrow.',
    });
  });

  it('refuses a request whose worst case would cross a cap, and one over the per-request ceiling', () => {
    const b = budgets({ dailyUsd: 5, requestUsd: 0.5 });
    ledger.seed(4.9, noon);
    const over = b.assess('explain', 0.2);
    assert.equal(over.level, 'spent');
    assert.match(
      over.message!,
      /^Daily budget of \$5\.00 would be exceeded: \$4\.90 spent, this request could cost up to \$0\.20\. Raise tandem\.budget\.dailyUsd/,
    );
    const ceiling = b.assess('explain', 0.6);
    assert.equal(ceiling.budget, 'request');
    assert.match(ceiling.message!, /tandem\.budget\.requestUsd/);
  });

  it('applies per-task caps to that task only', () => {
    const b = budgets({ dailyUsd: 100, perTask: { review: { dailyUsd: 1 } } });
    ledger.seed(1, noon, 'review');
    const review = b.assess('review', 0.01);
    assert.equal(review.budget, 'daily:review');
    assert.equal(
      review.message,
      'Daily review budget of $1.00 spent ($1.00). Raise tandem.budget.perTask.review.dailyUsd or wait until tomorrow.',
    );
    assert.equal(b.assess('explain', 0.01).level, 'ok');
  });

  it('rolls over at local midnight and at the first of the month', () => {
    now = new Date(2026, 10, 30, 23, 59).getTime();
    ledger.seed(5, now);
    const b = budgets({ dailyUsd: 5, monthlyUsd: 6 });
    assert.equal(b.state().budget, 'daily');
    now = new Date(2026, 11, 1, 0, 1).getTime();
    assert.equal(b.state().level, 'ok', 'new day and new month');
    now = new Date(2026, 10, 30, 23, 58).getTime();
    assert.equal(b.state().level, 'spent');
  });

  it('counts reservations until they are settled or released', () => {
    const b = budgets({ dailyUsd: 1 });
    const first = b.tryReserve('explain', 0.6);
    assert.ok(first.reservation);
    const second = b.tryReserve('explain', 0.6);
    assert.equal(second.reservation, undefined);
    assert.equal(second.state.level, 'spent');
    first.reservation.release();
    assert.ok(b.tryReserve('explain', 0.6).reservation);
    assert.equal(b.reservedUsd(), 0.6);
  });
});
