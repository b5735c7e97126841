/**
 * Posts buildOtlpMetrics() to `<endpoint>/v1/metrics` every interval. Sends only the series whose
 * cumulative value changed since the last successful export (nothing at all when none did); a
 * failed export is logged once per failure streak and retried, changes included, next interval.
 * Never throws into its caller; after dispose() no timer or request is left.
 */
import { clearInterval, setInterval } from 'node:timers';
import type { Log } from '../log';
import type { LedgerRecord } from '../ledger/record';
import { buildOtlpMetrics, dailyWindow, toUnixNano, type OtlpResource } from './otlp';
import type { ExportMetricsServiceRequest, OtlpMetric } from './otlpTypes';

export interface OtlpExporterOptions {
  /** Collector base URL, e.g. http://127.0.0.1:4318 (a URL already ending in /v1/metrics is kept). */
  endpoint: string;
  headers?: Record<string, string>;
  intervalMs: number;
  resource: OtlpResource;
  log: Log;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

type Source = () => readonly LedgerRecord[];

export function metricsUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/metrics') ? base : `${base}/v1/metrics`;
}

export class OtlpExporter {
  private readonly url: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private source: Source | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly inFlight = new AbortController();
  /** Series key → value fingerprint, as last accepted by the collector. */
  private sent = new Map<string, string>();
  private lastWindowStart: number | undefined;
  private failing = false;
  private disposed = false;

  constructor(private readonly opts: OtlpExporterOptions) {
    this.url = metricsUrl(opts.endpoint);
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.now = opts.now ?? Date.now;
  }

  start(source: Source): void {
    if (this.disposed) return;
    this.source = source;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.flushNow(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** Exports now (after any export already running); resolves when done, never rejects. */
  flushNow(): Promise<void> {
    this.queue = this.queue.then(() => this.exportOnce());
    return this.queue;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.inFlight.abort();
  }

  private async exportOnce(): Promise<void> {
    if (this.disposed || !this.source) return;
    try {
      const nowMs = this.now();
      const records = this.source();
      await this.closePreviousWindow(records, nowMs);
      await this.sendChanged(buildOtlpMetrics(records, this.opts.resource, nowMs));
    } catch (err) {
      this.logFailure(err);
    }
  }

  /** On the first export of a new day, the final values of the day before. */
  private async closePreviousWindow(records: readonly LedgerRecord[], nowMs: number): Promise<void> {
    const current = dailyWindow(nowMs);
    const previous = this.lastWindowStart;
    if (previous !== undefined && previous !== current.startMs) {
      const window = { startMs: previous, endMs: current.startMs };
      await this.sendChanged(buildOtlpMetrics(records, this.opts.resource, current.startMs, window));
      const currentStart = `|${toUnixNano(current.startMs)}|`;
      this.sent = new Map([...this.sent].filter(([key]) => key.includes(currentStart)));
    }
    this.lastWindowStart = current.startMs;
  }

  private async sendChanged(request: ExportMetricsServiceRequest): Promise<void> {
    const { changed, fingerprints } = onlyChanged(request, this.sent);
    if (fingerprints.size === 0) return;
    await this.post(changed);
    for (const [key, value] of fingerprints) this.sent.set(key, value);
    if (this.failing) this.opts.log.info(`OTLP export to ${this.url} works again.`);
    this.failing = false;
  }

  private async post(body: ExportMetricsServiceRequest): Promise<void> {
    const signal = AbortSignal.any([this.inFlight.signal, AbortSignal.timeout(this.opts.timeoutMs ?? 10_000)]);
    const res = await this.fetchImpl(this.url, {
      method: 'POST',
      headers: { ...this.opts.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  }

  private logFailure(err: unknown): void {
    if (this.failing || this.disposed) return;
    this.failing = true;
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    this.opts.log.warn(`OTLP export to ${this.url} failed (${reason}); retrying every ${this.opts.intervalMs / 1000} s.`);
  }
}

/** The request cut down to data points whose value differs from `sent`, with their new fingerprints. */
function onlyChanged(
  request: ExportMetricsServiceRequest,
  sent: ReadonlyMap<string, string>,
): { changed: ExportMetricsServiceRequest; fingerprints: Map<string, string> } {
  const fingerprints = new Map<string, string>();
  const keep = <P extends { attributes: unknown; startTimeUnixNano: string }>(m: OtlpMetric, points: P[], value: (p: P) => string): P[] =>
    points.filter((p) => {
      const key = `${m.name}|${p.startTimeUnixNano}|${JSON.stringify(p.attributes)}`;
      if (sent.get(key) === value(p)) return false;
      fingerprints.set(key, value(p));
      return true;
    });
  const resourceMetrics = request.resourceMetrics.map((rm) => ({
    ...rm,
    scopeMetrics: rm.scopeMetrics.map((sm) => ({
      ...sm,
      metrics: sm.metrics.map((m) => filterMetric(m, keep)).filter((m) => m !== undefined),
    })),
  }));
  return { changed: { resourceMetrics }, fingerprints };
}

type Keep = <P extends { attributes: unknown; startTimeUnixNano: string }>(m: OtlpMetric, points: P[], value: (p: P) => string) => P[];

function filterMetric(m: OtlpMetric, keep: Keep): OtlpMetric | undefined {
  if (m.sum) {
    const dataPoints = keep(m, m.sum.dataPoints, (p) => p.asInt ?? String(p.asDouble));
    return dataPoints.length > 0 ? { ...m, sum: { ...m.sum, dataPoints } } : undefined;
  }
  if (m.histogram) {
    const dataPoints = keep(m, m.histogram.dataPoints, (p) => `${p.count}/${p.sum}`);
    return dataPoints.length > 0 ? { ...m, histogram: { ...m.histogram, dataPoints } } : undefined;
  }
  return undefined;
}
