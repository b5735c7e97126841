import { join } from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { cursorSyntax, pointAt, type CursorSyntax } from './cursorSyntax';
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
  private loadQueue: Promise<unknown> = Promise.resolve();
  private readonly languages = new Map<string, Promise<Language | undefined>>();
  private readonly parsers = new Map<string, Parser>();
  private readonly lastTree = new Map<string, { text: string; tree: Tree }>();
  private readonly loaded = new Map<string, Language>();
  /** Grammars that threw while parsing: never tried again in this session. */
  private readonly broken = new Set<string>();
  /** The last window parsed per document, edited and re-parsed incrementally on the next keystroke. */
  private readonly lastWindow = new Map<string, { text: string; tree: Tree }>();

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
      // One load at a time: concurrent Language.load calls were seen to leave a grammar unloaded.
      loading = this.loadQueue
        .then(() => this.initOnce())
        .then(() => Language.load(join(this.dir, `tree-sitter-${grammar}.wasm`)))
        .then((language) => {
          warmUp(this.parserFor(grammar, language));
          this.loaded.set(grammar, language);
          return language;
        })
        .catch(() => undefined);
      this.languages.set(grammar, loading);
      this.loadQueue = loading;
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

  /**
   * The completion filters' view of the cursor, synchronously: undefined while the grammar is still
   * loading (the load starts here, so the next keystroke has it) or when there is none. The window text
   * is parsed incrementally from the document's previous window (an edit from their common ends).
   */
  cursorProbe(languageId: string, prefix: string, suffix: string, key: string): CursorSyntax | undefined {
    const grammar = grammarOf(languageId);
    const language = grammar && this.loaded.get(grammar);
    if (!grammar || !language) {
      if (grammar) void this.language(languageId);
      return undefined;
    }
    if (this.broken.has(grammar)) return undefined;
    ({ prefix, suffix } = localSlice(prefix, suffix));
    const text = prefix + suffix;
    key = `${grammar}:${key}`; // a tree is only ever edited and re-parsed by its own grammar
    const last = this.lastWindow.get(key);
    this.lastWindow.delete(key);
    try {
      if (last) editTree(last.tree, last.text, text);
      const parsed = cursorSyntax(this.parserFor(grammar, language), prefix, suffix, last?.tree);
      if (parsed) this.lastWindow.set(key, { text, tree: parsed.tree });
      return parsed && guarded(parsed.probe, () => this.broken.add(grammar));
    } catch {
      // Some grammars' external scanners need symbols this runtime lacks (tree-sitter-wasms' bash and
      // yaml with web-tree-sitter 0.25): remembered, and the heuristics decide for that language.
      this.broken.add(grammar);
      return undefined;
    } finally {
      last?.tree.delete();
    }
  }

  dispose(): void {
    for (const { tree } of [...this.lastTree.values(), ...this.lastWindow.values()]) tree.delete();
    this.lastTree.clear();
    this.lastWindow.clear();
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

/**
 * The first parse in a language is ~10× slower than the next (the runtime's and the grammar's WASM
 * warming up): done once when the grammar loads, off the keystroke path, instead of inside a debounce wait.
 */
function warmUp(parser: Parser): void {
  try {
    parser.parse('a = b(c, [d], "e")\n'.repeat(50))?.delete();
  } catch {
    // A grammar that cannot parse fails again on first use, and is remembered as broken there.
  }
}

const MAX_LINES_ABOVE = 200;
const MAX_LINES_BELOW = 50;

/**
 * The code the probe parses: from the last top-level line above the cursor (column 0, not a closer:
 * where a declaration starts, so the slice parses cleanly and stays put while the developer types in
 * it, which keeps the re-parse incremental) to a few dozen lines below.
 */
export function localSlice(prefix: string, suffix: string): { prefix: string; suffix: string } {
  let start = prefix.lastIndexOf('\n');
  for (let lines = 0; start > 0 && lines < MAX_LINES_ABOVE; lines++) {
    const lineStart = prefix.lastIndexOf('\n', start - 1) + 1;
    if (/^[^\s)\]}]/.test(prefix.slice(lineStart, lineStart + 1)) && !/^end\b/.test(prefix.slice(lineStart, lineStart + 4))) {
      start = lineStart;
      break;
    }
    start = lineStart - 1;
  }
  let end = 0;
  for (let lines = 0; lines < MAX_LINES_BELOW && end >= 0; lines++) end = suffix.indexOf('\n', end + 1);
  return { prefix: prefix.slice(Math.max(0, start)), suffix: end < 0 ? suffix : suffix.slice(0, end + 1) };
}

/** The probe's re-parsing questions, answering "no opinion" (and reporting) if the grammar throws. */
function guarded(probe: CursorSyntax, onThrow: () => void): CursorSyntax {
  const attempt = <T>(ask: () => T, fallback: T): T => {
    try {
      return ask();
    } catch {
      onThrow();
      return fallback;
    }
  };
  return {
    inLiteral: probe.inLiteral,
    inEmptyBody: probe.inEmptyBody,
    closerNeeded: (completed, closer) => attempt(() => probe.closerNeeded(completed, closer), undefined),
    lineStartsInLiteral: (completed) => attempt(() => probe.lineStartsInLiteral(completed), false),
  };
}

/** Tells `tree` (parsed from `before`) what changed to make `after`: one edit spanning the differing middle. */
function editTree(tree: Tree, before: string, after: string): void {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shortest - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  tree.edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before.slice(0, start)),
    oldEndPosition: pointAt(before.slice(0, oldEnd)),
    newEndPosition: pointAt(after.slice(0, newEnd)),
  });
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
