/**
 * The golden completion corpus (test/golden/*.golden): realistic editing situations, each with the
 * model's raw output and what the user should be left with. Read by the unit test and by
 * `npm run bench -- golden`, both through the replay path (`replayCase`), the same as `npm run replay`.
 *
 * File format, one file per language:
 *
 *     language: python
 *
 *     === short-id
 *     why: optional reason, for debatable cases
 *     truncated: yes            (optional: the stream was cut by max_tokens)
 *     replaces: yes             (optional: `expect` replaces the closers right of the cursor)
 *     --- code
 *     def f(x):█                (the document; █ is the cursor)
 *     --- raw
 *     (the raw model output, verbatim; a first empty line = it starts with a newline)
 *     --- expect
 *     (the text that should be shown; empty = nothing)
 *
 * A case passes when the document after accepting equals the document after accepting `expect` (as an
 * insertion, or replacing the rest of the cursor line with `replaces: yes`) — so an expected `a, b`
 * before `)` and a shown `a, b)` replacing the `)` both pass: a case is judged by the line it leaves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Replayed, ReplayCase } from '../core/completion/replay';

export const CURSOR = '█';

export interface GoldenCase extends ReplayCase {
  id: string;
  file: string;
  expect: string;
  /** `expect` replaces the rest of the cursor line (closers the editor auto-inserted). */
  replaces: boolean;
  why?: string;
}

export function loadGolden(dir: string): GoldenCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.golden'))
    .sort()
    .flatMap((f) => parseGolden(readFileSync(join(dir, f), 'utf8'), f));
}

export function parseGolden(text: string, file: string): GoldenCase[] {
  const language = /^language:\s*(\S+)/m.exec(text)?.[1];
  if (!language) throw new Error(`${file}: no "language:" line`);
  const blocks = text.split(/^=== /m).slice(1);
  return blocks.map((block) => parseCase(block, language, file));
}

function parseCase(block: string, language: string, file: string): GoldenCase {
  const lines = block.split('\n');
  const id = lines[0]!.trim();
  const headers = new Map<string, string>();
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines.slice(1)) {
    const section = /^--- (code|raw|expect)\s*$/.exec(line);
    if (section) sections.set(section[1]!, (current = []));
    else if (current) current.push(line);
    else if (/^\w+:/.test(line)) headers.set(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim());
  }
  const body = (name: string): string => {
    const s = sections.get(name);
    if (!s) throw new Error(`${file} ${id}: no "--- ${name}" section`);
    const copy = [...s];
    while (copy.length && copy[copy.length - 1]!.trim() === '') copy.pop();
    return copy.join('\n');
  };
  const code = `${body('code')}\n`;
  const at = code.indexOf(CURSOR);
  if (at < 0 || code.indexOf(CURSOR, at + 1) >= 0) throw new Error(`${file} ${id}: exactly one cursor marker ${CURSOR} expected`);
  return {
    id,
    file,
    language,
    prefix: code.slice(0, at),
    suffix: code.slice(at + CURSOR.length),
    raw: body('raw'),
    expect: body('expect'),
    why: headers.get('why'),
    truncated: headers.get('truncated') === 'yes',
    replaces: headers.get('replaces') === 'yes',
  };
}

/** The document after accepting a suggestion. */
export function acceptedDocument(c: GoldenCase, shown: Replayed): string {
  return c.prefix + shown.completion + c.suffix.slice(shown.replace);
}

export function expectedDocument(c: GoldenCase): string {
  const lineEnd = c.suffix.indexOf('\n');
  return acceptedDocument(c, { completion: c.expect, replace: c.replaces ? (lineEnd < 0 ? c.suffix.length : lineEnd) : 0 });
}

export function passes(c: GoldenCase, shown: Replayed): boolean {
  return acceptedDocument(c, shown) === expectedDocument(c);
}

/** The raw output must be shown as it is. */
export function isUnchangedCase(c: GoldenCase): boolean {
  return c.expect === c.raw.replace(/\s+$/, '');
}

/** The expected suggestion spans lines (a body, a block, a next-line suggestion). */
export function isMultiLineCase(c: GoldenCase): boolean {
  return c.expect.includes('\n');
}

/** Something must be cut from the raw output (a run-on, a duplicate, a closer, a whole bad suggestion). */
export function isCutCase(c: GoldenCase): boolean {
  return !isUnchangedCase(c);
}

/** Baselines: the raw output shown as is, and cut at its first line break. */
export function rawUnchanged(c: GoldenCase): Replayed {
  return { completion: c.raw, replace: 0 };
}

export function rawFirstLine(c: GoldenCase): Replayed {
  const nl = c.raw.indexOf('\n');
  return { completion: nl < 0 ? c.raw : c.raw.slice(0, nl), replace: 0 };
}
