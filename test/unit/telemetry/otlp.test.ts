import { strict as assert } from 'node:assert';
import type { Log } from '../../../src/core/log';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { DEFAULT_PRICES } from '../../../src/core/router/pricing';
import { buildOtlpMetrics, METRIC } from '../../../src/core/telemetry/otlp';
import { metricsUrl, OtlpExporter } from '../../../src/core/telemetry/otlpExporter';
import { OtlpInstance } from '../../../src/core/telemetry/otlpInstance';
import { toUnixNano } from '../../../src/core/telemetry/otlpSeries';
import type { ExportMetricsServiceRequest, OtlpMetric } from '../../../src/core/telemetry/otlpTypes';
import { generateRecords } from '../../webview/fixtures';
import { startReceiver, type OtlpReceiver } from './otlpReceiver';

const NOW = Date.UTC(2026, 4, 12, 15, 30);
const START = NOW - 3_600_000;
const RESOURCE = { serviceName: 'tandem', serviceVersion: '0.1.0', instanceId: 'win-1', developerId: 'ada', team: 'editor' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: string): void =>
      void lines.push(`${level} ${message}`);
  return { lines, trace: () => undefined, debug: () => undefined, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

function metricsOf(req: ExportMetricsServiceRequest): Map<string, OtlpMetric> {
  return new Map(req.resourceMetrics[0]!.scopeMetrics[0]!.metrics.map((m) => [m.name, m]));
}

function sumOf(m: OtlpMetric | undefined): number {
  return (m?.sum?.dataPoints ?? []).reduce((s, p) => s + (p.asDouble ?? Number(p.asInt)), 0);
}

function histogramTotals(m: OtlpMetric | undefined): { count: number; sum: number } {
  const points = m?.histogram?.dataPoints ?? [];
  return { count: points.reduce((s, p) => s + Number(p.count), 0), sum: points.reduce((s, p) => s + p.sum, 0) };
}

function record(over: Partial<LedgerRecord>): LedgerRecord {
  return {
    id: 'x',
    ts: NOW - 1000,
    task: 'explain',
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    decision: 'primary',
    inputTokens: 100,
    outputTokens: 50,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.001,
    ttftMs: 400,
    latencyMs: 900,
    outcome: 'ok',
    ...over,
  };
}

const attr = (p: { attributes: { key: string; value: { stringValue: string } }[] }, key: string): string | undefined =>
  p.attributes.find((a) => a.key === key)?.value.stringValue;

describe('buildOtlpMetrics (GenAI semantic conventions, one instance)', () => {
  const records = generateRecords({ days: 1, nowMs: NOW, seed: 11 });
  const build = (rs: readonly LedgerRecord[] = records): ExportMetricsServiceRequest =>
    buildOtlpMetrics(rs, RESOURCE, { startMs: START, nowMs: NOW }, DEFAULT_PRICES);

  it('names the instance and the developer in the resource, and stamps every point with the instance start and now', () => {
    const req = build();
    const attrs = Object.fromEntries(req.resourceMetrics[0]!.resource.attributes.map((a) => [a.key, a.value.stringValue]));
    assert.deepEqual(attrs, {
      'service.name': 'tandem',
      'service.instance.id': 'win-1',
      'service.version': '0.1.0',
      'tandem.developer.id': 'ada',
      'tandem.team': 'editor',
    });
    for (const m of metricsOf(req).values()) {
      for (const p of m.sum?.dataPoints ?? m.histogram?.dataPoints ?? []) {
        assert.equal(p.startTimeUnixNano, toUnixNano(START), m.name);
        assert.equal(p.timeUnixNano, toUnixNano(NOW), m.name);
      }
      assert.equal((m.sum ?? m.histogram)!.aggregationTemporality, 2);
    }
  });

  it('uses the GenAI names, instruments and units', () => {
    const metrics = metricsOf(build());
    const shape = (name: string): string => {
      const m = metrics.get(name)!;
      return `${m.histogram ? 'histogram' : 'sum'} ${m.unit}`;
    };
    assert.equal(shape(METRIC.duration), 'histogram s');
    assert.equal(shape(METRIC.tokenUsage), 'histogram {token}');
    assert.equal(shape(METRIC.timeToFirstChunk), 'histogram s');
    assert.equal(shape(METRIC.cost), 'sum USD');
    assert.equal(shape(METRIC.requests), 'sum {request}');
    const point = metrics.get(METRIC.duration)!.histogram!.dataPoints[0]!;
    for (const key of ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model']) assert.ok(attr(point, key), key);
    const providers = new Set(metrics.get(METRIC.duration)!.histogram!.dataPoints.map((p) => attr(p, 'gen_ai.provider.name')));
    assert.deepEqual([...providers].sort(), ['anthropic', 'mistral_ai']);
    const types = new Set(metrics.get(METRIC.tokenUsage)!.histogram!.dataPoints.map((p) => attr(p, 'gen_ai.token.type')));
    assert.deepEqual([...types].sort(), ['input', 'output']);
  });

  it('adds up exactly to the records: requests, cost, tokens, durations in seconds', () => {
    const metrics = metricsOf(build());
    assert.equal(sumOf(metrics.get(METRIC.requests)), records.length);
    assert.ok(Math.abs(sumOf(metrics.get(METRIC.cost)) - records.reduce((s, r) => s + r.costUsd, 0)) < 1e-9);
    const vendor = records.filter((r) => r.provider !== 'local' && r.outcome !== 'budget_refused');
    const tokens = vendor.reduce((s, r) => s + r.inputTokens + r.outputTokens + r.cacheReadTokens + r.cacheWriteTokens, 0);
    assert.equal(histogramTotals(metrics.get(METRIC.tokenUsage)).sum, tokens);
    const timed = vendor.filter((r) => r.latencyMs !== undefined && r.outcome !== 'cancelled');
    const duration = histogramTotals(metrics.get(METRIC.duration));
    assert.equal(duration.count, timed.length);
    assert.ok(Math.abs(duration.sum - timed.reduce((s, r) => s + r.latencyMs! / 1000, 0)) < 1e-6);
    for (const p of metrics.get(METRIC.duration)!.histogram!.dataPoints) {
      assert.equal(
        p.bucketCounts.reduce((s, c) => s + Number(c), 0),
        Number(p.count),
      );
    }
  });

  it('marks failed operations with error.type and leaves it off successful ones', () => {
    const metrics = metricsOf(
      build([record({ id: 'a' }), record({ id: 'b', outcome: 'error', errorKind: 'rate_limit' as LedgerRecord['errorKind'] })]),
    );
    const errors = metrics.get(METRIC.duration)!.histogram!.dataPoints.map((p) => attr(p, 'error.type'));
    assert.deepEqual(errors.sort(), ['rate_limit', undefined]);
  });

  it('counts prompt-cache savings at the model price', () => {
    const metrics = metricsOf(build([record({ cacheReadTokens: 1_000_000, model: 'claude-haiku-4-5' })]));
    assert.ok(Math.abs(sumOf(metrics.get(METRIC.costSaved)) - (1 - 0.1)) < 1e-12);
  });

  it('never puts ids, reasons or free text in attributes', () => {
    const body = JSON.stringify(build([record({ id: 'ID-SECRET', reason: 'circuit open: sk-ant-REASON' })]));
    assert.doesNotMatch(body, /ID-SECRET|REASON/);
    const keys = new Set([...body.matchAll(/"key":"([^"]+)"/g)].map((m) => m[1]));
    for (const key of keys) assert.ok(/^(service\.|tandem\.|gen_ai\.|error\.type$)/.test(key!), key);
  });
});

describe('OtlpInstance', () => {
  it('keeps only its own records, takes their later versions, and never forgets one', () => {
    const instance = new OtlpInstance(START, 'w');
    instance.add(record({ id: 'mine', completion: { source: 'network', shown: true } }));
    const later = record({ id: 'mine', completion: { source: 'network', shown: true, acceptance: 'accepted' } });
    const own = instance.records([later, record({ id: 'other-window' })]);
    assert.deepEqual(
      own.map((r) => [r.id, r.completion?.acceptance]),
      [['mine', 'accepted']],
    );
    assert.deepEqual(
      instance.records([]).map((r) => r.id),
      ['mine'],
      'gone from the ledger (retention), still counted',
    );
  });
});

describe('OtlpExporter against a loopback receiver', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => (receiver = await startReceiver()));
  afterEach(async () => receiver.close());

  const exporterFor = (log: Log, over: Partial<ConstructorParameters<typeof OtlpExporter>[0]> = {}): OtlpExporter =>
    new OtlpExporter({
      endpoint: receiver.endpoint,
      intervalMs: 60_000,
      build: (nowMs) => buildOtlpMetrics([record({})], RESOURCE, { startMs: START, nowMs }),
      log,
      random: () => 0.5,
      ...over,
    });

  it('sends every series at every export, cumulative, with a fresh sample time', async () => {
    let now = NOW;
    const exporter = exporterFor(recordingLog(), { now: () => now, headers: { 'x-team-token': 't' } });
    await exporter.flushNow();
    now += 60_000;
    await exporter.flushNow();
    assert.equal(receiver.bodies.length, 2);
    assert.equal(receiver.headers[0]!['x-team-token'], 't');
    const [a, b] = receiver.bodies.map((body) => metricsOf(body).get(METRIC.cost)!.sum!.dataPoints);
    assert.equal(b!.length, a!.length, 'unchanged series are sent again');
    assert.equal(b![0]!.asDouble, a![0]!.asDouble);
    assert.equal(BigInt(b![0]!.timeUnixNano) - BigInt(a![0]!.timeUnixNano), 60_000_000_000n);
    exporter.dispose();
  });

  it('drops an export on a permanent 4xx, logs it once, and does not retry before the interval', async () => {
    const log = recordingLog();
    receiver.status = 400;
    const exporter = exporterFor(log, { intervalMs: 300, retryBaseMs: 5 });
    exporter.start();
    await sleep(1100);
    exporter.dispose();
    assert.ok(receiver.arrivals.length >= 2 && receiver.arrivals.length <= 4, `${receiver.arrivals.length} exports`);
    for (let i = 1; i < receiver.arrivals.length; i++) assert.ok(receiver.arrivals[i]! - receiver.arrivals[i - 1]! >= 250);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, /^warn OTLP export to .*\/v1\/metrics: HTTP 400.*dropped/);
  });

  it('retries 503 on backoff, then logs that export works again', async () => {
    const log = recordingLog();
    receiver.script = [{ status: 503 }, { status: 503 }];
    const exporter = exporterFor(log, { intervalMs: 10_000, retryBaseMs: 20 });
    await exporter.flushNow();
    const deadline = Date.now() + 3000;
    while (log.lines.length < 2 && Date.now() < deadline) await sleep(10);
    exporter.dispose();
    assert.equal(receiver.arrivals.length, 3);
    assert.equal(receiver.bodies.length, 1);
    assert.deepEqual(
      log.lines.map((l) => l.split(' ')[0]),
      ['warn', 'info'],
    );
    assert.match(log.lines[1]!, /works again/);
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    receiver.script = [{ status: 429, headers: { 'retry-after': '1' } }];
    const exporter = exporterFor(recordingLog(), { intervalMs: 10_000, retryBaseMs: 10 });
    await exporter.flushNow();
    const deadline = Date.now() + 3000;
    while (receiver.arrivals.length < 2 && Date.now() < deadline) await sleep(10);
    exporter.dispose();
    assert.equal(receiver.arrivals.length, 2);
    assert.ok(receiver.arrivals[1]! - receiver.arrivals[0]! >= 950, `${receiver.arrivals[1]! - receiver.arrivals[0]!} ms`);
  });

  it('gives up on a hung receiver at its deadline and keeps one export in flight', async () => {
    const log = recordingLog();
    receiver.script = ['hang', 'hang', 'hang'];
    let [open, maxOpen] = [0, 0];
    const countingFetch: typeof fetch = async (...args) => {
      maxOpen = Math.max(maxOpen, (open += 1));
      try {
        const res = await fetch(...args);
        await res.clone().text();
        return res;
      } finally {
        open -= 1;
      }
    };
    const exporter = exporterFor(log, { intervalMs: 20, timeoutMs: 150, retryBaseMs: 5, fetchImpl: countingFetch });
    exporter.start();
    const started = Date.now();
    while (receiver.bodies.length === 0 && Date.now() - started < 5000) await sleep(10);
    exporter.dispose();
    assert.equal(receiver.bodies.length, 1, 'delivered once the receiver answers');
    assert.equal(maxOpen, 1, 'never two exports at once');
    assert.match(log.lines[0]!, /no answer within 0.15 s/);
  });

  it('logs partial success', async () => {
    const log = recordingLog();
    receiver.script = [
      { status: 200, body: JSON.stringify({ partialSuccess: { rejectedDataPoints: '2', errorMessage: 'out of bounds' } }) },
    ];
    const exporter = exporterFor(log);
    await exporter.flushNow();
    exporter.dispose();
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, /partial success: 2 data points rejected \(out of bounds\)/);
  });

  it('never throws when the receiver is gone, and nothing runs after dispose', async () => {
    await receiver.close();
    const log = recordingLog();
    const exporter = exporterFor(log, { timeoutMs: 2000 });
    await exporter.flushNow();
    await exporter.flushNow();
    assert.equal(log.lines.length, 1);
    exporter.dispose();
    await exporter.flushNow();
    assert.equal(log.lines.length, 1);
    receiver = await startReceiver();
  });

  it('builds the metrics URL from a base endpoint', () => {
    assert.equal(metricsUrl('http://127.0.0.1:4318'), 'http://127.0.0.1:4318/v1/metrics');
    assert.equal(metricsUrl('https://otel.example/v1/metrics/'), 'https://otel.example/v1/metrics');
  });
});
