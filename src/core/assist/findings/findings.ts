import { parseLenientJson } from './lenientJson';
import type { Finding, FindingScope, LineRange, ParsedFindings, Severity, SuggestedFix } from '../types';

const MAX_MESSAGE = 200;
const MAX_SUMMARY = 500;

const SEVERITIES: Record<string, Severity> = {
  error: 'error',
  critical: 'error',
  high: 'error',
  fatal: 'error',
  blocker: 'error',
  bug: 'error',
  severe: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  major: 'warning',
  moderate: 'warning',
  info: 'info',
  information: 'info',
  low: 'info',
  minor: 'info',
  note: 'info',
  hint: 'info',
  suggestion: 'info',
  nit: 'info',
  style: 'info',
};

/**
 * The findings of a `report_findings` call, given as the parsed input or as its raw JSON text
 * (possibly cut short or followed by prose). Findings off the reviewed lines, without a message or
 * a usable line are dropped; anything dropped, replaced or unreadable sets `malformed`. Never throws.
 */
export function parseFindings(toolInput: unknown, scope: FindingScope): ParsedFindings {
  const parsed = typeof toolInput === 'string' ? parseLenientJson(toolInput) : { value: toolInput, complete: true };
  if (!parsed || !isRecord(parsed.value)) return { summary: '', findings: [], malformed: true };
  const { summary, findings: rawFindings } = parsed.value;
  const list = Array.isArray(rawFindings) ? rawFindings : [];
  const checked = list.map((raw) => validFinding(raw, scope));
  const findings = dedupeSorted(checked.flatMap((c) => (c.finding ? [c.finding] : [])));
  const malformed = !parsed.complete || typeof summary !== 'string' || !Array.isArray(rawFindings) || checked.some((c) => c.flawed);
  return { summary: typeof summary === 'string' ? oneLine(summary, MAX_SUMMARY) : '', findings, malformed };
}

/** `- **Line 12:** …`, `3. lines 4–6 — …`, `src/a.ts line 9: …`: a mention that opens a line or bullet. */
const LINE_MENTION =
  /^\s*(?:[-*+]|\d+[.)])?\s*(?:\*\*|__)?(?:`?([\w./-]+\.\w+)`?,?\s+)?(?:lines?|L)\s*(\d+)(?:\s*(?:-|–|to)\s*(\d+))?\s*(?:\*\*|__)?\s*[:—–-]\s*(?:\*\*|__)?\s*(.+)$/i;

/**
 * Fallback when the model answered in prose instead of calling the tool: only explicit line
 * mentions at the start of a line or bullet become findings (severity guessed from their wording);
 * the first paragraph that is not one becomes the summary.
 */
export function findingsFromText(markdown: string, scope: FindingScope): ParsedFindings {
  const raw: Array<Record<string, unknown>> = [];
  const prose: string[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const m = LINE_MENTION.exec(line);
    if (m)
      raw.push({
        file: m[1],
        line: Number(m[2]),
        endLine: m[3] ? Number(m[3]) : undefined,
        severity: guessSeverity(m[4]!),
        message: m[4]!.replace(/\*\*|__/g, ''),
      });
    else prose.push(line);
  }
  const checked = raw.map((r) => validFinding(r, scope));
  return {
    summary: oneLine(firstParagraph(prose), MAX_SUMMARY),
    findings: dedupeSorted(checked.flatMap((c) => (c.finding ? [c.finding] : []))),
    malformed: checked.some((c) => !c.finding),
  };
}

function guessSeverity(message: string): Severity {
  if (/\b(bug|crash|security|vulnerab\w*|injection|data loss|leak|race|undefined behaviou?r|throws?)\b/i.test(message)) return 'error';
  if (/\b(nit|style|naming|readab\w*|typo|consider|could|minor)\b/i.test(message)) return 'info';
  return 'warning';
}

function firstParagraph(lines: string[]): string {
  const paragraphs = lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^#+\s.*$/gm, '').trim());
  return paragraphs.find((p) => p !== '') ?? '';
}

/** One finding checked against the scope: undefined when unusable; `flawed` when anything was off. */
export function validFinding(raw: unknown, scope: FindingScope): { finding?: Finding; flawed: boolean } {
  if (!isRecord(raw)) return { flawed: true };
  const line = lineNumber(raw['line']);
  const message = typeof raw['message'] === 'string' ? oneLine(raw['message'], MAX_MESSAGE) : '';
  if (line === undefined || message === '') return { flawed: true };
  const file = fileFor(raw['file'], line, scope);
  const range = file?.ranges.find((r) => r.startLine <= line && line <= r.endLine);
  if (!file || !range) return { flawed: true };
  const severity = severityOf(raw['severity']);
  const endLine = lineNumber(raw['endLine']);
  const finding: Finding = { path: file.path, line, severity: severity ?? 'warning', message };
  if (endLine !== undefined && endLine > line) finding.endLine = Math.min(endLine, range.endLine);
  const fix = raw['fix'] === undefined || raw['fix'] === null ? undefined : validFix(raw['fix'], line, range);
  if (fix) finding.fix = fix;
  const badFix = raw['fix'] !== undefined && raw['fix'] !== null && !fix;
  return { finding, flawed: severity === undefined || typeof raw['line'] !== 'number' || badFix };
}

const REPLACEMENT_KEYS = ['replacement', 'code', 'text', 'newText'] as const;
const MAX_REPLACEMENT = 20_000;

/**
 * A finding's fix, read leniently: lines as numbers or digit strings, `startLine` defaulting to the
 * finding's line and `endLine` to `startLine`, the text under `replacement` (or `code`/`text`/`newText`).
 * Undefined unless the lines lie inside the reviewed range and the text is a string of sane size.
 */
export function validFix(raw: unknown, findingLine: number, range: LineRange): SuggestedFix | undefined {
  if (!isRecord(raw)) return undefined;
  const startLine = raw['startLine'] === undefined ? findingLine : lineNumber(raw['startLine']);
  const endLine = raw['endLine'] === undefined ? startLine : lineNumber(raw['endLine']);
  const key = REPLACEMENT_KEYS.find((k) => typeof raw[k] === 'string');
  const replacement = key ? (raw[key] as string).replace(/\r\n/g, '\n') : undefined;
  if (startLine === undefined || endLine === undefined || replacement === undefined || endLine < startLine) return undefined;
  if (!covers(range, startLine) || !covers(range, endLine) || replacement.length > MAX_REPLACEMENT) return undefined;
  return { startLine, endLine, replacement: replacement.endsWith('\n') ? replacement.slice(0, -1) : replacement };
}

/** The scope file a finding names (exact path or a path suffix), or the only one that fits its line. */
function fileFor(named: unknown, line: number, scope: FindingScope): FindingScope['files'][number] | undefined {
  if (typeof named === 'string' && named.trim() !== '') {
    const want = normalisePath(named);
    return scope.files.find((f) => normalisePath(f.path) === want) ?? scope.files.find((f) => endsWithPath(normalisePath(f.path), want));
  }
  if (scope.files.length === 1) return scope.files[0];
  const holding = scope.files.filter((f) => f.ranges.some((r) => covers(r, line)));
  return holding.length === 1 ? holding[0] : undefined;
}

function lineNumber(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;
}

export function severityOf(v: unknown): Severity | undefined {
  return typeof v === 'string' && Object.hasOwn(SEVERITIES, v.trim().toLowerCase()) ? SEVERITIES[v.trim().toLowerCase()] : undefined;
}

/** Whitespace and newlines folded to single spaces, cut at a word boundary with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

function dedupeSorted(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.path}\u0000${f.line}\u0000${f.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return unique.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
}

function covers(r: LineRange, line: number): boolean {
  return r.startLine <= line && line <= r.endLine;
}

function normalisePath(p: string): string {
  return p
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(?:[ab]\/|\.\/)/, '');
}

function endsWithPath(full: string, tail: string): boolean {
  return full.endsWith(`/${tail}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
