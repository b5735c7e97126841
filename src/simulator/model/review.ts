import { extractCode, type CodeLine } from './codeLines';

export interface Finding {
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file?: string;
  /** The corrected lines, as the review tool's schema asks for them. */
  fix?: { startLine: number; endLine: number; replacement: string };
}

export interface ReviewReport {
  summary: string;
  findings: Finding[];
}

interface Rule {
  test: (text: string) => boolean;
  severity: Finding['severity'];
  message: string;
  /** The line corrected ('' deletes it); undefined when the rule has no safe local fix. */
  fix?: (text: string) => string | undefined;
}

const LONG_LINE = 120;

const RULES: Rule[] = [
  { test: (t) => /\beval\s*\(/.test(t), severity: 'error', message: '`eval` runs arbitrary code; parse or dispatch explicitly instead.' },
  {
    test: (t) => /[^=!<>]==[^=]/.test(stripStrings(t)) || /!=[^=]/.test(stripStrings(t)),
    severity: 'warning',
    message: 'Loose equality coerces types; use `===` / `!==`.',
    fix: strictEquality,
  },
  {
    test: (t) => /\bcatch\s*(\([^)]*\))?\s*\{\s*\}/.test(t),
    severity: 'warning',
    message: 'Empty `catch` swallows the error; log it or rethrow.',
    fix: fillCatch,
  },
  {
    test: (t) => /(:\s*any\b|\bas\s+any\b|<any>)/.test(t),
    severity: 'warning',
    message: '`any` turns off type checking here; use a precise type or `unknown`.',
  },
  {
    test: (t) => /\bconsole\.log\s*\(/.test(t),
    severity: 'info',
    message: 'Leftover `console.log`; use the logger or remove it.',
    fix: (t) => (/^\s*console\.log\(.*\);?\s*$/.test(t) ? '' : undefined),
  },
  {
    test: (t) => /\bdebugger\s*;?/.test(t),
    severity: 'warning',
    message: 'Leftover `debugger` statement.',
    fix: (t) => (/^\s*debugger\s*;?\s*$/.test(t) ? '' : undefined),
  },
  { test: (t) => /\b(TODO|FIXME)\b/.test(t), severity: 'info', message: 'Unresolved TODO/FIXME.' },
  { test: (t) => t.length > LONG_LINE, severity: 'info', message: `Line longer than ${LONG_LINE} characters; split it for readability.` },
];

/** Deterministic heuristics standing in for a model's code review, with the prompt's own line numbers. */
export function reviewCode(prompt: string): ReviewReport {
  // In a diff, `<n>|+` marks an added line: the `+` is not part of the code.
  const diff = /^\s*\d+\|\+/m.test(prompt);
  const code = extractCode(prompt).map((l) => (diff && l.text.startsWith('+') ? { ...l, text: l.text.slice(1) } : l));
  const findings = [...code.flatMap(lineFindings), ...emptyCatchAcrossLines(code)].sort((a, b) => a.line - b.line);
  return { summary: summarize(findings, code.length), findings };
}

function lineFindings(l: CodeLine): Finding[] {
  return RULES.filter((r) => r.test(l.text)).map((r) => {
    const replacement = r.fix?.(l.text);
    return {
      line: l.line,
      severity: r.severity,
      message: r.message,
      ...(l.file ? { file: l.file } : {}),
      ...(replacement !== undefined && replacement !== l.text ? { fix: { startLine: l.line, endLine: l.line, replacement } } : {}),
    };
  });
}

/** `==` → `===` and `!=` → `!==` outside string literals. */
function strictEquality(text: string): string {
  return text
    .split(/((["'`])(?:\\.|(?!\2).)*\2)/)
    .map((part, i) => (i % 3 === 0 ? part.replace(/([^=!<>])==(?!=)/g, '$1===').replace(/!=(?!=)/g, '!==') : i % 3 === 1 ? part : ''))
    .join('');
}

/** `catch (e) {}` → `catch (e) { console.error(e); }` (a bare `catch {}` gets a binding). */
function fillCatch(text: string): string {
  return text.replace(
    /\bcatch\s*(?:\(\s*([A-Za-z_$][\w$]*)\s*\))?\s*\{\s*\}/,
    (_m, name: string | undefined) => `catch (${name ?? 'err'}) { console.error(${name ?? 'err'}); }`,
  );
}

/** `catch (e) {` followed by a line holding only `}`. */
function emptyCatchAcrossLines(code: CodeLine[]): Finding[] {
  const out: Finding[] = [];
  code.forEach((l, i) => {
    const next = code[i + 1];
    const open = /^(\s*)(.*\bcatch)\s*(?:\(\s*([A-Za-z_$][\w$]*)\s*\))?\s*\{\s*$/.exec(l.text);
    if (open && next && next.text.trim() === '}' && next.line === l.line + 1) {
      const [, indent = '', head = '', name = 'err'] = open;
      const replacement = [`${indent}${head} (${name}) {`, `${indent}  console.error(${name});`, next.text].join('\n');
      out.push({
        line: l.line,
        severity: 'warning',
        message: 'Empty `catch` swallows the error; log it or rethrow.',
        ...(l.file ? { file: l.file } : {}),
        fix: { startLine: l.line, endLine: next.line, replacement },
      });
    }
  });
  return out;
}

function summarize(findings: Finding[], lines: number): string {
  if (findings.length === 0) return `No issues found in ${lines} lines.`;
  const by = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${lines} lines: ${by('error')} error(s), ${by('warning')} warning(s), ${by('info')} info.`;
}

function stripStrings(t: string): string {
  return t.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""');
}
