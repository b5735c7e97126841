import { CLOSERS_ONLY, OPENS_BLOCK } from '../../core/completion/mode';
import { estimateTokens } from '../../core/tokens';
import { novelAware, rankCorpus } from './adapt';
import type { CorpusFile } from './corpus';

export interface FimInput {
  prompt: string;
  suffix: string;
  corpus: CorpusFile[];
  /** Keep going past the natural end (block end, suffix) until at least this many tokens. */
  minTokens?: number;
}

const MIN_MATCH_CHARS = 3;
const MAX_MATCH_CHARS = 400;
const MAX_LINES = 12;

/**
 * The simulator's deterministic code model: find the longest tail of the prompt that also occurs in
 * earlier text (the prompt's own context snippets and code above the cursor, then the corpus) and
 * continue with what followed it there, ending at the block's end and never re-typing the suffix.
 * Stop sequences and max_tokens are applied by the caller.
 */
export function fimContinuation(input: FimInput): string {
  const sources = [input.prompt, ...rankCorpus(input.prompt, input.corpus).map((f) => f.text)];
  const match = longestTailMatch(input.prompt, sources);
  const minTokens = input.minTokens ?? 0;
  const natural = novelAware(input.prompt, input.suffix, sources, match ? trimContinuation(match, input.prompt, input.suffix) : '');
  if (estimateTokens(natural) >= minTokens) return natural;
  // min_tokens forbids stopping early: run on through the matched text, then blank lines.
  const out = match ?? '';
  const missing = minTokens - estimateTokens(out);
  return missing > 0 ? out + ' \n\n'.repeat(missing) : out;
}

/** Text following the longest earlier occurrence of the prompt's tail, or undefined when nothing matches. */
function longestTailMatch(prompt: string, sources: string[]): string | undefined {
  // A tail of length k occurring implies every shorter tail occurs, so the longest is a binary search.
  let lo = MIN_MATCH_CHARS - 1;
  let hi = Math.min(MAX_MATCH_CHARS, prompt.length - 1);
  let found: string | undefined;
  while (lo < hi) {
    const k = Math.ceil((lo + hi + 1) / 2);
    const continuation = continuationAfter(prompt.slice(-k), prompt, sources);
    if (continuation === undefined) hi = k - 1;
    else {
      lo = k;
      found = continuation;
    }
  }
  return found;
}

function continuationAfter(tail: string, prompt: string, sources: string[]): string | undefined {
  for (const [i, source] of sources.entries()) {
    // In the prompt itself, the occurrence must end before the cursor (the tail matches itself there).
    const searchable = i === 0 ? source.slice(0, -1) : source;
    const at = i === 0 ? searchable.lastIndexOf(tail) : searchable.indexOf(tail);
    if (at < 0) continue;
    const rest = source.slice(at + tail.length, i === 0 ? prompt.length - tail.length : undefined);
    if (rest.trim() !== '') return rest;
  }
  return undefined;
}

/**
 * Like a FIM model: with code right of the cursor it finishes the line; where the editor only auto-closed
 * brackets or quotes (`{█}`) or at a line's end it goes on — a body after a block opener, through its
 * nested blocks, to the line that closes it. Whether that is kept is the client's stop/filter choice.
 */
function trimContinuation(text: string, prompt: string, suffix: string): string {
  const midLine = !prompt.endsWith('\n') && !CLOSERS_ONLY.test(firstLine(suffix));
  if (midLine) return finishLine(firstLine(text), firstLine(suffix).trim());
  // Closers the editor auto-inserted on the cursor line are re-typed where the body ends, as models do.
  let out = cutBeforeSuffix(text, prompt.endsWith('\n') ? suffix : suffix.slice(firstLine(suffix).length));
  const cursorLine = prompt.slice(prompt.lastIndexOf('\n') + 1);
  out = OPENS_BLOCK.test(cursorLine.trimEnd())
    ? cutAtBlockClose(out, leadingSpaces(cursorLine))
    : cutAtBlockEnd(out, currentIndent(prompt));
  return out;
}

/** After a block opener: the body, then the line back at the opener's indent that closes it. */
function cutAtBlockClose(text: string, openerIndent: number): string {
  const lines = text.split('\n');
  for (let i = 1; i < Math.min(lines.length, MAX_LINES); i++) {
    const line = lines[i]!;
    if (line.trim() !== '' && leadingSpaces(line) <= openerIndent) return lines.slice(0, i + 1).join('\n');
  }
  return lines.slice(0, MAX_LINES).join('\n');
}

/** With code right of the cursor, complete only this line and stop where that code begins. */
function finishLine(line: string, rest: string): string {
  const at = line.indexOf(rest);
  return at >= 0 ? line.slice(0, at) : line;
}

/**
 * Stop before the line where the continuation would repeat the suffix's first non-blank line (at the
 * same or a shallower indent, so an inner `}` is not mistaken for the suffix's closing one).
 */
function cutBeforeSuffix(text: string, suffix: string): string {
  const next = suffix.split('\n').find((l) => l.trim() !== '');
  if (next === undefined) return text;
  const lines = text.split('\n');
  const i = lines.findIndex((l, idx) => idx > 0 && l.trim() === next.trim() && leadingSpaces(l) <= leadingSpaces(next));
  return i < 0 ? text : lines.slice(0, i).join('\n') + '\n';
}

/** End after the line that closes the current block, at a blank line, or after MAX_LINES lines. */
function cutAtBlockEnd(text: string, indent: number): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (i > 0 && line.trim() === '' && kept.some((l) => l.trim() !== '')) break;
    kept.push(line);
    const dedented = i > 0 && line.trim() !== '' && leadingSpaces(line) < indent;
    if (dedented || kept.length >= MAX_LINES) break;
  }
  const joined = kept.join('\n');
  return kept.length < lines.length ? `${joined}\n` : joined;
}

function currentIndent(prompt: string): number {
  const lines = prompt.split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (last.trim() !== '') return leadingSpaces(last);
  const previous = [...lines].reverse().find((l) => l.trim() !== '') ?? '';
  return leadingSpaces(previous);
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}
