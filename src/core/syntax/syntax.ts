import { join } from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import type { LineRange } from '../assist/types';
import { CLASS_NODES, FUNCTION_NODES, grammarOf } from './grammars';

/**
 * Tree-sitter parsing, with grammars loaded lazily per language from `dir` (the extension's
 * dist/grammars: web-tree-sitter's own tree-sitter.wasm and one tree-sitter-<lang>.wasm per grammar).
 * A grammar that fails to load is remembered as unavailable; callers fall back to the hand-written
 * finders. Parsing keeps the last tree per document so the next parse of the same text is free.
 */
export class SyntaxService {
  private init: Promise<void> | undefined;
  private readonly languages = new Map<string, Promise<Language | undefined>>();
  private readonly parsers = new Map<string, Parser>();
  private readonly lastTree = new Map<string, { text: string; tree: Tree }>();

  /** `runtimeDir` holds web-tree-sitter's tree-sitter.wasm (the same folder when shipped). */
  constructor(
    private readonly dir: string,
    private readonly runtimeDir = dir,
  ) {}

  /** Loads the grammar for a language once; undefined when there is none or it does not load. */
  language(languageId: string): Promise<Language | undefined> {
    const grammar = grammarOf(languageId);
    if (!grammar) return Promise.resolve(undefined);
    let loading = this.languages.get(grammar);
    if (!loading) {
      loading = this.initOnce()
        .then(() => Language.load(join(this.dir, `tree-sitter-${grammar}.wasm`)))
        .catch(() => undefined);
      this.languages.set(grammar, loading);
    }
    return loading;
  }

  /** The syntax tree of `text` (kept for `key`, usually the document's path). */
  async parse(languageId: string, text: string, key = languageId): Promise<Tree | undefined> {
    const language = await this.language(languageId);
    if (!language) return undefined;
    const last = this.lastTree.get(key);
    if (last && last.text === text) return last.tree;
    const parser = this.parserFor(grammarOf(languageId)!, language);
    const tree = parser.parse(text);
    if (!tree) return undefined;
    last?.tree.delete();
    this.lastTree.set(key, { text, tree });
    return tree;
  }

  /** The innermost function (else class-like declaration) around a 1-based line, as 1-based lines. */
  async enclosingDeclaration(languageId: string, text: string, line: number, key?: string): Promise<LineRange | null | 'no-grammar'> {
    const tree = await this.parse(languageId, text, key);
    if (!tree) return 'no-grammar';
    return innermostDeclaration(tree.rootNode, line - 1, text.split('\n')[line - 1] ?? '') ?? null;
  }

  dispose(): void {
    for (const { tree } of this.lastTree.values()) tree.delete();
    this.lastTree.clear();
    for (const p of this.parsers.values()) p.delete();
    this.parsers.clear();
  }

  private initOnce(): Promise<void> {
    this.init ??= Parser.init({ locateFile: (file: string) => join(this.runtimeDir, file) });
    return this.init;
  }

  private parserFor(grammar: string, language: Language): Parser {
    let parser = this.parsers.get(grammar);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(language);
      this.parsers.set(grammar, parser);
    }
    return parser;
  }
}

/** Innermost function-like node holding the row, else the innermost class-like one. */
export function innermostDeclaration(root: Node, row: number, lineText: string): LineRange | undefined {
  const column = Math.max(0, lineText.length - lineText.trimStart().length);
  let node: Node | null = root.descendantForPosition({ row, column });
  let classLike: Node | undefined;
  for (; node; node = node.parent) {
    if (FUNCTION_NODES.has(node.type) && node.startPosition.row !== node.endPosition.row) return rangeOf(node);
    if (!classLike && CLASS_NODES.has(node.type)) classLike = node;
  }
  return classLike && rangeOf(classLike);
}

function rangeOf(node: Node): LineRange {
  // Decorators and annotations above a Python def live in its parent `decorated_definition`.
  const outer = node.parent?.type === 'decorated_definition' ? node.parent : node;
  return { startLine: outer.startPosition.row + 1, endLine: node.endPosition.row + 1 };
}
