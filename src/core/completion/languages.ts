/** What the completion filters need to know about a language family. */
export interface LanguageTraits {
  /** Blocks are delimited by indentation alone (Python, YAML…), so a dedent always ends the block. */
  indentBlocks: boolean;
  lineComment: string | undefined;
  /** Matches a line that imports something, for the imports context source. */
  importLine: RegExp | undefined;
}

const C_LIKE: LanguageTraits = { indentBlocks: false, lineComment: '//', importLine: undefined };

const TRAITS: Record<string, LanguageTraits> = {
  typescript: { ...C_LIKE, importLine: /^\s*(import\s|export\s+(\*|\{[^}]*\})\s+from\s|(const|let|var)\s+\w+\s*=\s*require\()/ },
  javascript: { ...C_LIKE, importLine: /^\s*(import\s|export\s+(\*|\{[^}]*\})\s+from\s|(const|let|var)\s+\w+\s*=\s*require\()/ },
  python: { indentBlocks: true, lineComment: '#', importLine: /^\s*(import\s|from\s+\S+\s+import\s)/ },
  go: { ...C_LIKE, importLine: /^\s*(import\s|"[\w./-]+"$|\w+\s+"[\w./-]+"$)/ },
  rust: { ...C_LIKE, importLine: /^\s*(pub\s+)?(use|mod|extern\s+crate)\s/ },
  java: { ...C_LIKE, importLine: /^\s*import\s/ },
  kotlin: { ...C_LIKE, importLine: /^\s*import\s/ },
  csharp: { ...C_LIKE, importLine: /^\s*using\s+[\w.]+;/ },
  c: { ...C_LIKE, importLine: /^\s*#\s*include\s/ },
  cpp: { ...C_LIKE, importLine: /^\s*#\s*include\s/ },
  ruby: { indentBlocks: false, lineComment: '#', importLine: /^\s*(require|require_relative|load)\s/ },
  php: { ...C_LIKE, importLine: /^\s*(use\s|require|include)/ },
  yaml: { indentBlocks: true, lineComment: '#', importLine: undefined },
  shellscript: { indentBlocks: false, lineComment: '#', importLine: /^\s*(source|\.)\s/ },
};
TRAITS.typescriptreact = TRAITS.typescript!;
TRAITS.javascriptreact = TRAITS.javascript!;

export function traitsOf(languageId: string): LanguageTraits {
  return TRAITS[languageId] ?? C_LIKE;
}

export function indentWidth(line: string, tabSize = 4): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += tabSize - (width % tabSize);
    else break;
  }
  return width;
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}
