/**
 * Ledger bench: aggregate over 100k records, the synchronous cost of record()/updateCompletion()
 * while persistence runs, flush throughput, cold open of 100k records, spentSince.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { aggregate } from '../src/core/ledger/aggregate';
import { Ledger } from '../src/core/ledger/ledger';
import type { LedgerRecord } from '../src/core/ledger/record';
import { generateRecords } from '../test/unit/ledger/generate';
import { percentile, type BenchResult } from './table';

const DAY = 86_400_000;
const NOW = new Date(2025, 10, 20, 15, 0).getTime();
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function timeAggregate(records: readonly LedgerRecord[], bucket: 'day' | 'hour', days: number, runs: number): number[] {
  const q = { fromMs: NOW - days * DAY, toMs: NOW, bucket, dailyBudgetUsd: 5 } as const;
  for (let i = 0; i < 2; i++) aggregate(records, q);
  return Array.from({ length: runs }, () => {
    const t0 = performance.now();
    aggregate(records, q);
    return performance.now() - t0;
  });
}

async function timeHotPath(dir: string, records: readonly LedgerRecord[]): Promise<{ costs: number[]; ledger: Ledger }> {
  const ledger = await Ledger.open({ dir, now: () => NOW, flushDelayMs: 20 });
  const costs: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const t0 = performance.now();
    ledger.record(r);
    if (r.completion) ledger.updateCompletion(r.id, { shown: true, acceptance: 'accepted', acceptedChars: 30 });
    costs.push(performance.now() - t0);
    if (i % 50 === 49) await yieldToLoop();
  }
  return { costs, ledger };
}

async function timeFlush(dir: string, records: readonly LedgerRecord[]): Promise<{ ms: number; bytes: number }> {
  const ledger = await Ledger.open({ dir, now: () => NOW, flushDelayMs: 60_000, watch: false });
  for (const r of records) ledger.record(r);
  const t0 = performance.now();
  await ledger.flush();
  const ms = performance.now() - t0;
  await ledger.close();
  const { statSync, readdirSync } = await import('node:fs');
  const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  return { ms, bytes };
}

async function openLedger(dir: string): Promise<{ ms: number; loadedMs: number; ledger: Ledger; spentSinceMs: number }> {
  const t0 = performance.now();
  const ledger = await Ledger.open({ dir, now: () => NOW, watch: false });
  const ms = performance.now() - t0;
  await ledger.whenLoaded();
  const loadedMs = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) ledger.spentSince(NOW - 30 * DAY - i * 1000, i % 2 ? 'completion' : undefined);
  return { ms, loadedMs, ledger, spentSinceMs: (performance.now() - t1) / 1000 };
}

export async function run(_argv: string[]): Promise<BenchResult> {
  const generated = generateRecords({ count: 100_000, fromMs: NOW - 90 * DAY, toMs: NOW, seed: 42 });
  const root = await mkdtemp(join(tmpdir(), 'tandem-ledger-bench-'));
  try {
    const hot = await timeHotPath(join(root, 'hot'), generated.slice(0, 20_000));
    await hot.ledger.close();
    const flush = await timeFlush(join(root, 'flush'), generated);
    const opened = await openLedger(join(root, 'flush'));
    // What the webview aggregates: the records as the ledger holds them after loading them from disk.
    const stored = opened.ledger.records();
    const byDay = timeAggregate(stored, 'day', 90, 9);
    const byHour = timeAggregate(stored, 'hour', 7, 9);
    await opened.ledger.close();
    const ms = (v: number): number => Number(v.toFixed(4));
    const aggregateMs100k = ms(percentile(byDay, 50));
    const hotPathWriteMsP95 = ms(percentile(hot.costs, 95));
    const flushRecordsPerSec = Math.round(generated.length / (flush.ms / 1000));
    return {
      title: 'Ledger: aggregate, hot path, persistence',
      rows: [
        { case: `aggregate ${stored.length} stored records, 90 days by day (median of 9)`, ms: aggregateMs100k },
        { case: 'aggregate the same, last 7 days by hour (median of 9)', ms: ms(percentile(byHour, 50)) },
        { case: 'record()+updateCompletion() p50, 20k calls', ms: ms(percentile(hot.costs, 50)) },
        { case: 'record()+updateCompletion() p95, 20k calls', ms: hotPathWriteMsP95 },
        { case: 'record()+updateCompletion() max, 20k calls', ms: ms(Math.max(...hot.costs)) },
        { case: `flush 100k queued records (${(flush.bytes / 1e6).toFixed(1)} MB)`, ms: ms(flush.ms) },
        { case: 'flush throughput, records/s', ms: flushRecordsPerSec },
        { case: 'open(): ready for budgets (the last 32 days loaded)', ms: ms(opened.ms) },
        { case: 'whenLoaded(): all 100k records from disk (older months in the background)', ms: ms(opened.loadedMs) },
        { case: 'spentSince() over 100k records, per call', ms: ms(opened.spentSinceMs) },
      ],
      figures: { aggregateMs100k, hotPathWriteMsP95, flushRecordsPerSec, openMs100k: ms(opened.ms), loadedMs100k: ms(opened.loadedMs) },
      notes: [
        'Records: 85% completions (Codestral or local cache), 15% explain/review on 3 Claude models, 6 languages, 90 days.',
        'Hot path: 20k record() calls (+ updateCompletion() for completions) with 20 ms batched appends running meanwhile.',
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
