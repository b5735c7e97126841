import type { Finding } from '../types';

/**
 * Messages from the extension to the explain/review panel. The page keeps one state and renders it
 * whole, so the order of messages decides what it shows, never the timing of a redraw.
 * A turn runs start|followup → thinking? → delta* → one of done | error | cancelled | refused.
 */
export type PanelMessage =
  | { type: 'start'; title: string; subtitle?: string }
  /** A follow-up question opens a new turn under the earlier ones. */
  | { type: 'followup'; question: string; subtitle?: string }
  /** The model started thinking (a thinking block; the stream is silent meanwhile): the header says thinking… until the next text. */
  | { type: 'thinking' }
  | { type: 'delta'; text: string }
  | { type: 'done'; text?: string; footer?: string }
  /** The turn failed; any text already shown stays and is marked incomplete. */
  | { type: 'error'; message: string; footer?: string }
  | { type: 'cancelled'; footer?: string }
  /** The model declined (`stop_reason: "refusal"`); partial text stays, marked as refused. */
  | { type: 'refused'; message: string; footer?: string }
  | { type: 'findings'; findings: Finding[] }
  /** Whether the page offers the follow-up input (after a finished turn with a conversation to continue). */
  | { type: 'followupEnabled'; enabled: boolean };

export type PageMessage =
  { type: 'ready' } | { type: 'cancel' } | { type: 'reveal'; path: string; line: number } | { type: 'followup'; question: string };

export type PanelPhase = 'thinking' | 'streaming' | 'done' | 'error' | 'cancelled' | 'refused';

/** What the header says in each phase (the page and its tests share these words). */
export const PHASE_LABEL: Record<PanelPhase, string> = {
  thinking: 'thinking…',
  streaming: 'streaming…',
  done: 'done',
  error: 'failed — answer incomplete',
  cancelled: 'cancelled',
  refused: 'refused by the model',
};
