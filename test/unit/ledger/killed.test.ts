import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../../src/core/ledger/ledger';
import { killAndAudit } from '../../harness/killWriter';

describe('ledger: a window SIGKILLed while appending under load', function () {
  this.timeout(180_000);

  it('loses no settled record, accounts for every request in flight, writes no corrupt line (20 kills)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-killed-'));
    try {
      const audit = await killAndAudit(dir, 20);
      assert.ok(audit.settled > 200, `load: ${audit.settled} settled`);
      assert.equal(audit.lostSettled, 0, 'settled records lost');
      assert.equal(audit.unaccounted, 0, 'requests in flight with neither record nor open intent');
      assert.ok(audit.inFlightAtKill > 0, 'some requests were in flight at a kill');
      for (const file of (await readdir(dir)).filter((f) => f.endsWith('.jsonl'))) {
        const lines = (await readFile(join(dir, file), 'utf8')).split('\n');
        assert.equal(lines.pop(), '', 'the file ends with a whole line');
        for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tolerates a torn last line and counts an intent without settlement at its reservation until it expires', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-torn-'));
    try {
      let now = Date.now();
      const first = await Ledger.open({ dir, watch: false, now: () => now });
      first.exclusive(() =>
        first.hold({ id: 'in-flight', task: 'explain', provider: 'anthropic', model: 'claude-sonnet-5-5', amountUsd: 0.25, ts: now }),
      );
      await first.close();
      const file = (await readdir(dir)).find((f) => f.endsWith('.jsonl'))!;
      const { appendFile } = await import('node:fs/promises');
      await appendFile(join(dir, file), '{"w":"dead","r":{"id":"torn","ts":1');
      const second = await Ledger.open({ dir, watch: false, now: () => now });
      assert.equal(second.reservedSince(0), 0.25);
      assert.deepEqual(
        second.openReservations().map((i) => i.id),
        ['in-flight'],
      );
      now += 31 * 60_000;
      second.exclusive(() => undefined);
      assert.equal(second.reservedSince(0), 0);
      const settled = second.records().find((r) => r.id === 'in-flight');
      assert.equal(settled?.costUsd, 0.25);
      assert.match(settled?.reason ?? '', /counted at its reservation/);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
