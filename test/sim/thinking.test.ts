import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { estimateTokens } from '../../src/core/tokens';
import { anthropicClient, CODE_FILE, KEY, rejection, useSimulator } from './helpers';

const EXPLAIN = `Explain this code:\n\`\`\`ts\n${CODE_FILE}\n\`\`\``;
const messages: Anthropic.MessageParam[] = [{ role: 'user', content: EXPLAIN }];
const textOf = (m: Anthropic.Message): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

async function rawEvents(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const res = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'anthropic-version': '2026-10-21', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ ...body, stream: true }),
  });
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((chunk) => chunk.startsWith('event: '))
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split('\n');
      return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) as Record<string, unknown> };
    });
}

describe('simulator: Claude thinking (adaptive by default on 5.x, display omitted), over the real SDK', () => {
  const { sim } = useSimulator();

  it('Haiku 5.5 thinks by default: a thinking block with an empty text and a signature, then the answer; thinking billed in output_tokens', async () => {
    const stream = anthropicClient(sim()).messages.stream({ model: 'claude-haiku-5-5', max_tokens: 1500, messages });
    let thinkingText = '';
    stream.on('thinking', (delta) => (thinkingText += delta));
    const msg = await stream.finalMessage();
    assert.deepEqual(
      msg.content.map((b) => b.type),
      ['thinking', 'text'],
    );
    const thinking = msg.content[0] as Anthropic.ThinkingBlock;
    assert.equal(thinking.thinking, '');
    assert.equal(thinkingText, '', 'display omitted: no thinking_delta');
    assert.ok(thinking.signature.length > 20);
    const thinkingTokens = msg.usage.output_tokens_details?.thinking_tokens ?? 0;
    assert.ok(thinkingTokens > 0, 'medium effort thinks');
    assert.equal(msg.usage.output_tokens, thinkingTokens + estimateTokens(textOf(msg)));
    assert.equal(msg.stop_reason, 'end_turn');
  });

  it('streams content_block_start(thinking) → signature_delta → content_block_stop before the first text_delta, with no thinking_delta', async () => {
    const events = await rawEvents(sim().url, { model: 'claude-haiku-5-5', max_tokens: 1500, messages });
    const deltas = events.filter((e) => e.event === 'content_block_delta').map((e) => (e.data['delta'] as { type: string }).type);
    assert.equal(deltas[0], 'signature_delta');
    assert.ok(!deltas.includes('thinking_delta'));
    const starts = events.filter((e) => e.event === 'content_block_start').map((e) => (e.data['content_block'] as { type: string }).type);
    assert.deepEqual(starts, ['thinking', 'text']);
  });

  it('thinking.display "summarized" streams thinking_delta text that the SDK hands to on("thinking")', async () => {
    const stream = anthropicClient(sim()).messages.stream({
      model: 'claude-sonnet-5-5',
      max_tokens: 1500,
      messages,
      thinking: { type: 'adaptive', display: 'summarized' },
    });
    let thinkingText = '';
    stream.on('thinking', (delta) => (thinkingText += delta));
    const msg = await stream.finalMessage();
    assert.ok(thinkingText.length > 0);
    assert.equal((msg.content[0] as Anthropic.ThinkingBlock).thinking, thinkingText);
  });

  it('max_tokens reached inside the thinking: stop_reason max_tokens, no text block, output_tokens = max_tokens', async () => {
    const stream = anthropicClient(sim()).messages.stream(
      { model: 'claude-haiku-5-5', max_tokens: 1500, messages },
      { headers: { 'x-sim-thinking-tokens': '2000' } },
    );
    const msg = await stream.finalMessage();
    assert.equal(msg.stop_reason, 'max_tokens');
    assert.deepEqual(
      msg.content.map((b) => b.type),
      ['thinking'],
    );
    assert.equal(msg.usage.output_tokens, 1500);
    assert.equal(msg.usage.output_tokens_details?.thinking_tokens, 1500);
  });

  it('thinking shortens the answer that fits: text gets max_tokens minus the thinking', async () => {
    const msg = await anthropicClient(sim()).messages.create(
      { model: 'claude-haiku-5-5', max_tokens: 60, messages },
      { headers: { 'x-sim-thinking-tokens': '50' } },
    );
    assert.equal(msg.stop_reason, 'max_tokens');
    assert.equal(estimateTokens(textOf(msg)), 10);
    assert.equal(msg.usage.output_tokens, 60);
  });

  it('effort sets how much adaptive thinking happens: Sonnet 5.5 thinks at its default (high) and skips it at low', async () => {
    const client = anthropicClient(sim());
    const high = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 1500, messages });
    const low = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 1500, messages, output_config: { effort: 'low' } });
    assert.ok((high.usage.output_tokens_details?.thinking_tokens ?? 0) > 0);
    assert.deepEqual(
      low.content.map((b) => b.type),
      ['text'],
    );
  });

  it('Haiku 5.5 may disable thinking at effort up to high; disabled with xhigh or max is a 400', async () => {
    const client = anthropicClient(sim(), { maxRetries: 0 });
    const off = await client.messages.create({
      model: 'claude-haiku-5-5',
      max_tokens: 1500,
      messages,
      thinking: { type: 'disabled' },
      output_config: { effort: 'high' },
    });
    assert.deepEqual(
      off.content.map((b) => b.type),
      ['text'],
    );
    assert.equal(off.usage.output_tokens, estimateTokens(textOf(off)));
    for (const effort of ['xhigh', 'max'] as const) {
      const err = await rejection(
        client.messages.create({
          model: 'claude-haiku-5-5',
          max_tokens: 1500,
          messages,
          thinking: { type: 'disabled' },
          output_config: { effort },
        }),
      );
      assert.ok(err instanceof Anthropic.BadRequestError);
      assert.match(err.message, new RegExp(`disabled.{1,3} cannot be combined with output_config.effort .{1,3}${effort}`));
    }
  });

  it('Sonnet 5.5 rejects thinking disabled (400 naming between_tools); between_tools works up to high and is a 400 at xhigh', async () => {
    const client = anthropicClient(sim(), { maxRetries: 0 });
    const err = await rejection(
      client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 1500, messages, thinking: { type: 'disabled' } }),
    );
    assert.ok(err instanceof Anthropic.BadRequestError);
    assert.match(err.message, /between_tools/);
    const off = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 1500,
      messages,
      thinking: { type: 'between_tools' },
    });
    assert.deepEqual(
      off.content.map((b) => b.type),
      ['text'],
    );
    const high = await rejection(
      client.messages.create({
        model: 'claude-sonnet-5-5',
        max_tokens: 1500,
        messages,
        thinking: { type: 'between_tools' },
        output_config: { effort: 'xhigh' },
      }),
    );
    assert.ok(high instanceof Anthropic.BadRequestError);
  });

  it('always-thinking models (Opus 5.5, Fable 5.1) reject disabled; 5.x rejects manual budget_tokens; Haiku 4.5 rejects adaptive', async () => {
    const client = anthropicClient(sim(), { maxRetries: 0 });
    for (const model of ['claude-opus-5-5', 'claude-fable-5-1']) {
      assert.ok(
        (await rejection(client.messages.create({ model, max_tokens: 1500, messages, thinking: { type: 'disabled' } }))) instanceof
          Anthropic.BadRequestError,
        model,
      );
    }
    const manual = await rejection(
      client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 4000, messages, thinking: { type: 'enabled', budget_tokens: 2048 } }),
    );
    assert.match((manual as Error).message, /thinking\.type\.enabled.{1,3} is not supported for this model/);
    const adaptive = await rejection(
      client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1500, messages, thinking: { type: 'adaptive' } }),
    );
    assert.ok(adaptive instanceof Anthropic.BadRequestError);
    const legacy = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1500, messages });
    assert.deepEqual(
      legacy.content.map((b) => b.type),
      ['text'],
      'older models do not think unless asked',
    );
  });

  it('rejects an unknown effort or display value with 400 invalid_request_error', async () => {
    const client = anthropicClient(sim(), { maxRetries: 0 });
    const effort = await rejection(
      client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 100, messages, output_config: { effort: 'extreme' as 'max' } }),
    );
    assert.ok(effort instanceof Anthropic.BadRequestError);
    const display = await rejection(
      client.messages.create({
        model: 'claude-haiku-5-5',
        max_tokens: 100,
        messages,
        thinking: { type: 'adaptive', display: 'full' as 'omitted' },
      }),
    );
    assert.ok(display instanceof Anthropic.BadRequestError);
  });
});
