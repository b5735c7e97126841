import { strict as assert } from 'node:assert';
import { cutStream, cutUnmatchedCloser, dropIncompleteLastLine, trimLineSuffixOverlap } from '../../../src/core/completion/filters';
import { filterContextFor, replayCase } from '../../../src/core/completion/replay';

/** Splits a fixture at the cursor marker █ into prefix and suffix. */
function at(marked: string): { prefix: string; suffix: string } {
  const [prefix, suffix] = marked.split('█') as [string, string];
  return { prefix, suffix };
}

/** The document after accepting the suggestion (insertion or replacement of the closers right of the cursor). */
function accepted(marked: string, language: string, raw: string): string {
  const { prefix, suffix } = at(marked);
  const r = replayCase({ prefix, suffix, language, raw });
  return prefix + r.completion + suffix.slice(r.replace);
}

function see(marked: string, language: string, raw: string, truncated = false): string {
  return replayCase({ ...at(marked), language, raw, truncated }).completion;
}

describe('completion filters', () => {
  describe('single line vs multi line', () => {
    it('completes only the line when code follows the cursor (TypeScript)', () => {
      const code = 'const total = items.reduce(█, 0);\n';
      assert.equal(see(code, 'typescript', '(sum, item) => sum + item.price\nconsole.log(total);'), '(sum, item) => sum + item.price');
    });

    it('opens a block at the end of a Python def line', () => {
      const code = 'def mean(values):█\n\nprint(mean([1, 2]))\n';
      assert.equal(
        see(code, 'python', '\n    if not values:\n        return 0.0\n    return sum(values) / len(values)\n\nprint(mean([1, 2]))\n'),
        '\n    if not values:\n        return 0.0\n    return sum(values) / len(values)',
      );
    });
  });

  describe('stops', () => {
    it('stops at a dedent below the cursor block (Python)', () => {
      const code = 'class Cart:\n    def total(self):\n        █\n';
      const raw = 'return sum(i.price for i in self.items)\n\n    def count(self):\n        return len(self.items)\n';
      assert.equal(see(code, 'python', raw), 'return sum(i.price for i in self.items)');
    });

    it('stops when the output starts repeating the next line of the file (Go)', () => {
      const code = 'func Sum(xs []int) int {\n\ttotal := 0\n\t█\n\treturn total\n}\n';
      const raw = 'for _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n';
      assert.equal(see(code, 'go', raw), 'for _, x := range xs {\n\t\ttotal += x\n\t}');
    });

    it('keeps the statements after a nested block, to the end of the body (Rust)', () => {
      const code = 'fn main() {\n    let v = vec![1, 2, 3];\n    █\n';
      const raw = 'for x in &v {\n        println!("{}", x);\n    }\n    let y = 2;\n}\n\nfn other() {}\n';
      assert.equal(see(code, 'rust', raw), 'for x in &v {\n        println!("{}", x);\n    }\n    let y = 2;\n}');
    });

    it('stops at the closing brace of the enclosing method (Java)', () => {
      const code = 'class Greeter {\n    String greet(String name) {\n        █\n';
      const raw = 'return "Hello, " + name;\n    }\n\n    String bye() {\n';
      assert.equal(see(code, 'java', raw), 'return "Hello, " + name;\n    }');
    });

    it('cuts a model that loops on the same line', () => {
      const code = 'function setup() {\n  █\n';
      const raw = 'init();\n  log("x");\n  log("x");\n  log("x");\n  log("x");\n';
      assert.equal(see(code, 'typescript', raw), 'init();\n  log("x");');
    });

    it('never runs into the next multi-file context header', () => {
      const code = 'def f():\n    █';
      assert.equal(see(code, 'python', 'return 1\n+++++ other.py\nx = 2'), 'return 1');
    });

    it('respects the maximum number of lines', () => {
      const code = 'const rows = [\n  █\n';
      const raw = Array.from({ length: 40 }, (_, i) => `  ${i},`)
        .join('\n')
        .trimStart();
      assert.equal(see(code, 'typescript', raw).split('\n').length, 16);
    });
  });

  describe('post-processing', () => {
    it('trims overlap with the rest of the line (no duplicated closer)', () => {
      assert.equal(accepted('print(█)\n', 'python', '"hello")'), 'print("hello")\n');
      assert.equal(accepted('foo(█);\n', 'typescript', 'a, b)'), 'foo(a, b);\n');
      assert.equal(accepted('foo(bar(█))\n', 'typescript', 'x)'), 'foo(bar(x))\n');
      assert.equal(accepted('foo(█)\n', 'typescript', '(a)'), 'foo((a))\n');
      assert.equal(trimLineSuffixOverlap('a, b);', ');'), 'a, b');
      assert.equal(trimLineSuffixOverlap('x + 1', ''), 'x + 1');
    });

    it('cuts at a closer the completion never opened when the line already has it (TypeScript)', () => {
      assert.equal(cutUnmatchedCloser('a, b), c', ')'), 'a, b');
      assert.equal(cutUnmatchedCloser('f(a), b', ')'), 'f(a), b');
      // closing something above the cursor is right when the line does not close it
      assert.equal(cutUnmatchedCloser(', b)', ''), ', b)');
    });

    it('drops an incomplete last line when max_tokens cut the stream', () => {
      const code = 'def f(rows):\n    █\n';
      assert.equal(see(code, 'python', 'total = 0\n    for r in ro', true), 'total = 0');
      assert.equal(dropIncompleteLastLine('abc'), 'abc');
    });

    it('shows nothing for whitespace or for code that already follows the cursor', () => {
      assert.equal(see('let x = █\n', 'typescript', '   \n  '), '');
      assert.equal(see('fn a() {\n    █\n    b();\n}\n', 'rust', '\n    b();'), '');
    });

    it('handles CRLF-free text with non-BMP characters intact', () => {
      assert.equal(accepted('const smile = "█";\n', 'typescript', '😀 ok";'), 'const smile = "😀 ok";\n');
    });
  });

  describe('stream cutting is independent of chunking', () => {
    it('gives the same text whether cut on every chunk or once at the end', () => {
      const { prefix, suffix } = at('func Sum(xs []int) int {\n\ttotal := 0\n\t█\n\treturn total\n}\n');
      const raw = 'for _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n';
      const ctx = filterContextFor(prefix, suffix, 'go');
      let streamed: string | undefined;
      for (let i = 1; i <= raw.length && streamed === undefined; i++) {
        const cut = cutStream(raw.slice(0, i), ctx);
        if (cut.stopped) streamed = cut.text;
      }
      assert.equal(streamed, cutStream(raw, ctx, true).text);
    });
  });
});
