import { strict as assert } from 'node:assert';
import { HTTPValidationError, SDKError } from '@mistralai/mistralai/models/errors';
import { estimateTokens } from '../../src/core/tokens';
import { CODE_FILE, KEY, mistralClient, post, rejection, useSimulator } from './helpers';

const MODEL = 'codestral-latest';
/** Contract 2: context snippets then the current file, each headed by `+++++ <path>`. */
const MULTI_FILE_PROMPT = `+++++ src/pricing.ts\n${CODE_FILE}\n\n+++++ src/cart.ts\nexport function cartLine(item: Item): number {\n  return `;
const BACKOFF = {
  strategy: 'backoff',
  backoff: { initialInterval: 5, maxInterval: 30, exponent: 1.1, maxElapsedTime: 5000 },
  retryConnectionErrors: false,
} as const;

describe('simulator: Mistral FIM over the real @mistralai/mistralai SDK', () => {
  const { sim } = useSimulator();

  it('completes from an earlier +++++ context snippet (JSON) with usage prompt/completion/total tokens', async () => {
    const res = await mistralClient(sim()).fim.complete({
      model: MODEL,
      prompt: MULTI_FILE_PROMPT,
      suffix: '\n\nexport const x = 1;\n',
      stop: ['\n+++++'],
    });
    const content = res.choices[0]?.message?.content;
    assert.equal(content, 'item.qty * item.price;\n}\n');
    assert.equal(res.choices[0]?.finishReason, 'stop');
    assert.equal(res.usage.promptTokens, estimateTokens(MULTI_FILE_PROMPT) + estimateTokens('\n\nexport const x = 1;\n'));
    assert.equal(res.usage.completionTokens, estimateTokens(String(content)));
    assert.equal(res.usage.totalTokens, (res.usage.promptTokens ?? 0) + (res.usage.completionTokens ?? 0));
  });

  it('streams data-only SSE chunks ending in [DONE], usage and finish_reason on the last chunk (documented stream shape)', async () => {
    const stream = await mistralClient(sim()).fim.stream({ model: MODEL, prompt: MULTI_FILE_PROMPT, suffix: '\n' });
    const chunks = [];
    for await (const event of stream) chunks.push(event.data);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, 'item.qty * item.price;\n}\n');
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === undefined && c.choices[0]?.finishReason === null));
    const last = chunks[chunks.length - 1]!;
    assert.equal(last.choices[0]?.finishReason, 'stop');
    assert.equal(last.usage?.completionTokens, estimateTokens(text));
  });

  it('honours max_tokens with finish_reason "length"', async () => {
    const res = await mistralClient(sim()).fim.complete({ model: MODEL, prompt: MULTI_FILE_PROMPT, maxTokens: 3 });
    assert.equal(res.choices[0]?.finishReason, 'length');
    assert.equal(res.usage.completionTokens, 3);
    assert.equal(res.choices[0]?.message?.content, 'item.qty ');
  });

  it('honours stop as a string and as an array, leaving the stop text out', async () => {
    const client = mistralClient(sim());
    const one = await client.fim.complete({ model: MODEL, prompt: MULTI_FILE_PROMPT, stop: '*' });
    assert.equal(one.choices[0]?.message?.content, 'item.qty ');
    const many = await client.fim.complete({ model: MODEL, prompt: MULTI_FILE_PROMPT, stop: ['price', '\n'] });
    assert.equal(many.choices[0]?.message?.content, 'item.qty * item.');
    assert.equal(many.choices[0]?.finishReason, 'stop');
  });

  it('honours min_tokens by not stopping at the natural end', async () => {
    const res = await mistralClient(sim()).fim.complete({ model: MODEL, prompt: MULTI_FILE_PROMPT, minTokens: 30, maxTokens: 40 });
    assert.ok((res.usage.completionTokens ?? 0) >= 30);
  });

  it('stops before re-typing the suffix', async () => {
    const prompt = 'function add(a, b) {\n  return a + b;\n}\nfunction sub(a, b) {\n  return a';
    const res = await mistralClient(sim()).fim.complete({ model: MODEL, prompt, suffix: '\n}\n' });
    assert.equal(res.choices[0]?.message?.content, ' + b;\n');
  });

  it('answers 422 FastAPI-style {detail:[{loc,msg,type}]} for values the SDK lets through (HTTPValidationError)', async () => {
    const err = await rejection(mistralClient(sim()).fim.complete({ model: MODEL, prompt: 'x', temperature: 3, maxTokens: -1 }));
    assert.ok(err instanceof HTTPValidationError, String(err));
    assert.equal(err.statusCode, 422);
    assert.deepEqual(
      err.detail?.map((d) => [d.loc, d.type]),
      [
        [['body', 'max_tokens'], 'greater_than_equal'],
        [['body', 'temperature'], 'less_than_equal'],
      ],
    );
  });

  it('answers 422 for wrong types and unknown fields over raw HTTP', async () => {
    const res = await post(
      sim(),
      '/v1/fim/completions',
      { model: 1, prompt: 'x', stop: [1], extra: true },
      { authorization: `Bearer ${KEY}` },
    );
    assert.equal(res.status, 422);
    const types = (res.json as { detail: Array<{ type: string }> }).detail.map((d) => d.type);
    assert.deepEqual(types, ['string_type', 'string_type', 'extra_forbidden']);
  });

  it("answers an unknown model with Mistral's 400 invalid_model body (SDKError)", async () => {
    const err = await rejection(mistralClient(sim()).fim.complete({ model: 'codestral-nope', prompt: 'x' }));
    assert.ok(err instanceof SDKError, String(err));
    assert.equal(err.statusCode, 400);
    assert.deepEqual(JSON.parse(err.body), {
      object: 'error',
      message: 'Invalid model: codestral-nope',
      type: 'invalid_model',
      param: null,
      code: '1500',
    });
  });

  it("answers a missing or empty key with the gateway's bare 401 (SDKError)", async () => {
    const err = await rejection(mistralClient(sim(), '').fim.complete({ model: MODEL, prompt: 'x' }));
    assert.ok(err instanceof SDKError, String(err));
    assert.equal(err.statusCode, 401);
    assert.equal((JSON.parse(err.body) as { message: string }).message, 'Unauthorized');
  });

  it('lists models with GET /v1/models, codestral-latest among the FIM models', async () => {
    const list = await mistralClient(sim()).models.list();
    const fim = (list.data ?? []).flatMap((m) => ('capabilities' in m && m.capabilities.completionFim ? [m.id] : []));
    assert.ok(fim.includes('codestral-latest'));
  });

  it('retries 429 with a backoff retryConfig (FIM retries are off by default) and honours retry-after', async () => {
    sim().injectFault({ api: 'mistral', kind: 'status', status: 429, count: 2, retryAfterSec: 0 });
    const before = sim().stats();
    const res = await mistralClient(sim()).fim.complete({ model: MODEL, prompt: MULTI_FILE_PROMPT }, { retries: BACKOFF });
    const after = sim().stats();
    assert.ok(res.choices[0]?.message?.content);
    assert.equal(after.requests.mistral - before.requests.mistral, 3);
    assert.equal((after.byStatus['429'] ?? 0) - (before.byStatus['429'] ?? 0), 2);
  });

  it('does not retry by default: a 429 surfaces with retry-after and a rate-limit body', async () => {
    sim().injectFault({ api: 'mistral', kind: 'status', status: 429, retryAfterSec: 7 });
    const before = sim().stats().requests.mistral;
    const err = await rejection(mistralClient(sim()).fim.complete({ model: MODEL, prompt: 'x' }));
    assert.ok(err instanceof SDKError);
    assert.equal(err.statusCode, 429);
    assert.equal(err.headers.get('retry-after'), '7');
    assert.equal(sim().stats().requests.mistral - before, 1);
  });
});

describe('simulator: Mistral key list', () => {
  const { sim } = useSimulator({ keys: ['codestral-key'] });

  it('accepts only keys on the list', async () => {
    const err = await rejection(mistralClient(sim(), 'general-mistral-key').fim.complete({ model: MODEL, prompt: 'x' }));
    assert.ok(err instanceof SDKError && err.statusCode === 401);
    const ok = await mistralClient(sim(), 'codestral-key').fim.complete({ model: MODEL, prompt: 'a\na' });
    assert.equal(ok.choices.length, 1);
  });
});
