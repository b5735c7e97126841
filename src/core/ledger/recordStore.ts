import { canonicalCompletion, canonicalRecord } from './canonical';
import type { CompletionPatch, JournalEvent } from './journal';
import type { LedgerRecord } from './record';
import { SpendIndex } from './spendIndex';

/** The ledger's records in memory: by arrival, by id, and as running spend. */
export class RecordStore {
  private list: LedgerRecord[] = [];
  private readonly byId = new Map<string, LedgerRecord>();
  private spend = new SpendIndex();

  all(): readonly LedgerRecord[] {
    return this.list;
  }

  get(id: string): LedgerRecord | undefined {
    return this.byId.get(id);
  }

  /**
   * Stores a canonical copy (see canonical.ts), or returns undefined when the id is known already:
   * a record is kept once, whoever wrote it and however often it was read.
   */
  add(incoming: LedgerRecord): LedgerRecord | undefined {
    if (this.byId.has(incoming.id)) return undefined;
    const r = canonicalRecord(incoming);
    this.list.push(r);
    this.byId.set(r.id, r);
    this.spend.add(r);
    return r;
  }

  patch(id: string, p: CompletionPatch): LedgerRecord | undefined {
    const r = this.byId.get(id);
    if (!r?.completion) return undefined;
    r.completion = canonicalCompletion({ ...r.completion, ...withoutUndefined(p) });
    return r;
  }

  /** Applies an event read from disk; true when it changed what the ledger holds. */
  apply(e: JournalEvent, cutoffMs: number): boolean {
    if ('p' in e) return this.merge(e.id, e.p);
    if (!('r' in e)) return false; // intents and releases are the ledger's OpenIntents' business
    if (e.r.ts < cutoffMs) return false;
    if (this.add(e.r)) return true;
    // Known already: a compacted copy may carry patches that were folded in elsewhere.
    return e.r.completion ? this.merge(e.r.id, e.r.completion) : false;
  }

  private merge(id: string, p: CompletionPatch): boolean {
    const current = this.byId.get(id)?.completion;
    const keys = (Object.keys(p) as Array<keyof CompletionPatch>).filter((k) => p[k] !== undefined);
    if (!current || keys.every((k) => current[k] === p[k])) return false;
    this.patch(id, p);
    return true;
  }

  spentSince(sinceMs: number, task?: string): number {
    return this.spend.spentSince(sinceMs, task);
  }

  /** Drops records older than `cutoffMs`; returns how many went. */
  prune(cutoffMs: number): number {
    const kept = this.list.filter((r) => r.ts >= cutoffMs);
    const dropped = this.list.length - kept.length;
    if (dropped === 0) return 0;
    for (const r of this.list) if (r.ts < cutoffMs) this.byId.delete(r.id);
    this.list = kept;
    this.spend = new SpendIndex();
    for (const r of kept) this.spend.add(r);
    return dropped;
  }
}

/** A patch never erases a field: `{ acceptance: undefined }` means "no news", as it reads back from JSON. */
function withoutUndefined(p: CompletionPatch): CompletionPatch {
  const out: CompletionPatch = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) Object.assign(out, { [k]: v });
  return out;
}
