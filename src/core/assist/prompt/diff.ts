import { gutterLine, gutterWidth } from './gutter';
import type { LineRange } from '../types';

export interface DiffLine {
  kind: 'context' | 'added' | 'removed' | 'hunk';
  text: string;
  /** Line number in the working-tree (new) file; absent for removed lines and hunk headers. */
  newLine?: number;
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/**
 * The lines of a unified diff of one file, numbered on the new side so a finding on a line maps to
 * the working-tree file. File headers (`diff --git`, `---`, `+++`, `index`) and `\ No newline`
 * markers are dropped; text before the first hunk is ignored.
 */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let next = 0;
  for (const raw of diff.split(/\r?\n/)) {
    const header = HUNK_HEADER.exec(raw);
    if (header) {
      next = Number(header[1]);
      out.push({ kind: 'hunk', text: raw });
      continue;
    }
    if (next === 0 || raw.startsWith('\\')) continue;
    const body = raw.slice(1);
    if (raw.startsWith('+')) out.push({ kind: 'added', text: body, newLine: next++ });
    else if (raw.startsWith('-')) out.push({ kind: 'removed', text: body });
    else if (raw.startsWith(' ') || raw === '') out.push({ kind: 'context', text: body, newLine: next++ });
  }
  return trimTrailingBlank(out);
}

/** `  12| ctx`, `  13|+added`, `    |-removed`: new-side numbers in the gutter the model reads. */
export function renderDiffLines(lines: DiffLine[]): string[] {
  const width = gutterWidth(Math.max(1, ...lines.map((l) => l.newLine ?? 0)));
  return lines.map((l) => {
    if (l.kind === 'hunk') return l.text;
    if (l.kind === 'removed') return `${' '.repeat(width)}|-${l.text}`;
    return gutterLine(l.newLine!, l.text, width, l.kind === 'added' ? '+' : ' ');
  });
}

/** The new-side lines shown, as contiguous ranges. */
export function newSideRanges(lines: DiffLine[]): LineRange[] {
  const ranges: LineRange[] = [];
  for (const l of lines) {
    if (l.newLine === undefined) continue;
    const last = ranges[ranges.length - 1];
    if (last && last.endLine + 1 === l.newLine) last.endLine = l.newLine;
    else ranges.push({ startLine: l.newLine, endLine: l.newLine });
  }
  return ranges;
}

/** A diff's final newline leaves an empty string that is not a context line. */
function trimTrailingBlank(lines: DiffLine[]): DiffLine[] {
  const last = lines[lines.length - 1];
  return last && last.kind === 'context' && last.text === '' ? lines.slice(0, -1) : lines;
}

/**
 * A multi-file `git diff` split per file (new-side path, relative to the repository root, and the
 * old-side path when it differs: a rename or copy). Deleted files are left out.
 */
export function splitGitDiff(diff: string): Array<{ path: string; oldPath?: string; diff: string }> {
  const files: Array<{ path: string; oldPath?: string; diff: string }> = [];
  const sections = diff.split(/^(?=diff --git )/m).filter((s) => s.startsWith('diff --git '));
  for (const section of sections) {
    const newPath = /^\+\+\+ b\/(.+)$/m.exec(section)?.[1] ?? /^rename to (.+)$/m.exec(section)?.[1];
    if (!newPath) continue; // deleted (+++ /dev/null) or binary
    const oldPath = (/^--- a\/(.+)$/m.exec(section)?.[1] ?? /^(?:rename|copy) from (.+)$/m.exec(section)?.[1])?.trim();
    files.push({ path: newPath.trim(), ...(oldPath && oldPath !== newPath.trim() ? { oldPath } : {}), diff: section });
  }
  return files;
}
