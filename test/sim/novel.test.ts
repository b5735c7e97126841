import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { duplicatesSource, redeclares } from '../../src/simulator/model/adapt';
import { loadCorpus } from '../../src/simulator/model/corpus';
import { fimContinuation } from '../../src/simulator/model/fim';

const corpus = loadCorpus(join(__dirname, '..', '..', 'demo'));
const sources = corpus.map((f) => f.text);
const fileText = (path: string): string => corpus.find((f) => f.path === path)!.text;

function answer(path: string, typed: string): string {
  const prompt = fileText(path).trimEnd() + typed;
  return fimContinuation({ prompt, suffix: '\n', corpus });
}

describe("simulator FIM model at novel positions (the demo's workspace)", () => {
  it('writes a body for a new function by adapting a similar one, under the new names', () => {
    const out = answer('src/inventory.ts', '\n\nexport function mostExpensive(items: Item[]): Item | undefined {\n');
    assert.ok(out.trim().length > 0, 'a body is proposed');
    assert.ok(!duplicatesSource(out.split('\n'), sources), out);
  });

  it('after a bare `export function ` proposes a new name, never an existing declaration', () => {
    for (const [path, typed] of [
      ['src/inventory.ts', '\n\nexport function '],
      ['scripts/report.py', '\n\n\ndef '],
      ['services/pricing/pricing.go', '\n\nfunc '],
    ] as const) {
      const out = answer(path, typed);
      assert.ok(out.trim().length > 0, `${path}: something is proposed`);
      assert.ok(!redeclares(fileText(path).trimEnd() + typed, out, sources), `${path}: ${out.split('\n')[0]}`);
    }
  });

  it('completes a new YAML block from a sibling block with its own name in the values', () => {
    const prompt = fileText('config/app.yaml').replace('    retries: 3\n', '    retries: 3\n  orders:\n');
    const cut = prompt.indexOf('  orders:\n') + '  orders:\n'.length;
    const out = fimContinuation({ prompt: prompt.slice(0, cut), suffix: prompt.slice(cut), corpus });
    assert.match(out, /orders/);
    assert.match(out, /timeoutMs: \d+/);
  });

  it('still continues code it has seen when the developer re-types a known function', () => {
    const prompt = 'export function totalQuantity(items: Item[]): number {\n';
    assert.match(fimContinuation({ prompt, suffix: '\n', corpus }), /items\.reduce\(\(sum, item\) => sum \+ item\.quantity, 0\)/);
  });
});
