import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { isPlainWords } from '../../../src/core/privacy/entropy';
import { redactSecrets } from '../../../src/core/privacy/redact';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A uniformly random string over `alphabet`, as a generated credential is (fast-check's own strings are skewed). */
function randomOver(alphabet: string, min: number, max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: alphabet.length - 1 }), { minLength: min, maxLength: max })
    .map((ix) => ix.map((i) => alphabet[i]).join(''));
}

/** Secrets with their context, one per class the rules cover; `{}` is where the value goes. */
const PLANTS: Array<[string, fc.Arbitrary<string>]> = [
  ['API_KEY={}', randomOver(ALNUM, 40, 40)],
  ['token: "{}"', randomOver(ALNUM + '-_', 32, 400)],
  [
    'DB_PASSWORD={}',
    fc
      .tuple(fc.constantFrom('Summer', 'Winter', 'Dragon'), fc.integer({ min: 2000, max: 2030 }), fc.constantFrom('!', '#', '%'))
      .map(([w, y, s]) => `${w}${y}${s}`),
  ],
  ['redis://:{}@cache:6379', randomOver(ALNUM, 16, 30)],
  ['https://{}@github.com/acme/app.git', randomOver('0123456789abcdef', 40, 40)],
  ['{}', randomOver(ALNUM, 36, 36).map((v) => `ghp_${v}`)],
  ['{}', randomOver(ALNUM + '-_', 60, 200).map((v) => `xoxe.xoxp-1-${v}`)],
  ['{}', randomOver('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 16).map((v) => `AKIA${v}`)],
];

/** Code-like filler that holds no secret of its own. */
const filler = fc
  .array(
    fc.constantFrom(
      'const a = 1;',
      'function f(x) {',
      '  return x + 1;',
      '}',
      '// hello world',
      'import os',
      'if (ok) {',
      '  items.push(item);',
      'SELECT * FROM users;',
      '<div className="row">',
    ),
    { maxLength: 30 },
  )
  .map((lines) => lines.join('\n'));

describe('redactSecrets (property-based)', () => {
  it('a secret planted at a random position in random code never survives', function () {
    this.timeout(30_000);
    const plant = fc
      .integer({ min: 0, max: PLANTS.length - 1 })
      .chain((i) => PLANTS[i]![1].map((value) => ({ context: PLANTS[i]![0], value })));
    fc.assert(
      fc.property(filler, plant, filler, (before, { context, value }, after) => {
        const text = `${before}\n${context.replace('{}', value)}\n${after}`;
        const out = redactSecrets(text).text;
        assert.ok(!out.includes(value), `survived: ${value} in ${context}`);
        assert.equal(out.split('\n').length, text.split('\n').length);
      }),
      { numRuns: 800, interruptAfterTimeLimit: 20_000, seed: 424242 },
    );
  });

  it('a multi-line PEM key split over quoted, concatenated lines never survives', function () {
    this.timeout(30_000);
    const line = fc.stringMatching(/^[A-Za-z0-9+/]{64}$/);
    const style = fc.constantFrom(
      (l: string) => `"${l}\\n" +`,
      (l: string) => `  '${l}',`,
      (l: string) => `    "${l}\\n"`,
      (l: string) => l,
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 12 }), style, (lines, wrap) => {
        const text = `key = (\n"-----BEGIN RSA PRIVATE KEY-----\\n"\n${lines.map(wrap).join('\n')}\n"-----END RSA PRIVATE KEY-----\\n")`;
        const out = redactSecrets(text).text;
        for (const l of lines) assert.ok(!out.includes(l.slice(0, 16)), `line survived: ${l}`);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 15_000, seed: 99 },
    );
  });
});

describe('isPlainWords', () => {
  /**
   * The regex formulation the char-code scan replaced (it cost a regex per part on long values): every
   * part a word, a short number, or — one per two words of 4+ letters that make 70 % of the
   * alphanumerics — a single letter or an acronym of up to five capitals.
   */
  function reference(value: string): boolean {
    const parts = value.match(/v\d+|[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [];
    const wordLike = (p: string): boolean =>
      p.length >= 2 && p.length <= 20 && /[aeiouy]/i.test(p) && !/[bcdfghjklmnpqrstvwxz]{5,}/i.test(p);
    const number = (p: string): boolean => /^v?\d{1,4}$/.test(p);
    const short = (p: string): boolean => /^(?:[A-Za-z0-9]|[A-Z]{2,5})$/.test(p);
    if (!parts.every((p) => number(p) || wordLike(p) || short(p))) return false;
    const alphanumerics = value.replace(/[^A-Za-z0-9]/g, '').length;
    if (parts.length === 0 || parts.join('').length < alphanumerics) return false;
    const shorts = parts.filter((p) => !number(p) && !wordLike(p)).length;
    const words = parts.filter((p) => !number(p) && wordLike(p) && p.length >= 4);
    const wordChars = words.reduce((n, p) => n + p.length, 0);
    return shorts === 0 || (words.length >= 2 && 2 * shorts <= words.length && wordChars >= 0.7 * alphanumerics);
  }

  it('agrees with the regex formulation on random identifiers and values', () => {
    const chars = fc.constantFrom(...'aeiouybcdfgklmnrstvxzAEIOUYBCDKLMNRSTVXZ0123456789_-.v@ '.split(''));
    const started = Date.now();
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }), (cs) => {
        const value = cs.join('');
        assert.equal(isPlainWords(value), reference(value), JSON.stringify(value));
      }),
      { numRuns: 3000 },
    );
    assert.ok(Date.now() - started < 5000);
  });
});
