import type { DocumentView } from '../document';
import { traitsOf } from '../languages';
import type { Snippet } from './snippet';

const SCAN_LINES = 300;

/**
 * The import lines of the current file when the prompt window no longer reaches them (long files):
 * they tell the model which names exist and where they come from.
 */
export function importsOf(doc: DocumentView, windowFirstLine: number): Snippet[] {
  const pattern = traitsOf(doc.languageId).importLine;
  if (!pattern || windowFirstLine === 0) return [];
  const lines: string[] = [];
  const limit = Math.min(doc.lineCount, windowFirstLine, SCAN_LINES);
  for (let i = 0; i < limit; i++) {
    const line = doc.lineAt(i);
    if (pattern.test(line)) lines.push(line);
  }
  return lines.length ? [{ source: 'imports', path: doc.path, startLine: 0, text: lines.join('\n'), score: 1 }] : [];
}
