import { strict as assert } from 'node:assert';
import { assembleContext } from '../../../src/core/completion/context/assemble';
import { WorkspaceContext } from '../../../src/core/completion/context/gather';
import { importsOf } from '../../../src/core/completion/context/imports';
import { RecentEdits } from '../../../src/core/completion/context/recentEdits';
import { SimilarWindows } from '../../../src/core/completion/context/similarWindows';
import type { ContextSource, OpenDocument, Snippet } from '../../../src/core/completion/context/snippet';
import { documentFromText, documentWithCursor } from '../../../src/core/completion/document';
import { buildFimPrompt } from '../../../src/core/completion/prompt';
import { windowAround } from '../../../src/core/completion/window';
import { estimateTokens } from '../../../src/core/tokens';

function open(path: string, text: string, version = 1): OpenDocument {
  return { ...documentFromText(path, 'typescript', text), version };
}

const CART = `export interface Item { sku: string; price: number; qty: number }

export function lineTotal(item: Item): number {
  return item.price * item.qty;
}

export function cartTotal(items: Item[]): number {
  return items.reduce((sum, item) => sum + lineTotal(item), 0);
}
`;
const UNRELATED = Array.from({ length: 60 }, (_, i) => `export const colour${i} = "#${(i * 1234).toString(16)}";`).join('\n');
const ALL: ReadonlySet<ContextSource> = new Set(['definitions', 'imports', 'recentEdits', 'similarWindows']);

describe('completion context', () => {
  it('finds the most similar window among open editors (Jaccard over identifiers)', () => {
    const similar = new SimilarWindows({ windowLines: 6 });
    const best = similar.best(
      'function discountedTotal(items: Item[]) {\n  return items.reduce((sum, item) => sum + lineTotal(item)',
      [open('src/theme.ts', UNRELATED), open('src/cart.ts', CART)],
      2,
    );
    assert.equal(best[0]?.path, 'src/cart.ts');
    assert.ok(best[0]!.text.includes('lineTotal'));
  });

  it('re-indexes a document only when its version changes', () => {
    const similar = new SimilarWindows();
    let reads = 0;
    const doc = open('src/cart.ts', CART);
    const counting = { ...doc, lineAt: (i: number) => (reads++, doc.lineAt(i)) };
    similar.best('lineTotal item price', [counting], 1);
    const afterFirst = reads;
    similar.best('cartTotal items reduce', [counting], 1);
    assert.equal(reads, afterFirst);
    similar.best('cartTotal items reduce', [{ ...counting, version: 2 }], 1);
    assert.ok(reads > afterFirst);
  });

  it('recent edits outside the prompt window become snippets, newest first', () => {
    const edits = new RecentEdits(8, 2);
    const doc = documentFromText('src/a.ts', 'typescript', Array.from({ length: 100 }, (_, i) => `line${i}`).join('\n'));
    edits.noteEdit('src/a.ts', 10, 1);
    edits.noteEdit('src/a.ts', 80, 2);
    edits.noteEdit('src/a.ts', 50, 3);
    const snippets = edits.snippets(() => doc, { path: 'src/a.ts', firstLine: 45, lastLine: 55 });
    assert.deepEqual(
      snippets.map((s) => s.startLine),
      [78, 8],
    );
    assert.equal(snippets[0]!.text, 'line78\nline79\nline80\nline81\nline82');
  });

  it('imports of the current file are offered only when the window no longer shows them (Python, Go)', () => {
    const py = documentFromText('app.py', 'python', 'import os\nfrom typing import List\n\nx = 1\n');
    assert.equal(importsOf(py, 0).length, 0);
    assert.equal(importsOf(py, 3)[0]?.text, 'import os\nfrom typing import List');
    const go = documentFromText('main.go', 'go', 'package main\n\nimport (\n\t"fmt"\n\tstr "strings"\n)\n\nfunc main() {}\n');
    assert.equal(importsOf(go, 7)[0]?.text, 'import (\n\t"fmt"\n\tstr "strings"');
  });

  it('assembles within budget, by source priority, deterministically, without overlaps', () => {
    const snippets: Snippet[] = [
      { source: 'similarWindows', path: 'b.ts', startLine: 0, text: 'const b = 1;\nconst c = 2;', score: 0.5 },
      {
        source: 'definitions',
        path: 'a.ts',
        startLine: 3,
        text: 'export function lineTotal(item: Item): number {\n  return 0;\n}',
        score: 1,
      },
      { source: 'similarWindows', path: 'a.ts', startLine: 4, text: 'overlapping\nwindow', score: 0.9 },
      { source: 'similarWindows', path: 'c.ts', startLine: 0, text: 'x'.repeat(4000), score: 0.99 },
    ];
    const a = assembleContext(snippets, 200, ALL);
    const b = assembleContext([...snippets].reverse(), 200, ALL);
    assert.deepEqual(a, b, 'same state, same prompt');
    assert.deepEqual(
      a.snippets.map((s) => s.path),
      ['b.ts', 'a.ts'],
    );
    assert.ok(a.tokens <= 200);
    assert.deepEqual(
      assembleContext(snippets, 200, new Set(['similarWindows'])).snippets.map((s) => s.path),
      ['b.ts', 'a.ts'],
    );
    assert.equal(assembleContext(snippets, 200, new Set()).snippets.length, 0);
  });

  it('formats multi-file context with +++++ path headers and the matching stop', async () => {
    const ctx = new WorkspaceContext({ openDocuments: () => [open('src/cart.ts', CART)], isExcluded: () => false });
    const { doc, cursor } = documentWithCursor(
      'src/checkout.ts',
      'typescript',
      'import { Item } from "./cart";\n\nexport function checkout(items: Item[]) {\n  const total = █\n}\n',
    );
    const window = windowAround(doc, cursor, { prefixTokens: 1000, suffixTokens: 200 });
    const assembled = await ctx.gather(doc, cursor, window, { budgetTokens: 300, enabled: ALL }, new AbortController().signal);
    const fim = buildFimPrompt(doc.path, window, assembled.snippets, 'single', { maxTokensSingle: 64, maxTokensMulti: 256 });
    assert.match(fim.prompt, /^\+\+\+\+\+ src\/cart\.ts\n/);
    assert.ok(fim.prompt.includes('\n\n+++++ src/checkout.ts\nimport { Item }'));
    assert.ok(fim.prompt.endsWith('const total = '));
    assert.ok(fim.stop.includes('\n+++++'));
    assert.ok(estimateTokens(fim.prompt) <= 1000 + 300 + 10);
  });

  it('never takes context from excluded files', async () => {
    const ctx = new WorkspaceContext({
      openDocuments: () => [open('.env', 'API_TOKEN=lineTotal item price qty'), open('src/cart.ts', CART)],
      isExcluded: (p) => p === '.env',
    });
    const { doc, cursor } = documentWithCursor('src/x.ts', 'typescript', 'const t = lineTotal(item) * item.price * item.qty█');
    const window = windowAround(doc, cursor, { prefixTokens: 500, suffixTokens: 100 });
    const got = await ctx.gather(doc, cursor, window, { budgetTokens: 500, enabled: ALL }, new AbortController().signal);
    assert.ok(got.snippets.length > 0 && got.snippets.every((s) => s.path !== '.env'));
  });
});
