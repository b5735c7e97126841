import { strict as assert } from 'node:assert';
import { createClaudeClient, type ClaudeRequest } from '../../../src/core/providers/claude';
import { createCodestralClient, type FimRequest } from '../../../src/core/providers/codestral';
import { CallDeadline } from '../../../src/core/providers/deadline';
import { ProviderError } from '../../../src/core/providers/errors';
import { start, type Simulator } from '../../../src/simulator/server';
import { closedPortUrl } from '../../harness/ports';

const FIM: FimRequest = {
  model: 'codestral-latest',
  prompt: 'function add(a, b) {\n  return ',
  suffix: '\n}\n',
  maxTokens: 16,
  stop: [],
  temperature: 0,
};
const EXPLAIN: ClaudeRequest = {
  model: 'claude-haiku-5-5',
  system: [{ type: 'text', text: 'You explain code.' }],
  messages: [{ role: 'user', content: 'Explain: let a = 1;' }],
  maxTokens: 200,
};
const live = (): AbortSignal => new AbortController().signal;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a stream to its end; the error it ended with, and how long it took. */
async function consume(events: AsyncIterable<{ type: string }>): Promise<{ types: string[]; error?: ProviderError; ms: number }> {
  const started = performance.now();
  const types: string[] = [];
  try {
    for await (const e of events) types.push(e.type);
    return { types, ms: performance.now() - started };
  } catch (error) {
    assert.ok(error instanceof ProviderError, String(error));
    return { types, error, ms: performance.now() - started };
  }
}

describe('providers/deadline', () => {
  it('the first-token timeout aborts a call that has not started', async () => {
    const d = new CallDeadline(live(), { firstTokenMs: 10, totalMs: 1000 });
    await pause(30);
    assert.equal(d.signal.aborted, true);
    assert.equal(d.timedOut, 'first_token');
    d.dispose();
  });

  it('once the answer started only the whole-call timeout is left', async () => {
    const d = new CallDeadline(live(), { firstTokenMs: 10, totalMs: 40 });
    d.started();
    await pause(20);
    assert.equal(d.signal.aborted, false);
    await pause(40);
    assert.equal(d.timedOut, 'total');
    d.dispose();
  });

  it('a caller abort is not a timeout', async () => {
    const caller = new AbortController();
    const d = new CallDeadline(caller.signal, { firstTokenMs: 10, totalMs: 40 });
    caller.abort();
    await pause(20);
    assert.equal(d.signal.aborted, true);
    assert.equal(d.timedOut, undefined);
    d.dispose();
  });
});

describe('providers: first-token timeouts and mid-answer failures against the simulator', () => {
  let sim: Simulator;
  before(async () => (sim = await start({ quiet: true })));
  afterEach(() => sim.clearFaults());
  after(() => sim.close());

  const codestral = (firstTokenMs = 150): ReturnType<typeof createCodestralClient> =>
    createCodestralClient({ apiKey: 'k', baseUrl: sim.url, timeouts: { firstTokenMs, totalMs: 5_000 } });
  const claude = (firstTokenMs = 150): ReturnType<typeof createClaudeClient> =>
    createClaudeClient({ apiKey: 'k', baseUrl: sim.url, timeouts: { firstTokenMs, totalMs: 5_000 } });

  it('Codestral: a stalled connection ends at the first-token timeout, not the whole-request one', async () => {
    sim.injectFault({ api: 'mistral', kind: 'stall' });
    const r = await consume(codestral().stream(FIM, live()));
    assert.equal(r.error?.kind, 'timeout');
    assert.match(r.error.message, /sent nothing within 150 ms/);
    assert.ok(r.ms < 1_000, `${r.ms} ms`);
  });

  it('Codestral: a stall after the headers (first token late) is caught as well', async () => {
    sim.injectFault({ api: 'mistral', kind: 'slow_first_token', delayMs: 1_000 });
    const r = await consume(codestral().stream(FIM, live()));
    assert.equal(r.error?.kind, 'timeout');
    assert.ok(r.ms < 1_000, `${r.ms} ms`);
  });

  it('Codestral: a slow first token inside the timeout is served', async () => {
    sim.injectFault({ api: 'mistral', kind: 'slow_first_token', delayMs: 100 });
    const r = await consume(codestral(1_000).stream(FIM, live()));
    assert.equal(r.error, undefined);
    assert.equal(r.types.at(-1), 'done');
  });

  it('Codestral: a cut stream failed mid-answer, a malformed one is reported as malformed; a refused connection reached nothing', async () => {
    sim.injectFault({ api: 'mistral', kind: 'cut', afterTokens: 1 });
    const cut = await consume(codestral().stream(FIM, live()));
    sim.injectFault({ api: 'mistral', kind: 'malformed', afterTokens: 1 });
    const malformed = await consume(codestral().stream(FIM, live()));
    const refused = await consume(createCodestralClient({ apiKey: 'k', baseUrl: await closedPortUrl() }).stream(FIM, live()));
    assert.deepEqual([cut.error?.kind, cut.error?.midStream], ['network', true]);
    assert.deepEqual([malformed.error?.kind, malformed.error?.midStream], ['malformed', true]);
    assert.match(malformed.error!.message, /malformed answer from Codestral/);
    assert.deepEqual([refused.error?.kind, refused.error?.midStream], ['network', false]);
  });

  it('Claude: a stalled connection ends at the first-token timeout', async () => {
    sim.injectFault({ api: 'anthropic', kind: 'stall' });
    const r = await consume(claude().stream(EXPLAIN, live()));
    assert.equal(r.error?.kind, 'timeout');
    assert.match(r.error.message, /Claude sent nothing within 150 ms/);
    assert.ok(r.ms < 1_000, `${r.ms} ms`);
  });

  it('Claude: message_start alone does not count as the first token', async () => {
    sim.injectFault({ api: 'anthropic', kind: 'slow_first_token', delayMs: 1_000 });
    const r = await consume(claude().stream(EXPLAIN, live()));
    assert.equal(r.error?.kind, 'timeout');
    assert.ok(r.ms < 1_000, `${r.ms} ms`);
  });

  it('Claude: a cut stream failed mid-answer; a refused connection did not', async () => {
    sim.injectFault({ api: 'anthropic', kind: 'cut', afterTokens: 2 });
    const cut = await consume(claude().stream(EXPLAIN, live()));
    const refused = await consume(createClaudeClient({ apiKey: 'k', baseUrl: await closedPortUrl() }).stream(EXPLAIN, live()));
    assert.deepEqual([cut.error?.kind, cut.error?.midStream], ['network', true]);
    assert.deepEqual([refused.error?.kind, refused.error?.midStream], ['network', false]);
  });

  it('a caller abort during the wait for the first token is a cancellation, not a timeout', async () => {
    sim.injectFault({ api: 'any', kind: 'stall', count: 2 });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const [fim, explain] = await Promise.all([
      consume(codestral().stream(FIM, abort.signal)),
      consume(claude().stream(EXPLAIN, abort.signal)),
    ]);
    assert.equal(fim.error?.kind, 'cancelled');
    assert.equal(explain.error?.kind, 'cancelled');
  });
});
