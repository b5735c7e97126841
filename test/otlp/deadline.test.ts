/**
 * The export deadline survives garbage collection (run with --expose-gc): a hung receiver is given
 * up on at the deadline even when collections run while the request waits. On Node 20 a deadline
 * built as AbortSignal.any([…, AbortSignal.timeout()]) can be collected before it fires.
 */
import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deadlineController } from '../../src/core/abort';
import { postMetrics } from '../../src/core/telemetry/otlpDelivery';

const gc = (globalThis as { gc?: () => void }).gc;

describe('export deadline under forced garbage collection', function () {
  this.timeout(20_000);

  it('runs with --expose-gc', () => assert.equal(typeof gc, 'function'));

  it('aborts a request to a hung receiver at the deadline although collections run meanwhile', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/metrics`;
    const collect = setInterval(() => gc?.(), 10);
    const started = Date.now();
    try {
      const result = await postMetrics(
        { resourceMetrics: [] },
        { url, headers: undefined, fetchImpl: fetch, timeoutMs: 300, signal: new AbortController().signal, now: Date.now },
      );
      assert.deepEqual(result, { kind: 'retry', reason: 'no answer within 0.3 s', retryAfterMs: undefined });
      assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
    } finally {
      clearInterval(collect);
      server.closeAllConnections();
      server.close();
    }
  });

  it('fires with nothing but its timer holding it, and dispose stops it', async () => {
    let fired = 0;
    (() => deadlineController(new AbortController().signal, 50).signal.addEventListener('abort', () => (fired += 1)))();
    const stopped = deadlineController(new AbortController().signal, 50);
    stopped.signal.addEventListener('abort', () => (fired += 100));
    stopped.dispose();
    for (let i = 0; i < 5; i++) gc?.();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(fired, 1);
  });
});
