import { estimateTokens } from '../../tokens';
import { lineTokens, linesOf } from '../textMemo';
import { bySnippetRank } from './similarWindows';
import type { ContextSource, Snippet } from './snippet';

/** Sources in order of how much they usually help; earlier sources are budgeted first. */
export const SOURCE_PRIORITY: readonly ContextSource[] = ['definitions', 'imports', 'recentEdits', 'similarWindows'];

export interface AssembledContext {
  snippets: Snippet[];
  tokens: number;
}

/**
 * Picks snippets within a token budget: by source priority, then score, then path and line (so the
 * same state always gives the same prompt); drops overlaps; no snippet takes more than 40% of the
 * budget. Returned least relevant first, so the most relevant sits closest to the current file.
 */
export function assembleContext(
  candidates: readonly Snippet[],
  budgetTokens: number,
  enabled: ReadonlySet<ContextSource>,
): AssembledContext {
  const perSnippet = Math.floor(budgetTokens * 0.4);
  const chosen: Snippet[] = [];
  let tokens = 0;
  for (const source of SOURCE_PRIORITY) {
    if (!enabled.has(source)) continue;
    const ofSource = candidates.filter((s) => s.source === source).sort(bySnippetRank);
    for (const snippet of ofSource) {
      if (overlapsChosen(snippet, chosen)) continue;
      const fitted = fitToTokens(snippet, Math.min(perSnippet, budgetTokens - tokens));
      if (!fitted) continue;
      chosen.push(fitted.snippet);
      tokens += fitted.tokens;
    }
  }
  return { snippets: chosen.reverse(), tokens };
}

function overlapsChosen(s: Snippet, chosen: readonly Snippet[]): boolean {
  const end = s.startLine + lineCount(s.text);
  return chosen.some((c) => c.path === s.path && s.startLine < c.startLine + lineCount(c.text) && c.startLine < end);
}

/** Whole lines from the snippet's start that fit; undefined when not even a useful part fits. */
function fitToTokens(s: Snippet, budget: number): { snippet: Snippet; tokens: number } | undefined {
  const header = estimateTokens(`+++++ ${s.path}\n`) + 1;
  let tokens = header;
  const lines = linesOf(s.text);
  let kept = 0;
  let nonBlank = 0;
  for (const line of lines) {
    const cost = lineTokens(line) + 1;
    if (tokens + cost > budget) break;
    if (line.trim()) nonBlank++;
    kept++;
    tokens += cost;
  }
  if (nonBlank < 2 && s.text.includes('\n')) return undefined;
  if (kept === 0) return undefined;
  return { snippet: { ...s, text: kept === lines.length ? s.text : lines.slice(0, kept).join('\n') }, tokens };
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
