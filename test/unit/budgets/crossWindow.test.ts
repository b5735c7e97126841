import { strict as assert } from 'node:assert';
import { runWindows } from '../../harness/budgetRun';

describe('budgets across windows (child processes sharing a ledger directory)', function () {
  this.timeout(120_000);

  for (const windows of [2, 4]) {
    it(`${windows} windows, faults, cancellations and ×4 token drift never overshoot a tiny cap, ledger or vendor bill`, async () => {
      const r = await runWindows({ windows, capUsd: 0.008, requestsPerWindow: 16, drift: 4, seed: windows });
      const summary = JSON.stringify(r);
      assert.ok((r.outcomes['BudgetRefusedError'] ?? 0) > 0, `the cap was reached: ${summary}`);
      assert.equal(r.overshootUsd, 0, summary);
      assert.ok(r.vendorBillOverCap <= 1, summary);
      assert.ok(r.vendorUsd > 0);
    });
  }
});
