import { strict as assert } from 'node:assert';
import { estimateTokens } from '../../src/core/tokens';

describe('estimateTokens', () => {
  it('counts word runs in chunks of six and punctuation in pairs', () => {
    assert.equal(estimateTokens('function'), 2); // functi|on
    assert.equal(estimateTokens('a + b'), 3);
    assert.equal(estimateTokens('foo(bar);\n'), 5); // foo · ( · bar · ); · newline
  });
  it('gives spaces and tabs away for free and counts an astral code point as one character', () => {
    assert.equal(estimateTokens('    \t  '), 0);
    assert.equal(estimateTokens('😀'), 1);
    assert.equal(estimateTokens('😀😀😀'), 2);
  });
  it('lands near 3.3 characters per token on ordinary source code', () => {
    const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
    assert.equal(estimateTokens(code), 21);
  });
});
