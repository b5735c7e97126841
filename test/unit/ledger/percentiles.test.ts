import { strict as assert } from 'node:assert';
import { percentilesInPlace } from '../../../src/core/ledger/percentiles';
import { seededRandom } from './generate';

function bySort(values: number[]): { count: number; p50: number; p95: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
  return { count: s.length, p50: at(50), p95: at(95) };
}

describe('percentilesInPlace', () => {
  it('agrees with a full sort on sizes 1..300, with many ties and sorted runs', () => {
    const rand = seededRandom(3);
    for (let n = 1; n <= 300; n++) {
      const values = Array.from({ length: n }, (_, i) => (n % 3 === 0 ? i : Math.floor(rand() * (n % 2 ? 5 : 1000))));
      assert.deepEqual(percentilesInPlace(Float64Array.from(values)), bySort(values), `n=${n}`);
    }
  });

  it('reports zeros for no samples', () => {
    assert.deepEqual(percentilesInPlace(new Float64Array(0)), { count: 0, p50: 0, p95: 0 });
  });
});
