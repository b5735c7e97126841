import { LineIndex } from './lineIndex';

export type BlockKind = 'function' | 'class' | 'other';

export interface CodeBlock {
  kind: BlockKind;
  /** Offset where the declaration starts (annotations included), and of the closing brace. */
  start: number;
  end: number;
}

interface OpenBrace {
  headerStart: number;
  kind: BlockKind;
}

/**
 * Every `{…}` block of a C-family source (TS/JS, Go, Rust, Java, C#, C/C++, Kotlin, Swift…), with
 * the declaration in front of it classified. Strings and comments are skipped; braces inside
 * parentheses (callbacks, object arguments) are kept apart as `other` so `describe(() => {` or
 * `@Component({…})` never counts as the enclosing declaration.
 */
export function braceBlocks(text: string, languageId: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const stack: OpenBrace[] = [];
  let parens = 0;
  let headerStart = -1;
  let lastCode = '\n';
  for (let i = 0; i < text.length; i++) {
    const skipTo = skipLiteral(text, i, languageId);
    if (skipTo > i) {
      if (!isComment(text, i)) {
        if (headerStart < 0) headerStart = i;
        lastCode = '"';
      }
      i = skipTo - 1;
      continue;
    }
    const c = text[i]!;
    if (c === '\n' && parens === 0 && endsStatement(lastCode, languageId)) headerStart = -1;
    if (!/\s/.test(c) || c === '\n') lastCode = c;
    if (c === '(' || c === '[') parens++;
    else if ((c === ')' || c === ']') && parens > 0) parens--;
    if (c === '{') {
      const start = headerStart < 0 ? i : headerStart;
      const declaration = parens > 0 ? undefined : declarationIn(text.slice(start, i));
      stack.push(declaration ? { headerStart: start + declaration.offset, kind: declaration.kind } : { headerStart: start, kind: 'other' });
    } else if (c === '}') {
      const open = stack.pop();
      if (open) blocks.push({ kind: open.kind, start: open.headerStart, end: i });
    }
    if ((c === '{' || c === '}' || c === ';') && parens === 0) headerStart = -1;
    else if (headerStart < 0 && !/\s/.test(c)) headerStart = i;
  }
  return blocks;
}

/** The innermost function- or class-like block holding the offset, as 1-based lines. */
export function innermostDeclaration(
  blocks: CodeBlock[],
  offset: number,
  index: LineIndex,
): { startLine: number; endLine: number } | undefined {
  let best: CodeBlock | undefined;
  for (const b of blocks) {
    if (b.kind === 'other' || offset < b.start || offset > b.end + 1) continue;
    if (!best || b.start > best.start) best = b;
  }
  return best && { startLine: index.lineOf(best.start), endLine: index.lineOf(best.end) };
}

const MODIFIERS = String.raw`(?:(?:export|default|public|private|protected|internal|static|abstract|final|sealed|async|override|readonly|declare|open|data|inline|virtual|partial|unsafe|extern(?:\s+"[^"]*")?|pub(?:\([^)]*\))?)\s+)*`;
const ANNOTATIONS = /^(?:(?:@[\w.]+(?:\([^)]*\))?|#!?\[[^\]]*\])\s*)+/;
const CONTROL =
  /^(?:if|else|for|foreach|while|do|switch|try|catch|finally|match|loop|select|synchronized|using|lock|with|case|return|defer|go|new|unsafe\s*$)\b/;
const FUNCTION_START = new RegExp(`^${MODIFIERS}(?:fn|func|fun|def|function\\*?)\\b`);
const FUNCTION_ANYWHERE = /\bfunction\b|=>\s*$/;
const CLASS_START = new RegExp(
  `^${MODIFIERS}(?:class|interface|struct|enum|impl|trait|namespace|module|record|object|type\\s+\\w+\\s+(?:struct|interface))\\b`,
);
const SIGNATURE =
  /[\w$]\s*(?:<[^>]*>)?\s*\([^;]*\)\s*(?:(?::|->)\s*[^{;=]+|throws\s+[\w.,\s<>]+|const|noexcept|override|final|where\s+[^{]+)*$/;

/**
 * The declaration in the text before a `{`: the longest tail of whole lines, starting outside any
 * parentheses, that reads as one. Without semicolons (`name = 'y'` then `run() {` in a JS class)
 * the header holds the previous statement too; annotations above a declaration stay in it.
 */
function declarationIn(header: string): { offset: number; kind: BlockKind } | undefined {
  let depth = 0;
  for (let i = 0; i < header.length; i++) {
    if ((i === 0 || header[i - 1] === '\n') && depth === 0) {
      const kind = classifyHeader(header.slice(i));
      if (kind !== 'other') return { offset: i + (header.slice(i).length - header.slice(i).trimStart().length), kind };
    }
    if (header[i] === '(' || header[i] === '[') depth++;
    else if (header[i] === ')' || header[i] === ']') depth--;
  }
  return undefined;
}

export function classifyHeader(raw: string): BlockKind {
  const header = raw.replace(/\s+/g, ' ').trim().replace(ANNOTATIONS, '');
  if (header === '' || CONTROL.test(header)) return 'other';
  if (FUNCTION_START.test(header)) return 'function';
  if (CLASS_START.test(header)) return 'class';
  if (FUNCTION_ANYWHERE.test(header)) return 'function';
  if (/=/.test(withoutParens(header).replace(/=>|[<>!=]=/g, ''))) return 'other';
  return SIGNATURE.test(header) ? 'function' : 'other';
}

/**
 * A blank line ends any header; in Go (gofmt puts `{` on the declaration's line) so does a line
 * the automatic-semicolon rule ends.
 */
function endsStatement(lastCode: string, languageId: string): boolean {
  return lastCode === '\n' || (languageId === 'go' && /[\w)\]}"'`]/.test(lastCode));
}

function withoutParens(s: string): string {
  let out = s;
  for (let prev = ''; prev !== out;) [prev, out] = [out, out.replace(/\([^()]*\)/g, '()')];
  return out;
}

function isComment(text: string, i: number): boolean {
  return text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*');
}

/** End offset (exclusive) of a comment or string literal starting at i, or i when there is none. */
function skipLiteral(text: string, i: number, languageId: string): number {
  const c = text[i];
  if (c === '/' && text[i + 1] === '/') return lineEnd(text, i);
  if (c === '/' && text[i + 1] === '*') return endOf(text, '*/', i + 2, false);
  if (c === '"') return endOf(text, '"', i + 1, true, true);
  if (c === '`') return endOf(text, '`', i + 1, true);
  if (c === "'") return languageId === 'rust' ? rustCharEnd(text, i) : endOf(text, "'", i + 1, true, true);
  return i;
}

function lineEnd(text: string, i: number): number {
  const newline = text.indexOf('\n', i);
  return newline < 0 ? text.length : newline;
}

function endOf(text: string, close: string, from: number, escapes: boolean, singleLine = false): number {
  for (let j = from; j < text.length; j++) {
    if (escapes && text[j] === '\\') {
      j++;
      continue;
    }
    if (singleLine && text[j] === '\n') return j;
    if (text.startsWith(close, j)) return j + close.length;
  }
  return text.length;
}

/** Rust: `'x'` and `'\n'` are char literals; `'a` in `&'a str` is a lifetime and skips nothing. */
function rustCharEnd(text: string, i: number): number {
  const m = /^'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^'\\\n])'/.exec(text.slice(i, i + 12));
  return m ? i + m[0].length : i;
}
