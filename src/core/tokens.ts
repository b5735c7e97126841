/**
 * The one token estimator of the project, shared by the client (budgets, windowing) and the vendor
 * simulator (usage, count_tokens), so both always agree.
 *
 * Rule: a token is a run of 1–6 ASCII letters/digits/underscores, or a run of 1–2 other
 * non-blank characters (punctuation and newlines; each non-ASCII code point is one such character).
 * Spaces and tabs are free, as BPE tokenizers fold them into the next word. On source code this lands
 * near 3.3 characters per token, close to what BPE tokenizers report for Codestral and Claude; cost is
 * always settled from the vendor's `usage`, never from this estimate.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let wordRun = 0;
  let punctRun = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      punctRun = 0;
      if (wordRun === 0) tokens++;
      wordRun = wordRun === 5 ? 0 : wordRun + 1;
      continue;
    }
    wordRun = 0;
    if (c === 32 || c === 9 || c === 13) {
      punctRun = 0;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) i++; // a surrogate pair is one code point
    if (punctRun === 0) tokens++;
    punctRun = punctRun === 1 ? 0 : punctRun + 1;
  }
  return tokens;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
