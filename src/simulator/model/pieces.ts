import { estimateTokens } from '../../core/tokens';

/**
 * Splits text into the pieces the simulator streams, one estimator token each (spaces ride with
 * the token before them), so that streaming N pieces always reports N output tokens and the
 * pieces re-join to the exact text.
 */
export function splitIntoTokens(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let counted = 0;
  for (let end = 1; end <= text.length; end++) {
    const n = estimateTokens(text.slice(0, end));
    if (n > counted + 1) {
      // text[start, end-1) held one token; the character at end-1 opened the next one.
      pieces.push(text.slice(start, end - 1));
      start = end - 1;
      counted++;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** The first `maxTokens` tokens of `text`, and whether anything was cut off. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  if (estimateTokens(text) <= maxTokens) return { text, truncated: false };
  return { text: splitIntoTokens(text).slice(0, maxTokens).join(''), truncated: true };
}
