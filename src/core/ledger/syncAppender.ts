/**
 * Writes the lines that budgets depend on (intents, releases, settled records) before the caller
 * goes on: one write() with O_APPEND each, which is in the file (the page cache) the moment it
 * returns — visible to every other window and kept if this process is killed a microsecond later.
 * fsync is not on this path: one costs 0.6–16 ms here, and a periodic background fdatasync was
 * measured to stall the next write() on the same file for as long (admission p95 11 ms), so the file
 * is flushed to the disk on close only. A power cut can lose what the OS had not written back yet;
 * a killed or crashed window loses nothing.
 */
import { appendFileSync, closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../log';

export class SyncAppender {
  private current: { file: string; fd: number } | undefined;
  private dirty = false;

  constructor(
    private readonly dir: string,
    private readonly log: Log,
  ) {}

  /** False when the line could not be written (the caller queues it for a retry). */
  append(file: string, line: string, currentFile: string): boolean {
    try {
      if (file === currentFile) writeSync(this.fdFor(file), line);
      else appendFileSync(join(this.dir, file), line); // an older month, maybe being compacted: no cached handle
      this.dirty = true;
      return true;
    } catch (err) {
      this.log.warn(`ledger: could not append to ${file}, will retry`, err);
      this.closeCurrent();
      return false;
    }
  }

  close(): void {
    if (this.current && this.dirty) {
      try {
        fdatasyncSync(this.current.fd);
      } catch {
        // closing anyway
      }
    }
    this.closeCurrent();
  }

  private fdFor(file: string): number {
    if (this.current?.file === file) return this.current.fd;
    this.closeCurrent();
    const fd = openSync(join(this.dir, file), 'a');
    this.current = { file, fd };
    return fd;
  }

  private closeCurrent(): void {
    if (!this.current) return;
    try {
      closeSync(this.current.fd);
    } catch {
      // already gone
    }
    this.current = undefined;
  }
}
