import type { AcceptanceTracker } from './acceptance';

export interface LifecycleTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: LifecycleTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Long enough for the editor to draw the ghost text returned to it; shorter than a typing gap. */
export const RENDER_MS = 50;

/**
 * Follows a suggestion through the editor with the stable VS Code API only. The "shown", partial-accept
 * and end-of-lifetime callbacks of inline completion providers belong to a proposed API that a published
 * extension cannot use, so each state is inferred from what stable API does report:
 * - shown: the provider returned the item and no newer request replaced it before the next render;
 * - accepted: the item's own command ran (VS Code runs it after inserting the whole item);
 * - partially accepted: an edit inserted two or more characters that continue the suggestion at once
 *   (accept word / accept line); typing it one character at a time is typing, not accepting;
 * - dismissed: an edit that does not continue the suggestion, a deletion, or the cursor leaving its line.
 */
export class SuggestionLifecycle {
  private pending: { id: string; handle: unknown } | undefined;
  /** Characters of the shown suggestion already in the document (typed or partly accepted). */
  private consumed: { id: string; chars: number; accepted: number } | undefined;

  constructor(
    private readonly tracker: AcceptanceTracker,
    private readonly timers: LifecycleTimers = realTimers,
    private readonly renderMs = RENDER_MS,
  ) {}

  /** The provider handed this suggestion to the editor. */
  offered(id: string): void {
    this.cancelPending();
    const handle = this.timers.setTimeout(() => {
      this.pending = undefined;
      this.tracker.markShown(id);
    }, this.renderMs);
    this.pending = { id, handle };
  }

  /** The editor asked again (a keystroke): an offer not yet drawn was superseded. */
  requested(): void {
    this.cancelPending();
  }

  /** One edit at the cursor of the active editor: `inserted` is the new text (empty for a deletion). */
  edited(inserted: string): void {
    const shown = this.tracker.lastShown();
    if (!shown) return;
    const state = this.consumed?.id === shown.id ? this.consumed : { id: shown.id, chars: 0, accepted: 0 };
    if (inserted.length === 0 || !shown.text.startsWith(inserted, state.chars)) {
      this.consumed = undefined;
      this.tracker.dismissed(shown.id);
      return;
    }
    state.chars += inserted.length;
    if (inserted.length >= 2) {
      state.accepted = state.chars;
      this.tracker.partiallyAccepted(shown.id, state.chars);
    }
    this.consumed = state;
  }

  /** The item's command ran: VS Code inserted all of it. */
  accepted(id: string): void {
    this.cancelPending();
    this.tracker.accepted(id);
  }

  /** The cursor moved to another line by the user (not by an edit). */
  cursorLeftLine(): void {
    const shown = this.tracker.lastShown();
    // A line change caused by typing or accepting part of the suggestion (its newline) is not a dismissal.
    if (shown && this.consumed?.id !== shown.id) this.tracker.dismissed(shown.id);
  }

  dispose(): void {
    this.cancelPending();
  }

  private cancelPending(): void {
    if (!this.pending) return;
    this.timers.clearTimeout(this.pending.handle);
    this.pending = undefined;
  }
}
