import { lineTokens, linesTokens, omittedNote } from './budget';
import { gutterLine, gutterWidth } from './gutter';
import type { LineRange } from '../types';

export interface TargetWindow {
  /** The lines to show, notes for omitted lines included. */
  lines: string[];
  range: LineRange;
  truncated: boolean;
}

/** Selections in the same band of lines get the same window, so the cached context stays valid. */
const ANCHOR_BAND = 50;
const NOTE_RESERVE = 2 * 24;
const SHARE_ABOVE = 0.25;

/**
 * The target file whole when it fits in `budget` tokens, else a window of whole lines around the
 * focus: a quarter of the budget above a band-aligned anchor, the rest below it, with a note for
 * each omitted part. The window depends only on the focus's band, not its exact lines.
 */
export function windowTarget(fileLines: string[], focus: LineRange | undefined, budget: number, gutter: boolean): TargetWindow {
  const width = gutterWidth(fileLines.length);
  const rendered = fileLines.map((text, i) => (gutter ? gutterLine(i + 1, text, width) : text));
  const all = { startLine: 1, endLine: fileLines.length };
  if (linesTokens(rendered) <= budget) return { lines: rendered, range: all, truncated: false };
  const available = Math.max(0, budget - NOTE_RESERVE);
  const anchor = focus ? Math.floor((focus.startLine - 1) / ANCHOR_BAND) * ANCHOR_BAND + 1 : 1;
  let range = grow(rendered, anchor, available);
  if (focus && range.endLine < Math.min(focus.endLine, fileLines.length)) range = grow(rendered, focus.startLine, available);
  return { lines: withNotes(rendered, range), range, truncated: true };
}

function grow(rendered: string[], anchor: number, budget: number): LineRange {
  let start = anchor;
  let end = anchor - 1;
  let used = 0;
  const fits = (line: number): boolean => used + lineTokens(rendered[line - 1]!) <= budget;
  while (start > 1 && used + lineTokens(rendered[start - 2]!) <= budget * SHARE_ABOVE) used += lineTokens(rendered[--start - 1]!);
  while (end < rendered.length && fits(end + 1)) used += lineTokens(rendered[++end - 1]!);
  while (start > 1 && fits(start - 1)) used += lineTokens(rendered[--start - 1]!);
  return { startLine: start, endLine: Math.max(end, start - 1) };
}

function withNotes(rendered: string[], range: LineRange): string[] {
  const out = rendered.slice(range.startLine - 1, range.endLine);
  if (range.startLine > 1) out.unshift(omittedNote(range.startLine - 1, `(1–${range.startLine - 1})`));
  if (range.endLine < rendered.length) out.push(omittedNote(rendered.length - range.endLine, `(${range.endLine + 1}–${rendered.length})`));
  return out;
}
