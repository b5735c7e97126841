/**
 * Team view: one VS Code window's own ledger records as an OTLP/HTTP JSON metrics request, the way the
 * OpenTelemetry SDKs export: the window is an instance (`service.instance.id`, random per window
 * start), every series is cumulative over the instance's own requests since it started (start time =
 * the window's start), and every series goes out at every export with the current time as sample
 * time. Prometheus can then add instances up (`sum`/`increase` over `instance`) across developers,
 * windows, restarts and midnight: no counter ever goes down within an instance and no sample is old.
 *
 * Names follow the OpenTelemetry GenAI semantic conventions (gen-ai-metrics.md); Tandem's own metrics
 * and attributes live under `tandem.*`. Attributes come from a fixed list of fields: never ids,
 * reasons, code, prompts or keys.
 */
import type { LedgerRecord } from '../ledger/record';
import type { PriceTable } from '../router/pricing';
import { keyValues, SeriesHistograms, SeriesSums, toUnixNano, type Attrs, type Times } from './otlpSeries';
import { CUMULATIVE, type ExportMetricsServiceRequest, type OtlpKeyValue, type OtlpMetric } from './otlpTypes';

export interface OtlpResource {
  serviceName: string;
  serviceVersion?: string;
  /** `service.instance.id`: random per window start, so windows and developers never merge. */
  instanceId: string;
  /** Optional label, e.g. a handle (`tandem.otlp.developerId`) → `tandem.developer.id`. */
  developerId?: string;
  /** Optional label (`tandem.otlp.team`) → `tandem.team`. */
  team?: string;
}

export const SCOPE_NAME = 'tandem';
/** Advised bucket boundaries of the GenAI conventions (seconds; tokens). */
export const DURATION_BOUNDS_S: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
export const TOKEN_BOUNDS: readonly number[] = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

export const METRIC = {
  duration: 'gen_ai.client.operation.duration',
  tokenUsage: 'gen_ai.client.token.usage',
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
  requests: 'tandem.requests',
  cost: 'tandem.cost',
  costSaved: 'tandem.cost.saved',
  cacheTokens: 'tandem.cache.tokens',
  shown: 'tandem.completions.shown',
  accepted: 'tandem.completions.accepted',
} as const;

/** `gen_ai.provider.name` well-known values; Tandem's own cache stays `local`. */
export function providerName(provider: string): string {
  return provider === 'mistral' ? 'mistral_ai' : provider;
}

/** The instance's own records (those it wrote since `startMs`) as one export at `nowMs`. */
export function buildOtlpMetrics(
  records: readonly LedgerRecord[],
  resource: OtlpResource,
  instance: { startMs: number; nowMs: number },
  prices?: PriceTable,
): ExportMetricsServiceRequest {
  const times = { start: toUnixNano(instance.startMs), now: toUnixNano(Math.max(instance.nowMs, instance.startMs)) };
  const metrics = [...genAiMetrics(records, times), ...tandemMetrics(records, times, prices)].filter((m) => pointCount(m) > 0);
  return {
    resourceMetrics: [
      {
        resource: { attributes: resourceAttributes(resource) },
        scopeMetrics: [{ scope: { name: SCOPE_NAME, ...(resource.serviceVersion ? { version: resource.serviceVersion } : {}) }, metrics }],
      },
    ],
  };
}

const callsVendor = (r: LedgerRecord): boolean => r.provider !== 'local' && r.outcome !== 'budget_refused';
const errorType = (r: LedgerRecord): Attrs => (r.outcome === 'error' ? { 'error.type': r.errorKind ?? '_OTHER' } : {});

function operationAttrs(r: LedgerRecord): Attrs {
  return {
    'gen_ai.operation.name': r.task === 'completion' ? 'text_completion' : 'chat',
    'gen_ai.provider.name': providerName(r.provider),
    'gen_ai.request.model': r.model,
    'tandem.task': r.task,
  };
}

function genAiMetrics(records: readonly LedgerRecord[], times: Times): OtlpMetric[] {
  const duration = new SeriesHistograms(DURATION_BOUNDS_S);
  const firstChunk = new SeriesHistograms(DURATION_BOUNDS_S);
  const tokens = new SeriesHistograms(TOKEN_BOUNDS);
  for (const r of records.filter(callsVendor)) {
    const attrs = operationAttrs(r);
    if (r.latencyMs !== undefined && r.outcome !== 'cancelled') duration.add({ ...attrs, ...errorType(r) }, r.latencyMs / 1000);
    if (r.ttftMs !== undefined && r.outcome === 'ok') firstChunk.add(attrs, r.ttftMs / 1000);
    const input = r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens;
    if (input + r.outputTokens > 0) {
      tokens.add({ ...attrs, 'gen_ai.token.type': 'input' }, input);
      tokens.add({ ...attrs, 'gen_ai.token.type': 'output' }, r.outputTokens);
    }
  }
  return [
    histogram(METRIC.duration, 'GenAI operation duration.', 's', duration, times),
    histogram(METRIC.tokenUsage, 'Input (cache reads and writes included) and output tokens per operation.', '{token}', tokens, times),
    histogram(METRIC.timeToFirstChunk, 'Time from request to the first chunk of a successful stream.', 's', firstChunk, times),
  ];
}

function tandemMetrics(records: readonly LedgerRecord[], times: Times, prices: PriceTable | undefined): OtlpMetric[] {
  const [requests, cost, saved, cache] = [new SeriesSums(), new SeriesSums(), new SeriesSums(), new SeriesSums()];
  for (const r of records) {
    const attrs = operationAttrs(r);
    const source: Attrs = r.completion ? { 'tandem.completion.source': r.completion.source } : {};
    requests.add({ ...attrs, ...errorType(r), 'tandem.outcome': r.outcome, 'tandem.decision': r.decision, ...source }, 1);
    cost.add(attrs, r.costUsd);
    if (r.cacheReadTokens > 0) cache.add({ ...attrs, 'tandem.cache.operation': 'read' }, r.cacheReadTokens);
    if (r.cacheWriteTokens > 0) cache.add({ ...attrs, 'tandem.cache.operation': 'write' }, r.cacheWriteTokens);
    const price = prices?.[r.model];
    if (price && r.cacheReadTokens > 0) saved.add(attrs, (r.cacheReadTokens * (price.input - price.cacheRead)) / 1_000_000);
  }
  return [
    sum(METRIC.requests, 'Requests by route, outcome, routing decision and completion source.', '{request}', requests.points(times, 'int')),
    sum(METRIC.cost, 'Spend in US dollars.', 'USD', cost.points(times, 'double')),
    sum(METRIC.costSaved, 'US dollars saved by prompt-cache reads against the plain input price.', 'USD', saved.points(times, 'double')),
    sum(METRIC.cacheTokens, 'Prompt-cache tokens read and written.', '{token}', cache.points(times, 'int')),
    ...completionMetrics(records, times),
  ];
}

function completionMetrics(records: readonly LedgerRecord[], times: Times): OtlpMetric[] {
  const shown = new SeriesSums();
  const accepted = new SeriesSums();
  for (const r of records) {
    const c = r.completion;
    if (!c?.shown) continue;
    const attrs = { 'gen_ai.request.model': r.model, 'tandem.language': r.language ?? 'unknown' };
    shown.add(attrs, 1);
    if (c.acceptance === 'accepted' || c.acceptance === 'partial') accepted.add({ ...attrs, 'tandem.acceptance': c.acceptance }, 1);
  }
  return [
    sum(METRIC.shown, 'Completions shown as ghost text.', '{completion}', shown.points(times, 'int')),
    sum(METRIC.accepted, 'Completions accepted in full or in part.', '{completion}', accepted.points(times, 'int')),
  ];
}

function sum(name: string, description: string, unit: string, dataPoints: NonNullable<OtlpMetric['sum']>['dataPoints']): OtlpMetric {
  return { name, description, unit, sum: { dataPoints, aggregationTemporality: CUMULATIVE, isMonotonic: true } };
}

function histogram(name: string, description: string, unit: string, series: SeriesHistograms, times: Times): OtlpMetric {
  return { name, description, unit, histogram: { dataPoints: series.points(times), aggregationTemporality: CUMULATIVE } };
}

function pointCount(m: OtlpMetric): number {
  return (m.sum?.dataPoints.length ?? 0) + (m.histogram?.dataPoints.length ?? 0);
}

function resourceAttributes(resource: OtlpResource): OtlpKeyValue[] {
  return keyValues({
    'service.name': resource.serviceName,
    'service.instance.id': resource.instanceId,
    ...(resource.serviceVersion ? { 'service.version': resource.serviceVersion } : {}),
    ...(resource.developerId ? { 'tandem.developer.id': resource.developerId } : {}),
    ...(resource.team ? { 'tandem.team': resource.team } : {}),
  });
}
