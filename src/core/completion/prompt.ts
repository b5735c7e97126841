import type { ContextSource, Snippet } from './context/snippet';
import { requestShape, type CompletionMode } from './mode';
import type { TextWindow } from './window';

/** Codestral's multi-file FIM convention: each file headed by `+++++ <path>`; the matching stop keeps it from inventing the next file. */
export const FILE_SEPARATOR = '+++++';

/**
 * The prefix starts at a line whose number is a multiple of this (or at the file's start), so its
 * first line stays put while the user types and Mistral's prompt cache (prefix-matched) keeps hitting;
 * the window's own start moves whenever its token budget does. Costs at most 31 lines of the prefix.
 */
export const PREFIX_START_LINES = 32;

/**
 * Context sources from the least to the most likely to change between two keystrokes: a file's
 * imports hardly ever, definitions near the cursor and recent edits elsewhere now and then, the
 * similar code found for the lines being typed most often. The prompt cache reads a prompt up to its
 * first change, so the steadiest snippets go first.
 */
const STEADINESS: readonly ContextSource[] = ['imports', 'definitions', 'recentEdits', 'similarWindows'];

export interface FimPrompt {
  prompt: string;
  suffix: string;
  stop: string[];
  maxTokens: number;
}

export interface PromptLimits {
  maxTokensSingle: number;
  maxTokensMulti: number;
}

/**
 * The FIM request. Codestral reads `<s>[SUFFIX]suffix[PREFIX]prompt` (mistral-common's encode_fim), so
 * the model input runs suffix → context snippets → the current file's prefix → cursor: the parts that
 * change least come first, as far as the format allows (the prefix must end at the cursor).
 */
export function buildFimPrompt(
  path: string,
  window: TextWindow,
  snippets: readonly Snippet[],
  mode: CompletionMode,
  limits: PromptLimits,
): FimPrompt {
  const context = steadiestFirst(snippets)
    .map((s) => `${FILE_SEPARATOR} ${s.path}\n${s.text}\n\n`)
    .join('');
  const prefix = anchoredPrefix(window);
  const prompt = context ? `${context}${FILE_SEPARATOR} ${path}\n${prefix}` : prefix;
  const shape = requestShape(mode, limits);
  const stop = [`\n${FILE_SEPARATOR}`];
  if (shape.stopAtNewline) stop.push('\n');
  return { prompt, suffix: window.suffix, stop, maxTokens: shape.maxTokens };
}

/** Snippets by steadiness of their source, then by place (path, line): never by a score that moves with every keystroke. */
export function steadiestFirst(snippets: readonly Snippet[]): Snippet[] {
  const rank = (s: Snippet): number => STEADINESS.indexOf(s.source);
  return [...snippets].sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.startLine - b.startLine);
}

/** The window's prefix without its lines before the next multiple of PREFIX_START_LINES (the cursor line always stays). */
export function anchoredPrefix(window: Pick<TextWindow, 'prefix' | 'firstLine'>): string {
  const skip = (PREFIX_START_LINES - (window.firstLine % PREFIX_START_LINES)) % PREFIX_START_LINES;
  let at = 0;
  for (let i = 0; i < skip; i++) {
    const next = window.prefix.indexOf('\n', at);
    if (next < 0) return window.prefix.slice(at);
    at = next + 1;
  }
  return window.prefix.slice(at);
}
