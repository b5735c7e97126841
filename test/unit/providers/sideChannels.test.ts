import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { propagation, trace, type Context, type Span, type TextMapPropagator, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { createClaudeClient } from '../../../src/core/providers/claude';
import { start, type Simulator } from '../../../src/simulator/server';
import { startWireRecorder, type WireRecorder } from '../../harness/wireRecorder';

const CHILD = join(__dirname, 'mistralDebugChild.ts');
const KEY = 'sk-side-channel-KEY-9f8e7d6c5b4a';
const PROMPT = 'const dbPassword = "prompt-marker-7c1d";\nfunction connect() {\n';

function runChild(which: 'tandem' | 'bare', env: Record<string, string>): Promise<{ out: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CHILD, which, KEY, PROMPT],
      { env: { ...process.env, ...env }, timeout: 200_000 },
      (err, stdout, stderr) => {
        resolve({ out: `${stdout}${stderr}`, code: err ? ((err as { code?: number }).code ?? 1) : 0 });
      },
    );
  });
}

describe('SDK side channels', function () {
  this.timeout(420_000);

  for (const value of ['false']) {
    it(`MISTRAL_DEBUG=${value}: the Codestral client logs neither the key nor the prompt`, async () => {
      const [ours, bare] = await Promise.all([runChild('tandem', { MISTRAL_DEBUG: value }), runChild('bare', { MISTRAL_DEBUG: value })]);
      assert.equal(bare.code, 0, bare.out.slice(-2000));
      // The control: the bare SDK does print the Authorization header, so this probe can see a leak.
      assert.ok(bare.out.includes(KEY), 'control: the bare SDK logs the key under MISTRAL_DEBUG');
      assert.equal(ours.code, 0, ours.out);
      assert.ok(!ours.out.includes(KEY), `key on the console:\n${ours.out}`);
      assert.ok(!ours.out.includes('prompt-marker-7c1d'), `prompt on the console:\n${ours.out}`);
    });
  }

  describe('OpenTelemetry', () => {
    let sim: Simulator;
    let wire: WireRecorder;
    const spans: string[] = [];
    before(async () => {
      sim = await start({ quiet: true });
      wire = await startWireRecorder(sim.url);
      trace.setGlobalTracerProvider(recordingProvider(spans));
      propagation.setGlobalPropagator(alwaysTraceparent());
    });
    after(async () => {
      trace.disable();
      propagation.disable();
      await wire.close();
      await sim.close();
    });
    beforeEach(() => {
      spans.length = 0;
      wire.requests.length = 0;
    });

    it('control: the bare Anthropic SDK reports spans to a global tracer and sends traceparent', async () => {
      const sdk = new Anthropic({ apiKey: KEY, baseURL: wire.url, maxRetries: 0 });
      await sdk.messages.create({ model: 'claude-haiku-5-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
      assert.ok(spans.length > 0, 'spans recorded');
      assert.ok(
        wire.requests.some((r) => r.headers['traceparent'] !== undefined),
        'traceparent sent',
      );
    });

    it('the Claude client starts no span and sends no trace header', async () => {
      const client = createClaudeClient({ apiKey: KEY, baseUrl: wire.url });
      const req = {
        model: 'claude-haiku-5-5',
        system: [{ type: 'text' as const, text: 'sys' }],
        messages: [{ role: 'user' as const, content: 'hi' }],
        maxTokens: 16,
      };
      for await (const event of client.stream(req, new AbortController().signal)) void event;
      assert.equal(wire.requests.length, 1);
      assert.deepEqual(spans, []);
      const traceHeaders = Object.keys(wire.requests[0]!.headers).filter((h) => /^(traceparent|tracestate|baggage)$/.test(h));
      assert.deepEqual(traceHeaders, []);
    });
  });
});

/** A tracer provider that records span names and hands out inert spans with a valid context. */
function recordingProvider(names: string[]): TracerProvider {
  const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
  const makeSpan = (): Span => {
    const span: Span = new Proxy({} as Span, {
      get: (_t, prop) =>
        prop === 'spanContext' ? () => spanContext : prop === 'isRecording' ? () => true : prop === 'then' ? undefined : () => span,
    });
    return span;
  };
  const tracer: Tracer = {
    startSpan: (name) => (names.push(name), makeSpan()),
    startActiveSpan: ((name: string, ...rest: unknown[]) => {
      names.push(name);
      const fn = rest[rest.length - 1] as (span: Span) => unknown;
      return fn(makeSpan());
    }) as Tracer['startActiveSpan'],
  };
  return { getTracer: () => tracer };
}

/** Writes a W3C traceparent whenever asked to inject, as a real propagator does for an active span. */
function alwaysTraceparent(): TextMapPropagator {
  return {
    inject: (_ctx: Context, carrier: unknown, setter) =>
      setter.set(carrier, 'traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
    extract: (ctx: Context) => ctx,
    fields: () => ['traceparent'],
  };
}
