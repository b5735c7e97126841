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
  const present = new Map<string, boolean>();
  const occurs = (literal: string): boolean => {
    let found = present.get(literal);
    if (found === undefined) present.set(literal, (found = text.includes(literal)));
    return found;
  };
  SECRET_RULES.forEach((rule, priority) => {
    if (!rule.gate || rule.gate.some(occurs)) collect(rule, priority, text, findings);
  });
  return findings;
}

function collect(rule: SecretRule, priority: number, text: string, into: Finding[]): void {
  for (const m of rule.matches ? rule.matches(text) : execAll(rule.pattern, text)) {
    const [start, end] = secretSpan(m);
    const secret = text.slice(start, end);
    if (!rule.accept || rule.accept(secret, m, text)) {
      into.push({ start, end, kind: rule.kindOf ? rule.kindOf(m) : rule.kind, priority });
    }
  }
}

function* execAll(pattern: RegExp, text: string): Iterable<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) yield m;
}

/**
 * The `secret` (or unquoted `uv`) group when the rule has one, else the whole match. Rules put the
 * group last, so its last occurrence in the match is the group (cheaper than the `d` flag).
 */
function secretSpan(m: RegExpExecArray): [number, number] {
  const group = m.groups?.['secret'] ?? m.groups?.['uv'];
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
