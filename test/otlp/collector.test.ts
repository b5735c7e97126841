/**
 * The team view against a REAL OpenTelemetry Collector: two developers with two VS Code windows each
 * (real Ledgers, two per shared directory) replay a working day through a fault proxy (400, 429 with
 * Retry-After, 503, a hung answer, a receiver restart), then one laptop sleeps over midnight. What the
 * Collector decoded must add up to the ledgers' totals exactly: per instance the last cumulative value
 * of every series, summed over instances, equals the sum over the developers' ledgers.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../src/core/ledger/ledger';
import type { LedgerRecord } from '../../src/core/ledger/record';
import type { Log } from '../../src/core/log';
import { METRIC } from '../../src/core/telemetry/otlp';
import { OtlpExporter } from '../../src/core/telemetry/otlpExporter';
import { instanceExport, OtlpInstance } from '../../src/core/telemetry/otlpInstance';
import { generateRecords } from '../webview/fixtures';
import { Collector, collectorBinary, freePort, Sink } from './collector';
import { FaultProxy } from './faultProxy';
import { decodedTotals, ledgerTotals, sampleTimesPerInstance, type Totals } from './totals';

const DAY_START = Date.UTC(2026, 10, 30, 0, 0);
const HOUR = 3_600_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, done: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: string): void =>
      void lines.push(`${level} ${message}`);
  return { lines, trace: () => undefined, debug: () => undefined, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

interface Window {
  name: string;
  instanceId: string;
  developer: string;
  ledger: Ledger;
  exporter: OtlpExporter;
  log: Log & { lines: string[] };
  pending: LedgerRecord[];
  dispose(): void;
}

describe('OTLP team view against a real OpenTelemetry Collector', function () {
  this.timeout(180_000);
  const clock = { now: DAY_START + 8 * HOUR };
  const dirs = new Map<string, string>();
  const windows: Window[] = [];
  const sink = new Sink();
  let collector: Collector;
  let proxy: FaultProxy;

  before(async function () {
    this.timeout(3_600_000); // a first run builds the Collector from Debian's sources
    const binary = collectorBinary();
    await sink.start();
    collector = new Collector(binary, await freePort(), sink.port);
    await collector.start();
    proxy = new FaultProxy(() => collector.endpoint);
    await proxy.start();
    for (const developer of ['ada', 'grace']) {
      const dir = mkdtempSync(join(tmpdir(), `tandem-ledger-${developer}-`));
      dirs.set(developer, dir);
      for (const n of [1, 2]) windows.push(await openWindow(developer, `${developer}-w${n}`, dir, windows.length));
    }
  });

  after(async () => {
    for (const w of windows) w.dispose();
    await Promise.all(windows.map((w) => w.ledger.close()));
    await proxy?.close();
    await collector?.stop();
    await sink.close();
    for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
  });

  async function openWindow(developer: string, name: string, dir: string, seed: number): Promise<Window> {
    const ledger = await Ledger.open({ dir, now: () => clock.now, watch: false, flushDelayMs: 5 });
    const instance = new OtlpInstance(clock.now);
    const follow = instanceExport(instance, ledger, () => ({
      serviceName: 'tandem',
      serviceVersion: '0.1.0',
      developerId: developer,
      team: 'editor',
    }));
    const log = recordingLog();
    const exporter = new OtlpExporter({
      endpoint: proxy.endpoint,
      intervalMs: 3_600_000,
      build: follow.build,
      log,
      now: () => clock.now,
      timeoutMs: 2000,
      retryBaseMs: 30,
    });
    exporter.start();
    const day = generateRecords({ days: 1, nowMs: DAY_START + 31 * HOUR, seed: 100 + seed, intensity: 6 });
    const pending = day.map((r) => ({ ...r, id: `${name}-${r.id}` })).filter((r) => r.ts >= clock.now);
    return {
      name,
      instanceId: instance.id,
      developer,
      ledger,
      exporter,
      log,
      pending,
      dispose: () => (exporter.dispose(), follow.dispose()),
    };
  }

  /** Moves the clock to `toMs`, each window writing its requests up to then; then one export each. */
  async function workUntil(toMs: number, exportAfter = true): Promise<void> {
    for (const w of windows) {
      while (w.pending.length > 0 && w.pending[0]!.ts < toMs) {
        const r = w.pending.shift()!;
        clock.now = Math.max(clock.now, r.ts);
        w.ledger.record(r);
      }
    }
    clock.now = toMs;
    await Promise.all(windows.map((w) => w.ledger.flush()));
    await Promise.all(windows.map((w) => w.ledger.refresh())); // each window now also holds its sibling's records
    if (exportAfter) await Promise.all(windows.map((w) => w.exporter.flushNow()));
  }

  const passed = (): number => proxy.seen.filter((s) => s === 'pass 200').length;

  async function everyWindowDelivers(): Promise<void> {
    await waitUntil('the scripted faults', () => proxy.script.length === 0);
    const from = proxy.seen.length;
    await Promise.all(windows.map((w) => w.exporter.flushNow()));
    // On a loaded machine an answer can miss the deadline: the exporter then retries on its own.
    const delivered = (w: Window): boolean =>
      proxy.seen.some((s, i) => i >= from && s === 'pass 200' && proxy.instances[i] === w.instanceId);
    await waitUntil(`every window delivering (seen: ${proxy.seen.slice(from).join(', ')})`, () => windows.every(delivered), 30_000);
  }

  async function expectDecodedEqualsLedgers(): Promise<{ decoded: Totals; ledgers: Totals }> {
    await waitUntil('the sink', () => sink.requests.length === passed());
    const records: LedgerRecord[] = [];
    for (const dir of dirs.values()) {
      const fresh = await Ledger.open({ dir, now: () => clock.now, watch: false });
      records.push(...fresh.records());
      await fresh.close();
    }
    const ledgers = ledgerTotals(records);
    const decoded = decodedTotals(sink.requests);
    assert.equal(decoded.instances, windows.length, 'one instance per window');
    assert.deepEqual({ ...decoded, costUsd: 0, instances: 0 }, { ...ledgers, costUsd: 0, instances: 0 });
    assert.ok(Math.abs(decoded.costUsd - ledgers.costUsd) < 1e-9, `cost ${decoded.costUsd} vs ${ledgers.costUsd}`);
    return { decoded, ledgers };
  }

  it("morning: four windows of two developers add up exactly, none counting another window's requests", async () => {
    await workUntil(DAY_START + 10 * HOUR);
    await everyWindowDelivers();
    const { ledgers } = await expectDecodedEqualsLedgers();
    assert.ok(ledgers.requests > 15, `${ledgers.requests} requests replayed`);
    const siblings = windows.filter((w) => w.ledger.records().some((r) => !r.id.startsWith(`${w.name}-`)));
    assert.equal(siblings.length, windows.length, "every window reads its sibling's records from the shared directory");
    assert.equal(sink.requests.length, passed(), "every accepted export reached the Collector's output once");
  });

  it('a 400 drops that export, logged once; the next export carries its requests', async () => {
    proxy.script.push({ status: 400 });
    await workUntil(DAY_START + 11 * HOUR);
    const dropped = windows.filter((w) => w.log.lines.some((l) => /HTTP 400.*dropped/.test(l)));
    assert.equal(dropped.length, 1);
    await everyWindowDelivers();
    await expectDecodedEqualsLedgers();
  });

  it('429 with Retry-After: 1 is retried no sooner than a second later', async () => {
    proxy.script.push({ status: 429, headers: { 'retry-after': '1' } });
    const from = proxy.seen.length;
    await workUntil(DAY_START + 12 * HOUR);
    const at = proxy.seen.indexOf('429', from);
    const instance = proxy.instances[at]!;
    await waitUntil('the retry after 429', () => proxy.instances.lastIndexOf(instance) > at);
    const retryGap = proxy.arrivals[proxy.instances.indexOf(instance, at + 1)]! - proxy.arrivals[at]!;
    assert.ok(retryGap >= 950, `the retry came ${retryGap} ms after the 429`);
    await everyWindowDelivers();
    await expectDecodedEqualsLedgers();
  });

  it('503 twice and a hung receiver are retried on backoff within the deadline', async () => {
    proxy.script.push({ status: 503 }, { status: 503 }, 'hang');
    const started = Date.now();
    await workUntil(DAY_START + 14 * HOUR);
    await everyWindowDelivers();
    assert.ok(Date.now() - started < 15_000, 'a hung receiver stalls nothing beyond its 2 s deadline');
    assert.ok(windows.some((w) => w.log.lines.some((l) => /no answer within 2 s/.test(l))));
    await expectDecodedEqualsLedgers();
  });

  it('a receiver restart loses nothing: exports fail while it is down and the totals resume', async () => {
    await collector.stop();
    await workUntil(DAY_START + 16 * HOUR);
    assert.ok(proxy.seen.slice(-windows.length).every((s) => s === 'pass down'));
    await collector.start();
    await workUntil(DAY_START + 18 * HOUR);
    await everyWindowDelivers();
    await expectDecodedEqualsLedgers();
  });

  it("a laptop asleep over midnight exports today's totals at once on waking, with current sample times only", async () => {
    await workUntil(DAY_START + 23 * HOUR + 50 * 60_000);
    await workUntil(DAY_START + 23 * HOUR + 58 * 60_000, false); // requests written, then the lid closes
    const wake = DAY_START + 31 * HOUR;
    clock.now = wake;
    const firstAfterWake = sink.requests.length;
    await workUntil(wake + 10 * 60_000);
    await everyWindowDelivers();
    await expectDecodedEqualsLedgers();
    for (const times of sampleTimesPerInstance(sink.requests.slice(firstAfterWake)).values()) {
      for (const t of times) assert.ok(t >= wake, 'no sample from before the sleep is sent after it');
    }
    for (const [instance, times] of sampleTimesPerInstance(sink.requests)) {
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        `${instance}: sample times never go back`,
      );
    }
    for (const w of windows) {
      const repeated = w.log.lines.filter((line, i) => line === w.log.lines[i - 1]);
      assert.deepEqual(repeated, [], `${w.name} logs each problem once: ${w.log.lines.join(' / ')}`);
    }
    assert.ok(
      windows.every((w) => w.pending.length === 0),
      'the whole day was replayed',
    );
    assert.ok(sink.requests.some((r) => r.resourceMetrics[0]!.scopeMetrics[0]!.metrics.some((m) => m.name === METRIC.timeToFirstChunk)));
  });
});
