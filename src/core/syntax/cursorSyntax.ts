import type { Node, Parser, Point, Tree } from 'web-tree-sitter';

/**
 * What the parse tree says at the cursor, for the completion filters. Built inside the debounce wait
 * from the window's text (prefix + suffix); its questions re-parse the short window text synchronously.
 * Every answer may be `undefined`: the tree is ambiguous there and the hand-written heuristics decide.
 */
export interface CursorSyntax {
  /** The cursor is inside a string, a comment or a regex: a `{` or `(` before it opens no block. */
  readonly inLiteral: boolean;
  /** The cursor is inside a block body that holds no statement yet (`function f() {█}`, `def f():█`). */
  readonly inEmptyBody: boolean;
  /** Whether the code before the cursor plus `completed` leaves a `closer` open (MISSING in the tree). */
  closerNeeded(completed: string, closer: string): boolean | undefined;
  /** The last line of `completed` begins inside a string or comment (a dedented template literal line). */
  lineStartsInLiteral(completed: string): boolean;
}

const LITERAL = /string|comment|regex|heredoc|char_literal|rune_literal/;
/** Code inside a literal: `${…}`, `#{…}`, f-string `{…}`. */
const CODE_IN_LITERAL = /substitution|interpolation/;
const BODY = new Set([
  'statement_block',
  'block',
  'compound_statement',
  'class_body',
  'declaration_list',
  'field_declaration_list',
  'enum_body',
  'interface_body',
  'constructor_body',
  'function_body',
  'switch_body',
  'switch_block',
  'do_block',
  'body_statement',
  'block_node',
]);

/** The probe for a cursor between `prefix` and `suffix`, parsed with `parser` (its language already set). */
export function cursorSyntax(
  parser: Parser,
  prefix: string,
  suffix: string,
  reuse?: Tree,
): { probe: CursorSyntax; tree: Tree } | undefined {
  const tree = parser.parse(prefix + suffix, reuse);
  if (!tree) return undefined;
  const cursor = pointAt(prefix);
  const node = tree.rootNode.descendantForPosition(cursor);
  const probe: CursorSyntax = {
    inLiteral: insideLiteral(node, cursor) || endsLineCommentAt(charBefore(tree.rootNode, cursor), cursor),
    inEmptyBody: inEmptyBody(node, cursor) || afterEmptyPythonHeader(tree.rootNode, prefix),
    closerNeeded: (completed, closer) => closerNeeded(parser, prefix + completed, closer),
    lineStartsInLiteral: (completed) => lineStartsInLiteral(parser, prefix + completed),
  };
  return { probe, tree };
}

/** Row and column (UTF-16 units, as web-tree-sitter counts for JavaScript strings) of the end of `text`. */
export function pointAt(text: string): Point {
  const nl = text.lastIndexOf('\n');
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: text.length - nl - 1 };
}

function before(a: Point, b: Point): boolean {
  return a.row < b.row || (a.row === b.row && a.column < b.column);
}

function strictlyInside(node: Node, at: Point): boolean {
  return before(node.startPosition, at) && before(at, node.endPosition);
}

function insideLiteral(node: Node | null, at: Point): boolean {
  for (let n = node; n; n = n.parent) {
    if (CODE_IN_LITERAL.test(n.type)) return false;
    if (LITERAL.test(n.type) && (strictlyInside(n, at) || endsLineCommentAt(n, at))) return true;
  }
  return false;
}

/** A line comment ends where the cursor is: typing goes on inside it. */
function endsLineCommentAt(node: Node | null, at: Point): boolean {
  if (!node) return false;
  const end = node.endPosition;
  return /comment/.test(node.type) && end.row === at.row && end.column === at.column && !node.text.endsWith('*/');
}

function charBefore(root: Node, at: Point): Node | null {
  return at.column === 0 ? null : root.descendantForPosition({ row: at.row, column: at.column - 1 });
}

function inEmptyBody(node: Node | null, at: Point): boolean {
  for (let n = node; n; n = n.parent) {
    if (BODY.has(n.type) && strictlyInside(n, at)) return n.namedChildren.every((c) => c === null || /comment/.test(c.type));
  }
  return false;
}

/** Python: `def f():` with nothing after the colon parses to an empty `block` beside the colon. */
function afterEmptyPythonHeader(root: Node, prefix: string): boolean {
  const code = prefix.trimEnd();
  if (!code.endsWith(':')) return false;
  const colon = pointAt(code);
  const token = root.descendantForPosition({ row: colon.row, column: colon.column - 1 });
  const body = token?.parent?.children.find((c) => c?.type === 'block');
  return body !== undefined && body !== null && body.namedChildCount === 0;
}

function closerNeeded(parser: Parser, code: string, closer: string): boolean | undefined {
  const tree = parser.parse(code);
  if (!tree) return undefined;
  try {
    // Code the grammar read as text (PHP before its `<?php`): the tree cannot say.
    if (tree.rootNode.namedChildren.every((c) => c?.type === 'text')) return undefined;
    let missing = false;
    let error = false;
    walk(tree.rootNode, (n) => {
      if (n.isMissing && n.type === closer) missing = true;
      if (n.type === 'ERROR') error = true;
    });
    // An ERROR node (the window began inside a block, or the code is broken): the tree cannot say.
    return missing ? true : error ? undefined : false;
  } finally {
    tree.delete();
  }
}

/** What closes a literal that spans lines, tried when the completion has not closed its own yet. */
const LITERAL_CLOSERS = ['', '`', '"""', "'''", '*/', '"#'];

function lineStartsInLiteral(parser: Parser, code: string): boolean {
  const lineStart = code.lastIndexOf('\n') + 1;
  const indent = code.slice(lineStart).search(/\S/);
  if (indent < 0) return false;
  const at = pointAt(code.slice(0, lineStart + indent));
  // Mid-stream the literal is usually still open (an ERROR to the parser): close it as the model will.
  return LITERAL_CLOSERS.some((closer) => {
    const tree = parser.parse(code + closer);
    if (!tree) return false;
    try {
      return insideLiteral(tree.rootNode.descendantForPosition(at), at);
    } finally {
      tree.delete();
    }
  });
}

function walk(node: Node, visit: (n: Node) => void): void {
  const cursor = node.walk();
  try {
    for (;;) {
      visit(cursor.currentNode);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return;
    }
  } finally {
    cursor.delete();
  }
}
