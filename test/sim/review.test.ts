import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { anthropicClient, rejection, useSimulator } from './helpers';

/** Contract 1's review tool: input {summary, findings: [{line, endLine?, severity, message, file?}]}. */
const REPORT_FINDINGS: Anthropic.Tool = {
  name: 'report_findings',
  description: 'Report review findings.',
  input_schema: {
    type: 'object',
    properties: {
      summary: { type: 'string' },
      findings: {
        type: 'array',
        items: {
          type: 'object',
          properties: { line: { type: 'number' }, severity: { enum: ['error', 'warning', 'info'] }, message: { type: 'string' } },
        },
      },
    },
    required: ['summary', 'findings'],
  },
};
const FORCED = { type: 'tool', name: 'report_findings' } as const;
const GUTTERED = [
  'Review this change.',
  '+++++ src/cart.ts',
  '  40| export function find(items: any[], sku: string) {',
  '  41|   console.log("finding", sku);',
  '  42|   if (items.length == 0) return undefined; // TODO handle',
  '  43|   try {',
  '  44|     return eval(sku);',
  '  45|   } catch (e) {',
  '  46|   }',
  '  47|   return items.find((i) => i.sku === sku);',
  '  48| }',
].join('\n');

interface Report {
  summary: string;
  findings: Array<{ line: number; severity: string; message: string; file?: string }>;
}

describe('simulator: review via the report_findings tool', () => {
  const { sim } = useSimulator();

  it('answers a forced report_findings call with a tool_use block whose lines come from the gutter', async () => {
    const msg = await anthropicClient(sim()).messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 2000,
      tools: [REPORT_FINDINGS],
      tool_choice: FORCED,
      messages: [{ role: 'user', content: GUTTERED }],
    });
    assert.equal(msg.stop_reason, 'tool_use');
    const block = msg.content[0];
    assert.ok(block?.type === 'tool_use' && block.name === 'report_findings');
    const report = block.input as Report;
    const got = report.findings.map((f) => `${f.line}:${f.severity}`);
    assert.deepEqual(got, ['40:warning', '41:info', '42:warning', '42:info', '44:error', '45:warning']);
    assert.ok(report.findings.every((f) => f.file === 'src/cart.ts'));
    assert.match(report.summary, /6 findings/);
  });

  it('streams the tool input as input_json_delta that accumulates to the same findings', async () => {
    const client = anthropicClient(sim());
    const params = {
      model: 'claude-sonnet-4-6',
      max_tokens: 2000,
      tools: [REPORT_FINDINGS],
      tool_choice: FORCED,
      messages: [{ role: 'user' as const, content: GUTTERED }],
    };
    const deltas: string[] = [];
    const final = await client.messages
      .stream(params)
      .on('inputJson', (partial) => deltas.push(partial))
      .finalMessage();
    const once = await client.messages.create(params);
    assert.ok(deltas.length > 10);
    assert.deepEqual(JSON.parse(deltas.join('')), (once.content[0] as Anthropic.ToolUseBlock).input);
    assert.deepEqual((final.content[0] as Anthropic.ToolUseBlock).input, (once.content[0] as Anthropic.ToolUseBlock).input);
  });

  it('emits schema-breaking tool input when asked by x-sim-malformed-tool: 1', async () => {
    const msg = await anthropicClient(sim()).messages.create(
      {
        model: 'claude-sonnet-4-6',
        max_tokens: 2000,
        tools: [REPORT_FINDINGS],
        tool_choice: FORCED,
        messages: [{ role: 'user', content: GUTTERED }],
      },
      { headers: { 'x-sim-malformed-tool': '1' } },
    );
    const input = (msg.content[0] as Anthropic.ToolUseBlock).input as Record<string, unknown>;
    assert.notEqual(typeof input['summary'], 'string');
    assert.ok((input['findings'] as Array<Record<string, unknown>>).every((f) => typeof f['line'] !== 'number'));
  });

  it('rejects forced tool use on Claude Sonnet 5.5 (documented breaking change) but calls the tool under tool_choice auto', async () => {
    const client = anthropicClient(sim());
    const err = await rejection(
      client.messages.create({
        model: 'claude-sonnet-5-5',
        max_tokens: 2000,
        tools: [REPORT_FINDINGS],
        tool_choice: FORCED,
        messages: [{ role: 'user', content: GUTTERED }],
      }),
    );
    assert.ok(err instanceof Anthropic.BadRequestError, String(err));
    const auto = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 2000,
      tools: [REPORT_FINDINGS],
      tool_choice: { type: 'auto' },
      messages: [{ role: 'user', content: GUTTERED }],
    });
    // Sonnet 5.5 thinks by default: the tool call follows a thinking block (pick blocks by type, as its migration guide says).
    assert.deepEqual(
      auto.content.map((b) => b.type),
      ['thinking', 'tool_use'],
    );
  });

  it('rejects thinking together with forced tool use (documented)', async () => {
    const err = await rejection(
      anthropicClient(sim()).messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 4000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [REPORT_FINDINGS],
        tool_choice: FORCED,
        messages: [{ role: 'user', content: GUTTERED }],
      }),
    );
    assert.ok(err instanceof Anthropic.BadRequestError);
    assert.match(err.message, /Thinking may not be enabled when tool_choice forces tool use/);
  });

  it('answers in text when tool_choice is none', async () => {
    const msg = await anthropicClient(sim()).messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 2000,
      tools: [REPORT_FINDINGS],
      tool_choice: { type: 'none' },
      messages: [{ role: 'user', content: GUTTERED }],
    });
    assert.equal(msg.content[0]?.type, 'text');
    assert.equal(msg.stop_reason, 'end_turn');
  });
});
