import { extractCode, findSymbols, type CodeLine, type CodeSymbol } from './codeLines';

/**
 * The simulator's deterministic "explain" answer: Markdown that names what the code declares, where,
 * and how the pieces call each other, plus its line count — enough for a meaningful offline demo.
 */
export function explainAnswer(prompt: string): string {
  const code = extractCode(prompt).filter((l) => l.text.trim() !== '');
  if (code.length === 0) return 'I could not find any code in your message. Send the code you want explained.';
  const symbols = findSymbols(code);
  const first = code[0]!.line;
  const last = code[code.length - 1]!.line;
  const parts = [
    `**Overview.** The code spans lines ${first}–${last} (${code.length} non-blank lines) and declares ${describeCounts(symbols)}.`,
  ];
  if (symbols.length > 0) {
    parts.push(symbols.map((s) => `- ${describeSymbol(s)}`).join('\n'));
    const calls = callRelations(code, symbols);
    if (calls.length > 0) parts.push(`**How it fits together.** ${calls.join(' ')}`);
  } else {
    parts.push('It declares no functions or classes: it is straight-line code that runs top to bottom.');
  }
  parts.push(`**Worth checking.** ${riskNote(code)}`);
  return parts.join('\n\n');
}

function describeCounts(symbols: CodeSymbol[]): string {
  if (symbols.length === 0) return 'no named functions or classes';
  const counts = new Map<string, number>();
  for (const s of symbols) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : kind === 'class' ? 'es' : 's'}`).join(', ');
}

function describeSymbol(s: CodeSymbol): string {
  const params = s.params ? ` taking \`${s.params}\`` : s.kind === 'function' || s.kind === 'method' ? ' with no parameters' : '';
  return `\`${s.name}\` (line ${s.line}) — a ${s.kind}${params}.`;
}

/** "`a` calls `b`." for every declared function used inside another one's body. */
function callRelations(code: CodeLine[], symbols: CodeSymbol[]): string[] {
  const callable = symbols.filter((s) => s.kind !== 'interface');
  const sentences: string[] = [];
  callable.forEach((caller, i) => {
    const end = callable[i + 1]?.line ?? Infinity;
    const body = code
      .filter((l) => l.line > caller.line && l.line < end)
      .map((l) => l.text)
      .join('\n');
    const callees = callable.filter((c) => c !== caller && new RegExp(`\\b${escapeRe(c.name)}\\s*\\(`).test(body));
    if (callees.length > 0) sentences.push(`\`${caller.name}\` calls ${callees.map((c) => `\`${c.name}\``).join(', ')}.`);
  });
  return sentences;
}

function riskNote(code: CodeLine[]): string {
  const text = code.map((l) => l.text).join('\n');
  if (/\bcatch\s*(\([^)]*\))?\s*\{\s*\}/.test(text)) return 'an empty `catch` hides failures.';
  if (/\bawait\b/.test(text)) return 'awaited calls can reject; make sure each caller handles the error.';
  if (/\bfor\b|\bwhile\b/.test(text)) return 'the loop bounds and empty inputs.';
  return 'inputs at the edges (empty, null, very large).';
}

function escapeRe(s: string): string {
  return s.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&');
}
