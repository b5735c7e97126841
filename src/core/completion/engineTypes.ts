import type { LedgerSink } from '../ledger/record';
import type { Log } from '../log';
import type { StreamEvent } from '../providers/types';
import type { WorkspaceContext } from './context/gather';
import type { Cursor, DocumentView } from './document';
import type { FimDispatchRequest, SyntaxProbe } from './prepare';
import type { CompletionSettings } from './settings';

/** Sends a FIM request through the router; the router writes the ledger record `recordId`. */
export type FimDispatch = (req: FimDispatchRequest, signal: AbortSignal) => { recordId: string; events: AsyncIterable<StreamEvent> };

export interface EngineDeps {
  dispatch: FimDispatch;
  context: WorkspaceContext;
  ledger: LedgerSink;
  settings: () => CompletionSettings;
  log: Log;
  now?: () => number;
  newId?: () => string;
  /** Secret redaction applied to everything sent; a pure function of its text (results are remembered). */
  redact?: (text: string) => string;
  /** True for text that must never be shown (e.g. it reproduces a redaction placeholder). */
  mustNotShow?: (text: string) => boolean;
  /** A failure the user may need to act on (the adapter decides whether and how to show it). */
  onError?: (err: unknown) => void;
  onStreaming?: (active: boolean) => void;
  /** The parse tree at the cursor (tree-sitter) for the mode decision and the cut; heuristics alone without it. */
  syntax?: SyntaxProbe;
  /**
   * The benchmark's baseline: every call goes to the network after the debounce — no mid-word skip,
   * no typed-through, cache or in-flight reuse.
   */
  alwaysRequest?: boolean;
}

export interface CompletionRequest {
  doc: DocumentView;
  cursor: Cursor;
  trigger: 'auto' | 'manual';
}

export type SuggestionSource = 'network' | LocalSource;
/** Answered by Tandem itself, without a request of its own. */
export type LocalSource = 'cache' | 'typed_through' | 'inflight';

export interface Suggestion {
  id: string;
  text: string;
  /** Characters right of the cursor, on its line, that the text replaces (0: an insertion). */
  replace: number;
  source: SuggestionSource;
}

export interface EngineStats {
  requests: number;
  network: number;
  cache: number;
  typedThrough: number;
  inflight: number;
  /**
   * How much later than the end of the debounce wait the request left for the network because of
   * Tandem's own work, ms. Work done inside the wait (reuse checks, context, prompt) does not count.
   */
  lastDispatchOverheadMs?: number;
  /** All of Tandem's work for the last request from the keystroke to dispatch, inside the wait or not, ms. */
  lastDispatchWorkMs?: number;
  /** From the call (after debounce) to the first token of the stream, ms. */
  lastTtftMs?: number;
}
