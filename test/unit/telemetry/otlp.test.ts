import { strict as assert } from 'node:assert';
import type { Log } from '../../../src/core/log';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { buildOtlpMetrics, dailyWindow, toUnixNano } from '../../../src/core/telemetry/otlp';
import { metricsUrl, OtlpExporter } from '../../../src/core/telemetry/otlpExporter';
import type { ExportMetricsServiceRequest, OtlpMetric } from '../../../src/core/telemetry/otlpTypes';
import { generateRecords } from '../../webview/fixtures';
import { startReceiver, type OtlpReceiver } from './otlpReceiver';

const NOW = Date.UTC(2026, 4, 12, 15, 30);
const RESOURCE = { serviceName: 'tandem', serviceVersion: '0.1.0', developerId: 'ada', team: 'editor' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string): void => void lines.push(`${level} ${message}`);
  return { lines, trace: () => undefined, debug: () => undefined, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

function metricsOf(req: ExportMetricsServiceRequest): Map<string, OtlpMetric> {
  return new Map(req.resourceMetrics[0]!.scopeMetrics[0]!.metrics.map((m) => [m.name, m]));
}

function sumOf(m: OtlpMetric | undefined): number {
  return (m?.sum?.dataPoints ?? []).reduce((s, p) => s + (p.asDouble ?? Number(p.asInt)), 0);
}

function record(over: Partial<LedgerRecord>): LedgerRecord {
  return {
    id: 'x', ts: NOW - 1000, task: 'explain', provider: 'anthropic', model: 'claude-haiku-4-5', decision: 'primary',
    inputTokens: 100, outputTokens: 50, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.001, ttftMs: 400, outcome: 'ok', ...over,
  };
}

describe('buildOtlpMetrics', () => {
  const records = generateRecords({ days: 1, nowMs: NOW, seed: 11 });
  const today = records.filter((r) => r.ts >= dailyWindow(NOW).startMs);

  it('builds resourceMetrics → scopeMetrics → metrics with cumulative points as strings', () => {
    const req = buildOtlpMetrics(records, RESOURCE, NOW);
    const rm = req.resourceMetrics[0]!;
    const attrs = Object.fromEntries(rm.resource.attributes.map((a) => [a.key, a.value.stringValue]));
    assert.deepEqual(attrs, { 'service.name': 'tandem', 'service.version': '0.1.0', 'tandem.developer.id': 'ada', 'tandem.team': 'editor' });
    const metrics = metricsOf(req);
    assert.deepEqual([...metrics.keys()].sort(), [
      'tandem.completions.accepted', 'tandem.completions.shown', 'tandem.cost.usd', 'tandem.requests', 'tandem.tokens', 'tandem.ttft.ms',
    ]);
    for (const m of metrics.values()) {
      const points = m.sum?.dataPoints ?? m.histogram?.dataPoints ?? [];
      assert.ok(points.length > 0, m.name);
      for (const p of points) {
        assert.match(p.timeUnixNano, /^\d{19}$/);
        assert.equal(p.startTimeUnixNano, toUnixNano(dailyWindow(NOW).startMs));
      }
      assert.equal((m.sum ?? m.histogram)!.aggregationTemporality, 2);
    }
    assert.ok(metrics.get('tandem.requests')!.sum!.dataPoints.every((p) => /^\d+$/.test(p.asInt ?? '')));
    assert.ok(metrics.get('tandem.cost.usd')!.sum!.dataPoints.every((p) => typeof p.asDouble === 'number'));
  });

  it('sums cost, requests and tokens exactly as the records of the window', () => {
    const metrics = metricsOf(buildOtlpMetrics(records, RESOURCE, NOW));
    const cost = today.reduce((s, r) => s + r.costUsd, 0);
    assert.ok(Math.abs(sumOf(metrics.get('tandem.cost.usd')) - cost) < 1e-9);
    assert.equal(sumOf(metrics.get('tandem.requests')), today.length);
    const tokens = today.reduce((s, r) => s + r.inputTokens + r.outputTokens + r.cacheReadTokens + r.cacheWriteTokens, 0);
    assert.equal(sumOf(metrics.get('tandem.tokens')), tokens);
    const types = new Set(metrics.get('tandem.tokens')!.sum!.dataPoints.map((p) => p.attributes.find((a) => a.key === 'token.type')?.value.stringValue));
    assert.deepEqual([...types].sort(), ['cache_read', 'cache_write', 'input', 'output']);
    const ttft = metrics.get('tandem.ttft.ms')!.histogram!.dataPoints;
    assert.equal(ttft.reduce((s, p) => s + Number(p.count), 0), today.filter((r) => r.outcome === 'ok' && r.ttftMs !== undefined).length);
    for (const p of ttft) assert.equal(p.bucketCounts.reduce((s, c) => s + Number(c), 0), Number(p.count));
  });

  it('never puts ids, reasons or free text in attributes', () => {
    const secretish = record({ id: 'ID-SECRET', reason: 'circuit open: sk-ant-REASON' });
    const body = JSON.stringify(buildOtlpMetrics([secretish], RESOURCE, NOW));
    assert.doesNotMatch(body, /ID-SECRET|REASON/);
    const keys = new Set([...body.matchAll(/"key":"([^"]+)"/g)].map((m) => m[1]));
    for (const key of keys) assert.ok(/^(service\.|tandem\.|provider|model|task|outcome|decision|token\.type|language|acceptance)/.test(key!), key);
  });
});

describe('OtlpExporter against a loopback receiver', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => { receiver = await startReceiver(); });
  afterEach(async () => { await receiver.close(); });

  it('posts to /v1/metrics with headers, then only what changed, then nothing', async () => {
    const records = [record({ id: 'a' }), record({ id: 'b', model: 'claude-sonnet-4-5', costUsd: 0.01 })];
    const log = recordingLog();
    const exporter = new OtlpExporter({ endpoint: `${receiver.endpoint}/`, headers: { 'x-team-token': 't' }, intervalMs: 60_000, resource: RESOURCE, log, now: () => NOW });
    exporter.start(() => records);
    await exporter.flushNow();
    assert.equal(receiver.bodies.length, 1);
    assert.equal(receiver.headers[0]!['x-team-token'], 't');
    assert.ok(Math.abs(sumOf(metricsOf(receiver.bodies[0]!).get('tandem.cost.usd')) - 0.011) < 1e-12);
    records.push(record({ id: 'c', costUsd: 0.002 }));
    await exporter.flushNow();
    const second = metricsOf(receiver.bodies[1]!);
    const costPoints = second.get('tandem.cost.usd')!.sum!.dataPoints;
    assert.equal(costPoints.length, 1, 'only the haiku series changed');
    assert.ok(Math.abs(costPoints[0]!.asDouble! - 0.003) < 1e-12, 'cumulative, not delta');
    await exporter.flushNow();
    assert.equal(receiver.bodies.length, 2, 'nothing changed, nothing sent');
    exporter.dispose();
    assert.deepEqual(log.lines, []);
  });

  it('logs one line while the receiver is down, never throws, and resends once it is back', async () => {
    const log = recordingLog();
    const exporter = new OtlpExporter({ endpoint: receiver.endpoint, intervalMs: 60_000, resource: RESOURCE, log, now: () => NOW });
    exporter.start(() => [record({})]);
    receiver.status = 503;
    await exporter.flushNow();
    await exporter.flushNow();
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, /^warn OTLP export to .*\/v1\/metrics failed \(HTTP 503\)/);
    receiver.status = 200;
    await exporter.flushNow();
    assert.equal(receiver.bodies.length, 1, 'the unsent change is retried');
    assert.match(log.lines[1]!, /works again/);
    exporter.dispose();
  });

  it('survives a receiver that is gone (connection refused)', async () => {
    await receiver.close();
    const log = recordingLog();
    const exporter = new OtlpExporter({ endpoint: receiver.endpoint, intervalMs: 60_000, resource: RESOURCE, log, now: () => NOW, timeoutMs: 2000 });
    exporter.start(() => [record({})]);
    await exporter.flushNow();
    await exporter.flushNow();
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, /failed/);
    exporter.dispose();
    receiver = await startReceiver();
  });

  it('exports on its interval and stops when disposed', async () => {
    let now = NOW;
    const records = [record({})];
    const exporter = new OtlpExporter({ endpoint: receiver.endpoint, intervalMs: 25, resource: RESOURCE, log: recordingLog(), now: () => now });
    exporter.start(() => records);
    const deadline = Date.now() + 2000;
    while (receiver.bodies.length === 0 && Date.now() < deadline) await sleep(10);
    assert.equal(receiver.bodies.length, 1);
    exporter.dispose();
    records.push(record({ id: 'later' }));
    now += 1000;
    await sleep(150);
    assert.equal(receiver.bodies.length, 1, 'no export after dispose');
    await exporter.flushNow();
    assert.equal(receiver.bodies.length, 1, 'flushNow after dispose is a no-op');
  });

  it('closes the previous UTC day with its final values at the first export of a new day', async () => {
    let now = NOW;
    const records = [record({ id: 'y', ts: NOW - 1000 })];
    const exporter = new OtlpExporter({ endpoint: receiver.endpoint, intervalMs: 60_000, resource: RESOURCE, log: recordingLog(), now: () => now });
    exporter.start(() => records);
    await exporter.flushNow();
    records.push(record({ id: 'late', ts: NOW + 1000, costUsd: 0.004 }));
    now = dailyWindow(NOW).endMs + 5000;
    await exporter.flushNow();
    assert.equal(receiver.bodies.length, 2, 'yesterday closed; today has no records yet');
    const cost = metricsOf(receiver.bodies[1]!).get('tandem.cost.usd')!.sum!.dataPoints[0]!;
    assert.ok(Math.abs(cost.asDouble! - 0.005) < 1e-12);
    assert.equal(cost.timeUnixNano, toUnixNano(dailyWindow(NOW).endMs));
    exporter.dispose();
  });

  it('builds the metrics URL from a base endpoint', () => {
    assert.equal(metricsUrl('http://127.0.0.1:4318'), 'http://127.0.0.1:4318/v1/metrics');
    assert.equal(metricsUrl('https://otel.example/v1/metrics/'), 'https://otel.example/v1/metrics');
  });
});
