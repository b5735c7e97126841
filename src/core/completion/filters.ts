import { cutBlock, frameAt } from './blockCut';
import { isBlank } from './languages';
import { fitToLineSuffix, type Shown } from './lineSuffix';
import type { CompletionMode } from './mode';
import type { CursorSyntax } from '../syntax/cursorSyntax';

export { cutUnmatchedCloser, trimLineSuffixOverlap, type Shown } from './lineSuffix';

export interface FilterContext {
  mode: CompletionMode;
  languageId: string;
  /** The parse tree's view at the cursor (tree-sitter), when there is a loaded grammar. */
  syntax?: CursorSyntax;
  /** Everything before the cursor in the window (ends with linePrefix). */
  prefix: string;
  linePrefix: string;
  lineSuffix: string;
  /** Everything after the cursor in the window (starts with lineSuffix). */
  suffix: string;
  maxLines: number;
}

export interface Cut {
  text: string;
  /** A stop was found: the rest of the stream is not needed and can be aborted. */
  stopped: boolean;
}

/**
 * Decides, on whole lines only, where a streamed completion ends. Because it looks only at complete
 * lines, cutting a stream chunk by chunk gives the same result as cutting the whole text at once,
 * which is what lets the replay tool reproduce the extension exactly.
 */
export function cutStream(text: string, ctx: FilterContext, final = false): Cut {
  const lines = text.split('\n');
  if (lines.length === 1) return { text, stopped: false };
  const nextLine = ctx.mode === 'single' && isNextLineSuggestion(lines, ctx);
  if (ctx.mode === 'single' && !nextLine) return { text: lines[0]!, stopped: true };
  // While streaming, the last piece may still be growing; once the stream ended it is complete too.
  const lastComplete = final ? lines.length - 1 : lines.length - 2;
  const cut = cutBlock(lines, lastComplete, ctx, frameAt(ctx, nextLine, lines), final);
  return cut.stopped ? { text: lines.slice(0, cut.end).join('\n'), stopped: true } : { text, stopped: false };
}

/**
 * At the end of a complete line (nothing right of the cursor), an answer that starts with a line break
 * proposes the next line(s): the next YAML key, record field, or the `}` a function still lacks.
 */
function isNextLineSuggestion(lines: readonly string[], ctx: FilterContext): boolean {
  return isBlank(lines[0]!) && isBlank(ctx.lineSuffix) && !isBlank(ctx.linePrefix);
}

/** Final clean-up after the stream ended; undefined when nothing is worth showing. */
export function postprocess(text: string, ctx: FilterContext, truncated: boolean): Shown | undefined {
  let out = truncated ? dropIncompleteLastLine(text) : text;
  out = dropDoubleSpace(out, ctx.linePrefix);
  const shown = fitToLineSuffix(out, ctx.prefix, ctx.suffix, ctx.languageId);
  if (isBlank(shown.text)) return undefined;
  if (repeatsExistingCode(shown, ctx) || repeatsLineAbove(shown.text, ctx)) return undefined;
  return shown;
}

/** A completion cut by max_tokens or the time budget ends mid-line; keep only whole lines. */
export function dropIncompleteLastLine(text: string): string {
  const at = text.lastIndexOf('\n');
  return at < 0 ? text : text.slice(0, at);
}

/** After `return ` the model's own leading space would make `return  this`. */
function dropDoubleSpace(text: string, linePrefix: string): string {
  if (isBlank(linePrefix) || !/[ \t]$/.test(linePrefix)) return text;
  return text.replace(/^[ \t]+/, '');
}

/** The completion only says what already follows the cursor, or re-types the next line with what is right of the cursor. */
function repeatsExistingCode(shown: Shown, ctx: FilterContext): boolean {
  const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const proposed = squash(shown.text);
  if (proposed.length === 0) return false;
  if (shown.replace === 0 && squash(ctx.suffix).startsWith(proposed)) return true;
  const nextLine = ctx.suffix
    .split('\n')
    .slice(1)
    .find((l) => !isBlank(l));
  const line = squash(ctx.linePrefix + shown.text + ctx.lineSuffix.slice(shown.replace));
  return !shown.text.includes('\n') && nextLine !== undefined && line.length >= 3 && line === squash(nextLine);
}

/** A suggestion whose first line is the line above the cursor again (`def average_price(items):` under itself). */
function repeatsLineAbove(text: string, ctx: FilterContext): boolean {
  const above = ctx.prefix
    .split('\n')
    .slice(0, -1)
    .reverse()
    .find((l) => !isBlank(l));
  const first = (ctx.linePrefix + text.split('\n')[0]!).trim();
  return above !== undefined && first.length > 3 && /\w/.test(first) && first === above.trim();
}

/** The whole pipeline on a finished raw output: what the user would see. */
export function finalizeCompletion(raw: string, ctx: FilterContext, truncated = false): Shown | undefined {
  const cut = cutStream(raw, ctx, true);
  return postprocess(cut.text, ctx, truncated && !cut.stopped);
}
