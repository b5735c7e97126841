/** The editor's document as the completion core sees it: lines on demand, so a 10,000-line file costs only its window. */
export interface DocumentView {
  /** Workspace-relative path with forward slashes (shown to the model in `+++++` headers). */
  path: string;
  languageId: string;
  lineCount: number;
  lineAt(line: number): string;
}

export interface Cursor {
  line: number;
  /** UTF-16 offset within the line, as VS Code counts. */
  character: number;
}

/** A DocumentView over a string, for tests, the replay tool and the benchmarks. */
export function documentFromText(path: string, languageId: string, text: string): DocumentView {
  const lines = text.split(/\r?\n/);
  return { path, languageId, lineCount: lines.length, lineAt: (i) => lines[i] ?? '' };
}

/** Splits a text at a `<|cursor|>`-style marker into a document and the cursor position. */
export function documentWithCursor(path: string, languageId: string, marked: string, marker = '█'): { doc: DocumentView; cursor: Cursor } {
  const at = marked.indexOf(marker);
  if (at < 0) throw new Error(`no cursor marker ${marker}`);
  const before = marked.slice(0, at).split('\n');
  const cursor = { line: before.length - 1, character: before[before.length - 1]!.length };
  return { doc: documentFromText(path, languageId, marked.slice(0, at) + marked.slice(at + marker.length)), cursor };
}
