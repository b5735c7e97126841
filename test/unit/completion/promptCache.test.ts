import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Snippet } from '../../../src/core/completion/context/snippet';
import { documentWithCursor } from '../../../src/core/completion/document';
import { anchoredPrefix, buildFimPrompt, PREFIX_START_LINES, steadiestFirst } from '../../../src/core/completion/prompt';
import { promptCacheKey } from '../../../src/core/completion/promptCacheKey';
import { windowAround } from '../../../src/core/completion/window';

const LIMITS = { maxTokensSingle: 64, maxTokensMulti: 256 };
const FILE = Array.from({ length: 400 }, (_, i) => `const value${i} = compute(${i}, "item ${i}");`).join('\n');

describe('FIM prompt for the prompt cache', () => {
  it('the prefix starts at a line divisible by 32 (or the file start) and always keeps the cursor line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 399 }), fc.integer({ min: 50, max: 3000 }), (line, budget) => {
        const text = FILE.split('\n')
          .map((l, i) => (i === line ? `${l.slice(0, 10)}█${l.slice(10)}` : l))
          .join('\n');
        const { doc, cursor } = documentWithCursor('src/values.ts', 'typescript', text);
        const window = windowAround(doc, cursor, { prefixTokens: budget, suffixTokens: 100 });
        const prefix = anchoredPrefix(window);
        const startLine = cursor.line - (prefix.split('\n').length - 1);
        return (
          prefix.endsWith(window.linePrefix) &&
          window.prefix.endsWith(prefix) &&
          (startLine % PREFIX_START_LINES === 0 || startLine === cursor.line) &&
          startLine >= window.firstLine
        );
      }),
      { numRuns: 200 },
    );
  });

  it('typing on a line keeps the prompt the same up to the cursor line', () => {
    let previous: string | undefined;
    let sameStart = 0;
    const typed = 'export const total = items.reduce((sum, item) => sum + item.qty * item.price, 0);';
    for (let n = 1; n <= typed.length; n++) {
      const { doc, cursor } = documentWithCursor('src/values.ts', 'typescript', `${FILE}\n${typed.slice(0, n)}█\n`);
      const fim = buildFimPrompt(doc.path, windowAround(doc, cursor, { prefixTokens: 2000, suffixTokens: 600 }), [], 'single', LIMITS);
      const head = fim.prompt.slice(0, fim.prompt.lastIndexOf('\n'));
      if (head === previous) sameStart++;
      previous = head;
    }
    assert.equal(sameStart, typed.length - 1, 'every keystroke after the first shares all lines above the cursor');
  });

  it('snippets go steadiest source first, then by path and line — never by score', () => {
    const s = (source: Snippet['source'], path: string, startLine: number, score: number): Snippet => ({
      source,
      path,
      startLine,
      text: 'x',
      score,
    });
    const ordered = steadiestFirst([
      s('similarWindows', 'a.ts', 1, 9),
      s('recentEdits', 'b.ts', 5, 1),
      s('imports', 'c.ts', 0, 0.1),
      s('definitions', 'b.ts', 9, 0.5),
      s('definitions', 'a.ts', 40, 0.9),
    ]);
    assert.deepEqual(
      ordered.map((x) => `${x.source}:${x.path}`),
      ['imports:c.ts', 'definitions:a.ts', 'definitions:b.ts', 'recentEdits:b.ts', 'similarWindows:a.ts'],
    );
  });

  it('the cache key is stable per workspace and file and reveals neither', () => {
    const key = promptCacheKey('file:///home/ana/secret-project', 'src/payroll/salaries.ts');
    assert.equal(key, promptCacheKey('file:///home/ana/secret-project', 'src/payroll/salaries.ts'));
    assert.notEqual(key, promptCacheKey('file:///home/ana/other', 'src/payroll/salaries.ts'));
    assert.notEqual(key, promptCacheKey('file:///home/ana/secret-project', 'src/payroll/bonus.ts'));
    assert.match(key, /^tandem-fim-[A-Za-z0-9_-]{32}$/);
    assert.doesNotMatch(key, /secret|payroll|salaries|ana/i);
  });
});
