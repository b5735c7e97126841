import { estimateTokens } from '../../tokens';

/** Tokens of one line in a joined text, its newline included (an upper bound: joining only merges). */
export function lineTokens(line: string): number {
  return estimateTokens(line) + 1;
}

/** The longest run of whole lines from the start that fits in `budget` tokens. */
export function takeLines(lines: string[], budget: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = lineTokens(line);
    if (used + cost > budget) break;
    kept.push(line);
    used += cost;
  }
  return kept;
}

/** Same, walking backwards from the end; the result is in document order. */
export function takeLastLines(lines: string[], budget: number): string[] {
  return takeLines([...lines].reverse(), budget).reverse();
}

export function linesTokens(lines: string[]): number {
  return lines.reduce((sum, l) => sum + lineTokens(l), 0);
}

export function omittedNote(count: number, where: string): string {
  return `… ${count} line${count === 1 ? '' : 's'} ${where} not shown (token budget) …`;
}
