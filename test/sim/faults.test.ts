import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { start } from '../../src/simulator/server';
import { anthropicClient, CODE_FILE, KEY, mistralClient, post, rejection, useSimulator } from './helpers';

const FIM_PROMPT = `+++++ src/pricing.ts\n${CODE_FILE}\n\n+++++ src/cart.ts\nexport function cartLine(item: Item): number {\n  return `;
const CLAUDE = 'claude-sonnet-4-6';
const EXPLAIN: Anthropic.MessageParam[] = [{ role: 'user', content: `Explain:\n\`\`\`ts\n${CODE_FILE}\n\`\`\`` }];

/** Polls until `check` passes (the server notices a closed socket a moment after the client). */
async function eventually(check: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('simulator: fault injection and latency knobs', () => {
  const { sim } = useSimulator();

  it('cuts a Mistral stream after N tokens: the SDK sees the connection die, no [DONE]', async () => {
    sim().injectFault({ api: 'mistral', kind: 'cut', afterTokens: 2 });
    const stream = await mistralClient(sim()).fim.stream({ model: 'codestral-latest', prompt: FIM_PROMPT });
    const contents: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const ev of stream) contents.push(ev.data.choices[0]?.delta.content as string);
      })(),
    );
    assert.ok(err instanceof Error);
    assert.deepEqual(contents, ['', 'item', '.']);
  });

  it('cuts an Anthropic stream mid-way: the SDK raises instead of finishing the message', async () => {
    sim().injectFault({ api: 'anthropic', kind: 'cut', afterTokens: 3 });
    let text = '';
    const stream = anthropicClient(sim(), { maxRetries: 0 })
      .messages.stream({ model: CLAUDE, max_tokens: 500, messages: EXPLAIN })
      .on('text', (t) => (text += t));
    const err = await rejection(stream.finalMessage());
    assert.ok(err instanceof Error);
    assert.equal(text, '**Overview'); // three tokens: ** · Overvi · ew
  });

  it('sends a mid-stream `event: error` (overloaded_error) for a status fault with afterTokens on a stream', async () => {
    sim().injectFault({ api: 'anthropic', kind: 'status', status: 529, afterTokens: 2 });
    let text = '';
    const stream = anthropicClient(sim(), { maxRetries: 0 })
      .messages.stream({ model: CLAUDE, max_tokens: 500, messages: EXPLAIN })
      .on('text', (t) => (text += t));
    const err = await rejection(stream.finalMessage());
    assert.ok(err instanceof Anthropic.APIError, String(err));
    assert.equal((err.error as { error: { type: string } }).error.type, 'overloaded_error');
    assert.equal(text, '**Overvi');
  });

  it('ends an Anthropic stream with stop_reason "refusal" mid-stream: partial text kept, stop_details on message_delta', async () => {
    sim().injectFault({ api: 'anthropic', kind: 'refusal', afterTokens: 3 });
    const raw = await anthropicClient(sim(), { maxRetries: 0 }).messages.create({
      model: CLAUDE,
      max_tokens: 500,
      messages: EXPLAIN,
      stream: true,
    });
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const ev of raw) events.push(ev);
    const text = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? [e.delta.text] : [])).join('');
    assert.equal(text, '**Overview');
    const delta = events.find((e) => e.type === 'message_delta');
    assert.equal(delta?.type === 'message_delta' && delta.delta.stop_reason, 'refusal');
    assert.deepEqual((delta as unknown as { delta: { stop_details: unknown } }).delta.stop_details, {
      type: 'refusal',
      category: null,
      explanation: null,
    });
    assert.equal(events.at(-1)?.type, 'message_stop');
  });

  it('refuses at the start by default (no content), for one request only; non-streaming too', async () => {
    sim().injectFault({ api: 'anthropic', kind: 'refusal' });
    const refused = await anthropicClient(sim(), { maxRetries: 0 }).messages.create({ model: CLAUDE, max_tokens: 500, messages: EXPLAIN });
    assert.equal(refused.stop_reason, 'refusal');
    assert.deepEqual(refused.content, []);
    const next = await anthropicClient(sim(), { maxRetries: 0 }).messages.create({ model: CLAUDE, max_tokens: 500, messages: EXPLAIN });
    assert.equal(next.stop_reason, 'end_turn');
  });

  it('a refusal fault is not taken by Mistral requests', async () => {
    sim().injectFault({ api: 'any', kind: 'refusal' });
    const fim = await mistralClient(sim()).fim.complete({ model: 'codestral-latest', prompt: FIM_PROMPT });
    assert.ok(fim.choices[0]);
    const claude = await anthropicClient(sim(), { maxRetries: 0 }).messages.create({ model: CLAUDE, max_tokens: 500, messages: EXPLAIN });
    assert.equal(claude.stop_reason, 'refusal', 'still armed for the Anthropic request');
  });

  it('sends a malformed SSE line: both SDKs fail to parse it', async () => {
    sim().injectFault({ api: 'any', kind: 'malformed', afterTokens: 1, count: 2 });
    const fim = await mistralClient(sim()).fim.stream({ model: 'codestral-latest', prompt: FIM_PROMPT });
    assert.ok(
      (await rejection(
        (async () => {
          for await (const _ of fim);
        })(),
      )) instanceof Error,
    );
    const quietClient = new Anthropic({ apiKey: KEY, baseURL: sim().url, maxRetries: 0, logLevel: 'off' });
    const claude = await quietClient.messages.create({ model: CLAUDE, max_tokens: 100, messages: EXPLAIN, stream: true });
    assert.ok(
      (await rejection(
        (async () => {
          for await (const _ of claude);
        })(),
      )) instanceof Error,
    );
  });

  it('aborting mid-stream via AbortSignal closes the connection, and the server sees it', async () => {
    const before = sim().stats().clientAborts;
    const controller = new AbortController();
    const stream = await mistralClient(sim()).fim.stream(
      { model: 'codestral-latest', prompt: FIM_PROMPT, minTokens: 300, maxTokens: 300 },
      { signal: controller.signal, headers: { 'x-sim-tokens-per-sec': '200' } },
    );
    let chunks = 0;
    const err = await rejection(
      (async () => {
        for await (const _ of stream) if (++chunks === 3) controller.abort();
      })(),
    );
    assert.ok(err instanceof Error, 'iteration ends with an abort error');
    await eventually(() => {
      assert.equal(sim().stats().clientAborts, before + 1);
      assert.equal(sim().stats().openStreams, 0);
    });
  });

  it('aborting an Anthropic stream (AbortSignal) ends it early, server-side too', async () => {
    const before = sim().stats().clientAborts;
    const controller = new AbortController();
    const stream = anthropicClient(sim(), { maxRetries: 0 }).messages.stream(
      { model: CLAUDE, max_tokens: 500, messages: EXPLAIN },
      { signal: controller.signal, headers: { 'x-sim-tokens-per-sec': '100' } },
    );
    stream.on('text', () => controller.abort());
    const err = await rejection(stream.finalMessage());
    assert.ok(err instanceof Anthropic.APIUserAbortError, String(err));
    await eventually(() => assert.equal(sim().stats().clientAborts, before + 1));
  });

  it('stalls a request until the client gives up', async () => {
    sim().injectFault({ api: 'anthropic', kind: 'stall' });
    const before = sim().stats().clientAborts;
    const err = await rejection(
      anthropicClient(sim(), { maxRetries: 0 }).messages.create(
        { model: CLAUDE, max_tokens: 5, messages: EXPLAIN },
        { signal: AbortSignal.timeout(150) },
      ),
    );
    assert.ok(err instanceof Anthropic.APIUserAbortError || err instanceof Anthropic.APIConnectionTimeoutError, String(err));
    await eventually(() => assert.equal(sim().stats().clientAborts, before + 1));
  });

  it('delays the first token: slow_first_token fault and the x-sim-ttft-ms header', async () => {
    sim().injectFault({ api: 'mistral', kind: 'slow_first_token', delayMs: 250 });
    const t0 = Date.now();
    await mistralClient(sim()).fim.complete({ model: 'codestral-latest', prompt: FIM_PROMPT });
    assert.ok(Date.now() - t0 >= 240, `slow first token took ${Date.now() - t0} ms`);
    const t1 = Date.now();
    const stream = await anthropicClient(sim()).messages.create(
      { model: CLAUDE, max_tokens: 50, messages: EXPLAIN, stream: true },
      { headers: { 'x-sim-ttft-ms': '150' } },
    );
    let firstText = 0;
    for await (const ev of stream) if (!firstText && ev.type === 'content_block_delta') firstText = Date.now() - t1;
    assert.ok(firstText >= 140, `ttft ${firstText} ms`);
  });

  it('paces output at tokens/sec set for the run', async () => {
    sim().setLatency({ tokensPerSec: 200 });
    try {
      const t0 = Date.now();
      const res = await mistralClient(sim()).fim.complete({ model: 'codestral-latest', prompt: FIM_PROMPT, minTokens: 40, maxTokens: 40 });
      assert.equal(res.usage.completionTokens, 40);
      assert.ok(Date.now() - t0 >= 180, `40 tokens at 200/s took ${Date.now() - t0} ms`);
    } finally {
      sim().setLatency({ tokensPerSec: 0 });
    }
  });

  it('applies a status fault to the next N requests of one API only', async () => {
    sim().injectFault({ api: 'anthropic', kind: 'status', status: 500, count: 2 });
    const ok = await mistralClient(sim()).fim.complete({ model: 'codestral-latest', prompt: FIM_PROMPT });
    assert.ok(ok.choices[0]);
    const claude = anthropicClient(sim(), { maxRetries: 0 });
    for (let i = 0; i < 2; i++)
      assert.ok(
        (await rejection(claude.messages.create({ model: CLAUDE, max_tokens: 5, messages: EXPLAIN }))) instanceof
          Anthropic.InternalServerError,
      );
    assert.equal((await claude.messages.create({ model: CLAUDE, max_tokens: 5, messages: EXPLAIN })).type, 'message');
  });
});

describe('simulator: /_sim admin endpoints', () => {
  const { sim } = useSimulator();
  const admin = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${sim().url}/_sim/${path}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });

  it('injects and clears faults, reports stats, sets latency and advances the clock', async () => {
    assert.equal((await admin('POST', 'faults', { api: 'mistral', kind: 'status', status: 503, count: null })).status, 200);
    const client = mistralClient(sim());
    for (let i = 0; i < 2; i++)
      assert.equal(
        ((await rejection(client.fim.complete({ model: 'codestral-latest', prompt: 'a' }))) as { statusCode: number }).statusCode,
        503,
      );
    const stats = (await (await admin('GET', 'stats')).json()) as { byStatus: Record<string, number>; requests: { mistral: number } };
    assert.equal(stats.byStatus['503'], 2);
    assert.equal(stats.requests.mistral, 2);
    await admin('DELETE', 'faults');
    assert.ok((await client.fim.complete({ model: 'codestral-latest', prompt: 'a\na' })).choices[0]);

    await admin('POST', 'latency', { ttftMs: 120 });
    const t0 = Date.now();
    await client.fim.complete({ model: 'codestral-latest', prompt: 'a\na' });
    assert.ok(Date.now() - t0 >= 110);
    await admin('POST', 'latency', { ttftMs: 0 });

    const before = sim().clock.now();
    await admin('POST', 'clock/advance', { ms: 60_000 });
    assert.ok(sim().clock.now() - before >= 60_000);
    assert.equal((await admin('POST', 'faults', { kind: 'explode' })).status, 400);
  });
});

describe('simulator: close()', () => {
  it('ends stalled connections so nothing hangs', async () => {
    const sim = await start({ quiet: true });
    sim.injectFault({ kind: 'stall', count: Infinity });
    const pending = post(
      sim,
      '/v1/messages',
      { model: CLAUDE, max_tokens: 5, messages: EXPLAIN },
      { authorization: `Bearer ${KEY}`, 'anthropic-version': '2026-10-21' },
    );
    const settled = pending.then(
      () => 'answered',
      () => 'connection closed',
    );
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await sim.close();
    assert.equal(await settled, 'connection closed');
    assert.ok(Date.now() - t0 < 1000);
  });
});
