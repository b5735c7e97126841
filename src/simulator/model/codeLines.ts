/** A line of code the user sent, with the line number they will recognise. */
export interface CodeLine {
  line: number;
  text: string;
  file?: string;
}

const GUTTER = /^\s*(\d+)\| ?(.*)$/;
const FILE_HEADER = /^(?:\+\+\+\+\+ |\+\+\+ b\/|File: |### )(\S+)\s*$/;
const FENCE = /^\s*```/;

/**
 * The code inside a prompt. Lines written with a `<n>| ` gutter keep their numbers (and the file of
 * the last `+++++ path` / `File: path` header above them); otherwise fenced blocks are numbered from
 * 1; with neither, the whole text is taken as code.
 */
export function extractCode(prompt: string): CodeLine[] {
  const lines = prompt.split('\n');
  const gutter = gutterLines(lines);
  if (gutter.length > 0) return gutter;
  const fenced = fencedLines(lines);
  if (fenced.length > 0) return fenced;
  return lines.map((text, i) => ({ line: i + 1, text }));
}

function gutterLines(lines: string[]): CodeLine[] {
  const out: CodeLine[] = [];
  let file: string | undefined;
  for (const raw of lines) {
    const header = FILE_HEADER.exec(raw);
    if (header) file = header[1];
    const m = GUTTER.exec(raw);
    if (m) out.push({ line: Number(m[1]), text: m[2] ?? '', ...(file ? { file } : {}) });
  }
  return out;
}

function fencedLines(lines: string[]): CodeLine[] {
  const out: CodeLine[] = [];
  let inside = false;
  for (const raw of lines) {
    if (FENCE.test(raw)) {
      inside = !inside;
      continue;
    }
    if (inside) out.push({ line: out.length + 1, text: raw });
  }
  return out;
}

export interface CodeSymbol {
  kind: 'function' | 'class' | 'method' | 'interface';
  name: string;
  line: number;
  params: string;
}

const SYMBOL_PATTERNS: Array<{ kind: CodeSymbol['kind']; re: RegExp }> = [
  { kind: 'class', re: /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/ },
  { kind: 'interface', re: /^\s*(?:export\s+)?(?:interface|type)\s+([A-Za-z_$][\w$]*)/ },
  { kind: 'function', re: /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\(([^)]*)/ },
  { kind: 'function', re: /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?\(([^)]*)\)[^=]*=>/ },
  { kind: 'function', re: /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(([^)]*)/ },
  { kind: 'function', re: /^\s*(?:pub\s+)?fn\s+([A-Za-z_]\w*)\s*(?:<[^>]*>)?\(([^)]*)/ },
  { kind: 'function', re: /^\s*func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*\(([^)]*)/ },
  {
    kind: 'method',
    re: /^\s+(?:(?:public|private|protected|static|async|override|readonly)\s+)*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\(([^)]*)\)\s*(?::\s*[^{;]+)?\{\s*$/,
  },
];
const NOT_METHODS = new Set(['if', 'for', 'while', 'switch', 'catch', 'function', 'return', 'constructor']);

/** Functions, classes, methods and interfaces declared in the code, in order. */
export function findSymbols(code: CodeLine[]): CodeSymbol[] {
  const symbols: CodeSymbol[] = [];
  for (const { line, text } of code) {
    for (const { kind, re } of SYMBOL_PATTERNS) {
      const m = re.exec(text);
      if (!m || (kind === 'method' && NOT_METHODS.has(m[1]!))) continue;
      symbols.push({ kind, name: m[1]!, line, params: (m[2] ?? '').trim() });
      break;
    }
  }
  return symbols;
}
