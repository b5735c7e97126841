import type { WorkspaceContext } from './context/gather';
import type { Cursor, DocumentView } from './document';
import type { FilterContext } from './filters';
import { decideMode } from './mode';
import { buildFimPrompt } from './prompt';
import type { CompletionSettings } from './settings';
import type { TextWindow } from './window';

export interface FimDispatchRequest {
  prompt: string;
  suffix: string;
  stop: string[];
  maxTokens: number;
  temperature: number;
  estimatedInputTokens: number;
  language: string;
}

/** A request ready to leave: what is sent, and how its stream is filtered. */
export interface PreparedRequest {
  request: FimDispatchRequest;
  filter: FilterContext;
  streamBudgetMs: number;
}

export interface PrepareDeps {
  context: WorkspaceContext;
  /** Secret redaction of everything sent. */
  redact(text: string): string;
  /** The same, remembered by text: snippets and the suffix mostly repeat between requests, the prefix never does. */
  redactRepeated(text: string): string;
}

/**
 * Context, redaction and the FIM prompt: everything a completion request needs before it can leave.
 * Resolves undefined when `signal` aborts while a context source is awaited.
 */
export async function prepareRequest(deps: PrepareDeps, doc: DocumentView, cursor: Cursor, window: TextWindow, settings: CompletionSettings, signal: AbortSignal): Promise<PreparedRequest | undefined> {
  const mode = decideMode(window.linePrefix, window.lineSuffix, window.prefix);
  const gathered = deps.context.gather(doc, cursor, window, { budgetTokens: settings.contextTokens, enabled: settings.contextSources }, signal);
  const context = gathered instanceof Promise ? await gathered : gathered;
  if (signal.aborted) return undefined;
  const snippets = context.snippets.map((s) => ({ ...s, text: deps.redactRepeated(s.text) }));
  const redactedWindow = { ...window, prefix: deps.redact(window.prefix), suffix: deps.redactRepeated(window.suffix) };
  const fim = buildFimPrompt(doc.path, redactedWindow, snippets, mode, settings);
  const estimatedInputTokens = window.prefixTokens + window.suffixTokens + context.tokens;
  const filter: FilterContext = { mode, languageId: doc.languageId, prefix: window.prefix, linePrefix: window.linePrefix, lineSuffix: window.lineSuffix, suffix: window.suffix, maxLines: settings.maxLines };
  return { request: { ...fim, temperature: settings.temperature, estimatedInputTokens, language: doc.languageId }, filter, streamBudgetMs: settings.streamBudgetMs };
}
