import { estimateTokens } from '../tokens';

/**
 * A pure function of a string, remembered for up to `capacity` distinct inputs (all forgotten at once
 * when full; texts longer than `maxChars` are not kept alive by the memo). The keystroke path keeps
 * seeing the same lines and snippets, and a Map lookup by an unchanged string is much cheaper than
 * scanning it again.
 */
export function memoByText<T>(fn: (text: string) => T, capacity: number, maxChars = Infinity): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    if (text.length > maxChars) return fn(text);
    let value = memo.get(text);
    if (value === undefined) {
      value = fn(text);
      if (memo.size >= capacity) memo.clear();
      memo.set(text, value);
    }
    return value;
  };
}

/** `estimateTokens` of one line: windowing re-counts the same few hundred lines on every keystroke. */
export const lineTokens = memoByText(estimateTokens, 20_000, 500);

/** `text.split('\n')`, for fitting snippets (do not mutate the result). */
export const linesOf = memoByText((text): readonly string[] => text.split('\n'), 512);
