import { strict as assert } from 'node:assert';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE } from '../../../src/core/ledger/compaction';
import { encodePatch, encodeRecord, journalFileFor } from '../../../src/core/ledger/journal';
import { Ledger } from '../../../src/core/ledger/ledger';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { completionRecord, useTempDir } from './helpers';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 15, 12); // mid-June; 90 days back is mid-March
const CUTOFF = NOW - 90 * DAY;

/** Two records every 5 days from January to now, each with a shown + accepted patch in a second writer's lines. */
async function seedJournal(dir: string): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  const lines = new Map<string, string[]>();
  const push = (ts: number, line: string): void => void lines.set(journalFileFor(ts), [...(lines.get(journalFileFor(ts)) ?? []), line]);
  for (let ts = Date.UTC(2025, 0, 2); ts < NOW; ts += 5 * DAY) {
    for (const id of [`r${ts}a`, `r${ts}b`]) {
      const r = completionRecord(id, ts);
      records.push(r);
      push(ts, encodeRecord('w1', r));
      push(ts, encodePatch('w2', id, { shown: true }));
      push(ts, encodePatch('w2', id, { acceptance: 'accepted', acceptedChars: 12 }));
    }
  }
  for (const [file, content] of lines) await writeFile(join(dir, file), content.join(''));
  return records;
}

const ids = (rs: readonly LedgerRecord[]): string[] => rs.map((r) => r.id).sort();

describe('Ledger retention and compaction', () => {
  const dir = useTempDir();
  const open = (): Promise<Ledger> => Ledger.open({ dir: dir(), now: () => NOW, watch: false, flushDelayMs: 5 });

  it('opens once the last month is in (budgets are right at once); older months follow and announce themselves', async () => {
    const seeded = await seedJournal(dir());
    const ledger = await open();
    const recentFrom = NOW - 32 * DAY;
    const atOpen = ledger.records();
    assert.ok(atOpen.length > 0 && atOpen.length < seeded.filter((r) => r.ts >= CUTOFF).length, `${atOpen.length} records at open`);
    assert.ok(
      seeded.filter((r) => r.ts >= recentFrom).every((r) => atOpen.some((x) => x.id === r.id)),
      'every record of the last 32 days is in',
    );
    const monthStart = Date.UTC(2025, 5, 1);
    assert.equal(
      ledger.spentSince(monthStart),
      seeded.filter((r) => r.ts >= monthStart).reduce((sum, r) => sum + r.costUsd, 0),
    );
    const changed = new Promise<void>((resolve) => ledger.onDidChange(resolve));
    await ledger.whenLoaded();
    await changed;
    assert.deepEqual(ids(ledger.records()), ids(seeded.filter((r) => r.ts >= CUTOFF)));
    await ledger.close();
  });

  it('keeps only records inside retention, with patches folded in, and drops expired months', async () => {
    const seeded = await seedJournal(dir());
    const kept = seeded.filter((r) => r.ts >= CUTOFF);
    const ledger = await open();
    await ledger.maintain();
    assert.deepEqual(ids(ledger.records()), ids(kept));
    assert.ok(ledger.records().every((r) => r.completion?.acceptance === 'accepted'));
    await ledger.close();

    assert.deepEqual((await readdir(dir())).sort(), [
      'ledger-2025-03.jsonl',
      'ledger-2025-04.jsonl',
      'ledger-2025-05.jsonl',
      'ledger-2025-06.jsonl',
    ]);
    const march = (await readFile(join(dir(), 'ledger-2025-03.jsonl'), 'utf8')).trimEnd().split('\n');
    assert.equal(march.length, kept.filter((r) => journalFileFor(r.ts) === 'ledger-2025-03.jsonl').length);
    const folded = JSON.parse(march[0]!) as { r: LedgerRecord };
    assert.deepEqual(folded.r.completion, { source: 'network', shown: true, acceptance: 'accepted', acceptedChars: 12 });
    const june = (await readFile(join(dir(), 'ledger-2025-06.jsonl'), 'utf8')).trimEnd().split('\n');
    assert.ok(
      june.some((l) => l.includes('"p":')),
      'the current month is still being appended to and is left alone',
    );

    const reopened = await open();
    await reopened.whenLoaded();
    assert.deepEqual(ids(reopened.records()), ids(kept));
    assert.ok(reopened.records().every((r) => r.completion?.acceptance === 'accepted'));
    await reopened.close();
  });

  it('leaves files alone while another window holds a fresh lock, and takes over a stale one', async () => {
    await seedJournal(dir());
    const lock = join(dir(), LOCK_FILE);
    await writeFile(lock, 'another window\n');
    const ledger = await open();
    await ledger.maintain();
    assert.ok((await readdir(dir())).includes('ledger-2025-01.jsonl'));

    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lock, aMinuteAgo, aMinuteAgo);
    await ledger.maintain();
    const files = await readdir(dir());
    assert.ok(!files.includes('ledger-2025-01.jsonl'));
    assert.ok(!files.includes(LOCK_FILE), 'the lock is released');
    await ledger.close();
  });

  it('picks up a compaction done by another window without duplicating or losing records', async () => {
    const seeded = await seedJournal(dir());
    const watcher = await Ledger.open({ dir: dir(), now: () => Date.UTC(2025, 0, 1), watch: false });
    const before = watcher.records().length;
    const compactor = await open();
    await compactor.maintain();
    await compactor.close();
    await watcher.refresh();
    assert.equal(watcher.records().length, before);
    assert.equal(new Set(ids(watcher.records())).size, seeded.length);
    await watcher.close();
  });
});
