import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { estimateTokens } from '../../src/core/tokens';
import { anthropicClient, CODE_FILE, KEY, post, rejection, useSimulator } from './helpers';

const MODEL = 'claude-sonnet-4-6';
const EXPLAIN = `Explain this code:\n\`\`\`ts\n${CODE_FILE}\n\`\`\``;
const user = (content: string): Anthropic.MessageParam[] => [{ role: 'user', content }];

describe('simulator: Anthropic Messages over the real @anthropic-ai/sdk', () => {
  const { sim } = useSimulator();

  it('answers JSON naming the functions and the line count of the code it was sent', async () => {
    const msg = await anthropicClient(sim()).messages.create({ model: MODEL, max_tokens: 1024, messages: user(EXPLAIN) });
    const text = msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    assert.match(text, /`lineTotal` \(line 3\)/);
    assert.match(text, /`orderTotal` \(line 7\)/);
    assert.match(text, /`orderTotal` calls `lineTotal`/);
    assert.match(text, /lines 1–9/);
    assert.equal(msg.stop_reason, 'end_turn');
    assert.equal(msg.usage.output_tokens, estimateTokens(text));
    assert.equal(msg.usage.input_tokens, estimateTokens(EXPLAIN));
  });

  it('streams the documented event order: message_start, content_block_start/delta/stop, message_delta, message_stop (ping in between)', async () => {
    const client = anthropicClient(sim());
    const stream = await client.messages.create({ model: MODEL, max_tokens: 1024, messages: user(EXPLAIN), stream: true });
    const types: string[] = [];
    let text = '';
    let outputTokens = 0;
    for await (const ev of stream) {
      if (types[types.length - 1] !== ev.type) types.push(ev.type);
      if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') text += ev.delta.text;
      if (ev.type === 'message_delta') outputTokens = ev.usage.output_tokens;
    }
    assert.deepEqual(types, [
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    assert.equal(outputTokens, estimateTokens(text));
    const raw = await fetch(`${sim().url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'anthropic-version': '2026-10-21', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 5, messages: user('hi'), stream: true }),
    });
    assert.match(await raw.text(), /^event: message_start\n[^]*event: ping\n/);
  });

  it('accumulates with messages.stream() and finalMessage()', async () => {
    let seen = '';
    const stream = anthropicClient(sim())
      .messages.stream({ model: MODEL, max_tokens: 1024, messages: user(EXPLAIN) })
      .on('text', (t) => (seen += t));
    const final = await stream.finalMessage();
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : '', seen);
    assert.equal(final.usage.output_tokens, estimateTokens(seen));
  });

  it('honours stop_sequences (stop_reason "stop_sequence") and max_tokens (stop_reason "max_tokens")', async () => {
    const client = anthropicClient(sim());
    const stopped = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      messages: user(EXPLAIN),
      stop_sequences: ['lineTotal'],
    });
    assert.equal(stopped.stop_reason, 'stop_sequence');
    assert.equal(stopped.stop_sequence, 'lineTotal');
    const cut = await client.messages.create({ model: MODEL, max_tokens: 4, messages: user(EXPLAIN) });
    assert.equal(cut.stop_reason, 'max_tokens');
    assert.equal(cut.usage.output_tokens, 4);
  });

  it('counts tokens with /v1/messages/count_tokens exactly as usage reports them', async () => {
    const client = anthropicClient(sim());
    const params = { model: MODEL, system: 'You explain code.', messages: user(EXPLAIN) };
    const counted = await client.messages.countTokens(params);
    const msg = await client.messages.create({ ...params, max_tokens: 100 });
    const u = msg.usage;
    assert.equal(counted.input_tokens, u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0));
    assert.equal(counted.input_tokens, estimateTokens('You explain code.') + estimateTokens(EXPLAIN));
  });

  it('accepts x-api-key with anthropic-version 2023-06-01, as older clients send', async () => {
    const res = await post(
      sim(),
      '/v1/messages',
      { model: 'claude-sonnet-4-5', max_tokens: 50, temperature: 0.2, messages: user('hi') },
      { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
    );
    assert.equal(res.status, 200);
    assert.equal((res.json as { type: string }).type, 'message');
  });

  it('rejects a missing or unknown anthropic-version with 400 invalid_request_error', async () => {
    const missing = await post(sim(), '/v1/messages', { model: MODEL, max_tokens: 5, messages: user('hi') }, { 'x-api-key': KEY });
    assert.equal(missing.status, 400);
    assert.deepEqual((missing.json as { error: unknown }).error, {
      type: 'invalid_request_error',
      message: 'anthropic-version: header is required',
    });
    const unknown = await post(
      sim(),
      '/v1/messages',
      { model: MODEL, max_tokens: 5, messages: user('hi') },
      { 'x-api-key': KEY, 'anthropic-version': '2024-10-22' },
    );
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get('request-id'), (unknown.json as { request_id: string }).request_id);
  });

  it('rejects temperature/top_p/top_k under 2026-10-21 with 400 (BadRequestError)', async () => {
    for (const param of ['temperature', 'top_p', 'top_k']) {
      const body = { model: MODEL, max_tokens: 5, messages: user('hi'), [param]: 0.5 } as Anthropic.MessageCreateParamsNonStreaming;
      const err = await rejection(anthropicClient(sim()).messages.create(body));
      assert.ok(err instanceof Anthropic.BadRequestError, String(err));
      assert.equal((err.error as { error: { type: string } }).error.type, 'invalid_request_error');
      assert.match(err.message, new RegExp(param));
    }
  });

  it('maps each error status to the SDK class and the vendor envelope', async () => {
    const cases: Array<[number, new (...a: never[]) => Error, string]> = [
      [400, Anthropic.BadRequestError, 'invalid_request_error'],
      [401, Anthropic.AuthenticationError, 'authentication_error'],
      [404, Anthropic.NotFoundError, 'not_found_error'],
      [413, Anthropic.ContentTooLargeError, 'request_too_large'],
      [429, Anthropic.RateLimitError, 'rate_limit_error'],
      [500, Anthropic.InternalServerError, 'api_error'],
      [529, Anthropic.OverloadedError, 'overloaded_error'],
    ];
    for (const [status, cls, type] of cases) {
      sim().injectFault({ api: 'anthropic', kind: 'status', status, retryAfterMs: 5 });
      const err = await rejection(
        anthropicClient(sim(), { maxRetries: 0 }).messages.create({ model: MODEL, max_tokens: 5, messages: user('hi') }),
      );
      assert.ok(err instanceof cls, `${status}: ${String(err)}`);
      assert.ok(err instanceof Anthropic.APIError);
      assert.equal(err.status, status);
      assert.equal((err.error as { error: { type: string } }).error.type, type);
      assert.ok(err.requestID?.startsWith('req_'));
    }
  });

  it('reaches 401 and 404 by validation too: no credential at all, unknown model', async () => {
    const none = await post(
      sim(),
      '/v1/messages',
      { model: MODEL, max_tokens: 5, messages: user('hi') },
      { 'anthropic-version': '2026-10-21' },
    );
    assert.equal(none.status, 401);
    assert.deepEqual((none.json as { error: unknown }).error, { type: 'authentication_error', message: 'x-api-key header is required' });
    const notFound = await rejection(
      anthropicClient(sim()).messages.create({ model: 'claude-nonexistent-9', max_tokens: 5, messages: user('hi') }),
    );
    assert.ok(notFound instanceof Anthropic.NotFoundError, String(notFound));
    assert.match(notFound.message, /model: claude-nonexistent-9/);
  });

  it('retries 429 and 529 by default (maxRetries 2 → 3 requests), honouring retry-after-ms', async () => {
    for (const status of [429, 529]) {
      sim().injectFault({ api: 'anthropic', kind: 'status', status, count: 2, retryAfterMs: 5 });
      const before = sim().stats().requests.anthropic;
      const msg = await anthropicClient(sim()).messages.create({ model: MODEL, max_tokens: 5, messages: user('hi') });
      assert.equal(msg.type, 'message');
      assert.equal(sim().stats().requests.anthropic - before, 3, `status ${status}`);
    }
  });

  it('gives up after maxRetries and surfaces the last error', async () => {
    sim().injectFault({ api: 'anthropic', kind: 'status', status: 529, count: Infinity, retryAfterMs: 5 });
    const before = sim().stats().requests.anthropic;
    const err = await rejection(
      anthropicClient(sim(), { maxRetries: 1 }).messages.create({ model: MODEL, max_tokens: 5, messages: user('hi') }),
    );
    assert.ok(err instanceof Anthropic.OverloadedError);
    assert.equal(sim().stats().requests.anthropic - before, 2);
  });
});

describe('simulator: Anthropic key list and size limit', () => {
  const { sim } = useSimulator({ keys: ['good'], maxBodyBytes: 4096 });

  it('rejects a key not on the list (Bearer and x-api-key alike) with 401 authentication_error', async () => {
    const bearer = await rejection(
      anthropicClient(sim(), { apiKey: 'other' }).messages.create({ model: MODEL, max_tokens: 5, messages: user('hi') }),
    );
    assert.ok(bearer instanceof Anthropic.AuthenticationError);
    const old = await post(
      sim(),
      '/v1/messages',
      { model: MODEL, max_tokens: 5, messages: user('hi') },
      { 'x-api-key': 'other', 'anthropic-version': '2023-06-01' },
    );
    assert.deepEqual((old.json as { error: unknown }).error, { type: 'authentication_error', message: 'invalid x-api-key' });
  });

  it('answers a body above the limit with 413 request_too_large (ContentTooLargeError)', async () => {
    const err = await rejection(
      anthropicClient(sim(), { apiKey: 'good' }).messages.create({ model: MODEL, max_tokens: 5, messages: user('x'.repeat(5000)) }),
    );
    assert.ok(err instanceof Anthropic.ContentTooLargeError, String(err));
  });
});
