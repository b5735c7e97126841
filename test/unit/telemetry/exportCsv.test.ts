import { strict as assert } from 'node:assert';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { aggregatesToJson, CSV_HEADERS, recordsToCsv } from '../../../src/core/telemetry/exportCsv';
import { emptyAggregates } from '../../webview/fixtures';

const BASE: LedgerRecord = {
  id: 'r1',
  ts: Date.UTC(2026, 0, 2, 3, 4, 5),
  task: 'completion',
  provider: 'mistral',
  model: 'codestral-2508',
  decision: 'primary',
  inputTokens: 1200,
  outputTokens: 40,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd: 0.000396,
  ttftMs: 180,
  latencyMs: 420,
  outcome: 'ok',
  language: 'typescript',
  completion: { source: 'network', shown: true, acceptance: 'partial', acceptedChars: 12, shownChars: 30 },
};

/** A minimal RFC 4180 reader, to check the writer by round trip. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('recordsToCsv', () => {
  it('writes one header row and flattened completion fields, CRLF-terminated', () => {
    const csv = recordsToCsv([BASE]);
    assert.ok(csv.endsWith('\r\n'));
    const [header, row] = parseCsv(csv);
    assert.deepEqual(header, [...CSV_HEADERS]);
    const cell = (name: string): string => row![header!.indexOf(name)]!;
    assert.equal(cell('time'), '2026-01-02T03:04:05.000Z');
    assert.equal(cell('costUsd'), '0.000396');
    assert.equal(cell('completion.acceptance'), 'partial');
    assert.equal(cell('completion.shown'), 'true');
    assert.equal(cell('errorKind'), '');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and round-trips them', () => {
    const reason = 'budget near: daily, "soft"\nline two';
    const [, row] = parseCsv(recordsToCsv([{ ...BASE, reason }]));
    assert.equal(row![CSV_HEADERS.indexOf('reason')], reason);
    assert.match(recordsToCsv([{ ...BASE, reason }]), /"budget near: daily, ""soft""\nline two"/);
  });

  it('neutralises spreadsheet formulas in free text only', () => {
    const [, row] = parseCsv(recordsToCsv([{ ...BASE, reason: '=HYPERLINK("x")', model: '@evil' }]));
    assert.equal(row![CSV_HEADERS.indexOf('reason')], `'=HYPERLINK("x")`);
    assert.equal(row![CSV_HEADERS.indexOf('model')], `'@evil`);
  });

  it('writes only the header for no records', () => {
    assert.equal(recordsToCsv([]), `${CSV_HEADERS.join(',')}\r\n`);
  });
});

describe('aggregatesToJson', () => {
  it('is the aggregates plus an ISO generatedAt, parseable back', () => {
    const aggregates = emptyAggregates(Date.UTC(2026, 0, 9));
    const parsed = JSON.parse(aggregatesToJson(aggregates, Date.UTC(2026, 0, 9, 12))) as Record<string, unknown>;
    assert.equal(parsed['generatedAt'], '2026-01-09T12:00:00.000Z');
    assert.deepEqual(parsed['totals'], aggregates.totals);
  });
});
