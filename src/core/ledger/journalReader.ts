import { join } from 'node:path';
import type { Log } from '../log';
import { listJournalFiles, monthEndOf, parseChunk, readFrom, type JournalEvent } from './journal';

interface Cursor {
  ino: number;
  offset: number;
  oldestTs: number;
  /** Patch and corrupt lines: what compaction would fold away. */
  untidyLines: number;
}

/** Reads each journal file from where it last stopped; starts over when a file was rewritten. */
export class JournalReader {
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly dir: string,
    private readonly log: Log,
  ) {}

  /** Events appended since the last read, of every file or only of the files `only` picks. */
  async readNew(only: (file: string) => boolean = () => true): Promise<JournalEvent[]> {
    const events: JournalEvent[] = [];
    const files = await listJournalFiles(this.dir);
    for (const gone of [...this.cursors.keys()].filter((f) => !files.includes(f))) this.cursors.delete(gone);
    for (const file of files.filter(only)) {
      for (const e of this.readFile(file)) events.push(e);
    }
    return events;
  }

  /**
   * Synchronously, what was appended since the last read to the files already known plus `current`
   * (the month file being appended to now): the admission check runs this inside its lock.
   */
  readNewSync(current: string): JournalEvent[] {
    const files = new Set([...this.cursors.keys(), current]);
    const events: JournalEvent[] = [];
    for (const file of files) for (const e of this.readFile(file)) events.push(e);
    return events;
  }

  /** Files of months that ended before `settledBefore` and hold something compaction would remove. */
  compactionCandidates(settledBefore: number, cutoffMs: number): string[] {
    return [...this.cursors]
      .filter(([file, c]) => {
        const end = monthEndOf(file);
        return end !== undefined && end <= settledBefore && (c.untidyLines > 0 || c.oldestTs < cutoffMs);
      })
      .map(([file]) => file);
  }

  /** Read the file from the start next time (after it was rewritten). */
  forget(file: string): void {
    this.cursors.delete(file);
  }

  private readFile(file: string): JournalEvent[] {
    const known = this.cursors.get(file);
    const chunk = readFrom(join(this.dir, file), known?.offset ?? 0);
    if (!chunk) return [];
    const rewritten = !known || known.ino !== chunk.ino || chunk.size < known.offset;
    const cursor: Cursor = rewritten ? { ino: chunk.ino, offset: 0, oldestTs: Infinity, untidyLines: 0 } : known;
    const parsed = parseChunk(rewritten && known ? readFrom(join(this.dir, file), 0)!.buf : chunk.buf);
    cursor.offset += parsed.consumed;
    cursor.untidyLines += parsed.corrupt;
    for (const e of parsed.events) {
      if ('r' in e) cursor.oldestTs = Math.min(cursor.oldestTs, e.r.ts);
      else cursor.untidyLines++; // patches, intents, releases: compaction folds them away
    }
    this.cursors.set(file, cursor);
    if (parsed.corrupt > 0) this.log.warn(`ledger: skipped ${parsed.corrupt} unreadable line(s) in ${file}`);
    return parsed.events;
  }
}
