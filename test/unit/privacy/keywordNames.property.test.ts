import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { findKeywordNames } from '../../../src/core/privacy/keywordNames';

/** The reference: every maximal run of name characters that holds a keyword, up to 200 long. */
function reference(text: string): { spans: number[]; generic: boolean[] } {
  const spans: number[] = [];
  const generic: boolean[] = [];
  for (const m of text.matchAll(/[\w.-]+/g)) {
    if (m[0].length > 200 || !/key|secret|token|pass|pwd|credential|auth/i.test(m[0])) continue;
    spans.push(m.index, m.index + m[0].length);
    generic.push(/key|secret|token|passw|pwd|credential|auth/i.test(m[0]));
  }
  return { spans, generic };
}

const piece = fc.constantFrom(
  'pass',
  'PASS',
  'passw',
  'word',
  'Key',
  'secret',
  'auth',
  'tok',
  'en',
  'pwd',
  '_',
  '.',
  '-',
  '=',
  ': ',
  '"',
  '\n',
  '$',
  'x',
  'ecret',
  'a'.repeat(120),
);

describe('the names the assignment rules look at', () => {
  it('are every run of name characters holding a keyword, found in one scan, as a reference regex finds them', function () {
    this.timeout(20_000);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        assert.deepEqual(findKeywordNames(text), reference(text));
      }),
      { numRuns: 3000, interruptAfterTimeLimit: 10_000, seed: 20261203 },
    );
  });

  it('tells the password-only names (DB_PASS) from those the generic rule reads', () => {
    const { generic } = findKeywordNames('DB_PASS=x passecret=y DB_PASSWORD=z api_key=w');
    assert.deepEqual(generic, [false, true, true, true]);
  });
});
