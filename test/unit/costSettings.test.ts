import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import manifest from '../../package.json';
import { COST_SETTINGS, costBoundsFrom, resolveCostSetting } from '../../src/core/costSettings';

const BOUNDS = costBoundsFrom(manifest);
const tokens = BOUNDS.get('completions.prefixTokens')!;
const debounce = BOUNDS.get('completions.debounceMinMs')!;

describe('cost settings: a workspace may only lower the cost', () => {
  it('every cost setting has documented bounds in package.json', () => {
    assert.deepEqual(
      Object.keys(COST_SETTINGS).filter((k) => !BOUNDS.has(k)),
      [],
    );
  });

  it('a cloned workspace cannot raise the prefix, nor shorten the debounce', () => {
    assert.equal(resolveCostSetting({ defaultValue: 2000, workspace: 30000 }, tokens), 2000);
    assert.equal(resolveCostSetting({ defaultValue: 2000, folder: 30000 }, tokens), 2000);
    assert.equal(resolveCostSetting({ defaultValue: 40, workspace: 0 }, debounce), 40);
    assert.equal(resolveCostSetting({ defaultValue: 2000, workspace: 500 }, tokens), 500, 'lowering is fine');
    assert.equal(resolveCostSetting({ defaultValue: 40, workspace: 200 }, debounce), 200, 'a longer wait is fine');
  });

  it('the user keeps the full documented range, clamped to it', () => {
    assert.equal(resolveCostSetting({ defaultValue: 2000, user: 30000 }, tokens), 30000);
    assert.equal(resolveCostSetting({ defaultValue: 2000, user: 1e9 }, tokens), tokens.maximum);
    assert.equal(resolveCostSetting({ defaultValue: 2000, user: -5, workspace: 'lots' }, tokens), tokens.minimum);
    assert.equal(resolveCostSetting({ defaultValue: 40, user: 0 }, debounce), 0);
  });

  it('property: never costlier than the user/default value, always within bounds', () => {
    const value = fc.oneof(fc.constant(undefined), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant('x'));
    fc.assert(
      fc.property(
        fc.constantFrom(...BOUNDS.keys()),
        fc.integer({ min: 0, max: 200_000 }),
        value,
        value,
        value,
        (key, def, user, workspace, folder) => {
          const b = BOUNDS.get(key)!;
          const got = resolveCostSetting({ defaultValue: def, user, workspace, folder }, b);
          const own = resolveCostSetting({ defaultValue: def, user }, b);
          assert.ok(got >= b.minimum && got <= b.maximum);
          assert.ok(b.cheaper === 'lower' ? got <= own : got >= own);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
