import { blankKeyFragmentsIn } from '../privacy/keyFragments';
import type { WorkspaceContext } from './context/gather';
import type { Snippet } from './context/snippet';
import type { Cursor, DocumentView } from './document';
import type { CursorSyntax } from '../syntax/cursorSyntax';
import type { FilterContext } from './filters';
import { decideMode } from './mode';
import { inputTokenBound } from '../tokenBound';
import { buildFimPrompt } from './prompt';
import type { CompletionSettings } from './settings';
import { redactedLines, splitRedactedLine, type LineSource, type Redact } from './redactRegion';
import type { TextWindow } from './window';

/**
 * Prefix and suffix cut from one redacted region: the lines around the window are redacted with it
 * (redactRegion), then the cursor line is split, so a secret cut by the cursor or an edge stays whole.
 */
function redactWindow(doc: DocumentView, cursor: Cursor, window: TextWindow, redact: Redact): { prefix: string; suffix: string } {
  const lines = redactedLines(doc, window.firstLine, window.lastLine + 1, redact);
  const at = cursor.line - window.firstLine;
  const [before, after] = splitRedactedLine(doc.lineAt(cursor.line), lines[at] ?? '', cursor.character);
  return { prefix: [...lines.slice(0, at), before].join('\n'), suffix: [after, ...lines.slice(at + 1)].join('\n') };
}

/**
 * A snippet that is a run of its document's lines is redacted as part of the region around it; one
 * that is not (import lines picked out, a definition from a closed file) on its own, its key-looking
 * base64 lines emptied.
 */
function redactSnippet(s: Snippet, source: LineSource | undefined, redact: Redact): string {
  const count = lineCount(s.text);
  if (source && s.startLine + count <= source.lineCount && sameLines(source, s.startLine, s.text))
    return redactedLines(source, s.startLine, s.startLine + count, redact).join('\n');
  return blankKeyFragmentsIn(redact(s.text));
}

function sameLines(source: LineSource, start: number, text: string): boolean {
  let from = 0;
  for (let i = start; ; i++) {
    const nl = text.indexOf('\n', from);
    const line = nl < 0 ? text.slice(from) : text.slice(from, nl);
    if (source.lineAt(i) !== line) return false;
    if (nl < 0) return true;
    from = nl + 1;
  }
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export interface FimDispatchRequest {
  prompt: string;
  suffix: string;
  stop: string[];
  maxTokens: number;
  temperature: number;
  estimatedInputTokens: number;
  /** What budgets reserve on: no tokenizer counts more for this prompt (tokenBound.ts). */
  inputBoundTokens: number;
  language: string;
  /** The document's path (workspace-relative): what the prompt cache key is derived from; never sent. */
  path: string;
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
  /** The parse tree at the cursor (tree-sitter), parsed here inside the debounce wait; none while a grammar loads. */
  syntax?: SyntaxProbe;
}

export type SyntaxProbe = (languageId: string, prefix: string, suffix: string, documentKey: string) => CursorSyntax | undefined;

/**
 * Context, redaction and the FIM prompt: everything a completion request needs before it can leave.
 * Resolves undefined when `signal` aborts while a context source is awaited.
 */
export async function prepareRequest(
  deps: PrepareDeps,
  doc: DocumentView,
  cursor: Cursor,
  window: TextWindow,
  settings: CompletionSettings,
  signal: AbortSignal,
): Promise<PreparedRequest | undefined> {
  const syntax = deps.syntax?.(doc.languageId, window.prefix, window.suffix, doc.path);
  const mode = decideMode(window.linePrefix, window.lineSuffix, window.prefix, syntax);
  const gathered = deps.context.gather(
    doc,
    cursor,
    window,
    { budgetTokens: settings.contextTokens, enabled: settings.contextSources },
    signal,
  );
  const context = gathered instanceof Promise ? await gathered : gathered;
  if (signal.aborted) return undefined;
  const snippets = context.snippets.map((s) => ({
    ...s,
    text: redactSnippet(s, deps.context.documentAt(s.path, doc), deps.redactRepeated),
  }));
  const redactedWindow = { ...window, ...redactWindow(doc, cursor, window, deps.redact) };
  const fim = buildFimPrompt(doc.path, redactedWindow, snippets, mode, settings);
  const estimatedInputTokens = window.prefixTokens + window.suffixTokens + context.tokens;
  const filter: FilterContext = {
    mode,
    languageId: doc.languageId,
    prefix: window.prefix,
    linePrefix: window.linePrefix,
    lineSuffix: window.lineSuffix,
    suffix: window.suffix,
    maxLines: settings.maxLines,
    ...(syntax ? { syntax } : {}),
  };
  return {
    request: {
      ...fim,
      temperature: settings.temperature,
      estimatedInputTokens,
      inputBoundTokens: inputTokenBound([fim.prompt, fim.suffix]),
      language: doc.languageId,
      path: doc.path,
    },
    filter,
    streamBudgetMs: settings.streamBudgetMs,
  };
}
