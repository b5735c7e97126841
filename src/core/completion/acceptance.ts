import type { LedgerSink } from '../ledger/record';

interface Registered {
  recordId: string;
  text: string;
  /** A typed-through continuation's outcome decides its parent's too. */
  parentId?: string;
  settled: boolean;
  /** Characters taken by partial accepts so far. */
  partialChars: number;
}

/**
 * Follows each suggestion from shown to accepted (whole or partly, by word/line) or rejected, and
 * writes that to the ledger. Only lengths are recorded, never text.
 */
export class AcceptanceTracker {
  /** Suggestions handed to the editor (the last 200), by id: shown or not yet. */
  private readonly registered = new Map<string, Registered>();
  private lastShownId: string | undefined;

  constructor(private readonly ledger: LedgerSink) {}

  register(id: string, recordId: string, text: string, parentId?: string): void {
    this.registered.set(id, { recordId, text, parentId, settled: false, partialChars: 0 });
    if (this.registered.size > 200) this.registered.delete(this.registered.keys().next().value as string);
  }

  markShown(id: string): void {
    const s = this.registered.get(id);
    if (!s) return;
    if (this.lastShownId && this.lastShownId !== id && this.lastShownId !== s.parentId) this.settle(this.lastShownId, 'rejected', 0);
    this.lastShownId = id;
    this.ledger.updateCompletion(s.recordId, { shown: true, shownChars: s.text.length });
  }

  accepted(id: string): void {
    const s = this.registered.get(id);
    if (s) this.settle(id, 'accepted', s.text.length);
  }

  /** Part of the suggestion was taken (accept word/line): `chars` of it. */
  partiallyAccepted(id: string, chars: number): void {
    const s = this.registered.get(id);
    if (!s || s.settled) return;
    if (chars >= s.text.length) return this.settle(id, 'accepted', s.text.length);
    s.partialChars = chars;
    this.ledger.updateCompletion(s.recordId, { acceptance: 'partial', acceptedChars: chars });
  }

  /** The suggestion went away without being taken (Escape, typed something else, moved away). */
  dismissed(id: string): void {
    const s = this.registered.get(id);
    if (s && !s.settled) this.settle(id, 'rejected', 0);
  }

  lastShown(): { id: string; text: string } | undefined {
    const s = this.lastShownId ? this.registered.get(this.lastShownId) : undefined;
    return s && !s.settled && this.lastShownId ? { id: this.lastShownId, text: s.text } : undefined;
  }

  private settle(id: string, outcome: 'accepted' | 'rejected', chars: number): void {
    const s = this.registered.get(id);
    if (!s || s.settled) return;
    s.settled = true;
    if (this.lastShownId === id) this.lastShownId = undefined;
    if (outcome === 'rejected' && s.partialChars > 0) return; // stays a partial accept
    this.ledger.updateCompletion(s.recordId, { acceptance: outcome, acceptedChars: chars });
    if (s.parentId) this.settle(s.parentId, outcome, outcome === 'accepted' ? (this.registered.get(s.parentId)?.text.length ?? 0) : 0);
  }
}
