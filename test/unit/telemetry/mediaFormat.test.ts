/**
 * The webview pages cannot import TypeScript, so media/format.js carries its own copy of the money rule.
 * Run that very file (as the page does: a plain script defining a global) against the core's formatUsd.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import fc from 'fast-check';
import { formatUsd } from '../../../src/core/status/statusModel';

function loadMediaFormatUsd(): (usd: number) => string {
  const source = readFileSync(join(__dirname, '..', '..', '..', 'media', 'format.js'), 'utf8');
  const page: { formatUsd?: unknown } = {};
  runInContext(source, createContext(page), { filename: 'media/format.js' });
  const fn = page.formatUsd;
  assert.equal(typeof fn, 'function', 'media/format.js defines a global formatUsd');
  return fn as (usd: number) => string;
}

describe('media/format.js', () => {
  const pageUsd = loadMediaFormatUsd();

  it('writes the edges of every band as the status bar does', () => {
    const edges = [0, 1e-7, 1e-6, 5e-6, 0.00008, 0.000623, 0.00099, 0.001, 0.0099, 0.00999, 0.00999999, 0.01, 0.0123];
    const more = [0.0995, 0.1, 0.123, 0.5, 0.9994, 0.9995, 0.99999, 1, 1.005, 3.456, 99.995, 100, 123.456, 1234.5, 1e6];
    for (const v of [...edges, ...more]) assert.equal(pageUsd(v), formatUsd(v), `${v}`);
    assert.equal(pageUsd(0.123), '$0.123', 'tenths of a cent under a dollar, not $0.12');
  });

  it('agrees with formatUsd on any amount from a millionth of a cent to a million dollars', () => {
    const amounts = fc.oneof(
      fc.double({ min: 0, max: 1e-5, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.integer({ min: 0, max: 1_000_000 }).map((cents) => cents / 100_000),
    );
    fc.assert(
      fc.property(amounts, (v) => pageUsd(v) === formatUsd(v)),
      { numRuns: 20_000 },
    );
  });
});
