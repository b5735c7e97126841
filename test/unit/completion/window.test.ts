import { strict as assert } from 'node:assert';
import { documentFromText, documentWithCursor } from '../../../src/core/completion/document';
import { windowAround } from '../../../src/core/completion/window';
import { estimateTokens } from '../../../src/core/tokens';

describe('completion windowing', () => {
  const lines = Array.from({ length: 10_000 }, (_, i) => `    total_${i} = compute(items[${i}], rate) + offset  # row ${i}`);
  const doc = documentFromText('big.py', 'python', lines.join('\n'));

  it('cuts prefix and suffix at whole lines within the token budgets', () => {
    const w = windowAround(doc, { line: 5000, character: 10 }, { prefixTokens: 500, suffixTokens: 200 });
    assert.ok(w.prefixTokens <= 500 && w.suffixTokens <= 200, `${w.prefixTokens} / ${w.suffixTokens}`);
    assert.ok(estimateTokens(w.prefix) <= 500);
    assert.ok(w.prefix.startsWith('    total_'), 'prefix starts at a line start');
    assert.ok(w.suffix.endsWith('# row ' + w.lastLine), 'suffix ends at a line end');
    assert.equal(w.linePrefix, lines[5000]!.slice(0, 10));
    assert.equal(w.lineSuffix, lines[5000]!.slice(10));
    assert.ok(w.firstLine > 4900 && w.lastLine < 5100);
  });

  it('takes the whole file when it fits, from the first line', () => {
    const { doc: small, cursor } = documentWithCursor('a.ts', 'typescript', 'import x from "y";\nconst a = █;\nexport {};\n');
    const w = windowAround(small, cursor, { prefixTokens: 1000, suffixTokens: 1000 });
    assert.equal(w.prefix, 'import x from "y";\nconst a = ');
    assert.equal(w.suffix, ';\nexport {};\n');
    assert.equal(w.firstLine, 0);
  });

  it('keeps the window start stable while the user types on the cursor line', () => {
    const a = windowAround(doc, { line: 5000, character: 4 }, { prefixTokens: 800, suffixTokens: 100 });
    const b = windowAround(doc, { line: 5000, character: 8 }, { prefixTokens: 800, suffixTokens: 100 });
    assert.ok(Math.abs(a.firstLine - b.firstLine) <= 1);
  });

  it('is cheap on a 10,000-line file (reads only its window)', () => {
    let reads = 0;
    const counting = { ...doc, lineAt: (i: number) => (reads++, doc.lineAt(i)) };
    windowAround(counting, { line: 9000, character: 0 }, { prefixTokens: 2000, suffixTokens: 600 });
    assert.ok(reads < 300, `${reads} lines read`);
  });
});
