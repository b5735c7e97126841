import type { LineRange } from '../types';

interface Opener {
  line: number;
  declaration: boolean;
}

/**
 * Ruby and Lua: blocks closed by `end` (Lua's `repeat` by `until`). Only openers count: Ruby's
 * `x = 1 if y` modifier opens nothing, nor does the `do` of a Ruby `while x do`.
 */
export function endKeywordDeclaration(lines: string[], line: number, languageId: string): LineRange | undefined {
  const stack: Opener[] = [];
  let best: LineRange | undefined;
  lines.forEach((raw, i) => {
    for (const word of keywords(raw, languageId)) {
      const opened = opens(word, raw, languageId);
      if (opened !== undefined) stack.push({ line: i + 1, declaration: opened });
      else if (word === 'end' || (word === 'until' && languageId === 'lua')) {
        const open = stack.pop();
        if (open?.declaration && open.line <= line && line <= i + 1 && (!best || open.line > best.startLine)) {
          best = { startLine: open.line, endLine: i + 1 };
        }
      }
    }
  });
  return best;
}

/** true: a declaration opens; false: another block opens; undefined: nothing opens. */
function opens(word: string, line: string, languageId: string): boolean | undefined {
  if (languageId === 'lua') {
    if (word === 'function') return true;
    return ['if', 'do', 'repeat'].includes(word) ? false : undefined;
  }
  if (['def', 'class', 'module'].includes(word)) return true;
  if (['begin', 'case'].includes(word)) return false;
  if (word === 'do') return /^\s*(while|until|for)\b/.test(line) ? undefined : false;
  if (['if', 'unless', 'while', 'until', 'for'].includes(word)) {
    return new RegExp(`^\\s*(?:\\w+\\s*=\\s*)?${word}\\b`).test(line) ? false : undefined;
  }
  return undefined;
}

/** Keywords of one line in order, strings and comments removed. */
function keywords(line: string, languageId: string): string[] {
  const comment = languageId === 'lua' ? /--.*$/ : /#.*$/;
  const code = line.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""').replace(comment, '');
  if (languageId === 'ruby' && /^\s*def\s.*=/.test(code) && !/\bend\b/.test(code)) return []; // endless def
  return code.match(/(?<![\w.:])(?:def|class|module|begin|case|do|if|unless|while|until|for|function|repeat|end)(?![\w?!])/g) ?? [];
}
