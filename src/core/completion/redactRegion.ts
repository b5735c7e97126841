/**
 * Redaction of the text a completion request is cut from: a region wider than the window (whole lines
 * around it) is redacted at once, then the window's lines are taken from the result, so a secret cut
 * by the cursor or a window edge is still seen whole by the rules. A key block whose BEGIN line lies
 * above the region is found by widening the region to it; what is left of a key the region still cuts
 * is emptied (blankKeyFragments). Redaction keeps every newline, so line i of the result is line i.
 */
import { blankKeyFragments } from '../privacy/keyFragments';

export interface LineSource {
  lineCount: number;
  lineAt(line: number): string;
}

export type Redact = (text: string) => string;

/** Lines of context redacted with the window on each side, within a character allowance. */
const MARGIN_LINES = 16;
const MARGIN_CHARS = 4_096;
/** How far above the region a key's BEGIN line is looked for when the region shows its END. */
const KEY_SEARCH_LINES = 4_096;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;

/** Lines [start, end) of `doc`, redacted as part of a wider region. */
export function redactedLines(doc: LineSource, start: number, end: number, redact: Redact): string[] {
  const from = keyBeginAbove(doc, marginStart(doc, start), end);
  const to = marginEnd(doc, end);
  const raw: string[] = [];
  for (let i = from; i < to; i++) raw.push(doc.lineAt(i));
  const redacted = blankKeyFragments(redact(raw.join('\n')).split('\n'));
  return redacted.slice(start - from, end - from);
}

function marginStart(doc: LineSource, start: number): number {
  let chars = 0;
  let line = start;
  while (line > 0 && start - line < MARGIN_LINES && (chars += doc.lineAt(line - 1).length + 1) <= MARGIN_CHARS) line--;
  return line;
}

function marginEnd(doc: LineSource, end: number): number {
  let chars = 0;
  let line = end;
  while (line < doc.lineCount && line - end < MARGIN_LINES && (chars += doc.lineAt(line).length + 1) <= MARGIN_CHARS) line++;
  return line;
}

/** `from`, or the BEGIN line of a key whose END line is in [from, end) and whose BEGIN is above `from`. */
function keyBeginAbove(doc: LineSource, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const line = doc.lineAt(i);
    if (KEY_BEGIN.test(line)) return from; // the first marker opens a block inside the region
    if (!KEY_END.test(line)) continue;
    for (let up = from - 1; up >= 0 && from - up <= KEY_SEARCH_LINES; up--) if (KEY_BEGIN.test(doc.lineAt(up))) return up;
    return from;
  }
  return from;
}

/**
 * Where the cursor falls in the redacted cursor line: the text either side of the part redaction
 * changed stays where it was; a cursor inside a secret puts the whole redacted part before it.
 * Both halves come from `redacted` only, so nothing of the raw line can leave through the split.
 */
export function splitRedactedLine(raw: string, redacted: string, character: number): [string, string] {
  if (raw === redacted) return [redacted.slice(0, character), redacted.slice(character)];
  let head = 0;
  while (head < raw.length && head < redacted.length && raw[head] === redacted[head]) head++;
  let tail = 0;
  while (tail < raw.length - head && tail < redacted.length - head && raw[raw.length - 1 - tail] === redacted[redacted.length - 1 - tail])
    tail++;
  if (character <= head) return [redacted.slice(0, character), redacted.slice(character)];
  const fromEnd = raw.length - character;
  if (fromEnd <= tail) return [redacted.slice(0, redacted.length - fromEnd), redacted.slice(redacted.length - fromEnd)];
  return [redacted.slice(0, redacted.length - tail), redacted.slice(redacted.length - tail)];
}
