/**
 * A window of text (a diff hunk, a completion window, a context snippet) can start or end inside a
 * multi-line key: its BEGIN line is outside the window, so the PEM rule has nothing to anchor on and
 * the base64 lines would pass. `blankKeyFragments` empties such lines after redaction: runs of two or
 * more lines that each carry a long base64 chunk, at least one of them nothing but that chunk (quotes,
 * `\n` escapes and concatenation marks aside), and base64 lines running from a BEGIN/END key marker.
 * Lines keep their count, so line numbers stay valid. Every pattern is linear in the line's length.
 */
const BASE64_LINE = /^[\s"'`]*[A-Za-z0-9+/]{40,}={0,2}(?:\\n|\\r)*[\s"'`,;)]*(?:\+\s*)?$/;
/** The short last line of a key body, `s1OorUH5` (only counted next to a marker). */
const SHORT_BASE64_LINE = /^[\s"'`]*[A-Za-z0-9+/]+={0,2}(?:\\n|\\r)*[\s"'`,;)]*(?:\+\s*)?$/;
/** A line carrying a long base64 chunk among other text (an edited key line, `key = "…"`). */
const BASE64_CHUNK = /[A-Za-z0-9+/]{40,}/;
const KEY_MARKER = /-----(?:BEGIN|END) [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;

export function blankKeyFragments(lines: readonly string[]): string[] {
  const fragment = new Array<boolean>(lines.length).fill(false);
  markRuns(lines, fragment);
  markNextToMarkers(lines, fragment);
  return lines.map((line, i) => (fragment[i] ? '' : line));
}

/** Runs of two or more lines with a long base64 chunk, one of them at least nothing but that chunk. */
function markRuns(lines: readonly string[], fragment: boolean[]): void {
  let i = 0;
  while (i < lines.length) {
    if (!BASE64_CHUNK.test(lines[i]!)) {
      i++;
      continue;
    }
    let end = i;
    let pure = BASE64_LINE.test(lines[i]!);
    while (end + 1 < lines.length && BASE64_CHUNK.test(lines[end + 1]!)) {
      end++;
      if (BASE64_LINE.test(lines[end]!)) pure = true;
    }
    if (pure && end > i) fragment.fill(true, i, end + 1);
    i = end + 1;
  }
}

/** Base64 lines of any length (the short last line of a body too) running up from an END or down from a BEGIN marker. */
function markNextToMarkers(lines: readonly string[], fragment: boolean[]): void {
  const body = (i: number): boolean => i >= 0 && i < lines.length && (BASE64_CHUNK.test(lines[i]!) || SHORT_BASE64_LINE.test(lines[i]!));
  lines.forEach((line, k) => {
    const marker = KEY_MARKER.exec(line);
    if (!marker) return;
    const step = marker[0].includes('END') ? -1 : 1;
    for (let i = k + step; body(i); i += step) fragment[i] = true;
  });
}

/** blankKeyFragments over a text's lines. */
export function blankKeyFragmentsIn(text: string): string {
  if (!text.includes('\n')) return text;
  return blankKeyFragments(text.split('\n')).join('\n');
}
