import type { CursorSyntax } from '../syntax/cursorSyntax';
import { isBlank } from './languages';

/**
 * `single`: complete the rest of this line (code right of the cursor, or the end of a complete line —
 * where a next-line suggestion starting with a newline is welcome too). `multi`: the cursor is where a
 * block, a body or a docstring begins, and the model is asked for it whole.
 */
export type CompletionMode = 'single' | 'multi';

/** Only closers, quotes and punctuation right of the cursor (auto-closed by the editor). */
export const CLOSERS_ONLY = /^[\s)\]}>;,'"`]*$/;
/** A line that opens a block whose body comes on the next lines. */
const OPENS_BLOCK_TOKEN = /([{[(:]|=>|->|\bdo(\s*\|[^|]*\|)?|\bthen|\bbegin|\belse)\s*$/;
const OPENS_TAG = /<([\w.-]+)(\s[^<>]*)?>\s*$/;
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** A line that opens a block whose body comes on the next lines (a tag: not a void element like `<meta>`). */
export const OPENS_BLOCK = {
  test(line: string): boolean {
    if (OPENS_BLOCK_TOKEN.test(line)) return true;
    const tag = OPENS_TAG.exec(line);
    return tag !== null && !VOID_TAGS.has(tag[1]!.toLowerCase()) && !/\/\s*>\s*$/.test(line);
  },
};
const DOC_OPENER = /^\s*(\w+\s*=\s*)?[rbuf]?("""|''')\s*$|^\s*\/\*\*\s*$/;

/**
 * Multi-line when the cursor is where a block begins: on an empty line, at the end of a line that
 * opens a block (`{`, `[`, `(`, `:`, `=>`, `do`, a tag, a C#-style `{` on its own line), or after a
 * docstring opener — with nothing but closers to its right. Mid-line code completes the line only.
 */
export function decideMode(linePrefix: string, lineSuffix: string, prefix = linePrefix, syntax?: CursorSyntax): CompletionMode {
  // A bracket inside a string or comment opens nothing (`"Hello {█"`); the parser knows where literals are.
  const opensCode = !syntax?.inLiteral;
  // Between a pair the editor closed, with more code after it: `useEffect(() => {█}, [id]);`
  if (opensCode && /[{[(]\s*$/.test(linePrefix) && /^\s*[)\]}]/.test(lineSuffix)) return 'multi';
  if (!CLOSERS_ONLY.test(lineSuffix)) return 'single';
  if (isBlank(linePrefix)) return 'multi';
  if (opensDocstring(linePrefix, prefix)) return 'multi';
  if (opensCode && OPENS_BLOCK.test(stripLineComment(linePrefix))) return 'multi';
  // A body the tree shows empty where no token says so (`{` hidden behind an attribute, a macro…).
  return opensCode && syntax?.inEmptyBody ? 'multi' : 'single';
}

/** `"""` (or `/**`) that opens, not closes, a docstring. */
export function opensDocstring(linePrefix: string, prefix: string): boolean {
  if (!DOC_OPENER.test(linePrefix)) return false;
  if (linePrefix.trim() === '/**') return true;
  return (prefix.match(/"""|'''/g) ?? []).length % 2 === 1;
}

function stripLineComment(line: string): string {
  const at = line.search(/\s(\/\/|#)\s/);
  return at < 0 ? line : line.slice(0, at);
}

/** What one request asks of the model, by mode (see README "Request policy" for the measurement). */
export interface RequestShape {
  /** `\n` is sent as a stop sequence: the model ends at the first line break. */
  stopAtNewline: boolean;
  maxTokens: number;
}

export interface RequestLimits {
  maxTokensSingle: number;
  maxTokensMulti: number;
}

/**
 * No `\n` stop in either mode: a single-line request may still answer with a next-line suggestion, and
 * the stream filters end it (the HTTP stream is left as soon as a cut is found, so run-ons cost few
 * tokens). Measured in `npm run bench -- golden` against stopping at `\n`.
 */
export function requestShape(mode: CompletionMode, limits: RequestLimits, policy: 'newline-stop' | 'filtered' = 'filtered'): RequestShape {
  const maxTokens = mode === 'single' ? limits.maxTokensSingle : limits.maxTokensMulti;
  return { stopAtNewline: policy === 'newline-stop' && mode === 'single', maxTokens };
}
