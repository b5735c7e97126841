import { estimateTokens } from '../../tokens';
import { lineTokens, omittedNote, takeLines } from './budget';
import { parseUnifiedDiff, renderDiffLines, newSideRanges, type DiffLine } from './diff';
import { gutterLine, gutterWidth, splitLines } from './gutter';
import type { LineRange, TargetFile } from '../types';

export interface ChangedFile {
  path: string;
  /** Unified diff of this file (working tree against HEAD or the index). */
  diff: string;
  /** The file as it is now, when the caller has it: sent as context. */
  text?: string;
}

/** Code shown to the model in the question, and the file lines it covers. */
export interface ShownCode {
  text: string;
  files: Array<{ path: string; ranges: LineRange[] }>;
}

/** `File: path` then the range behind its gutter, cut at whole lines to `budget` tokens. */
export function numberedCode(target: TargetFile, range: LineRange, budget: number): ShownCode {
  const lines = splitLines(target.text);
  const startLine = clamp(range.startLine, 1, lines.length);
  const endLine = clamp(range.endLine, startLine, lines.length);
  const width = gutterWidth(lines.length);
  const all: string[] = [];
  for (let n = startLine; n <= endLine; n++) all.push(gutterLine(n, lines[n - 1]!, width));
  const header = `File: ${target.path}`;
  const kept = fitWithNote(all, budget - lineTokens(header));
  const shownEnd = startLine + kept.count - 1;
  return {
    text: [header, ...kept.lines].join('\n'),
    files: [{ path: target.path, ranges: kept.count > 0 ? [{ startLine, endLine: shownEnd }] : [] }],
  };
}

/** Every changed file's hunks, numbered on the new side; each file gets a fair share of `budget`. */
export function numberedChanges(files: ChangedFile[], budget: number): ShownCode {
  const parts: string[] = [];
  const shown: ShownCode['files'] = [];
  let left = budget;
  files.forEach((file, i) => {
    const share = Math.floor(left / (files.length - i));
    const part = fileChanges(file, share);
    if (!part) return;
    parts.push(part.text);
    shown.push({ path: file.path, ranges: part.ranges });
    left -= estimateTokens(part.text) + 2;
  });
  return { text: parts.join('\n\n'), files: shown };
}

function fileChanges(file: ChangedFile, budget: number): { text: string; ranges: LineRange[] } | undefined {
  const lines = parseUnifiedDiff(file.diff);
  if (!lines.some((l) => l.kind === 'added')) return undefined; // deletions only: nothing to point at
  const header = `File: ${file.path}`;
  const kept = fitWithNote(renderDiffLines(lines), budget - lineTokens(header));
  if (kept.count === 0) return undefined;
  const keptLines: DiffLine[] = lines.slice(0, kept.count);
  return { text: [header, ...kept.lines].join('\n'), ranges: newSideRanges(keptLines) };
}

/** Whole lines within the budget, plus a note for the rest when they do not all fit. */
function fitWithNote(lines: string[], budget: number): { lines: string[]; count: number } {
  const whole = takeLines(lines, budget);
  if (whole.length === lines.length) return { lines: whole, count: whole.length };
  const note = omittedNote(lines.length, 'more');
  const kept = takeLines(lines, budget - lineTokens(note));
  return { lines: [...kept, omittedNote(lines.length - kept.length, 'more')], count: kept.length };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}
