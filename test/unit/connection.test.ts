import { strict as assert } from 'node:assert';
import { resolveConnection, SIMULATOR_KEY } from '../../src/core/providers/connection';

describe('resolveConnection', () => {
  const endpoint = 'https://codestral.mistral.ai/';
  it('sends a real key to the configured endpoint even when a simulator is configured', () => {
    const c = resolveConnection('mistral', { key: 'k', endpoint, simulatorUrl: 'http://127.0.0.1:9' });
    assert.deepEqual(c, { kind: 'live', provider: 'mistral', apiKey: 'k', baseUrl: 'https://codestral.mistral.ai' });
  });
  it('falls back to the simulator only when no key is set', () => {
    const c = resolveConnection('anthropic', { key: undefined, endpoint, simulatorUrl: 'http://127.0.0.1:9/' });
    assert.deepEqual(c, { kind: 'simulator', provider: 'anthropic', apiKey: SIMULATOR_KEY, baseUrl: 'http://127.0.0.1:9' });
  });
  it('reports a missing key when there is neither key nor simulator', () => {
    assert.deepEqual(resolveConnection('mistral', { key: '', endpoint, simulatorUrl: '' }), {
      kind: 'missing-key',
      provider: 'mistral',
    });
  });
});
