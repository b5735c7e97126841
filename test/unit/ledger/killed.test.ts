import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../../src/core/ledger/ledger';

const WRITER = join(__dirname, '..', '..', 'harness', 'ledgerWriter.ts');

/** Starts the writer, kills it with SIGKILL `afterMs` after it is ready, returns what it had reported. */
function killMidRun(dir: string, seed: number, afterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      if (out === '' && d.toString().startsWith('ready')) setTimeout(() => child.kill('SIGKILL'), afterMs);
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', () => resolve(out.split('\n').filter((l) => l !== '' && l !== 'ready')));
  });
}

describe('ledger: a window SIGKILLed while appending under load', function () {
  this.timeout(180_000);

  it('loses no settled record, accounts for every request in flight, writes no corrupt line (20 kills)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-killed-'));
    try {
      const settled = new Set<string>();
      const released = new Set<string>();
      const reserved = new Set<string>();
      for (let kill = 0; kill < 20; kill++) {
        for (const line of await killMidRun(dir, kill + 1, 50 + ((kill * 37) % 200))) {
          const [kind, id] = line.split(' ') as [string, string];
          (kind === 'S' ? settled : kind === 'X' ? released : reserved).add(id);
        }
      }
      assert.ok(settled.size > 200, `load: ${settled.size} settled`);
      const ledger = await Ledger.open({ dir, watch: false });
      const ids = new Set(ledger.records().map((r) => r.id));
      const open = new Set(ledger.openReservations().map((i) => i.id));
      await ledger.close();
      const lost = [...settled].filter((id) => !ids.has(id));
      assert.deepEqual(lost, [], 'settled records lost');
      const unaccounted = [...reserved].filter((id) => !ids.has(id) && !open.has(id) && !released.has(id));
      assert.deepEqual(unaccounted, [], 'requests in flight with neither record nor open intent');
      assert.ok(open.size > 0, 'some requests were in flight at a kill');
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
      first.exclusive(() => first.hold({ id: 'in-flight', task: 'explain', provider: 'anthropic', model: 'claude-sonnet-5-5', amountUsd: 0.25, ts: now }));
      await first.close();
      const file = (await readdir(dir)).find((f) => f.endsWith('.jsonl'))!;
      const { appendFile } = await import('node:fs/promises');
      await appendFile(join(dir, file), '{"w":"dead","r":{"id":"torn","ts":1');
      const second = await Ledger.open({ dir, watch: false, now: () => now });
      assert.equal(second.reservedSince(0), 0.25);
      assert.deepEqual(second.openReservations().map((i) => i.id), ['in-flight']);
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
