import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { enclosingBlock } from '../../../src/core/assist/blocks/enclosing';
import { grammarOf, shippedGrammarFiles } from '../../../src/core/syntax/grammars';
import { SyntaxService } from '../../../src/core/syntax/syntax';

const GRAMMARS = join(__dirname, '../../../node_modules/tree-sitter-wasms/out');
const RUNTIME = dirname(require.resolve('web-tree-sitter'));

/** Line (1-based) of the first occurrence of `marker`. */
function lineOf(text: string, marker: string): number {
  return text.slice(0, text.indexOf(marker)).split('\n').length;
}

describe('syntax (tree-sitter): grammars loaded lazily, enclosing declaration', function () {
  this.timeout(30000);
  const syntax = new SyntaxService(GRAMMARS, RUNTIME);
  after(() => syntax.dispose());

  it('ships a grammar file for every covered language', () => {
    for (const id of [
      'typescript',
      'typescriptreact',
      'javascript',
      'python',
      'go',
      'rust',
      'java',
      'c',
      'cpp',
      'csharp',
      'php',
      'ruby',
      'kotlin',
      'css',
      'scss',
      'yaml',
      'json',
      'shellscript',
    ]) {
      assert.ok(grammarOf(id), id);
    }
    for (const f of shippedGrammarFiles()) assert.ok(existsSync(join(GRAMMARS, f)), f);
  });

  const cases: Array<[string, string, string, [number, number]]> = [
    ['typescript', 'class A {\n  run(x: number) {\n    const s = "}";\n    return x; // MARK\n  }\n}\n', 'MARK', [2, 5]],
    ['python', 'import os\n\n@cache\ndef load(p):\n    if p:\n        return open(p)  # MARK\n\nx = 1\n', 'MARK', [3, 6]],
    [
      'go',
      'package m\n\nfunc Sum(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x // MARK\n\t}\n\treturn t\n}\n',
      'MARK',
      [3, 9],
    ],
    ['rust', "impl S {\n    fn f(&self) -> u8 {\n        let c = '}';\n        1 // MARK\n    }\n}\n", 'MARK', [2, 5]],
    ['ruby', 'class Cart\n  def total\n    items.sum # MARK\n  end\nend\n', 'MARK', [2, 4]],
    ['java', 'class G {\n  String g(String n) {\n    return "x"; // MARK\n  }\n}\n', 'MARK', [2, 4]],
    ['csharp', 'class P\n{\n    int Add(int a, int b)\n    {\n        return a + b; // MARK\n    }\n}\n', 'MARK', [3, 6]],
  ];
  for (const [lang, text, marker, [start, end]] of cases) {
    it(`finds the function around the cursor (${lang})`, async () => {
      const found = await syntax.enclosingDeclaration(lang, text, lineOf(text, marker));
      assert.deepEqual(found, { startLine: start, endLine: end });
      assert.deepEqual(enclosingBlock(text, text.indexOf(marker), lang, [], found), { startLine: start, endLine: end });
    });
  }

  it('top level per the parser means no enclosing block, even where the heuristics would guess one', async () => {
    const text = 'const s = "{";\nconst t = 1; // MARK\n';
    const found = await syntax.enclosingDeclaration('typescript', text, 2);
    assert.equal(found, null);
    assert.equal(enclosingBlock(text, text.indexOf('MARK'), 'typescript', [], found), undefined);
  });

  it('says when there is no grammar, so the hand-written finders are used', async () => {
    assert.equal(await syntax.enclosingDeclaration('plaintext', 'x', 1), 'no-grammar');
    assert.equal(await new SyntaxService('/nonexistent', RUNTIME).enclosingDeclaration('python', 'def f():\n  pass\n', 2), 'no-grammar');
    assert.deepEqual(enclosingBlock('def f():\n    pass\n', 12, 'python'), { startLine: 1, endLine: 2 });
  });

  it('loads a grammar once and parses a 10,000-line file in seconds at worst', async () => {
    const t0 = performance.now();
    await syntax.language('go');
    const loadMs = performance.now() - t0;
    const text = Array.from(
      { length: 2000 },
      (_, i) => `func f${i}(x int) int {\n\tif x > ${i} {\n\t\treturn x\n\t}\n\treturn ${i}\n}`,
    ).join('\n');
    const t1 = performance.now();
    const tree = await syntax.parse('go', text, 'big.go');
    const parseMs = performance.now() - t1;
    assert.equal(tree?.rootNode.hasError, false);
    // Generous bounds: this catches a pathological parse, not a slow shared machine (figures in the README).
    assert.ok(loadMs < 5000 && parseMs < 5000, `load ${loadMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms`);
    assert.equal(await syntax.parse('go', text, 'big.go'), tree, 'the same text is not parsed again');
  });
});
