import { extractCode, type CodeLine } from './codeLines';

export interface Finding {
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file?: string;
}

export interface ReviewReport {
  summary: string;
  findings: Finding[];
}

interface Rule {
  test: (text: string) => boolean;
  severity: Finding['severity'];
  message: string;
}

const LONG_LINE = 120;

const RULES: Rule[] = [
  { test: (t) => /\beval\s*\(/.test(t), severity: 'error', message: '`eval` runs arbitrary code; parse or dispatch explicitly instead.' },
  { test: (t) => /[^=!<>]==[^=]/.test(stripStrings(t)) || /!=[^=]/.test(stripStrings(t)), severity: 'warning', message: 'Loose equality coerces types; use `===` / `!==`.' },
  { test: (t) => /\bcatch\s*(\([^)]*\))?\s*\{\s*\}/.test(t), severity: 'warning', message: 'Empty `catch` swallows the error; log it or rethrow.' },
  { test: (t) => /(:\s*any\b|\bas\s+any\b|<any>)/.test(t), severity: 'warning', message: '`any` turns off type checking here; use a precise type or `unknown`.' },
  { test: (t) => /\bconsole\.log\s*\(/.test(t), severity: 'info', message: 'Leftover `console.log`; use the logger or remove it.' },
  { test: (t) => /\bdebugger\s*;?/.test(t), severity: 'warning', message: 'Leftover `debugger` statement.' },
  { test: (t) => /\b(TODO|FIXME)\b/.test(t), severity: 'info', message: 'Unresolved TODO/FIXME.' },
  { test: (t) => t.length > LONG_LINE, severity: 'info', message: `Line longer than ${LONG_LINE} characters; split it for readability.` },
];

/** Deterministic heuristics standing in for a model's code review, with the prompt's own line numbers. */
export function reviewCode(prompt: string): ReviewReport {
  const code = extractCode(prompt);
  const findings = [...code.flatMap(lineFindings), ...emptyCatchAcrossLines(code)].sort((a, b) => a.line - b.line);
  return { summary: summarize(findings, code.length), findings };
}

function lineFindings(l: CodeLine): Finding[] {
  return RULES.filter((r) => r.test(l.text)).map((r) => ({
    line: l.line,
    severity: r.severity,
    message: r.message,
    ...(l.file ? { file: l.file } : {}),
  }));
}

/** `catch (e) {` followed by a line holding only `}`. */
function emptyCatchAcrossLines(code: CodeLine[]): Finding[] {
  const out: Finding[] = [];
  code.forEach((l, i) => {
    const next = code[i + 1];
    if (/\bcatch\s*(\([^)]*\))?\s*\{\s*$/.test(l.text) && next && next.text.trim() === '}') {
      out.push({ line: l.line, severity: 'warning', message: 'Empty `catch` swallows the error; log it or rethrow.', ...(l.file ? { file: l.file } : {}) });
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
