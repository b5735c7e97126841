import { estimateTokens } from '../tokens';
import type { Cursor, DocumentView } from './document';
import { lineTokens } from './textMemo';

export interface WindowBudget {
  prefixTokens: number;
  suffixTokens: number;
}

export interface TextWindow {
  /** Text before the cursor, starting at a whole line. */
  prefix: string;
  /** Text after the cursor, ending at a whole line. */
  suffix: string;
  /** Text of the cursor line before / after the cursor. */
  linePrefix: string;
  lineSuffix: string;
  prefixTokens: number;
  suffixTokens: number;
  /** First line included in the prefix (0 = the file's start is in the prompt). */
  firstLine: number;
  lastLine: number;
}

/**
 * Cuts prefix and suffix at whole lines to token budgets, walking outward from the cursor. The cursor
 * line is always whole in the window; budget left over on one side is not moved to the other so the
 * window (and so the cache key and the prompt) stays stable while the user types.
 */
export function windowAround(doc: DocumentView, cursor: Cursor, budget: WindowBudget): TextWindow {
  const line = doc.lineAt(cursor.line);
  const linePrefix = line.slice(0, cursor.character);
  const lineSuffix = line.slice(cursor.character);
  const before = collectLines(doc, cursor.line - 1, -1, budget.prefixTokens - estimateTokens(linePrefix));
  const after = collectLines(doc, cursor.line + 1, +1, budget.suffixTokens - estimateTokens(lineSuffix));
  const prefixLines = before.lines.reverse();
  const prefix = prefixLines.length ? `${prefixLines.join('\n')}\n${linePrefix}` : linePrefix;
  const suffix = after.lines.length ? `${lineSuffix}\n${after.lines.join('\n')}` : lineSuffix;
  return {
    prefix,
    suffix,
    linePrefix,
    lineSuffix,
    prefixTokens: before.tokens + estimateTokens(linePrefix),
    suffixTokens: after.tokens + estimateTokens(lineSuffix),
    firstLine: cursor.line - prefixLines.length,
    lastLine: cursor.line + after.lines.length,
  };
}

function collectLines(doc: DocumentView, start: number, step: 1 | -1, budget: number): { lines: string[]; tokens: number } {
  const lines: string[] = [];
  let tokens = 0;
  for (let i = start; i >= 0 && i < doc.lineCount; i += step) {
    const text = doc.lineAt(i);
    const cost = lineTokens(text) + 1; // +1 for the newline
    if (tokens + cost > budget) break;
    lines.push(text);
    tokens += cost;
  }
  return { lines, tokens };
}
