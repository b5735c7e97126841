/**
 * Retention and tidying of settled month files: rewrite via temp file + rename, under a lock file
 * so two windows never compact at once. Only months that ended a while ago are compacted, so the
 * files being appended to are not the ones rewritten; appends that still land on the old file
 * while it is rewritten are carried over from its open handle after the rename.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, open, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../log';
import { COMPACTED_WRITER, encodeRecord, parseChunk, type JournalEvent } from './journal';
import type { LedgerRecord } from './record';

export const LOCK_FILE = 'ledger.lock';
export const LOCK_STALE_MS = 30_000;

/** Runs `fn` holding the directory's compaction lock; undefined when another process holds it. */
export async function withCompactionLock<T>(dir: string, log: Log, fn: () => Promise<T>): Promise<T | undefined> {
  const lock = join(dir, LOCK_FILE);
  if (!(await tryCreate(lock)) && !((await removeIfStale(lock, log)) && (await tryCreate(lock)))) return undefined;
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

async function tryCreate(lock: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx');
    await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** A lock older than LOCK_STALE_MS belongs to a window that died mid-compaction. */
async function removeIfStale(lock: string, log: Log): Promise<boolean> {
  try {
    if (Date.now() - (await stat(lock)).mtimeMs < LOCK_STALE_MS) return false;
    log.info('ledger: removing a stale compaction lock');
    await unlink(lock);
    return true;
  } catch {
    return false;
  }
}

/**
 * Folds patches into their records and drops records older than `cutoffMs`; first write wins per id.
 * Intents and releases go: only month files that ended a day ago are compacted, and by then every
 * intent in them has been settled or has expired into a record (see ledger.ts).
 */
export function foldEvents(events: readonly JournalEvent[], cutoffMs: number): Map<string, LedgerRecord> {
  const records = new Map<string, LedgerRecord>();
  for (const e of events) {
    if ('r' in e) {
      const known = records.get(e.r.id);
      if (!known && e.r.ts >= cutoffMs) records.set(e.r.id, e.r);
      else if (known?.completion && e.r.completion) known.completion = { ...known.completion, ...e.r.completion };
    } else if ('p' in e) {
      const target = records.get(e.id);
      if (target?.completion) target.completion = { ...target.completion, ...e.p };
    }
  }
  return records;
}

export async function compactFile(path: string, cutoffMs: number): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buf = Buffer.alloc(size);
    if (size > 0) await handle.read(buf, 0, size, 0);
    const parsed = parseChunk(buf);
    const kept = [...foldEvents(parsed.events, cutoffMs).values()];
    if (kept.length === 0) {
      await unlink(path);
    } else {
      const temp = `${path}.${randomUUID().slice(0, 8)}.tmp`;
      await writeFile(temp, kept.map((r) => encodeRecord(COMPACTED_WRITER, r)).join(''));
      await rename(temp, path);
    }
    await carryOverLateAppends(handle, parsed.consumed, path);
  } finally {
    await handle.close();
  }
}

async function carryOverLateAppends(oldFile: FileHandle, from: number, path: string): Promise<void> {
  const { size } = await oldFile.stat();
  if (size <= from) return;
  const late = Buffer.alloc(size - from);
  await oldFile.read(late, 0, late.length, from);
  await appendFile(path, late);
}
