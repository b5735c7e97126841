import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ledger } from '../../../src/core/ledger/ledger';
import { capturingLog, useTempDir } from './helpers';
import { writeInBursts } from './writeInBursts';

const NOW = new Date(2025, 5, 18, 14, 30).getTime();
const COUNT = 1500;

function startWriter(dir: string, prefix: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'writerProcess.ts'), dir, prefix, String(COUNT), String(NOW)], {
    cwd: join(__dirname, '../../..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`writer exited early: ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, ready, exited };
}

function assertEachOnce(ids: string[], prefixes: string[]): void {
  const unique = new Set(ids);
  assert.equal(unique.size, ids.length, 'a record appears twice');
  for (const prefix of prefixes) {
    for (let i = 0; i < COUNT; i++) assert.ok(unique.has(`${prefix}-${i}`), `${prefix}-${i} missing`);
  }
}

/** How often the journal switches between the child's lines and the others'. */
async function childSwitches(file: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const fromChild = lines.map((l) => {
    const e = JSON.parse(l) as { id?: string; r?: { id: string } };
    return (e.r?.id ?? e.id ?? '').startsWith('child-');
  });
  return fromChild.filter((c, i) => i > 0 && c !== fromChild[i - 1]).length;
}

describe('Ledger with concurrent writers', function () {
  this.timeout(30_000);
  const dir = useTempDir();

  it('keeps every record of two in-process ledgers and a child process exactly once', async () => {
    const log = capturingLog();
    const opts = { dir: dir(), now: () => NOW, flushDelayMs: 1, watch: false, log };
    const a = await Ledger.open(opts);
    const b = await Ledger.open(opts);
    const writer = startWriter(dir(), 'child');
    await writer.ready;
    writer.child.stdin!.write('go\n');
    await Promise.all([writeInBursts(a, 'a', COUNT, NOW), writeInBursts(b, 'b', COUNT, NOW)]);
    await Promise.all([a.flush(), b.flush()]);
    assert.equal(await writer.exited, 0);

    const [file] = await readdir(dir());
    const switches = await childSwitches(join(dir(), file!));
    assert.ok(switches >= 3, `the child's writes did not overlap the others' (${switches} switches)`);

    await a.refresh();
    const ids = a.records().map((r) => r.id);
    assert.equal(ids.length, 3 * COUNT);
    assertEachOnce(ids, ['a', 'b', 'child']);
    const accepted = a.records().filter((r) => r.completion?.acceptance === 'accepted');
    assert.equal(accepted.length, 3 * Math.ceil(COUNT / 3));

    const fresh = await Ledger.open(opts);
    assert.equal(fresh.records().length, 3 * COUNT);
    assert.deepEqual(log.warnings, []);
    await Promise.all([a.close(), b.close(), fresh.close()]);
  });

  it('interleaves whole lines only', async () => {
    const opts = { dir: dir(), now: () => NOW, flushDelayMs: 0, watch: false };
    const ledgers = await Promise.all([1, 2, 3].map(() => Ledger.open(opts)));
    await Promise.all(ledgers.map((l, i) => writeInBursts(l, `w${i}`, 600, NOW)));
    await Promise.all(ledgers.map((l) => l.close()));
    for (const file of await readdir(dir())) {
      const lines = (await readFile(join(dir(), file), 'utf8')).trimEnd().split('\n');
      for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line.slice(0, 80));
    }
  });
});
