/**
 * Posts the instance's cumulative metrics to `<endpoint>/v1/metrics` every interval, one export in
 * flight at a time (the next is scheduled only when the last one has ended). Every export is built
 * afresh at send time, so a retry never re-sends old samples (Prometheus rejects them "out of
 * bounds" after a sleep over midnight) and a failed export loses nothing: the next cumulative value
 * carries it. A retryable failure (429/502/503/504, network, no answer by the deadline) brings the
 * next export forward on exponential backoff with jitter, never sooner than `Retry-After` says; a
 * permanent 4xx drops that export. Each problem is logged once until export works again; partial
 * success is logged. Never throws into its caller, and nothing here is awaited by the editor.
 */
import type { Log } from '../log';
import { postMetrics, type Delivery } from './otlpDelivery';
import type { ExportMetricsServiceRequest } from './otlpTypes';

export interface OtlpExporterOptions {
  /** Collector base URL, e.g. http://127.0.0.1:4318 (a URL already ending in /v1/metrics is kept). */
  endpoint: string;
  headers?: Record<string, string>;
  intervalMs: number;
  /** The export to send, built at send time. */
  build: (nowMs: number) => ExportMetricsServiceRequest;
  log: Log;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** First retry delay; doubles up to the interval. Default 1 s. */
  retryBaseMs?: number;
  /** Longest `Retry-After` honoured; default 10 min. */
  maxRetryAfterMs?: number;
}

export function metricsUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/metrics') ? base : `${base}/v1/metrics`;
}

export class OtlpExporter {
  private readonly url: string;
  private readonly stop = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;
  private problem: string | undefined;
  private disposed = false;

  constructor(private readonly opts: OtlpExporterOptions) {
    this.url = metricsUrl(opts.endpoint);
  }

  /** Schedules the first export one interval from now. */
  start(): void {
    this.schedule(this.opts.intervalMs);
  }

  /** Exports now, or joins the export already in flight; resolves when it ends, never rejects. */
  flushNow(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.running ??= this.exportOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stop.abort();
  }

  private schedule(delayMs: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flushNow(), delayMs);
    this.timer.unref?.();
  }

  private async exportOnce(): Promise<void> {
    let delivery: Delivery;
    try {
      const now = (this.opts.now ?? Date.now)();
      const body = this.opts.build(now);
      if (body.resourceMetrics.every((rm) => rm.scopeMetrics.every((sm) => sm.metrics.length === 0))) {
        this.schedule(this.opts.intervalMs);
        return;
      }
      delivery = await postMetrics(body, {
        url: this.url,
        headers: this.opts.headers,
        fetchImpl: this.opts.fetchImpl ?? fetch,
        timeoutMs: this.opts.timeoutMs ?? 10_000,
        signal: this.stop.signal,
        now: this.opts.now ?? Date.now,
      });
    } catch (err) {
      delivery = { kind: 'permanent', reason: `could not build the export: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (this.disposed) return;
    this.schedule(this.settle(delivery));
  }

  /** Logs what needs logging and returns the delay before the next export. */
  private settle(delivery: Delivery): number {
    const interval = this.opts.intervalMs;
    if (delivery.kind === 'accepted') {
      this.failures = 0;
      if (delivery.rejectedDataPoints > 0 || delivery.errorMessage !== '') {
        this.report(
          `partial success: ${delivery.rejectedDataPoints} data points rejected${delivery.errorMessage ? ` (${delivery.errorMessage})` : ''}`,
        );
      } else if (this.problem !== undefined) {
        this.problem = undefined;
        this.opts.log.info(`OTLP export to ${this.url} works again.`);
      }
      return interval;
    }
    if (delivery.kind === 'permanent') {
      this.failures = 0;
      this.report(`${delivery.reason}; this export is dropped (not retried), the next one follows in ${interval / 1000} s`);
      return interval;
    }
    this.failures += 1;
    const backoff =
      Math.min(interval, (this.opts.retryBaseMs ?? 1000) * 2 ** (this.failures - 1)) * (0.8 + 0.4 * (this.opts.random ?? Math.random)());
    const honoured = Math.min(delivery.retryAfterMs ?? 0, this.opts.maxRetryAfterMs ?? 600_000);
    const delay = Math.max(backoff, honoured);
    this.report(
      `${delivery.reason}; retrying with backoff${delivery.retryAfterMs !== undefined ? ' as Retry-After asks' : ''}`,
      delivery.reason,
    );
    return delay;
  }

  /** Warns once per distinct problem until export works again. */
  private report(message: string, key = message): void {
    if (this.problem === key) return;
    this.problem = key;
    this.opts.log.warn(`OTLP export to ${this.url}: ${message}.`);
  }
}
