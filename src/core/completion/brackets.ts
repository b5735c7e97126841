import { traitsOf } from './languages';

export const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
export const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const QUOTES = new Set(['"', "'", '`']);

/** Brackets still open and the string still open after scanning some code. */
export interface BracketState {
  stack: string[];
  /** The quote of an unterminated string, when the text ends inside one. */
  inString: string | undefined;
  inBlockComment: boolean;
}

export function emptyState(): BracketState {
  return { stack: [], inString: undefined, inBlockComment: false };
}

/**
 * Scans code for bracket balance, skipping strings and comments (line comments per language, `/* *\/`
 * blocks). A closer with nothing open (the window started inside a block) is ignored. Strings end at
 * the end of a line except template literals. Approximate on purpose: good enough to decide whether a
 * closer right of the cursor is already typed by a completion.
 */
export function scanBrackets(text: string, languageId: string, from: BracketState = emptyState()): BracketState {
  const state: BracketState = { stack: [...from.stack], inString: from.inString, inBlockComment: from.inBlockComment };
  const lineComment = lineCommentOf(languageId);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (state.inBlockComment) {
      if (ch === '*' && text[i + 1] === '/') {
        state.inBlockComment = false;
        i++;
      }
      continue;
    }
    if (state.inString) {
      if (ch === '\\') i++;
      else if (ch === state.inString) state.inString = undefined;
      else if (ch === '\n' && state.inString !== '`' && !isTripleQuoted(text, i)) state.inString = undefined;
      continue;
    }
    if (lineComment && text.startsWith(lineComment, i) && !isCssHash(languageId, lineComment)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*' && usesBlockComments(languageId)) {
      state.inBlockComment = true;
      i++;
    } else if (QUOTES.has(ch) && isStringQuote(ch, text, i, languageId)) state.inString = ch;
    else if (ch in OPENERS) state.stack.push(ch);
    else if (ch in CLOSERS && state.stack[state.stack.length - 1] === CLOSERS[ch]) state.stack.pop();
  }
  return state;
}

function lineCommentOf(languageId: string): string | undefined {
  if (languageId === 'css' || languageId === 'scss' || languageId === 'less') return languageId === 'css' ? undefined : '//';
  if (languageId === 'sql') return '--';
  if (languageId === 'lua') return '--';
  return traitsOf(languageId).lineComment;
}

function isCssHash(languageId: string, lineComment: string): boolean {
  return lineComment === '#' && (languageId === 'css' || languageId === 'scss');
}

function usesBlockComments(languageId: string): boolean {
  return !['python', 'ruby', 'yaml', 'shellscript', 'toml'].includes(languageId);
}

/** An apostrophe inside a word (`don't`, Rust lifetimes `'a`) is not a string quote. */
function isStringQuote(ch: string, text: string, i: number, languageId: string): boolean {
  if (ch !== "'") return true;
  if (languageId === 'rust') return /'(\\.|[^\\'])'/.test(text.slice(i, i + 4));
  return !/\w/.test(text[i - 1] ?? '');
}

/** Python-style triple quotes keep a string open across lines. */
function isTripleQuoted(text: string, i: number): boolean {
  const start = text.lastIndexOf('"""', i);
  const startSingle = text.lastIndexOf("'''", i);
  return start >= 0 || startSingle >= 0 ? countTriples(text.slice(0, i)) % 2 === 1 : false;
}

function countTriples(text: string): number {
  return (text.match(/"""|'''/g) ?? []).length;
}
