/**
 * Exports of the local ledger: records as RFC 4180 CSV (one header row, CRLF, completion fields
 * flattened) and aggregates as JSON. Records hold no code, prompts or keys, so neither does the export.
 */
import type { Aggregates } from '../ledger/aggregateTypes';
import type { LedgerRecord } from '../ledger/record';

type Cell = string | number | boolean | undefined;

interface Column {
  header: string;
  /** Free text a spreadsheet could read as a formula; numbers and enums are never neutralised. */
  text?: boolean;
  value(r: LedgerRecord): Cell;
}

const COLUMNS: readonly Column[] = [
  { header: 'id', text: true, value: (r) => r.id },
  { header: 'ts', value: (r) => r.ts },
  { header: 'time', value: (r) => new Date(r.ts).toISOString() },
  { header: 'task', text: true, value: (r) => r.task },
  { header: 'provider', text: true, value: (r) => r.provider },
  { header: 'model', text: true, value: (r) => r.model },
  { header: 'decision', value: (r) => r.decision },
  { header: 'reason', text: true, value: (r) => r.reason },
  { header: 'inputTokens', value: (r) => r.inputTokens },
  { header: 'outputTokens', value: (r) => r.outputTokens },
  { header: 'cacheReadTokens', value: (r) => r.cacheReadTokens },
  { header: 'cacheWriteTokens', value: (r) => r.cacheWriteTokens },
  { header: 'costUsd', value: (r) => r.costUsd },
  { header: 'ttftMs', value: (r) => r.ttftMs },
  { header: 'latencyMs', value: (r) => r.latencyMs },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'errorKind', value: (r) => r.errorKind },
  { header: 'language', text: true, value: (r) => r.language },
  { header: 'completion.source', value: (r) => r.completion?.source },
  { header: 'completion.shown', value: (r) => r.completion?.shown },
  { header: 'completion.acceptance', value: (r) => r.completion?.acceptance },
  { header: 'completion.acceptedChars', value: (r) => r.completion?.acceptedChars },
  { header: 'completion.shownChars', value: (r) => r.completion?.shownChars },
];

export const CSV_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

export function recordsToCsv(records: readonly LedgerRecord[]): string {
  const lines = [CSV_HEADERS.map((h) => quoteCsv(h)).join(',')];
  for (const r of records) {
    lines.push(COLUMNS.map((c) => cellToCsv(c.value(r), c.text === true)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function aggregatesToJson(aggregates: Aggregates, generatedAtMs: number): string {
  return `${JSON.stringify({ generatedAt: new Date(generatedAtMs).toISOString(), ...aggregates }, null, 2)}\n`;
}

function cellToCsv(value: Cell, text: boolean): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return quoteCsv(text ? neutraliseFormula(value) : value);
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
export function quoteCsv(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** A leading = + - @ (or tab/CR) makes spreadsheets evaluate the cell; a leading apostrophe stops that. */
function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
