import { strict as assert } from 'node:assert';
import { DispatchClock } from '../../../src/core/completion/dispatchClock';
import { InflightRequest, type Fetched } from '../../../src/core/completion/inflight';
import { LocalReuse } from '../../../src/core/completion/localReuse';
import { anchorOf, type Anchor } from '../../../src/core/completion/reuse';
import { localCompletionRecord, unsettledRecord } from '../../../src/core/ledger/record';
import { silentLog } from '../../../src/core/log';

function anchorAt(linePrefix: string, lineSuffix = ''): Anchor {
  const prefix = `const a = 1;\n${linePrefix}`;
  const window = {
    prefix,
    suffix: `${lineSuffix}\n}`,
    linePrefix,
    lineSuffix,
    prefixTokens: 0,
    suffixTokens: 0,
    firstLine: 0,
    lastLine: 2,
  };
  return anchorOf('a.ts', 1, window);
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the parts of the completion engine', () => {
  describe('DispatchClock', () => {
    it('counts only the work that runs past the end of the debounce wait as dispatch overhead', () => {
      let t = 0;
      const clock = new DispatchClock(() => t);
      t = 2; // reuse checks, inside the wait
      const deadline = clock.startWait(50);
      assert.equal(deadline, 50);
      clock.prepared(40, 55); // preparation ran 5 ms past the end
      t = 55;
      clock.resume();
      t = 56; // router and SDK request
      assert.deepEqual(clock.dispatched(), { overheadMs: 6, workMs: 2 + 15 + 1 });
    });

    it('moves the end of the wait by the time spent waiting for a request in flight, which is not work', () => {
      let t = 0;
      const clock = new DispatchClock(() => t);
      t = 30;
      clock.waited(30);
      assert.equal(clock.startWait(20), 50);
      t = 50;
      clock.resume();
      assert.deepEqual(clock.dispatched(), { overheadMs: 0, workMs: 0 });
    });
  });

  describe('LocalReuse', () => {
    it('answers the same spot from the cache, remembers "nothing here", and skips text that must not be shown', () => {
      const local = new LocalReuse((text) => text.includes('[REDACTED'));
      const a = anchorAt('  ret');
      local.storeAnswer('k1', { text: 'urn x;', replace: 0 });
      local.storeAnswer('k2', { text: undefined, empty: true });
      local.storeAnswer('k3', { text: '[REDACTED:key]', replace: 0 });
      local.storeAnswer('k4', { text: undefined, failed: true });
      assert.deepEqual(local.find(a, 'k1'), { kind: 'cache', shown: { text: 'urn x;', replace: 0 } });
      assert.deepEqual(local.find(a, 'k2'), { kind: 'nothing' });
      assert.equal(local.find(a, 'k3'), undefined);
      assert.equal(local.find(a, 'k4'), undefined, 'a failure is not remembered: the spot is asked again');
    });

    it('serves the rest of a shown suggestion the user typed into, pointing at the one it continues', () => {
      const local = new LocalReuse(() => false);
      local.shown(anchorAt('  ret'), { text: 'urn total;', replace: 0 }, 's1');
      assert.deepEqual(local.find(anchorAt('  retur'), 'other'), {
        kind: 'typed_through',
        shown: { text: 'n total;', replace: 0 },
        parentId: 's1',
      });
      local.clear();
      assert.equal(local.find(anchorAt('  retur'), 'other'), undefined);
    });
  });

  describe('InflightRequest', () => {
    it('gives a caller who typed along the stream the rest of its text, and the stream one request', async () => {
      const flight = new InflightRequest(silentLog);
      const answer = deferred<Fetched>();
      let fetches = 0;
      const first = flight.start(
        anchorAt('  ret'),
        () => (fetches++, answer.promise),
        new AbortController().signal,
        () => {},
      );
      const joined = flight.join(anchorAt('  retu'), new AbortController().signal);
      answer.resolve({ text: 'urn total;', replace: 0 });
      assert.deepEqual(await joined, { kind: 'text', text: 'rn total;', replace: 0 });
      assert.equal((await first).text, 'urn total;');
      assert.equal(fetches, 1);
    });

    it('aborts the stream for a spot the user left, and tells the caller to ask', async () => {
      const flight = new InflightRequest(silentLog);
      let aborted = false;
      void flight.start(
        anchorAt('  ret'),
        (controller) => {
          controller.signal.addEventListener('abort', () => (aborted = true));
          return new Promise<Fetched>(() => {});
        },
        new AbortController().signal,
        () => {},
      );
      assert.deepEqual(await flight.join(anchorAt('  x'), new AbortController().signal), { kind: 'ask' });
      assert.ok(aborted);
    });

    it('shows nothing to a joiner when the request failed, rather than asking again at once', async () => {
      const flight = new InflightRequest(silentLog);
      const answer = deferred<Fetched>();
      const settled: Fetched[] = [];
      void flight.start(
        anchorAt('  ret'),
        () => answer.promise,
        new AbortController().signal,
        (f) => settled.push(f),
      );
      const joined = flight.join(anchorAt('  retu'), new AbortController().signal);
      answer.resolve({ text: undefined, failed: true });
      assert.deepEqual(await joined, { kind: 'nothing' });
      assert.equal(settled.length, 1);
      assert.equal(flight.active, false);
    });

    it('ends the stream shortly after its last caller gives up', async () => {
      const flight = new InflightRequest(silentLog);
      const caller = new AbortController();
      let aborted = false;
      const first = flight.start(
        anchorAt('  ret'),
        (controller) => {
          controller.signal.addEventListener('abort', () => (aborted = true));
          return new Promise<Fetched>(() => {});
        },
        caller.signal,
        () => {},
      );
      caller.abort();
      assert.deepEqual(await first, { text: undefined });
      assert.equal(aborted, false, 'a grace period lets the next call join first');
      await new Promise((r) => setTimeout(r, 60));
      assert.ok(aborted);
    });
  });

  describe('ledger record factories', () => {
    it('builds a free local completion record and an unsettled request at its reservation', () => {
      const local = localCompletionRecord({ id: 'c1', ts: 5, latencyMs: 3, language: 'ts', source: 'cache' });
      assert.equal(local.costUsd, 0);
      assert.equal(local.provider, 'local');
      assert.deepEqual(local.completion, { source: 'cache', shown: false });
      const unsettled = unsettledRecord({ id: 'r1', ts: 9, task: 'explain', provider: 'anthropic', model: 'm', amountUsd: 0.25 });
      assert.equal(unsettled.costUsd, 0.25);
      assert.equal(unsettled.outcome, 'error');
      assert.equal(unsettled.inputTokens + unsettled.outputTokens, 0);
    });
  });
});
