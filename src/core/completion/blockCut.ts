import type { CursorSyntax } from '../syntax/cursorSyntax';
import { scanBrackets, CLOSERS } from './brackets';
import { indentWidth, isBlank, traitsOf } from './languages';
import { CLOSERS_ONLY, OPENS_BLOCK, opensDocstring } from './mode';

/** Where a multi-line completion lives: the indent its lines must keep, and what ends it early. */
export interface BlockFrame {
  /** Lines shallower than this leave the block the completion is in. */
  base: number;
  /** The completion opened a docstring/doc comment: it ends with the line that closes it. */
  docstring: boolean;
}

/** The code around the cursor, as the block cutter needs it. */
export interface CutInput {
  languageId: string;
  /** The parse tree's view (tree-sitter), when the language has a grammar and it is loaded. */
  syntax?: CursorSyntax;
  prefix: string;
  linePrefix: string;
  lineSuffix: string;
  suffix: string;
  maxLines: number;
}

const CLOSER_LINE = /^\s*([)\]}]|(end|fi|done|esac)\b|<\/[\w.-]+>)/;
/** gofmt (and some C styles) put `case` labels at the indent of their `switch`. */
const SWITCH_LABEL = /^\s*(case\b|default\s*:)/;
const BRACKET_CLOSER_LINE = /^\s*[)\]}]/;
const DECLARATION =
  /^\s*(@\w|(export|pub(\([\w:]+\))?|public|private|protected|internal|static|async|abstract|override|final|open|default)\s|(def|class|function|func|fn|interface|struct|enum|impl|trait|fun|module|object|namespace|describe|it|test)\b)/;

/**
 * The block a completion at the cursor belongs to, from the cursor line and the completion's first
 * lines (complete when this is asked). `nextLine`: it starts on the line after the cursor's.
 */
export function frameAt(input: CutInput, nextLine: boolean, lines: readonly string[]): BlockFrame {
  const { linePrefix, prefix } = input;
  if (!nextLine && opensDocstring(linePrefix, prefix)) return { base: indentWidth(linePrefix), docstring: true };
  if (nextLine) return { base: nextLineBase(linePrefix, lines), docstring: false };
  if (!isBlank(linePrefix)) return { base: indentWidth(linePrefix) + 1, docstring: false };
  if (indentWidth(linePrefix) > 0) return { base: indentWidth(linePrefix), docstring: false };
  // Column 0 of a blank line: the model's own indent says which block it writes in, else the code above.
  const first = lines[0]!;
  return { base: isBlank(first) ? enclosingIndent(prefix) : indentWidth(first), docstring: false };
}

/** After `raise …` / `return …` the next line may dedent; a closing `}` is judged as a closer instead. */
function nextLineBase(linePrefix: string, lines: readonly string[]): number {
  const first = lines.slice(1).find((l) => !isBlank(l));
  const own = indentWidth(linePrefix);
  if (first === undefined || CLOSER_LINE.test(first)) return own;
  return Math.min(own, indentWidth(first));
}

/**
 * The indent of the block around a blank cursor line, from the code above it: one deeper than a line
 * that opens a block, the same as a statement. A cursor at column 0 of a blank line inside a function
 * is inside the function; two blank lines after it (Python's top-level spacing) leave it.
 */
function enclosingIndent(prefix: string): number {
  const lines = prefix.split('\n');
  lines.pop(); // the cursor line
  let blanks = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (isBlank(line)) {
      blanks++;
      continue;
    }
    if (OPENS_BLOCK.test(line.trimEnd())) return indentWidth(line) + 1;
    return blanks >= 2 ? 0 : indentWidth(line);
  }
  return 0;
}

export interface BlockCut {
  /** Index of the first line not kept. */
  end: number;
  stopped: boolean;
}

/**
 * Where a multi-line completion ends, on whole lines: at the first line that leaves the block (keeping a
 * closer the code still needs — counted across prefix, completion and suffix), re-types the code below
 * the cursor, loops, runs into a multi-file header, or starts a second declaration after the unit it
 * opened is complete. A nested block does not end it: `for (…) { … }` then `return …` is one body.
 */
export function cutBlock(lines: readonly string[], lastComplete: number, input: CutInput, frame: BlockFrame, final: boolean): BlockCut {
  const suffixLines = nonBlankLines(input.suffix.split('\n').slice(1));
  const indentOnly = traitsOf(input.languageId).indentBlocks;
  let deeper = false;
  let unitClosed = false;
  for (let i = 1; i <= lastComplete; i++) {
    const line = lines[i]!;
    if (i >= input.maxLines || line.startsWith('+++++')) return { end: i, stopped: true };
    if (isBlank(line)) continue;
    const indent = indentWidth(line);
    if (indent < frame.base && !(indent === frame.base - 1 && SWITCH_LABEL.test(line)) && !inLiteral(lines, i, input)) {
      const keep = (indentOnly ? BRACKET_CLOSER_LINE : CLOSER_LINE).test(line) && closerNeeded(lines.slice(0, i), line, input, suffixLines);
      return { end: keep ? i + 1 : i, stopped: true };
    }
    const repeat = repeatsSuffix(lines, i, lastComplete, suffixLines, final);
    if (repeat) return { end: i, stopped: true };
    if (loops(lines, i)) return { end: i - 1, stopped: true };
    if (frame.docstring && closesDocstring(line)) return { end: i + 1, stopped: true };
    if (unitClosed && indent === frame.base && isBlank(lines[i - 1]!) && (frame.base === 0 || DECLARATION.test(line)))
      return { end: i, stopped: true };
    if (indent > frame.base) deeper = true;
    else if (deeper) unitClosed = true;
  }
  return { end: lines.length, stopped: false };
}

function nonBlankLines(lines: string[]): { text: string; indent: number }[] {
  return lines.filter((l) => !isBlank(l)).map((l) => ({ text: l.trim(), indent: indentWidth(l) }));
}

/**
 * A closing line below the block's indent is kept when it closes something the prefix and the
 * completion left open, and the code after the cursor does not already close it on its next line.
 */
function closerNeeded(before: readonly string[], line: string, input: CutInput, suffixLines: { text: string; indent: number }[]): boolean {
  const closer = line.trim()[0]!;
  const token = CLOSER_LINE.exec(line)![1]!;
  const onCursorLine = CLOSERS_ONLY.test(input.lineSuffix) && input.lineSuffix.includes(closer);
  const next = suffixLines[0];
  const onNextLine = next !== undefined && next.indent === indentWidth(line) && next.text.startsWith(token);
  if (onNextLine && !onCursorLine) return false;
  if (!(closer in CLOSERS)) return true; // `end`, `fi`, `</div>`: nothing to count, the suffix decided
  // The tree counts brackets in strings, comments and regexes right; the scan is the fallback.
  const fromTree = input.syntax?.closerNeeded(before.join('\n'), closer);
  if (fromTree !== undefined) return fromTree;
  const state = scanBrackets(input.prefix + before.join('\n'), input.languageId);
  return state.stack[state.stack.length - 1] === CLOSERS[closer];
}

/** A dedented line inside a template literal, a docstring or a block comment is text, not the block's end. */
function inLiteral(lines: readonly string[], i: number, input: CutInput): boolean {
  return input.syntax?.lineStartsInLiteral(lines.slice(0, i + 1).join('\n')) ?? false;
}

/**
 * The model started re-typing the code below the cursor: the next line of the file at the same or a
 * shallower indent, or at a deeper one when the line after it follows too (or the completion ends).
 */
function repeatsSuffix(
  lines: readonly string[],
  i: number,
  lastComplete: number,
  suffixLines: { text: string; indent: number }[],
  final: boolean,
): boolean {
  const first = suffixLines[0];
  const text = lines[i]!.trim();
  if (!first || text !== first.text) return false;
  if (indentWidth(lines[i]!) <= first.indent) return true;
  if (!/\w/.test(text) || text.length < 4) return false;
  const after = nextNonBlank(lines, i + 1, lastComplete);
  if (after === undefined) return final;
  return suffixLines[1] !== undefined && lines[after]!.trim() === suffixLines[1].text;
}

function nextNonBlank(lines: readonly string[], from: number, last: number): number | undefined {
  for (let j = from; j <= last; j++) if (!isBlank(lines[j]!)) return j;
  return undefined;
}

/** Three identical non-trivial lines in a row: the model is looping. */
function loops(lines: readonly string[], i: number): boolean {
  if (i < 2) return false;
  const t = lines[i]!.trim();
  return t.length > 2 && lines[i - 1]!.trim() === t && lines[i - 2]!.trim() === t;
}

function closesDocstring(line: string): boolean {
  return /"""|'''|\*\//.test(line);
}
