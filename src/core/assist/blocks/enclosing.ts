import { braceBlocks, innermostDeclaration } from './braceBlocks';
import { endKeywordDeclaration } from './endBlocks';
import { indentedDeclaration } from './indentBlocks';
import { LineIndex } from './lineIndex';
import type { LineRange } from '../types';

/** A document symbol from the editor's language server, converted to 1-based lines. */
export interface EditorSymbol {
  name: string;
  startLine: number;
  endLine: number;
  /** VS Code's SymbolKind name, e.g. 'Function', 'Method', 'Class' (case-insensitive). */
  kind: string;
}

const FUNCTION_KINDS = new Set(['function', 'method', 'constructor']);
const CLASS_KINDS = new Set(['class', 'struct', 'interface', 'enum', 'module', 'namespace', 'object']);
const INDENT_LANGUAGES = new Set(['python']);
const END_LANGUAGES = new Set(['ruby', 'lua']);

/**
 * The function, method or class around the cursor (1-based, inclusive lines), for a request made
 * with nothing selected. The language server's symbols win when given: the innermost function-like
 * symbol holding the cursor, else the innermost class-like one; otherwise brace, indentation or
 * `end` heuristics by language family, or tree-sitter's answer (`fromSyntax`) where a grammar exists.
 * undefined when the cursor is at top level.
 */
export function enclosingBlock(
  text: string,
  offset: number,
  languageId: string,
  symbols: EditorSymbol[] = [],
  fromSyntax?: LineRange | null | 'no-grammar',
): LineRange | undefined {
  const index = new LineIndex(text);
  const line = index.lineOf(Math.max(0, Math.min(offset, text.length)));
  const fromSymbols = innermostSymbol(symbols, line, FUNCTION_KINDS) ?? innermostSymbol(symbols, line, CLASS_KINDS);
  if (fromSymbols) return fromSymbols;
  // The tree-sitter answer where a grammar exists (null: top level); the hand-written finders otherwise.
  if (fromSyntax === null) return undefined;
  if (fromSyntax !== undefined && fromSyntax !== 'no-grammar') return fromSyntax;
  if (INDENT_LANGUAGES.has(languageId)) return indentedDeclaration(text.split('\n'), line);
  if (END_LANGUAGES.has(languageId)) return endKeywordDeclaration(text.split('\n'), line, languageId);
  return innermostDeclaration(braceBlocks(text, languageId), offset, index);
}

function innermostSymbol(symbols: EditorSymbol[], line: number, kinds: Set<string>): LineRange | undefined {
  let best: EditorSymbol | undefined;
  for (const s of symbols) {
    if (!kinds.has(s.kind.toLowerCase()) || line < s.startLine || line > s.endLine) continue;
    if (!best || s.endLine - s.startLine < best.endLine - best.startLine) best = s;
  }
  return best && { startLine: best.startLine, endLine: best.endLine };
}
