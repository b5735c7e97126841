import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { parseFindings } from '../../../src/core/assist/findings/findings';
import { followupRequest } from '../../../src/core/assist/prompt/conversation';
import { buildExplainRequest, buildReviewRequest, type AssistRequest } from '../../../src/core/assist/prompt/prompts';
import { toClaudeRequest } from '../../../src/core/assist/runAssist';
import { toolChoiceFor } from '../../../src/core/assist/findings/reviewTool';
import { start, type Simulator } from '../../../src/simulator/server';
import { estimateTokens } from '../../../src/core/tokens';
import { lineOf } from './cursor';
import { ESLINTRC, README, TYPES_TS, typescriptService } from './samples';

const RISKY = `${typescriptService(2)}
export function applyDiscount(order: any, code: string): number {
  if (order.status == 'paid') {
    console.log('discount', code);
    return order.amount * eval(code);
  }
  return order.amount;
}
`;

function params(model: string, req: AssistRequest): MessageCreateParamsNonStreaming {
  return {
    model,
    system: req.system,
    messages: req.messages,
    max_tokens: req.maxTokens,
    ...(req.tools ? { tools: req.tools, tool_choice: req.toolChoice ?? toolChoiceFor(model) } : {}),
  };
}

function toolInput(msg: Message): unknown {
  const block = msg.content.find((b) => b.type === 'tool_use');
  assert.ok(block && block.type === 'tool_use', 'the model called the tool');
  return block.input;
}

describe('assist requests against the vendor simulator (real SDK)', () => {
  let sim: Simulator;
  let client: Anthropic;
  const common = {
    related: [{ path: 'src/types.ts', text: TYPES_TS }],
    conventions: [
      { path: '.eslintrc.json', text: ESLINTRC },
      { path: 'README.md', text: README },
    ],
    contextTokens: 12_000,
  };

  before(async () => {
    sim = await start({ port: 0, keys: ['test'] });
    client = new Anthropic({ apiKey: 'test', baseURL: sim.url, maxRetries: 0 });
  });
  after(async () => sim.close());

  for (const model of ['claude-sonnet-5-5', 'claude-haiku-5-5']) {
    it(`review of a selection puts the findings on the right lines (${model})`, async () => {
      const target = { path: 'src/discount.ts', languageId: 'typescript', text: RISKY };
      const start = lineOf(RISKY, 'export function applyDiscount');
      const req = buildReviewRequest({
        ...common,
        maxTokens: 3000,
        target,
        scope: { kind: 'selection', startLine: start, endLine: start + 6 },
      });
      const parsed = parseFindings(toolInput(await client.messages.create(params(model, req))), req.scope);
      assert.equal(parsed.malformed, false);
      const at = (needle: string): string[] => parsed.findings.filter((f) => f.line === lineOf(RISKY, needle)).map((f) => f.severity);
      assert.deepEqual(at('order: any'), ['warning']);
      assert.deepEqual(at("status == 'paid'"), ['warning']);
      assert.deepEqual(at('console.log'), ['info']);
      assert.deepEqual(at('eval(code)'), ['error']);
      assert.ok(parsed.findings.every((f) => f.path === 'src/discount.ts'));
    });
  }

  it('review of Git changes maps findings to working-tree lines', async () => {
    const lines = RISKY.split('\n');
    const added = lineOf(RISKY, 'console.log');
    const context = (n: number): string => ` ${lines[n - 1]}`;
    const diff = [
      '--- a/src/discount.ts',
      '+++ b/src/discount.ts',
      `@@ -${added - 2},3 +${added - 2},4 @@ export function applyDiscount(`,
      context(added - 2),
      context(added - 1),
      `+${lines[added - 1]}`,
      context(added + 1),
      '',
    ].join('\n');
    const req = buildReviewRequest({
      ...common,
      maxTokens: 3000,
      scope: { kind: 'changes', files: [{ path: 'src/discount.ts', diff, text: RISKY }] },
    });
    const parsed = parseFindings(toolInput(await client.messages.create(params('claude-sonnet-5-5', req))), req.scope);
    assert.equal(parsed.malformed, false);
    assert.deepEqual(
      parsed.findings.map((f) => [f.line, f.severity]),
      [
        [lineOf(RISKY, 'order: any'), 'warning'],
        [lineOf(RISKY, "status == 'paid'"), 'warning'],
        [lineOf(RISKY, 'console.log'), 'info'],
        [lineOf(RISKY, 'eval(code)'), 'error'],
      ],
    );
  });

  it('a second explain on the same file reads the context from the cache (Haiku 5.5: 2,048-token minimum)', async () => {
    const target = { path: 'src/billing.ts', languageId: 'typescript', text: typescriptService(40) };
    const first = buildExplainRequest({
      ...common,
      maxTokens: 1500,
      target,
      range: { startLine: 5, endLine: 14 },
    });
    const second = buildExplainRequest({
      ...common,
      maxTokens: 1500,
      target,
      range: { startLine: 101, endLine: 110 },
    });
    const cachedPrefix = first.system.reduce((n, b) => n + estimateTokens(b.text), 0);
    assert.ok(cachedPrefix > 2048, `${cachedPrefix} tokens before the second breakpoint`);
    const a = await client.messages.create(params('claude-haiku-5-5', first));
    const b = await client.messages.create(params('claude-haiku-5-5', second));
    assert.ok((a.usage.cache_creation_input_tokens ?? 0) > 2048, JSON.stringify(a.usage));
    assert.equal(a.usage.cache_read_input_tokens ?? 0, 0);
    assert.ok((b.usage.cache_read_input_tokens ?? 0) > 0, JSON.stringify(b.usage));
    assert.equal(b.usage.cache_read_input_tokens, cachedPrefix);
    const text = b.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    assert.match(text, /lines 101–110/);
  });

  it('a review follow-up keeps the system prefix byte-identical and reads it from the cache', async () => {
    const target = { path: 'src/billing.ts', languageId: 'typescript', text: typescriptService(40) };
    const first = buildReviewRequest({
      ...common,
      maxTokens: 3000,
      target,
      scope: { kind: 'selection', startLine: 5, endLine: 30 },
    });
    const a = await client.messages.create(params('claude-haiku-5-5', first));
    const tool = a.content.find((c) => c.type === 'tool_use');
    assert.ok(tool && tool.type === 'tool_use');
    const thinking = a.content.flatMap((c) =>
      c.type === 'thinking' ? [{ type: 'thinking' as const, thinking: c.thinking, signature: c.signature }] : [],
    );
    assert.equal(thinking.length, 1, 'Haiku 5.5 thinks by default');
    const withoutThinking = toClaudeRequest(
      'claude-haiku-5-5',
      followupRequest(first, [{ text: '', toolUse: { id: tool.id, name: tool.name, input: tool.input } }], 'Which finding matters most?'),
      (t) => t,
    );
    await assert.rejects(
      client.messages.create({
        model: withoutThinking.model,
        system: withoutThinking.system,
        messages: withoutThinking.messages,
        max_tokens: withoutThinking.maxTokens,
        tools: withoutThinking.tools!,
        tool_choice: withoutThinking.toolChoice!,
      }),
      /must start with a thinking block/,
      'a tool call answered without its thinking block is refused, as by the API',
    );
    const next = toClaudeRequest(
      'claude-haiku-5-5',
      followupRequest(
        first,
        [{ text: '', toolUse: { id: tool.id, name: tool.name, input: tool.input }, thinking }],
        'Which finding matters most?',
      ),
      (t) => t,
    );
    assert.deepEqual(
      (next.messages[first.messages.length]!.content as unknown[])[0],
      thinking[0],
      'the thinking block goes back first, verbatim',
    );
    assert.equal(JSON.stringify(next.system), JSON.stringify(first.system), 'cached prefix unchanged');
    assert.deepEqual(next.messages.slice(0, first.messages.length), first.messages);
    const b = await client.messages.create({
      model: next.model,
      system: next.system,
      messages: next.messages,
      max_tokens: next.maxTokens,
      tools: next.tools!,
      tool_choice: next.toolChoice!,
    });
    assert.ok((a.usage.cache_creation_input_tokens ?? 0) > 2048, JSON.stringify(a.usage));
    // The first turn's tools + first system block may already be cached by an earlier review (Haiku 5.5 caches from 512 tokens).
    const firstPrefix = (a.usage.cache_creation_input_tokens ?? 0) + (a.usage.cache_read_input_tokens ?? 0);
    assert.equal(b.usage.cache_read_input_tokens, firstPrefix, 'tools + system cached by the first turn, read by the follow-up');
    assert.equal(b.stop_reason, 'end_turn', 'a prose answer to the follow-up');
  });
});
