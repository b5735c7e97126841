/**
 * Redaction of explain/review inputs while they are still raw text: before any `NN| ` gutter or
 * `+`/`-` diff marker is added, so multi-line secrets (a PEM block) are seen whole by the rules.
 * Redaction keeps every newline, so line numbers stay valid after it.
 */
import { blankKeyFragments } from '../../privacy/keyFragments';
import { redactSecrets } from '../../privacy/redact';
import type { ChangedFile } from './questions';
import type { SourceFile } from '../types';

export type Redact = (text: string) => string;

export const redactText: Redact = (text) => redactSecrets(text).text;

export function redactFile<F extends SourceFile>(file: F, redact: Redact = redactText): F {
  return { ...file, text: redact(file.text) };
}

export function redactChangedFile(file: ChangedFile, redact: Redact = redactText): ChangedFile {
  return { ...file, diff: redactUnifiedDiff(file.diff, redact), ...(file.text === undefined ? {} : { text: redact(file.text) }) };
}

type Side = 'old' | 'new' | 'both';

/**
 * A unified diff with each side redacted as the file it comes from: the old side (context and
 * removed lines, e.g. the file before a rename) and the new side (context and added lines) are each
 * joined and redacted whole, then mapped back line by line. Header and hunk lines are redacted one
 * by one. A context line that the two sides redact differently is left empty; base64 lines of a key
 * cut by the hunk's edges are emptied (blankKeyFragments).
 */
export function redactUnifiedDiff(diff: string, redact: Redact = redactText): string {
  const raw = diff.split('\n');
  const sides: Array<Side | undefined> = [];
  const oldLines: string[] = [];
  const newLines: string[] = [];
  let inHunk = false;
  for (const line of raw) {
    if (line.startsWith('@@')) inHunk = true;
    else if (line.startsWith('diff --git ')) inHunk = false;
    const side = inHunk ? sideOf(line) : undefined;
    sides.push(side);
    if (side === 'old' || side === 'both') oldLines.push(line.slice(1));
    if (side === 'new' || side === 'both') newLines.push(line.slice(1));
  }
  // A hunk may start or end inside a key whose BEGIN/END line it does not show.
  const oldRedacted = blankKeyFragments(redact(oldLines.join('\n')).split('\n'));
  const newRedacted = blankKeyFragments(redact(newLines.join('\n')).split('\n'));
  let o = 0;
  let n = 0;
  return raw
    .map((line, i) => {
      const side = sides[i];
      if (side === undefined) return redact(line);
      const marker = line[0] ?? ' ';
      if (side === 'old') return marker + oldRedacted[o++]!;
      if (side === 'new') return marker + newRedacted[n++]!;
      const before = oldRedacted[o++]!;
      const after = newRedacted[n++]!;
      const body = line.slice(1);
      if (before === after || before === body) return marker + after;
      return after === body ? marker + before : marker;
    })
    .join('\n');
}

function sideOf(line: string): Side | undefined {
  if (line.startsWith('+')) return 'new';
  if (line.startsWith('-')) return 'old';
  if (line.startsWith(' ')) return 'both';
  return undefined; // hunk header, `\ No newline at end of file`, blank separator
}
