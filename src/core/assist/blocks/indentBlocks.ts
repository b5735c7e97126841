import type { LineRange } from '../types';

const DECLARATION = /^(\s*)(?:async\s+def|def|class)\b/;
const DECORATOR = /^\s*@/;

/**
 * Python: the innermost `def`/`class` (with its decorators) whose indented body holds the line.
 * The body ends before the first later code line indented no deeper than the declaration;
 * lines inside triple-quoted strings and blank lines do not end it.
 */
export function indentedDeclaration(lines: string[], line: number): LineRange | undefined {
  const code = codeLineMask(lines);
  for (let i = line - 1; i >= 0; i--) {
    const m = code[i] ? DECLARATION.exec(lines[i]!) : null;
    if (!m) continue;
    const end = bodyEnd(lines, code, i, m[1]!.length);
    if (end + 1 >= line) return { startLine: decoratorsStart(lines, i) + 1, endLine: end + 1 };
  }
  return undefined;
}

/** 0-based index of the last line of the body of the declaration at `header`. */
function bodyEnd(lines: string[], code: boolean[], header: number, indent: number): number {
  let last = signatureEnd(lines, header);
  for (let i = last + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    if (code[i] && indentOf(text) <= indent && !text.trim().startsWith('#')) break;
    last = i;
  }
  return last;
}

/** A signature may span lines (`def f(\n    a,\n):`): it ends where the brackets close. */
function signatureEnd(lines: string[], header: number): number {
  let depth = 0;
  for (let i = header; i < lines.length; i++) {
    for (const c of lines[i]!.replace(/#.*$/, '')) {
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
    }
    if (depth <= 0) return i;
  }
  return header;
}

function decoratorsStart(lines: string[], header: number): number {
  let start = header;
  while (start > 0 && DECORATOR.test(lines[start - 1]!)) start--;
  return start;
}

/** false for lines that begin inside a triple-quoted string. */
function codeLineMask(lines: string[]): boolean[] {
  let open: string | undefined;
  return lines.map((text) => {
    const startsInCode = open === undefined;
    for (const m of text.matchAll(/"""|'''/g)) {
      if (open === undefined) open = m[0];
      else if (open === m[0]) open = undefined;
    }
    return startsInCode;
  });
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}
