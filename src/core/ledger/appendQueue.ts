import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '../log';

/** Lines per append stay well under what a single write() appends whole on local file systems. */
const MAX_APPEND_BYTES = 256 * 1024;

/**
 * Collects complete JSON lines per journal file and appends them in batches, off the caller's path.
 * Each append is one write with O_APPEND, so concurrent writers interleave whole lines.
 */
export class AppendQueue {
  private pending = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  bytesWritten = 0;
  appends = 0;

  constructor(
    private readonly dir: string,
    private readonly delayMs: number,
    private readonly log: Log,
  ) {}

  push(file: string, line: string): void {
    const lines = this.pending.get(file);
    if (lines) lines.push(line);
    else this.pending.set(file, [line]);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
  }

  /** Resolves once everything pushed before the call is on disk (or failed and was queued again). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async write(batch: Map<string, string[]>): Promise<void> {
    for (const [file, lines] of batch) {
      for (const chunk of chunksOf(lines)) {
        try {
          await appendFile(join(this.dir, file), chunk, { flag: 'a' });
          this.bytesWritten += Buffer.byteLength(chunk);
          this.appends++;
        } catch (err) {
          this.log.warn(`ledger: could not append to ${file}, will retry`, err);
          this.requeue(file, chunk);
        }
      }
    }
  }

  private requeue(file: string, chunk: string): void {
    const lines = chunk.split(/(?<=\n)/);
    this.pending.set(file, [...lines, ...(this.pending.get(file) ?? [])]);
    this.timer ??= setTimeout(() => void this.flush(), Math.max(this.delayMs, 1000)).unref();
  }
}

function* chunksOf(lines: readonly string[]): Generator<string> {
  let start = 0;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += lines[i]!.length;
    if (size >= MAX_APPEND_BYTES) {
      yield lines.slice(start, i + 1).join('');
      start = i + 1;
      size = 0;
    }
  }
  if (start < lines.length) yield lines.slice(start).join('');
}
