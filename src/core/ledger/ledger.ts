/**
 * The request ledger: records in memory for the UI and budgets, persisted as append-only JSON Lines
 * in a directory that every VS Code window of the user shares (one process per window).
 */
import { randomUUID } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLog, type Log } from '../log';
import { AppendQueue } from './appendQueue';
import { compactFile, withCompactionLock } from './compaction';
import { encodePatch, encodeRecord, journalFileFor, monthEndOf, type CompletionPatch } from './journal';
import { JournalReader } from './journalReader';
import { DAY_MS, HOUR_MS } from './localTime';
import type { LedgerRecord, LedgerSink, SpendSource } from './record';
import { RecordStore } from './recordStore';

export interface LedgerOptions {
  /** The extension's globalStorage path. */
  dir: string;
  now?: () => number;
  retentionDays?: number;
  log?: Log;
  /** How long writes gather before one append; default 250 ms. */
  flushDelayMs?: number;
  /** Quiet time before onDidChange fires; default 100 ms. */
  changeDebounceMs?: number;
  /** Pick up other windows' appends when the directory changes; default true. */
  watch?: boolean;
}

/** A month file is compacted only once nobody should still be appending to it. */
const SETTLE_MS = DAY_MS;
const MAINTENANCE_INTERVAL_MS = 6 * HOUR_MS;

const MAX_EARLY_PATCHES = 256;
/** Budgets look back a local month at most: records this recent load before the ledger opens. */
const BUDGET_WINDOW_MS = 32 * DAY_MS;

export class Ledger implements LedgerSink, SpendSource {
  private readonly earlyPatches = new Map<string, CompletionPatch>();
  private readonly store = new RecordStore();
  private readonly listeners = new Set<() => void>();
  private readonly recordListeners = new Set<(r: LedgerRecord) => void>();
  private readonly writerId = randomUUID().slice(0, 8);
  private readonly now: () => number;
  private readonly log: Log;
  private readonly retentionMs: number;
  private readonly changeDebounceMs: number;
  private readonly queue: AppendQueue;
  private readonly reader: JournalReader;
  private changeTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private reading: Promise<void> = Promise.resolve();
  private loaded: Promise<void> = Promise.resolve();
  private maintaining: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(private readonly dir: string, opts: LedgerOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? silentLog;
    this.retentionMs = (opts.retentionDays ?? 90) * DAY_MS;
    this.changeDebounceMs = opts.changeDebounceMs ?? 100;
    this.queue = new AppendQueue(dir, opts.flushDelayMs ?? 250, this.log);
    this.reader = new JournalReader(dir, this.log);
  }

  /**
   * Resolves once the last BUDGET_WINDOW_MS of records are in (what budgets need before the first
   * request); older months load in the background (`whenLoaded`) and fire onDidChange when in.
   */
  static async open(opts: LedgerOptions): Promise<Ledger> {
    await mkdir(opts.dir, { recursive: true });
    const ledger = new Ledger(opts.dir, opts);
    const recentFrom = ledger.now() - BUDGET_WINDOW_MS;
    await ledger.refresh((file) => (monthEndOf(file) ?? Infinity) > recentFrom);
    ledger.loaded = ledger.refresh();
    if (opts.watch !== false) ledger.watchDirectory();
    ledger.maintenanceTimer = setInterval(() => void ledger.compact(), MAINTENANCE_INTERVAL_MS).unref();
    void ledger.compact();
    return ledger;
  }

  record(r: LedgerRecord): void {
    if (this.closed) return;
    const stored = this.store.add(r);
    if (!stored) return;
    this.queue.push(journalFileFor(stored.ts), encodeRecord(this.writerId, stored));
    this.scheduleChange();
    for (const listener of this.recordListeners) listener(stored);
    const early = this.earlyPatches.get(r.id);
    if (early) {
      this.earlyPatches.delete(r.id);
      this.updateCompletion(r.id, early);
    }
  }

  updateCompletion(id: string, patch: CompletionPatch): void {
    if (this.closed) return;
    const r = this.store.patch(id, patch);
    if (!r) {
      this.holdEarlyPatch(id, patch);
      return;
    }
    this.queue.push(journalFileFor(r.ts), encodePatch(this.writerId, id, patch));
    this.scheduleChange();
  }

  /**
   * A request's record is written when it finishes, which can be just after the first news about it
   * (the suggestion was shown): such a patch waits here, bounded, until its record arrives.
   */
  private holdEarlyPatch(id: string, patch: CompletionPatch): void {
    this.earlyPatches.set(id, { ...this.earlyPatches.get(id), ...patch });
    if (this.earlyPatches.size > MAX_EARLY_PATCHES) {
      const oldest = this.earlyPatches.keys().next().value as string;
      this.earlyPatches.delete(oldest);
      this.log.debug(`ledger: no completion record ${oldest} to update`);
    }
  }

  spentSince(sinceMs: number, task?: string): number {
    return this.store.spentSince(sinceMs, task);
  }

  records(): readonly LedgerRecord[] {
    return this.store.all();
  }

  /** Each record this window writes (not other windows' records read from the shared directory). */
  onDidRecord(listener: (r: LedgerRecord) => void): { dispose(): void } {
    this.recordListeners.add(listener);
    return { dispose: () => void this.recordListeners.delete(listener) };
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Every record kept on disk is in memory (the older months load after `open` resolves). */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** Reads what other windows appended since the last read (of the files `only` picks). */
  refresh(only?: (file: string) => boolean): Promise<void> {
    this.reading = this.reading.then(() => this.readOthers(only)).catch((err: unknown) => {
      this.log.warn('ledger: could not read the journal', err);
    });
    return this.reading;
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Applies retention and folds patches in settled month files; skipped while another window does it. */
  compact(): Promise<void> {
    this.maintaining = this.maintaining.then(() => this.maintain()).catch((err: unknown) => {
      this.log.warn('ledger: compaction failed', err);
    });
    return this.maintaining;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of [this.changeTimer, this.refreshTimer]) clearTimeout(timer);
    clearInterval(this.maintenanceTimer);
    this.watcher?.close();
    this.listeners.clear();
    await this.queue.flush();
    this.queue.dispose();
    await Promise.all([this.maintaining, this.reading]);
  }

  private cutoff(): number {
    return this.now() - this.retentionMs;
  }

  private async readOthers(only?: (file: string) => boolean): Promise<void> {
    const cutoff = this.cutoff();
    let changed = false;
    for (const e of await this.reader.readNew(only)) {
      if (e.w !== this.writerId && this.store.apply(e, cutoff)) changed = true;
    }
    if (changed) this.scheduleChange();
  }

  private async maintain(): Promise<void> {
    if (this.closed) return;
    await this.refresh();
    const cutoff = this.cutoff();
    const candidates = this.reader.compactionCandidates(this.now() - SETTLE_MS, cutoff);
    if (candidates.length > 0) {
      const done = await withCompactionLock(this.dir, this.log, async () => {
        for (const file of candidates) await compactFile(join(this.dir, file), cutoff);
        return true;
      });
      if (done) {
        this.log.info(`ledger: compacted ${candidates.join(', ')}`);
        for (const file of candidates) this.reader.forget(file);
        await this.refresh();
      }
    }
    if (this.store.prune(cutoff) > 0) this.scheduleChange();
  }

  private watchDirectory(): void {
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.scheduleRefresh());
      this.watcher.on('error', (err) => this.log.debug('ledger: directory watch stopped', err));
    } catch (err) {
      this.log.debug('ledger: cannot watch the directory; other windows show up on refresh()', err);
    }
  }

  private scheduleRefresh(): void {
    if (this.closed) return;
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, this.changeDebounceMs).unref();
  }

  private scheduleChange(): void {
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      for (const listener of [...this.listeners]) listener();
    }, this.changeDebounceMs).unref();
  }
}
