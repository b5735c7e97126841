import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { createManualClock } from '../../src/simulator/server';
import { estimateTokens } from '../../src/core/tokens';
import { anthropicClient, CODE_FILE, rejection, useSimulator } from './helpers';

const MODEL = 'claude-sonnet-4-6'; // documented minimum cacheable prefix: 1,024 tokens
const MINUTE = 60_000;
const ephemeral = { type: 'ephemeral' } as const;

/** A system prompt of about `tokens` tokens (repeated real code, numbered so blocks differ). */
function bigText(tokens: number, tag = 'a'): string {
  let text = `// ${tag}\n`;
  for (let i = 0; estimateTokens(text) < tokens; i++) text += `// part ${i}\n${CODE_FILE}\n`;
  return text;
}

const SYSTEM = bigText(1500);
const SYSTEM_TOKENS = estimateTokens(SYSTEM);

function ask(
  client: Anthropic,
  question: string,
  extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {},
): Promise<Anthropic.Message> {
  return client.messages.create({
    model: MODEL,
    max_tokens: 20,
    system: [{ type: 'text', text: SYSTEM, cache_control: ephemeral }],
    messages: [{ role: 'user', content: question }],
    ...extra,
  });
}

describe('simulator: prompt caching (as documented for the Messages API)', () => {
  const clock = createManualClock(1_700_000_000_000);
  const { sim } = useSimulator({ clock });

  it('writes the prefix on a miss, reads it on a hit; input_tokens excludes cached tokens', async () => {
    const client = anthropicClient(sim());
    const first = await ask(client, 'What does lineTotal do?');
    assert.equal(first.usage.cache_creation_input_tokens, SYSTEM_TOKENS);
    assert.equal(first.usage.cache_read_input_tokens, 0);
    assert.equal(first.usage.input_tokens, estimateTokens('What does lineTotal do?'));
    assert.equal(first.usage.cache_creation?.ephemeral_5m_input_tokens, SYSTEM_TOKENS);
    const second = await ask(client, 'And orderTotal?');
    assert.equal(second.usage.cache_read_input_tokens, SYSTEM_TOKENS);
    assert.equal(second.usage.cache_creation_input_tokens, 0);
    assert.equal(second.usage.input_tokens, estimateTokens('And orderTotal?'));
  });

  it('keys by exact content: one changed character is a miss', async () => {
    const client = anthropicClient(sim());
    await ask(client, 'warm');
    const changed = await client.messages.create({
      model: MODEL,
      max_tokens: 5,
      system: [{ type: 'text', text: `${SYSTEM} `, cache_control: ephemeral }],
      messages: [{ role: 'user', content: 'q' }],
    });
    assert.equal(changed.usage.cache_read_input_tokens, 0);
    assert.ok((changed.usage.cache_creation_input_tokens ?? 0) > 0);
  });

  it('keeps an entry 5 minutes, refreshed on every hit, and expires it after', async () => {
    const client = anthropicClient(sim());
    const system = [{ type: 'text' as const, text: bigText(1300, 'ttl'), cache_control: ephemeral }];
    const call = (): Promise<Anthropic.Message> =>
      client.messages.create({ model: MODEL, max_tokens: 5, system, messages: [{ role: 'user', content: 'q' }] });
    assert.ok(((await call()).usage.cache_creation_input_tokens ?? 0) > 0);
    clock.advance(4 * MINUTE + 50_000);
    assert.ok(((await call()).usage.cache_read_input_tokens ?? 0) > 0, 'hit before 5 minutes');
    clock.advance(4 * MINUTE + 50_000);
    assert.ok(((await call()).usage.cache_read_input_tokens ?? 0) > 0, 'the hit refreshed the TTL');
    clock.advance(5 * MINUTE + 1);
    const expired = await call();
    assert.equal(expired.usage.cache_read_input_tokens, 0);
    assert.ok((expired.usage.cache_creation_input_tokens ?? 0) > 0, 'written again after expiry');
  });

  it('keeps ttl "1h" entries an hour and reports them under ephemeral_1h_input_tokens', async () => {
    const client = anthropicClient(sim());
    const text = bigText(1200, 'hour');
    const call = (): Promise<Anthropic.Message> =>
      client.messages.create({
        model: MODEL,
        max_tokens: 5,
        system: [{ type: 'text', text, cache_control: { type: 'ephemeral', ttl: '1h' } }],
        messages: [{ role: 'user', content: 'q' }],
      });
    const first = await call();
    assert.equal(first.usage.cache_creation?.ephemeral_1h_input_tokens, estimateTokens(text));
    assert.equal(first.usage.cache_creation?.ephemeral_5m_input_tokens, 0);
    clock.advance(30 * MINUTE);
    assert.equal((await call()).usage.cache_read_input_tokens, estimateTokens(text));
    clock.advance(61 * MINUTE);
    assert.equal((await call()).usage.cache_read_input_tokens, 0);
  });

  it('splits creation between a 1h breakpoint and a later 5m one', async () => {
    const client = anthropicClient(sim());
    const sys = bigText(1100, 'split');
    const doc = bigText(300, 'doc');
    const msg = await client.messages.create({
      model: MODEL,
      max_tokens: 5,
      system: [{ type: 'text', text: sys, cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: doc, cache_control: ephemeral },
            { type: 'text', text: 'question' },
          ],
        },
      ],
    });
    assert.equal(msg.usage.cache_creation?.ephemeral_1h_input_tokens, estimateTokens(sys));
    assert.equal(msg.usage.cache_creation?.ephemeral_5m_input_tokens, estimateTokens(doc));
    assert.equal(msg.usage.input_tokens, estimateTokens('question'));
  });

  it("silently skips caching below the model's minimum length (no error, both counters zero)", async () => {
    const client = anthropicClient(sim());
    const small = bigText(600, 'small');
    const msg = await client.messages.create({
      model: MODEL,
      max_tokens: 5,
      system: [{ type: 'text', text: small, cache_control: ephemeral }],
      messages: [{ role: 'user', content: 'q' }],
    });
    assert.equal(msg.usage.cache_creation_input_tokens, 0);
    assert.equal(msg.usage.cache_read_input_tokens, 0);
    assert.equal(msg.usage.input_tokens, estimateTokens(small) + estimateTokens('q'));
    const haiku = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 5,
      system: [{ type: 'text', text: SYSTEM, cache_control: ephemeral }],
      messages: [{ role: 'user', content: 'q' }],
    });
    assert.equal(haiku.usage.cache_creation_input_tokens, 0, 'Haiku 4.5 needs 4,096 tokens');
  });

  it('rejects a fifth cache_control breakpoint with 400', async () => {
    const blocks = [1, 2, 3, 4, 5].map((i) => ({ type: 'text' as const, text: `part ${i}`, cache_control: ephemeral }));
    const err = await rejection(
      anthropicClient(sim()).messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: blocks }] }),
    );
    assert.ok(err instanceof Anthropic.BadRequestError);
    assert.match(err.message, /A maximum of 4 blocks with cache_control may be provided\. Found 5\./);
  });

  it('rejects a 1h breakpoint after a 5m one with 400', async () => {
    const err = await rejection(
      anthropicClient(sim()).messages.create({
        model: MODEL,
        max_tokens: 5,
        system: [{ type: 'text', text: 'a', cache_control: ephemeral }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'b', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
      }),
    );
    assert.ok(err instanceof Anthropic.BadRequestError);
  });

  it('renders the prefix tools → system → messages: a changed tool invalidates the cached system prompt', async () => {
    const client = anthropicClient(sim());
    const system = [{ type: 'text' as const, text: bigText(1200, 'order'), cache_control: ephemeral }];
    const tool = (description: string): Anthropic.Tool => ({
      name: 'lookup',
      description,
      input_schema: { type: 'object', properties: {} },
    });
    const call = (d: string): Promise<Anthropic.Message> =>
      client.messages.create({ model: MODEL, max_tokens: 5, tools: [tool(d)], system, messages: [{ role: 'user', content: 'q' }] });
    await call('v1');
    assert.ok(((await call('v1')).usage.cache_read_input_tokens ?? 0) > 0);
    const changed = await call('v2');
    assert.equal(changed.usage.cache_read_input_tokens, 0);
  });

  it('finds an earlier entry only within 20 blocks of a breakpoint', async () => {
    const client = anthropicClient(sim());
    const base: Anthropic.ContentBlockParam[] = [{ type: 'text', text: bigText(1100, 'look'), cache_control: ephemeral }];
    await client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: base }] });
    const grown = (n: number): Anthropic.ContentBlockParam[] => [
      { type: 'text', text: (base[0] as Anthropic.TextBlockParam).text },
      ...Array.from({ length: n }, (_, i): Anthropic.TextBlockParam => ({ type: 'text', text: `note ${i}` })),
      { type: 'text', text: 'end', cache_control: ephemeral },
    ];
    const near = await client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: grown(10) }] });
    assert.ok((near.usage.cache_read_input_tokens ?? 0) > 0, '11 blocks back: hit');
    const far = await client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: grown(25) }] });
    assert.equal(far.usage.cache_read_input_tokens, 0, '26 blocks back: miss');
  });

  it('top-level cache_control caches up to the last cacheable block (automatic caching)', async () => {
    const client = anthropicClient(sim());
    const history: Anthropic.MessageParam[] = [{ role: 'user', content: bigText(1100, 'auto') }];
    const first = await client.messages.create({ model: MODEL, max_tokens: 5, cache_control: ephemeral, messages: history });
    assert.equal(first.usage.input_tokens, 0);
    const next = await client.messages.create({
      model: MODEL,
      max_tokens: 5,
      cache_control: ephemeral,
      messages: [...history, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'more' }],
    });
    assert.equal(next.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
  });

  it('reports cache usage in the streamed message_start, and max_tokens 0 only warms the cache', async () => {
    const client = anthropicClient(sim());
    const system = [{ type: 'text' as const, text: bigText(1100, 'warm'), cache_control: ephemeral }];
    const warm = await client.messages.create({ model: MODEL, max_tokens: 0, system, messages: [{ role: 'user', content: 'q' }] });
    assert.deepEqual(warm.content, []);
    assert.ok((warm.usage.cache_creation_input_tokens ?? 0) > 0);
    const stream = await client.messages.create({
      model: MODEL,
      max_tokens: 5,
      system,
      messages: [{ role: 'user', content: 'q' }],
      stream: true,
    });
    for await (const ev of stream) {
      if (ev.type === 'message_start') assert.equal(ev.message.usage.cache_read_input_tokens, warm.usage.cache_creation_input_tokens);
    }
  });
});
