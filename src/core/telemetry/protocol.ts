/**
 * Messages between the telemetry webview host and the page (media/telemetry.js), in one place.
 * The page receives data only by postMessage; it never fetches anything (CSP connect-src 'none').
 */
import type { Aggregates } from '../ledger/aggregateTypes';

export const TIME_RANGES = ['24h', '7d', '30d', '90d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Host → page. */
export interface AggregatesMessage {
  type: 'aggregates';
  data: Aggregates;
  /** Epoch ms when the host computed `data`. */
  generatedAt: number;
  /** The range `data` answers; the page drops answers for a range it no longer shows. */
  range?: TimeRange;
  /**
   * Reservations no record has settled yet, of every window: requests in flight, or of a window that
   * ended mid-request (counted at their reservation until they expire).
   */
  reserved?: { requests: number; usd: number };
}

export interface ExportedMessage {
  type: 'exported';
  format: ExportFormat;
  path: string;
}

export type HostToPageMessage = AggregatesMessage | ExportedMessage;

/** Page → host. */
export interface ReadyMessage {
  type: 'ready';
}

export interface SetRangeMessage {
  type: 'setRange';
  range: TimeRange;
}

export interface ExportMessage {
  type: 'export';
  format: ExportFormat;
}

export type PageToHostMessage = ReadyMessage | SetRangeMessage | ExportMessage;

/** Milliseconds each range covers, ending now. */
export const RANGE_MS: Readonly<Record<TimeRange, number>> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};

/** Hourly buckets for a day, daily buckets beyond. */
export function bucketFor(range: TimeRange): 'hour' | 'day' {
  return range === '24h' ? 'hour' : 'day';
}

export function isTimeRange(value: unknown): value is TimeRange {
  return typeof value === 'string' && (TIME_RANGES as readonly string[]).includes(value);
}

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** Validates what a page posted; anything else is dropped by the host. */
export function parsePageMessage(value: unknown): PageToHostMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const msg = value as Record<string, unknown>;
  switch (msg['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'setRange':
      return isTimeRange(msg['range']) ? { type: 'setRange', range: msg['range'] } : undefined;
    case 'export':
      return isExportFormat(msg['format']) ? { type: 'export', format: msg['format'] } : undefined;
    default:
      return undefined;
  }
}
