import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { compileGlob } from '../../../src/core/privacy/glob';

/**
 * The reference: the straightforward glob-to-regex translation Tandem used before (gitignore
 * semantics, backtracking regex), fine on the short patterns generated here.
 */
function referenceMatches(pattern: string, path: string): boolean {
  let body = pattern;
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.replace(/\/+$/, '');
  const anchored = body.includes('/');
  body = body.replace(/^\//, '');
  const head = anchored ? '^' : '(?:^|/)';
  const tail = directoryOnly ? '/' : '(?:/|$)';
  return new RegExp(head + translate(body) + tail).test(path);
}

function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*' && glob[i + 2] === '/') {
      out += '(?:[^/]+/)*';
      i += 2;
    } else if (ch === '*' && glob[i + 1] === '*') {
      out += '[^/]+(?:/[^/]+)*';
      i += 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const close = glob.indexOf('}', i);
      out += `(?:${glob
        .slice(i + 1, close)
        .split(',')
        .map(translate)
        .join('|')})`;
      i = close;
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      out += `[${glob.slice(i + 1, close).replace(/^!/, '^')}]`;
      i = close;
    } else out += /[.+^$|()\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return out;
}

const segmentGlob = fc
  .array(fc.constantFrom('a', 'b', '.', '*', '?', '[ab]', '[!a]', '{a,b}', '{b,.c}'), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(''));
const pattern = fc
  .tuple(fc.boolean(), fc.array(fc.oneof(segmentGlob, fc.constant('**')), { minLength: 1, maxLength: 4 }), fc.boolean())
  .filter(([, segs]) => !(segs.length === 1 && segs[0] === '**'))
  .map(([lead, segs, trailing]) => (lead ? '/' : '') + segs.join('/') + (trailing ? '/' : ''));
const path = fc
  .array(
    fc.array(fc.constantFrom('a', 'b', 'c', '.'), { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')),
    { minLength: 1, maxLength: 5 },
  )
  .map((segs) => segs.join('/'));

describe('glob matcher (property-based)', () => {
  it('agrees with a regex reference on random patterns and paths', function () {
    this.timeout(20_000);
    fc.assert(
      fc.property(pattern, path, (p, s) => {
        const mine = compileGlob(p).matches(s.split('/'));
        assert.equal(mine, referenceMatches(p, s), `${p} on ${s}`);
      }),
      { numRuns: 3000, interruptAfterTimeLimit: 10_000, seed: 20261202 },
    );
  });

  it('ignores case on both sides', () => {
    fc.assert(
      fc.property(pattern, path, (p, s) => compileGlob(p.toUpperCase()).matches(s.split('/')) === compileGlob(p).matches(s.split('/'))),
      { numRuns: 500, interruptAfterTimeLimit: 5_000, seed: 7 },
    );
  });
});
