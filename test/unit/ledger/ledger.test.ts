import { strict as assert } from 'node:assert';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { journalFileFor } from '../../../src/core/ledger/journal';
import { Ledger } from '../../../src/core/ledger/ledger';
import { capturingLog, completionRecord, explainRecord, nextChange, useTempDir } from './helpers';

const NOW = new Date(2025, 5, 18, 14, 30).getTime();
const HOUR = 3_600_000;
const now = (): number => NOW;

describe('Ledger', () => {
  const dir = useTempDir();
  const open = (extra: Partial<Parameters<typeof Ledger.open>[0]> = {}): Promise<Ledger> =>
    Ledger.open({ dir: dir(), now, watch: false, flushDelayMs: 5, changeDebounceMs: 5, ...extra });

  it('shows a record at once and keeps it, with its completion patches, across a restart', async () => {
    const first = await open();
    first.record(completionRecord('c1', NOW - HOUR));
    first.record(completionRecord('c2', NOW - HOUR + 5));
    assert.equal(first.records().length, 2);
    first.updateCompletion('c1', { shown: true, shownChars: 42 });
    first.updateCompletion('c1', { acceptance: 'partial', acceptedChars: 17 });
    await first.close();

    const second = await open();
    const c1 = second.records().find((r) => r.id === 'c1');
    assert.deepEqual(c1?.completion, { source: 'network', shown: true, shownChars: 42, acceptance: 'partial', acceptedChars: 17 });
    assert.equal(second.records().length, 2);
    await second.close();
  });

  it('does not let the caller mutate a stored record afterwards', async () => {
    const ledger = await open();
    const r = completionRecord('c1', NOW);
    ledger.record(r);
    r.costUsd = 99;
    r.completion!.shown = true;
    assert.equal(ledger.records()[0]!.costUsd, 0.0004);
    assert.equal(ledger.records()[0]!.completion!.shown, false);
    await ledger.close();
  });

  it('answers spentSince per task, including a since inside a day, from memory and after reopening', async () => {
    const ledger = await open();
    const records = [
      explainRecord('e1', NOW - 50 * HOUR, 0.05),
      explainRecord('e2', NOW - 3 * HOUR, 0.02),
      completionRecord('c1', NOW - 2 * HOUR, 0.001),
      explainRecord('e3', NOW - 1 * HOUR, 0.04),
      completionRecord('c2', NOW - 30 * HOUR, 0.003),
    ];
    for (const r of records) ledger.record(r);
    const expected = (since: number, task?: string): number =>
      records.filter((r) => r.ts >= since && (!task || r.task === task)).reduce((s, r) => s + r.costUsd, 0);
    const check = (l: Ledger): void => {
      for (const since of [0, NOW - 2.5 * HOUR, NOW - 24 * HOUR, new Date(2025, 5, 18).getTime(), NOW]) {
        for (const task of [undefined, 'explain', 'completion', 'review']) {
          assert.ok(Math.abs(l.spentSince(since, task) - expected(since, task)) < 1e-12, `since ${since} task ${task}`);
        }
      }
    };
    check(ledger);
    await ledger.close();
    const reopened = await open();
    check(reopened);
    await reopened.close();
  });

  it('skips corrupt and torn lines, logs once, and keeps every whole event', async () => {
    const file = join(dir(), journalFileFor(NOW));
    const line = (id: string, ts: number): string => `${JSON.stringify({ w: 'other', r: completionRecord(id, ts) })}\n`;
    const torn = line('lost', NOW).slice(0, 60);
    await writeFile(file, line('a', NOW - 5) + 'not json at all\n' + torn + line('b', NOW - 4) + '{"w":"x","r":{"id":1}}\n');
    const log = capturingLog();
    const ledger = await open({ log });
    assert.deepEqual(
      ledger
        .records()
        .map((r) => r.id)
        .sort(),
      ['a', 'b'],
    );
    assert.equal(log.warnings.length, 1);

    // A line still being written is left for later and completed by the next append.
    await appendFile(file, line('c', NOW - 3).slice(0, 30));
    await ledger.refresh();
    assert.equal(ledger.records().length, 2);
    await appendFile(file, line('c', NOW - 3).slice(30) + line('d', NOW - 2));
    await ledger.refresh();
    assert.deepEqual(
      ledger
        .records()
        .map((r) => r.id)
        .sort(),
      ['a', 'b', 'c', 'd'],
    );
    assert.equal(log.warnings.length, 1);
    await ledger.close();
  });

  it('notifies once for a burst of local writes and again for another writer’s appends', async () => {
    const ledger = await open();
    let changes = 0;
    ledger.onDidChange(() => changes++);
    const changed = nextChange(ledger);
    for (let i = 0; i < 20; i++) ledger.record(completionRecord(`c${i}`, NOW - i));
    await changed;
    assert.equal(changes, 1);

    const other = await open();
    other.record(explainRecord('e1', NOW - 10, 0.03));
    await other.close();
    const pickedUp = nextChange(ledger);
    await ledger.refresh();
    await pickedUp;
    assert.equal(changes, 2);
    assert.ok(Math.abs(ledger.spentSince(0, 'explain') - 0.03) < 1e-12);
    await ledger.close();
  });

  it('writes only complete lines with no code, prompt or key fields', async () => {
    const ledger = await open();
    ledger.record(completionRecord('c1', NOW));
    ledger.updateCompletion('c1', { shown: true });
    await ledger.flush();
    const text = await readFile(join(dir(), journalFileFor(NOW)), 'utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.doesNotMatch(text, /prompt|apiKey|"text"|"code"/);
    await ledger.close();
  });
});
