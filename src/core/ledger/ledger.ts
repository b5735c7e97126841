/**
 * The request ledger: records in memory for the UI and budgets, persisted as append-only JSON Lines
 * in a directory that every VS Code window of the user shares (one process per window).
 */
import { randomUUID } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLog, type Log } from '../log';
import { AdmissionLock } from './admissionLock';
import { AppendQueue } from './appendQueue';
import { compactFile, withCompactionLock } from './compaction';
import {
  encodeIntent,
  encodePatch,
  encodeRecord,
  encodeRelease,
  journalFileFor,
  monthEndOf,
  type CompletionPatch,
  type Intent,
  type JournalEvent,
} from './journal';
import { JournalReader } from './journalReader';
import { DAY_MS, HOUR_MS } from './localTime';
import { OpenIntents } from './openIntents';
import { unsettledRecord, type LedgerRecord, type LedgerSink, type ReservationBook, type SpendSource } from './record';
import { RecordStore } from './recordStore';
import { SyncAppender } from './syncAppender';

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
/**
 * How long an intent counts without its record: longer than any request may run (Claude's
 * whole-request timeout is 10 minutes, and a chain tries at most two routes after timeouts). An
 * intent still open then belongs to a window that died; it is settled at its reservation.
 */
export const INTENT_TTL_MS = 30 * 60_000;

export class Ledger implements LedgerSink, SpendSource, ReservationBook {
  private readonly earlyPatches = new Map<string, CompletionPatch>();
  private readonly store = new RecordStore();
  private readonly intents = new OpenIntents();
  private readonly listeners = new Set<() => void>();
  private readonly recordListeners = new Set<(r: LedgerRecord) => void>();
  private readonly writerId = randomUUID().slice(0, 8);
  private readonly now: () => number;
  private readonly log: Log;
  private readonly retentionMs: number;
  private readonly changeDebounceMs: number;
  private readonly queue: AppendQueue;
  private readonly appender: SyncAppender;
  private readonly lock: AdmissionLock;
  private readonly reader: JournalReader;
  private changeTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private reading: Promise<void> = Promise.resolve();
  private loaded: Promise<void> = Promise.resolve();
  private maintaining: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly dir: string,
    opts: LedgerOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? silentLog;
    this.retentionMs = (opts.retentionDays ?? 90) * DAY_MS;
    this.changeDebounceMs = opts.changeDebounceMs ?? 100;
    this.queue = new AppendQueue(dir, opts.flushDelayMs ?? 250, this.log);
    this.reader = new JournalReader(dir, this.log);
    this.appender = new SyncAppender(dir, this.log);
    this.lock = new AdmissionLock(dir);
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
    ledger.settleExpired();
    ledger.loaded = ledger.refresh();
    if (opts.watch !== false) ledger.watchDirectory();
    ledger.maintenanceTimer = setInterval(() => void ledger.maintain(), MAINTENANCE_INTERVAL_MS).unref();
    void ledger.maintain();
    return ledger;
  }

  record(r: LedgerRecord): void {
    if (this.closed) return;
    const stored = this.store.add(r);
    this.intents.drop(r.id);
    if (!stored) return;
    this.writeNow(journalFileFor(stored.ts), encodeRecord(this.writerId, stored));
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

  reservedSince(sinceMs: number, task?: string): number {
    return this.intents.reservedSince(sinceMs, this.now(), task);
  }

  /** Reservations no record has settled yet, of every window (in flight, or of a window that died). */
  openReservations(): readonly Intent[] {
    return this.intents.all();
  }

  /**
   * Runs `admit` under the lock every window sharing the directory takes, after reading what the
   * others appended (their intents, releases and records): a check and the intent it writes are one
   * step for all windows together.
   */
  exclusive<T>(admit: () => T): T {
    return this.lock.run(() => {
      this.applyAll(this.reader.readNewSync(journalFileFor(this.now())));
      this.settleExpired();
      return admit();
    });
  }

  hold(h: { id: string; task: string; provider: string; model: string; amountUsd: number; ts: number }): void {
    const intent: Intent = {
      id: h.id,
      ts: h.ts,
      task: h.task,
      provider: h.provider,
      model: h.model,
      usd: h.amountUsd,
      exp: h.ts + INTENT_TTL_MS,
    };
    this.intents.hold(intent);
    if (!this.closed) this.writeNow(journalFileFor(intent.ts), encodeIntent(this.writerId, intent));
  }

  /** Drops a reservation that no record will settle (the route failed before the vendor answered). */
  release(id: string): void {
    const intent = this.intents.get(id);
    if (!intent || !this.intents.drop(id) || this.store.get(id) || this.closed) return;
    this.writeNow(journalFileFor(intent.ts), encodeRelease(this.writerId, id));
  }

  /** The record (if any) settled it already; nothing to write. */
  settled(id: string): void {
    this.intents.drop(id);
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
    this.reading = this.reading
      .then(() => this.readOthers(only))
      .catch((err: unknown) => {
        this.log.warn('ledger: could not read the journal', err);
      });
    return this.reading;
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** All maintenance, one run at a time: retention, then patches folded into settled month files; skipped while another window does it. */
  maintain(): Promise<void> {
    this.maintaining = this.maintaining
      .then(() => this.maintainOnce())
      .catch((err: unknown) => {
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
    this.appender.close();
    await Promise.all([this.maintaining, this.reading]);
  }

  private cutoff(): number {
    return this.now() - this.retentionMs;
  }

  private async readOthers(only?: (file: string) => boolean): Promise<void> {
    const cutoff = this.cutoff();
    this.applyAll(await this.reader.readNew(only), cutoff);
  }

  private applyAll(events: readonly JournalEvent[], cutoff = this.cutoff()): void {
    let changed = false;
    for (const e of events) {
      if (e.w !== this.writerId && this.applyEvent(e, cutoff)) changed = true;
    }
    if (changed) this.scheduleChange();
  }

  private applyEvent(e: JournalEvent, cutoff: number): boolean {
    if ('i' in e) {
      if (!this.store.get(e.i.id)) this.intents.hold(e.i);
      return true;
    }
    if ('x' in e) return this.intents.drop(e.x);
    if ('r' in e) this.intents.drop(e.r.id);
    return this.store.apply(e, cutoff);
  }

  /**
   * An intent its window never settled (the window was killed mid-request) is settled at its
   * reservation — the most the vendor can have billed for it — by whichever window sees it first.
   */
  private settleExpired(): void {
    for (const i of this.intents.expired(this.now())) this.record(unsettledRecord({ ...i, amountUsd: i.usd }));
  }

  /** Budgets depend on this line: written before the caller goes on, queued only if the write failed. */
  private writeNow(file: string, line: string): void {
    if (!this.appender.append(file, line, journalFileFor(this.now()))) this.queue.push(file, line);
  }

  private async maintainOnce(): Promise<void> {
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
