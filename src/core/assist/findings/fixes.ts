import { createHash } from 'node:crypto';
import type { Finding, LineRange, SuggestedFix } from '../types';

/** A replacement of `text.slice(start, end)` by `insert` (offsets into the text it was computed on). */
export interface TextEdit {
  start: number;
  end: number;
  insert: string;
}

/** Lines and the end-of-line the text uses (a CRLF file keeps CRLF). */
interface Lines {
  lines: string[];
  /** Offset of each line's first character. */
  starts: number[];
  eol: string;
}

function splitText(text: string): Lines {
  const lines: string[] = [];
  const starts: number[] = [];
  const re = /\r?\n/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    starts.push(at);
    lines.push(text.slice(at, m.index));
    at = m.index + m[0].length;
  }
  starts.push(at);
  lines.push(text.slice(at));
  return { lines, starts, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Hash of lines as written (line ends normalised), the fingerprint a fix is checked against. */
export function linesHash(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('base64url');
}

/**
 * Fixes made applicable: each gets the hash of the lines it covers in the text the model reviewed.
 * A fix is dropped (the finding stays) when that text is unknown, the lines are not in it, the fix
 * changes nothing, or the lines hold something redaction changed — the model saw a placeholder there,
 * and applying its text would write the placeholder over the real value.
 */
export function sealFixes(
  findings: readonly Finding[],
  textOf: (path: string) => string | undefined,
  redact: (text: string) => string,
): Finding[] {
  return findings.map((f) => {
    if (!f.fix) return f;
    const { fix, ...rest } = f;
    const text = textOf(f.path);
    const lines = text === undefined ? undefined : splitText(text).lines;
    if (!lines || fix.endLine > lines.length) return rest;
    const covered = lines.slice(fix.startLine - 1, fix.endLine);
    const joined = covered.join('\n');
    if (redact(joined) !== joined || joined === fix.replacement) return rest;
    return { ...rest, fix: { ...fix, originalHash: linesHash(covered) } };
  });
}

/**
 * Where a fix applies in `text` now: its own lines when they still hash as reviewed; otherwise the
 * one place holding exactly those lines (code moved by an edit above); undefined when the lines
 * changed or appear more than once — never a guess.
 */
export function locateFix(text: string, fix: SuggestedFix): LineRange | undefined {
  if (!fix.originalHash) return undefined;
  const { lines } = splitText(text);
  const span = fix.endLine - fix.startLine + 1;
  const hashAt = (start: number): string => linesHash(lines.slice(start - 1, start - 1 + span));
  if (fix.endLine <= lines.length && hashAt(fix.startLine) === fix.originalHash) return { startLine: fix.startLine, endLine: fix.endLine };
  const found: number[] = [];
  for (let start = 1; start + span - 1 <= lines.length && found.length < 2; start++) {
    if (hashAt(start) === fix.originalHash) found.push(start);
  }
  return found.length === 1 ? { startLine: found[0]!, endLine: found[0]! + span - 1 } : undefined;
}

/**
 * The edit replacing whole lines `at` by `replacement`, written with the text's own line ends
 * (`eol` as the editor knows it; guessed from the text otherwise).
 */
export function fixEdit(text: string, at: LineRange, replacement: string, eolOfText?: string): TextEdit {
  const { lines, starts, eol: guessed } = splitText(text);
  const eol = eolOfText ?? guessed;
  const insert = replacement.split('\n').join(eol);
  const last = at.endLine === lines.length;
  const start = starts[at.startLine - 1]!;
  if (!last) return { start, end: starts[at.endLine]!, insert: replacement === '' ? '' : insert + eol };
  const end = text.length;
  // Deleting the last lines also removes the line break before them.
  if (replacement === '' && at.startLine > 1) return { start: start - eol.length, end, insert: '' };
  return { start, end, insert };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.insert + t.slice(e.end), text);
}

/** A fix that spans or produces several lines is shown as a diff before it is applied. */
export function needsPreview(fix: SuggestedFix): boolean {
  return fix.endLine > fix.startLine || fix.replacement.includes('\n');
}

export interface FixPlan {
  edits: Array<TextEdit & { finding: Finding }>;
  /** Findings whose lines changed since the review (or overlap a fix already planned). */
  refused: Finding[];
}

/** Every applicable fix of one file's findings, non-overlapping, for one edit. */
export function planFixes(text: string, findings: readonly Finding[], eol?: string): FixPlan {
  const plan: FixPlan = { edits: [], refused: [] };
  const taken: LineRange[] = [];
  for (const finding of findings) {
    if (!finding.fix) continue;
    const at = locateFix(text, finding.fix);
    if (!at || taken.some((r) => r.startLine <= at.endLine && at.startLine <= r.endLine)) {
      plan.refused.push(finding);
      continue;
    }
    taken.push(at);
    plan.edits.push({ ...fixEdit(text, at, finding.fix.replacement, eol), finding });
  }
  return plan;
}
