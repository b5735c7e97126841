/**
 * The subset of OTLP/HTTP JSON (opentelemetry-proto, JSON mapping) that Tandem sends:
 * 64-bit integers as decimal strings, enums as numbers, lowerCamelCase field names.
 */
export interface OtlpAnyValue {
  stringValue: string;
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpNumberDataPoint {
  attributes: OtlpKeyValue[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  asInt?: string;
  asDouble?: number;
}

export interface OtlpHistogramDataPoint {
  attributes: OtlpKeyValue[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  count: string;
  sum: number;
  bucketCounts: string[];
  explicitBounds: number[];
  min?: number;
  max?: number;
}

/** AGGREGATION_TEMPORALITY_CUMULATIVE. */
export const CUMULATIVE = 2;

export interface OtlpSum {
  dataPoints: OtlpNumberDataPoint[];
  aggregationTemporality: typeof CUMULATIVE;
  isMonotonic: boolean;
}

export interface OtlpHistogram {
  dataPoints: OtlpHistogramDataPoint[];
  aggregationTemporality: typeof CUMULATIVE;
}

export interface OtlpMetric {
  name: string;
  description: string;
  unit: string;
  sum?: OtlpSum;
  histogram?: OtlpHistogram;
}

export interface OtlpScopeMetrics {
  scope: { name: string; version?: string };
  metrics: OtlpMetric[];
}

export interface OtlpResourceMetrics {
  resource: { attributes: OtlpKeyValue[] };
  scopeMetrics: OtlpScopeMetrics[];
}

/** Body of POST /v1/metrics. */
export interface ExportMetricsServiceRequest {
  resourceMetrics: OtlpResourceMetrics[];
}
