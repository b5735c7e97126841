import { strict as assert } from 'node:assert';
import { warmUpCompletions } from '../../../src/core/completion/routed';
import { silentLog } from '../../../src/core/log';
import { warmUpCodestral } from '../../../src/core/providers/codestral';

describe('providers/warm-up', () => {
  const realFetch = globalThis.fetch;
  let fetched: string[] = [];
  beforeEach(() => {
    fetched = [];
    globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
      fetched.push(input instanceof Request ? input.url : String(input));
      return realFetch(input, init);
    };
  });
  afterEach(() => (globalThis.fetch = realFetch));

  it('runs the FIM request path against a canned local answer: nothing leaves the machine', async () => {
    await warmUpCodestral();
    assert.equal(fetched.length, 1);
    assert.match(fetched[0]!, /^data:text\/event-stream,/);
  });

  it('the extension-level warm-up reports how long it took and never throws', async () => {
    const debug: string[] = [];
    await warmUpCompletions({ ...silentLog, debug: (m: string) => void debug.push(m) });
    assert.equal(debug.length, 1);
    assert.match(debug[0]!, /^completion path warmed up in \d+ ms$/);
  });
});
