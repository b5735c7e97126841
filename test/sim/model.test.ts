import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateTokens } from '../../src/core/tokens';
import { explainAnswer } from '../../src/simulator/model/explain';
import { fimContinuation } from '../../src/simulator/model/fim';
import { splitIntoTokens } from '../../src/simulator/model/pieces';
import { reviewCode } from '../../src/simulator/model/review';
import { mistralClient, useSimulator } from './helpers';

describe('simulator model: deterministic FIM, explain and review', () => {
  it('splits text into pieces of one estimator token each that re-join exactly', () => {
    for (const text of ['export function add(a: number) {\n  return a + 1;\n}\n', 'averyveryverylongidentifier()', '😀 ok', '']) {
      const pieces = splitIntoTokens(text);
      assert.equal(pieces.join(''), text);
      assert.equal(pieces.length, estimateTokens(text));
    }
  });

  it('continues from the corpus and ends the block where indentation closes it', () => {
    const corpus = [
      {
        path: 'lib/math.ts',
        text: 'export function clamp(x: number, lo: number, hi: number): number {\n  if (x < lo) return lo;\n  if (x > hi) return hi;\n  return x;\n}\n\nexport const PI = 3.14;\n',
      },
    ];
    const out = fimContinuation({
      prompt: 'function limit(x: number, lo: number, hi: number): number {\n  if (x < lo) return lo;\n',
      suffix: '',
      corpus,
    });
    assert.equal(out, '  if (x > hi) return hi;\n  return x;\n}\n');
  });

  it('completes only the current line when code follows the cursor on it', () => {
    const prompt = 'const total = items.reduce((sum, i) => sum + i.price, 0);\nconst count = items.reduce((sum, i) => sum + ';
    assert.equal(fimContinuation({ prompt, suffix: ', 0);\n', corpus: [] }), 'i.price');
  });

  it('after a block opener with only the auto-closed brace right of the cursor, answers the whole body through its nested block', () => {
    const corpus = [
      {
        path: 'lib/sum.ts',
        text: 'export function total(xs: number[]): number {\n  let t = 0;\n  for (const x of xs) {\n    t += x;\n  }\n  return t;\n}\n\nexport const ZERO = 0;\n',
      },
    ];
    const out = fimContinuation({ prompt: 'function total(xs: number[]): number {', suffix: '}\n', corpus });
    assert.equal(out, '\n  let t = 0;\n  for (const x of xs) {\n    t += x;\n  }\n  return t;\n}');
  });

  it('returns nothing when no earlier text matches', () => {
    assert.equal(fimContinuation({ prompt: 'qzx', suffix: '', corpus: [] }), '');
  });

  it('explains Python too: names defs and classes with their lines', () => {
    const text = explainAnswer(
      '```python\nclass Store:\n    def add(self, item):\n        self.items.append(item)\n\ndef total(store):\n    return sum(i.price for i in store.items)\n```',
    );
    assert.match(text, /`Store` \(line 1\) — a class/);
    assert.match(text, /`add` \(line 2\)/);
    assert.match(text, /`total` \(line 5\) — a function taking `store`/);
    assert.match(text, /5 non-blank lines/);
  });

  it("reviews with the gutter's line numbers and leaves clean code alone", () => {
    const report = reviewCode(' 7| const ok = a === b && c !== d;\n 8| const bad = a != b;\n 9| const long = "' + 'x'.repeat(130) + '";');
    assert.deepEqual(
      report.findings.map((f) => [f.line, f.severity]),
      [
        [8, 'warning'],
        [9, 'info'],
      ],
    );
    assert.equal(reviewCode(' 1| const x = 1;\n 2| export { x };').summary, 'No issues found in 2 lines.');
  });
});

describe('simulator: FIM from a corpus folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-corpus-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(
    join(dir, 'src', 'greet.ts'),
    'export function greet(name: string): string {\n  const trimmed = name.trim();\n  return `Hello, ${trimmed}!`;\n}\n',
  );
  writeFileSync(join(dir, 'logo.bin'), Buffer.from([0, 1, 2, 3]));
  const { sim } = useSimulator({ corpusDir: dir });

  it('continues the prompt from a file it was given at start', async () => {
    const res = await mistralClient(sim()).fim.complete({
      model: 'codestral-latest',
      prompt: 'function welcome(name: string) {\n  const trimmed = name.trim();\n',
      suffix: '\n',
    });
    assert.equal(res.choices[0]?.message?.content, '  return `Hello, ${trimmed}!`;\n}\n');
  });
});
