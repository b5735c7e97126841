/**
 * Fault suite (issue 7, item 4): every fault the vendor simulator can act out, against the core as
 * the extension composes it. For each: the editor never blocks, no unhandled rejection, one clear
 * notice however many keystrokes fail, the ledger records the outcome, budgets stay consistent, and
 * completions come back by themselves once the fault clears. Prints the table of faults and outcomes.
 */
import { strict as assert } from 'node:assert';
import { FIXTURES } from '../../bench/typing';
import { printTable } from '../../bench/table';
import { start, type Simulator } from '../../src/simulator/server';
import { checkRow, tableRow } from './checks';
import { faultRows } from './rows';
import { runRow, warmUp, type RowRun } from './runRow';
import { closedPortUrl } from '../harness/ports';

/** Product time runs this much faster than the wall clock (breaker cool-downs, retry waits, timeouts). */
const TIME_SCALE = 10;
const real = (productMs: number): number => productMs / TIME_SCALE;

describe('fault suite: each fault gives one clear message and recovers by itself', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let refusedUrl = '';
  const runs: Array<{ run: RowRun; problems: string[] }> = [];

  before(async () => {
    sim = await start({ quiet: true, corpusDir: FIXTURES, latency: { ttftMs: real(150), tokensPerSec: 250 * TIME_SCALE } });
    refusedUrl = await closedPortUrl();
    await warmUp(sim, TIME_SCALE);
  });

  after(async () => {
    await sim?.close();
    printTable('fault suite', {
      title: `Faults tried and outcomes (simulator in process, product time ×${TIME_SCALE})`,
      rows: runs.map(({ run, problems }) => tableRow(run, problems)),
      figures: {},
      notes: [
        'recovered: product time from clearing the fault to the next ghost text (or explanation), open circuits cooling down included.',
      ],
    });
  });

  it('the simulator sends a 429 without retry-after when asked (noRetryAfter)', async () => {
    sim.injectFault({ api: 'mistral', kind: 'status', status: 429, noRetryAfter: true });
    const res = await fetch(`${sim.url}/v1/fim/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'codestral-latest', prompt: 'x' }),
    });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), null);
    assert.equal(res.headers.get('retry-after-ms'), null);
  });

  faultRows(real, () => refusedUrl).forEach((row, index) => {
    it(`${row.name}: ${row.notices} notice(s), ${row.outcome}${row.errorKind ? `/${row.errorKind}` : ''}, recovers`, async () => {
      const run = await runRow(sim, row, index, TIME_SCALE);
      const problems = checkRow(run, real);
      runs.push({ run, problems });
      assert.deepEqual(problems, [], `${row.name}:\n  ${problems.join('\n  ')}\n--- log ---\n${run.logTail}`);
    });
  });
});
