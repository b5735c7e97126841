/**
 * The on-disk format: JSON Lines, one event per line, one file per UTC month of the record's start.
 * Every line starts with `{"w":` (the writer's id), which lets a reader recover the event that
 * follows a torn line: a writer that died mid-line leaves a fragment the next append completes.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { LedgerRecord } from './record';

export type CompletionPatch = Partial<NonNullable<LedgerRecord['completion']>>;

/**
 * A reservation made before a request is sent: it counts against every budget, in every window
 * sharing the ledger, until the request's record (same id) settles it, a release drops it (the route
 * failed before the vendor answered), or it expires at `exp` (its window died: see ledger.ts).
 */
export interface Intent {
  id: string;
  ts: number;
  task: string;
  provider: string;
  model: string;
  usd: number;
  exp: number;
}

export type JournalEvent =
  { w: string; r: LedgerRecord } | { w: string; id: string; p: CompletionPatch } | { w: string; i: Intent } | { w: string; x: string };

/** Writer id of lines rewritten by compaction: they belong to nobody, so every reader applies them. */
export const COMPACTED_WRITER = 'c';
const EVENT_PREFIX = '{"w":';
const FILE_PATTERN = /^ledger-(\d{4})-(\d{2})\.jsonl$/;

export function encodeRecord(writer: string, r: LedgerRecord): string {
  return `${JSON.stringify({ w: writer, r })}\n`;
}

export function encodePatch(writer: string, id: string, p: CompletionPatch): string {
  return `${JSON.stringify({ w: writer, id, p })}\n`;
}

export function journalFileFor(ts: number): string {
  const d = new Date(ts);
  const month = d.getUTCMonth() + 1;
  return `ledger-${d.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}.jsonl`;
}

export function encodeIntent(writer: string, i: Intent): string {
  return `${JSON.stringify({ w: writer, i })}\n`;
}

export function encodeRelease(writer: string, id: string): string {
  return `${JSON.stringify({ w: writer, x: id })}\n`;
}

/** Epoch ms when the month of a journal file ends, or undefined for a file that is not ours. */
export function monthEndOf(file: string): number | undefined {
  const m = FILE_PATTERN.exec(file);
  return m ? Date.UTC(Number(m[1]), Number(m[2])) : undefined;
}

export async function listJournalFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => FILE_PATTERN.test(n)).sort();
}

export interface ParsedChunk {
  events: JournalEvent[];
  /** Lines that could not be read whole (each lost at most one event). */
  corrupt: number;
  /** Bytes up to and including the last newline; the rest is a line still being written. */
  consumed: number;
}

export function parseChunk(buf: Buffer): ParsedChunk {
  const end = buf.lastIndexOf(0x0a);
  if (end < 0) return { events: [], corrupt: 0, consumed: 0 };
  const events: JournalEvent[] = [];
  let corrupt = 0;
  for (const line of buf.toString('utf8', 0, end).split('\n')) {
    if (line.length === 0) continue;
    const whole = parseEvent(line);
    if (whole) {
      events.push(whole);
      continue;
    }
    corrupt++;
    const start = line.lastIndexOf(EVENT_PREFIX);
    const tail = start > 0 ? parseEvent(line.slice(start)) : undefined;
    if (tail) events.push(tail);
  }
  return { events, corrupt, consumed: end + 1 };
}

function parseEvent(line: string): JournalEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return isEvent(value) ? value : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEvent(v: unknown): v is JournalEvent {
  if (!isObject(v) || typeof v['w'] !== 'string') return false;
  const r = v['r'];
  if (isObject(r)) {
    return (
      typeof r['id'] === 'string' &&
      typeof r['ts'] === 'number' &&
      typeof r['costUsd'] === 'number' &&
      typeof r['task'] === 'string' &&
      typeof r['model'] === 'string' &&
      typeof r['outcome'] === 'string'
    );
  }
  const i = v['i'];
  if (isObject(i)) return isIntent(i);
  if (typeof v['x'] === 'string') return true;
  return typeof v['id'] === 'string' && isObject(v['p']);
}

function isIntent(i: Record<string, unknown>): boolean {
  return (
    typeof i['id'] === 'string' &&
    typeof i['task'] === 'string' &&
    typeof i['model'] === 'string' &&
    typeof i['provider'] === 'string' &&
    [i['ts'], i['usd'], i['exp']].every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

export interface FileChunk {
  buf: Buffer;
  ino: number;
  size: number;
}

/**
 * Bytes of `path` from `offset` on; undefined when the file is gone. Synchronous: budgets read the
 * other windows' latest lines inside the admission lock, and one reader serves both paths.
 */
export function readFrom(path: string, offset: number): FileChunk | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const { ino, size } = fstatSync(fd);
    const start = size < offset ? 0 : offset;
    const buf = Buffer.alloc(size - start);
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return { buf: buf.subarray(0, read), ino, size: start + read };
  } finally {
    closeSync(fd);
  }
}
