/**
 * Replaces credentials in text bound for a model with placeholders of the form
 *
 *     ⟦secret:<kind>:<n>⟧        e.g. ⟦secret:github-token:1⟧
 *
 * `<kind>` names the credential family (see secretRules.ts) and `<n>` numbers distinct secret values
 * in order of first appearance within one call, so the same secret always gets the same placeholder
 * and the model can still see that two places use the same key. Only the secret itself is replaced
 * (a URL keeps its user and host; `API_KEY=` keeps its name). Newlines are never added or removed:
 * a multi-line PEM block becomes the placeholder followed by the block's newlines.
 */
import { SECRET_RULES, type SecretRule } from './secretRules';

export interface RedactionResult {
  text: string;
  /** Secret occurrences replaced. */
  count: number;
  /** Distinct kinds replaced, in order of first appearance. */
  kinds: string[];
}

interface Finding {
  start: number;
  end: number;
  kind: string;
  /** Position of the rule in SECRET_RULES: lower wins when two findings cover the same span. */
  priority: number;
}

export const PLACEHOLDER_OPEN = '⟦';
export const PLACEHOLDER_CLOSE = '⟧';

export function redactSecrets(text: string): RedactionResult {
  const findings = nonOverlapping(findSecrets(text));
  if (findings.length === 0) return { text, count: 0, kinds: [] };
  const numbers = new Map<string, number>();
  const kinds: string[] = [];
  let out = '';
  let cursor = 0;
  for (const f of findings) {
    const secret = text.slice(f.start, f.end);
    let n = numbers.get(secret);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(secret, n);
    }
    if (!kinds.includes(f.kind)) kinds.push(f.kind);
    out += text.slice(cursor, f.start) + placeholder(f.kind, n) + newlinesOf(secret);
    cursor = f.end;
  }
  return { text: out + text.slice(cursor), count: findings.length, kinds };
}

/**
 * True when a completion reproduces a placeholder, whole or in part (`⟦secret`, a lone bracket,
 * or the body without brackets): such a completion would write a placeholder into the user's file.
 */
export function containsPlaceholder(text: string): boolean {
  return /[⟦⟧]|\[\[\s*secret:|secret:[a-z][a-z0-9-]*:\d/i.test(text);
}

function placeholder(kind: string, n: number): string {
  return `${PLACEHOLDER_OPEN}secret:${kind}:${n}${PLACEHOLDER_CLOSE}`;
}

function newlinesOf(secret: string): string {
  let newlines = '';
  for (let i = secret.indexOf('\n'); i >= 0; i = secret.indexOf('\n', i + 1)) newlines += '\n';
  return newlines;
}

function findSecrets(text: string): Finding[] {
  const findings: Finding[] = [];
  const spans = new Map<number, number>();
  const found = new Map<string, number[] | null>();
  const limit = Math.max(16, Math.floor(text.length * DENSE_CANDIDATES_PER_CHAR));
  const positions = (literal: string): number[] | null => {
    let all = found.get(literal);
    if (all === undefined) found.set(literal, (all = positionsOf(literal, text, limit)));
    return all;
  };
  SECRET_RULES.forEach((rule, priority) => {
    let matches: Iterable<RegExpExecArray>;
    if (rule.matches) matches = rule.matches(text);
    else if (rule.starts) matches = startsScan(rule.pattern, rule.starts.map(positions), text);
    else if (!rule.gate || rule.gate.some((literal) => text.includes(literal))) matches = execAll(rule.pattern, text);
    else return;
    collect(rule, priority, matches, text, findings, spans);
  });
  return findings;
}

/**
 * Few candidates: one sticky attempt at each (faster than the regex's own scan over ordinary code).
 * Many (hostile or dense text): one global scan, whose per-position cost inside the regex engine is
 * far below a JavaScript call per candidate.
 */
const DENSE_CANDIDATES_PER_CHAR = 1 / 256;

/** `null` for a literal with more than `limit` occurrences: dense text is scanned by the regex itself. */
function startsScan(pattern: RegExp, perLiteral: Array<number[] | null>, text: string): Iterable<RegExpExecArray> {
  if (perLiteral.includes(null)) return execAll(pattern, text);
  const candidates = (perLiteral as number[][]).flat();
  if (candidates.length === 0) return [];
  return execAt(
    stickyCopy(pattern),
    candidates.sort((a, b) => a - b),
    text,
  );
}

function positionsOf(literal: string, text: string, limit: number): number[] | null {
  const all: number[] = [];
  for (let i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + 1)) {
    if (all.push(i) > limit) return null;
  }
  return all;
}

/**
 * Rules run in priority order, so a span an earlier rule already found would lose to it in
 * nonOverlapping: skip it before the (costly) accept check.
 */
function collect(
  rule: SecretRule,
  priority: number,
  matches: Iterable<RegExpExecArray>,
  text: string,
  into: Finding[],
  spans: Map<number, number>,
): void {
  for (const m of matches) {
    const [start, end] = secretSpan(m, rule.secretGroups);
    // Keyed by start alone (small integers hash fast); a second end at one start is only checked again.
    if (spans.get(start) === end) continue;
    if (!rule.accept || rule.accept(text.slice(start, end), m, text)) {
      into.push({ start, end, kind: rule.kindOf ? rule.kindOf(m) : rule.kind, priority });
      spans.set(start, end);
    }
  }
}

function* execAll(pattern: RegExp, text: string): Iterable<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) yield m;
}

/**
 * The matches a global scan would find when every match starts at one of `candidates` (ascending):
 * `indexOf` finds a rule's start literals far faster than the regex's own scan does.
 */
function* execAt(sticky: RegExp, candidates: number[], text: string): Iterable<RegExpExecArray> {
  let from = 0;
  for (const at of candidates) {
    if (at < from) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (m === null) continue;
    from = at + m[0].length;
    yield m;
  }
}

const stickyCopies = new Map<RegExp, RegExp>();

function stickyCopy(pattern: RegExp): RegExp {
  let sticky = stickyCopies.get(pattern);
  if (sticky === undefined) stickyCopies.set(pattern, (sticky = new RegExp(pattern.source, pattern.flags.replace('g', '') + 'y')));
  return sticky;
}

/**
 * The rule's secret groups, or its `secret` (or unquoted `uv`) group, else the whole match. Rules put the
 * group last, so its last occurrence in the match is the group (cheaper than the `d` flag).
 */
function secretSpan(m: RegExpExecArray, groups: number[] | undefined): [number, number] {
  let group: string | undefined;
  if (groups) for (let i = 0; i < groups.length && group === undefined; i++) group = m[groups[i]!];
  else group = m.groups?.['secret'] ?? m.groups?.['uv'];
  if (group === undefined) return [m.index, m.index + m[0].length];
  const start = m.index + m[0].lastIndexOf(group);
  return [start, start + group.length];
}

/** Earliest first; at the same start the longer, then the more specific rule; overlaps dropped. */
function nonOverlapping(findings: Finding[]): Finding[] {
  findings.sort((a, b) => a.start - b.start || b.end - a.end || a.priority - b.priority);
  const kept: Finding[] = [];
  let reached = -1;
  for (const f of findings) {
    if (f.start < reached) continue;
    kept.push(f);
    reached = f.end;
  }
  return kept;
}
