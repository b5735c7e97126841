/**
 * What the ledger's aggregation produces and what the status bar, the telemetry webview and the
 * OTLP exporter consume. Money in US$, times in ms, rates in 0..1 (NaN-free: 0 when nothing to rate).
 */
export interface AggregateQuery {
  fromMs: number;
  toMs: number;
  /** Bucket size for the time series. */
  bucket: 'hour' | 'day';
  /** Daily budget in US$ to draw as a line, if any. */
  dailyBudgetUsd?: number;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
}

export interface LatencyPoint {
  /** Epoch ms of the bucket start (local time). */
  bucketStart: number;
  model: string;
  ttft: Percentiles;
  total: Percentiles;
}

export interface SpendDay {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  byModel: Record<string, number>;
  totalUsd: number;
}

export interface Aggregates {
  query: AggregateQuery;
  totals: {
    requests: number;
    costUsd: number;
    errors: number;
    errorRate: number;
    cancelled: number;
    budgetRefused: number;
    /** Answers the model declined (`stop_reason: "refusal"`). */
    refused: number;
    fallbacks: number;
    downgrades: number;
  };
  /** Per model over the whole range. */
  latencyByModel: Record<string, { ttft: Percentiles; total: Percentiles }>;
  latencyOverTime: LatencyPoint[];
  spendByDay: SpendDay[];
  spendByModel: Record<string, number>;
  spendByTask: Record<string, number>;
  cache: {
    /** Completion requests served without the network (LRU cache, typed-through, in-flight reuse) / all completion requests. */
    completionHitRate: number;
    /** Claude prompt cache: cache-read input tokens / all input tokens (uncached + read + write) of anthropic requests. */
    promptCacheReadFraction: number;
    promptCacheReadTokens: number;
    promptCacheWriteTokens: number;
    /** Codestral prompt cache: cached prompt tokens / all prompt tokens of mistral requests. */
    codestralPromptCacheReadFraction: number;
    codestralPromptCacheReadTokens: number;
  };
  acceptance: {
    shown: number;
    accepted: number;
    partial: number;
    rejected: number;
    /** (accepted + partial) / shown. */
    rate: number;
    byLanguage: Record<string, { shown: number; accepted: number; rate: number }>;
  };
  errorsByKind: Record<string, number>;
}
