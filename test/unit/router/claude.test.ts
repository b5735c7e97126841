import { strict as assert } from 'node:assert';
import type Anthropic from '@anthropic-ai/sdk';
import { createClaudeClient, type ClaudeEvent, type ClaudeRequest } from '../../../src/core/providers/claude';
import { retryAfterMs } from '../../../src/core/providers/httpStatus';
import { ProviderError } from '../../../src/core/providers/errors';
import { estimateTokens } from '../../../src/core/tokens';
import { start, type Simulator } from '../../../src/simulator/server';

const KEY = 'claude-test-key';
const MODEL = 'claude-sonnet-5-5';
const CODE = 'export function lineTotal(qty: number, price: number): number {\n  return qty * price;\n}';
const user = (content: string): Anthropic.MessageParam[] => [{ role: 'user', content }];
/** Up-front thinking off (Sonnet 5.5's `between_tools`), as Tandem's explain default sends it: usage is the text alone. */
const explain = (system: ClaudeRequest['system'] = [{ type: 'text', text: 'You explain code.' }]): ClaudeRequest => ({
  model: MODEL,
  system,
  messages: user(`Explain:\n${CODE}`),
  maxTokens: 800,
  thinking: { type: 'between_tools' },
  effort: 'low',
});

async function collect(events: AsyncIterable<ClaudeEvent>): Promise<{ events: ClaudeEvent[]; error?: unknown }> {
  const out: ClaudeEvent[] = [];
  try {
    for await (const e of events) out.push(e);
    return { events: out };
  } catch (error) {
    return { events: out, error };
  }
}

const textOf = (events: ClaudeEvent[]): string => events.map((e) => (e.type === 'text' ? e.text : '')).join('');
const doneOf = (events: ClaudeEvent[]): Extract<ClaudeEvent, { type: 'done' }> | undefined =>
  events.find((e): e is Extract<ClaudeEvent, { type: 'done' }> => e.type === 'done');

describe('providers/claude against the simulator', () => {
  let sim: Simulator;
  const client = (apiKey = KEY): ReturnType<typeof createClaudeClient> =>
    createClaudeClient({ apiKey, baseUrl: sim.url, timeouts: { firstTokenMs: 5000 } });
  const signal = (): AbortSignal => new AbortController().signal;
  before(async () => (sim = await start({ port: 0, quiet: true, keys: [KEY] })));
  afterEach(() => sim.clearFaults());
  after(async () => sim.close());

  it('streams text and ends with done carrying exact usage', async () => {
    const { events, error } = await collect(client().stream(explain(), signal()));
    assert.equal(error, undefined);
    const text = textOf(events);
    assert.match(text, /lineTotal/);
    const done = doneOf(events)!;
    assert.equal(events.at(-1), done);
    assert.equal(done.stopReason, 'end_turn');
    assert.deepEqual(done.usage, {
      inputTokens: estimateTokens('You explain code.') + estimateTokens(`Explain:\n${CODE}`),
      outputTokens: estimateTokens(text),
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
  });

  it('announces thinking with one thinking event before the text, and reports thinking tokens inside output tokens', async () => {
    const req: ClaudeRequest = { ...explain(), thinking: { type: 'adaptive' }, effort: 'high' };
    const { events, error } = await collect(client().stream(req, signal()));
    assert.equal(error, undefined);
    assert.equal(events.filter((e) => e.type !== 'billed')[0]?.type, 'thinking');
    assert.equal(events.filter((e) => e.type === 'thinking').length, 1);
    const usage = doneOf(events)!.usage;
    assert.ok((usage.thinkingTokens ?? 0) > 0);
    assert.equal(usage.outputTokens, usage.thinkingTokens! + estimateTokens(textOf(events)));
  });

  it("sends effort and thinking as given: an invalid combination comes back as the vendor's 400 (bad_request)", async () => {
    const { error } = await collect(client().stream({ ...explain(), thinking: { type: 'between_tools' }, effort: 'max' }, signal()));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'bad_request');
    assert.match(error.message, /between_tools.*effort "max"/);
  });

  it('maps cache writes and reads: the same ≥ 2,048-token cached system block is read on the second call', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Rule ${i}: keep functions short and names clear.`).join('\n');
    const systemTokens = estimateTokens(long);
    assert.ok(systemTokens >= 2048);
    const req = explain([{ type: 'text', text: long, cache_control: { type: 'ephemeral' } }]);
    const first = doneOf((await collect(client().stream(req, signal()))).events)!.usage;
    const second = doneOf((await collect(client().stream(req, signal()))).events)!.usage;
    assert.equal(first.cacheWriteTokens, systemTokens);
    assert.equal(first.cacheReadTokens, 0);
    assert.equal(second.cacheReadTokens, systemTokens);
    assert.equal(second.cacheWriteTokens, 0);
    assert.equal(second.inputTokens, estimateTokens(`Explain:\n${CODE}`), 'inputTokens excludes cached tokens');
  });

  it('streams tool input JSON and then the parsed input', async () => {
    const tool: Anthropic.Tool = {
      name: 'report_findings',
      description: 'Report review findings.',
      input_schema: { type: 'object', properties: { summary: { type: 'string' } } },
    };
    const req: ClaudeRequest = { ...explain(), messages: user('Review:\n  1| eval(x);'), tools: [tool], toolChoice: { type: 'auto' } };
    const { events, error } = await collect(client().stream(req, signal()));
    assert.equal(error, undefined);
    const json = events.map((e) => (e.type === 'tool_input' ? e.json : '')).join('');
    const use = events.find((e): e is Extract<ClaudeEvent, { type: 'tool_use' }> => e.type === 'tool_use');
    assert.equal(use?.name, 'report_findings');
    assert.deepEqual(use.input, JSON.parse(json));
    assert.equal(doneOf(events)?.stopReason, 'tool_use');
  });

  it('429 with retry-after-ms → rate_limit with retryAfterMs and the endpoint host', async () => {
    sim.injectFault({ api: 'anthropic', kind: 'status', status: 429, retryAfterMs: 1500 });
    const { error } = await collect(client().stream(explain(), signal()));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'rate_limit');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 1500);
    assert.equal(error.endpoint, new URL(sim.url).host);
    assert.equal(error.transient, true);
  });

  it('401 → auth, naming the key to fix', async () => {
    const { error } = await collect(client('wrong-key').stream(explain(), signal()));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /^Anthropic key rejected by 127\.0\.0\.1:\d+ — run 'Tandem: Set Anthropic API Key'\.$/);
  });

  it('529 → overloaded, before the stream and as a mid-stream error event', async () => {
    sim.injectFault({ api: 'anthropic', kind: 'status', status: 529 });
    const before = await collect(client().stream(explain(), signal()));
    assert.equal((before.error as ProviderError).kind, 'overloaded');
    sim.injectFault({ api: 'anthropic', kind: 'status', status: 529, afterTokens: 2 });
    const mid = await collect(client().stream(explain(), signal()));
    assert.ok(textOf(mid.events).length > 0);
    assert.equal((mid.error as ProviderError).kind, 'overloaded');
  });

  it('a cut stream → network (transient)', async () => {
    sim.injectFault({ api: 'anthropic', kind: 'cut', afterTokens: 3 });
    const { error } = await collect(client().stream(explain(), signal()));
    assert.equal((error as ProviderError).kind, 'network');
  });

  it('abort → cancelled, before the answer and mid-stream', async () => {
    sim.injectFault({ api: 'anthropic', kind: 'stall' });
    const early = new AbortController();
    // Abort once the stalled request has reached the simulator (a fixed 20 ms raced the SDK's first request).
    const seen = sim.stats().requests.anthropic;
    const poll = setInterval(() => sim.stats().requests.anthropic > seen && (clearInterval(poll), early.abort()), 5);
    assert.equal(((await collect(client().stream(explain(), early.signal))).error as ProviderError).kind, 'cancelled');
    const late = new AbortController();
    const events: ClaudeEvent[] = [];
    let error: unknown;
    try {
      for await (const e of client().stream(explain(), late.signal)) {
        events.push(e);
        late.abort();
      }
    } catch (e) {
      error = e;
    }
    assert.equal(events.length, 1);
    assert.equal((error as ProviderError).kind, 'cancelled');
  });

  it('reads retry-after in seconds or as a date when retry-after-ms is absent', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' })), 2000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000), 6000);
    assert.equal(retryAfterMs(new Headers()), undefined);
  });
});
