import { strict as assert } from 'node:assert';
import { gateDocument, looksBinary, type DocumentFacts } from '../../../src/core/guards/documentGate';

const base: DocumentFacts = {
  scheme: 'file',
  languageId: 'typescript',
  length: 1200,
  cursorLine: '  const total = items.reduce(',
  nearCursor: 'function sum(items: number[]) {\n  const total = items.reduce(',
  readOnly: false,
  workspaceTrusted: true,
};

describe('gateDocument', () => {
  it('serves ordinary, untitled, notebook-cell, remote and CRLF documents', () => {
    for (const scheme of ['file', 'untitled', 'vscode-notebook-cell', 'vscode-remote', 'vscode-vfs']) {
      assert.deepEqual(gateDocument({ ...base, scheme }), { serve: true }, scheme);
    }
    assert.deepEqual(gateDocument({ ...base, nearCursor: 'a = 1\r\nb = 2\r\n\tc = 3\r\n' }), { serve: true });
    assert.deepEqual(gateDocument({ ...base, cursorLine: 'const s = "𝒳😀"; // ' }), { serve: true });
  });

  it('skips a 50 MB file and a 1 MB single-line minified file with a reason', () => {
    const big = gateDocument({ ...base, length: 50_000_000 });
    assert.equal(big.serve, false);
    assert.match((big as { reason: string }).reason, /too large/);
    const minified = gateDocument({ ...base, length: 1_000_000, cursorLine: 'x'.repeat(1_000_000) });
    assert.match((minified as { reason: string }).reason, /line too long/);
  });

  it('skips binary bytes shown as text, read-only and output documents', () => {
    assert.equal(gateDocument({ ...base, nearCursor: 'PK\u0003\u0004\u0000\u0000\u0008' }).serve, false);
    assert.equal(gateDocument({ ...base, readOnly: true }).serve, false);
    assert.equal(gateDocument({ ...base, scheme: 'output' }).serve, false);
  });

  it('puts Restricted Mode and exclusion first, with the reason the status bar shows', () => {
    assert.deepEqual(gateDocument({ ...base, workspaceTrusted: false, excludedBy: 'x' }), {
      serve: false,
      reason: 'Restricted Mode: trust this workspace to enable completions',
    });
    assert.deepEqual(gateDocument({ ...base, excludedBy: 'tandem.privacy.exclude: .env*' }), {
      serve: false,
      reason: 'excluded: tandem.privacy.exclude: .env*',
    });
  });

  it('tells text with tabs and form feeds from binary', () => {
    assert.equal(looksBinary('\tindent\n\fpage\r\n'), false);
    assert.equal(looksBinary('\u0001\u0002\u0003\u0004abc'), true);
  });
});
