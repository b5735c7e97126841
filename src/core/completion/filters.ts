import { indentWidth, isBlank, traitsOf } from './languages';
import type { CompletionMode } from './mode';

export interface FilterContext {
  mode: CompletionMode;
  languageId: string;
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
  if (ctx.mode === 'single') return cutSingle(lines);
  // While streaming, the last piece may still be growing; once the stream ended it is complete too.
  const lastComplete = final ? lines.length - 1 : lines.length - 2;
  const baseIndent = indentWidth(ctx.linePrefix);
  const suffixLine = firstSuffixLine(ctx.suffix);
  let wentDeeper = false;
  for (let i = 1; i <= lastComplete; i++) {
    const line = lines[i]!;
    if (i >= ctx.maxLines) return stopBefore(lines, i);
    if (line.startsWith('+++++')) return stopBefore(lines, i);
    if (isBlank(line)) continue;
    const indent = indentWidth(line);
    if (indent < baseIndent) {
      // Closing the enclosing block is welcome when the file does not close it yet (end of file).
      const closesMissingBlock = !suffixLine && closesBlock(line, ctx.languageId);
      return stopBefore(lines, closesMissingBlock ? i + 1 : i);
    }
    if (suffixLine && repeatsSuffix(line, suffixLine)) return stopBefore(lines, i);
    if (repeatsPrevious(lines, i)) return stopBefore(lines, i - 1);
    if (indent > baseIndent) wentDeeper = true;
    else if (wentDeeper && closesBlock(line, ctx.languageId)) return stopBefore(lines, i + 1);
  }
  return { text, stopped: false };
}

function cutSingle(lines: string[]): Cut {
  if (lines.length === 1) return { text: lines[0]!, stopped: false };
  return { text: lines[0]!, stopped: true };
}

function stopBefore(lines: string[], index: number): Cut {
  return { text: lines.slice(0, index).join('\n'), stopped: true };
}

/** The first non-blank line after the cursor line, trimmed, with its indent. */
function firstSuffixLine(suffix: string): { text: string; indent: number } | undefined {
  const lines = suffix.split('\n').slice(1);
  const line = lines.find((l) => !isBlank(l));
  return line === undefined ? undefined : { text: line.trim(), indent: indentWidth(line) };
}

/** The model started re-typing the code below the cursor (at the same or a shallower indent). */
function repeatsSuffix(line: string, suffixLine: { text: string; indent: number }): boolean {
  return line.trim() === suffixLine.text && indentWidth(line) <= suffixLine.indent;
}

/** Three identical non-trivial lines in a row: the model is looping. */
function repeatsPrevious(lines: string[], i: number): boolean {
  if (i < 2) return false;
  const t = lines[i]!.trim();
  return t.length > 2 && lines[i - 1]!.trim() === t && lines[i - 2]!.trim() === t;
}

/** Back at the block's indent after deeper lines: the block the completion opened is finished. */
function closesBlock(line: string, languageId: string): boolean {
  if (traitsOf(languageId).indentBlocks) return false;
  return /^\s*[)\]}]/.test(line) || /^\s*end\b/.test(line);
}

/** Final clean-up after the stream ended; undefined when nothing is worth showing. */
export function postprocess(text: string, ctx: FilterContext, truncated: boolean): string | undefined {
  let out = truncated ? dropIncompleteLastLine(text) : text;
  out = trimLineSuffixOverlap(out, ctx.lineSuffix);
  out = cutUnmatchedCloser(out, ctx.lineSuffix);
  out = out.replace(/\s+$/, '');
  if (isBlank(out)) return undefined;
  if (repeatsExistingCode(out, ctx)) return undefined;
  return out;
}

/** A completion cut by max_tokens or the time budget ends mid-line; keep only whole lines. */
export function dropIncompleteLastLine(text: string): string {
  const at = text.lastIndexOf('\n');
  return at < 0 ? text : text.slice(0, at);
}

/**
 * The code right of the cursor stays in the document, so a completion that ends by re-typing it
 * (`a, b)` before `)`) would duplicate it: drop the overlapping tail of the first line.
 */
export function trimLineSuffixOverlap(text: string, lineSuffix: string): string {
  const rest = lineSuffix.trim();
  if (!rest) return text;
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const tail = nl < 0 ? '' : text.slice(nl);
  for (let n = rest.length; n > 0; n--) {
    if (first.trimEnd().endsWith(rest.slice(0, n))) return first.trimEnd().slice(0, -n) + tail;
  }
  return text;
}

const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * A closer the completion never opened, matching the next character right of the cursor, means the
 * model closed what the document already closes: cut there. Other unmatched closers close code above
 * the cursor (`foo(a` → `, b)`), which is right.
 */
export function cutUnmatchedCloser(text: string, lineSuffix: string): string {
  const next = lineSuffix.trimStart()[0];
  if (!next || !(next in PAIRS)) return text;
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') return text;
    if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
    else if (ch in PAIRS) {
      if (stack.length && stack[stack.length - 1] === PAIRS[ch]) stack.pop();
      else if (ch === next) return text.slice(0, i).trimEnd();
    }
  }
  return text;
}

/** The completion only says what already follows the cursor. */
function repeatsExistingCode(text: string, ctx: FilterContext): boolean {
  const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const proposed = squash(text);
  return proposed.length > 0 && squash(ctx.suffix).startsWith(proposed);
}

/** The whole pipeline on a finished raw output: what the user would see. */
export function finalizeCompletion(raw: string, ctx: FilterContext, truncated = false): string | undefined {
  const cut = cutStream(raw, ctx, true);
  return postprocess(cut.text, ctx, truncated && !cut.stopped);
}
