import { strict as assert } from 'node:assert';
import { SimilarWindows, bySnippetRank } from '../../../src/core/completion/context/similarWindows';
import type { OpenDocument, Snippet } from '../../../src/core/completion/context/snippet';
import { documentFromText } from '../../../src/core/completion/document';
import { lineTokens, linesOf, memoByText } from '../../../src/core/completion/textMemo';
import { estimateTokens } from '../../../src/core/tokens';

describe('completion memos', () => {
  it('memoByText computes each text once, forgets all when full, and never keeps long texts', () => {
    const calls: string[] = [];
    const memo = memoByText((t) => (calls.push(t), t.length), 2, 5);
    assert.equal(memo('ab'), 2);
    assert.equal(memo('ab'), 2);
    assert.deepEqual(calls, ['ab']);
    memo('cd');
    memo('ef'); // full: forgets 'ab' and 'cd'
    memo('ab');
    assert.deepEqual(calls, ['ab', 'cd', 'ef', 'ab']);
    memo('longer text');
    memo('longer text');
    assert.deepEqual(calls.slice(4), ['longer text', 'longer text']);
  });

  it('lineTokens and linesOf agree with what they remember', () => {
    for (const line of ['', 'const x = 1;', '  return foo(bar);', '🙂 ⟦x⟧', 'x'.repeat(600)]) {
      assert.equal(lineTokens(line), estimateTokens(line));
      assert.equal(lineTokens(line), estimateTokens(line));
    }
    assert.deepEqual(linesOf('a\nb\n'), ['a', 'b', '']);
    assert.equal(linesOf('a\nb\n'), linesOf('a\nb\n'));
  });

  it('similar windows: the best `limit` equal a full sort of every scored window', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const words = ['alpha', 'beta', 'gamma', 'delta', 'price', 'total', 'items', 'cart', 'order', 'sum'];
    const line = (): string =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => words[Math.floor(random() * words.length)]).join(' ');
    const docs: OpenDocument[] = ['b.ts', 'a.ts', 'c.ts', 'a.ts'].map((path, d) => ({
      ...documentFromText(path, 'typescript', Array.from({ length: 40 + d * 7 }, line).join('\n')),
      version: d,
    }));
    const windowLines = 4;
    const similar = new SimilarWindows({ windowLines });
    for (let q = 0; q < 30; q++) {
      const query = Array.from({ length: 3 }, line).join('\n');
      for (const limit of [0, 1, 3, 8, 100])
        assert.deepEqual(similar.best(query, docs, limit), naiveBest(query, docs, windowLines, limit), `query ${q}, limit ${limit}`);
    }
  });
});

/** The plain definition: score every window of every document, sort, take the first `limit`. */
function naiveBest(query: string, docs: readonly OpenDocument[], windowLines: number, limit: number): Snippet[] {
  const ids = (text: string): Set<string> => new Set(text.match(/[A-Za-z_][A-Za-z0-9_]{2,}/g) ?? []);
  const wanted = ids(query);
  const all: Snippet[] = [];
  for (const doc of docs) {
    for (let start = 0; start < doc.lineCount; start += windowLines / 2) {
      const text = Array.from({ length: Math.min(doc.lineCount, start + windowLines) - start }, (_, i) => doc.lineAt(start + i)).join('\n');
      const have = ids(text);
      const common = [...wanted].filter((w) => have.has(w)).length;
      if (common > 0)
        all.push({ source: 'similarWindows', path: doc.path, startLine: start, text, score: common / (wanted.size + have.size - common) });
      if (start + windowLines >= doc.lineCount) break;
    }
  }
  return all.sort(bySnippetRank).slice(0, limit);
}
