/** What each fault row must show, as a list of problems (empty = the row passes), and its table line. */
import type { LedgerRecord } from '../../src/core/ledger/record';
import type { RowRun } from './runRow';

/** Longer than this and the editor would feel a hitch. */
export const MAX_LAG_MS = 100;
/** A superseded completion call must let go of the editor this fast after VS Code cancels it. */
const CANCEL_RELEASE_MS = 100;
/** Slack over a row's product-time bound for the wall-clock work around it. */
const CALL_SLACK_MS = 250;
const DEFAULT_MAX_CALL_MS = 10_000;
const USD_EPSILON = 1e-9;

export function checkRow(run: RowRun, real: (productMs: number) => number): string[] {
  return [...editorChecks(run, real), ...noticeChecks(run), ...ledgerChecks(run), ...spendChecks(run), ...recoveryChecks(run)];
}

function editorChecks(run: RowRun, real: (productMs: number) => number): string[] {
  const problems: string[] = [];
  const bound = real(run.row.maxCallMs ?? DEFAULT_MAX_CALL_MS) + CALL_SLACK_MS;
  if (run.unhandled.length > 0) problems.push(`unhandled rejections: ${run.unhandled.map(String).join('; ')}`);
  if (run.maxLagMs >= MAX_LAG_MS) problems.push(`event loop blocked for ${run.maxLagMs.toFixed(0)} ms`);
  const lateRelease = run.calls.filter((c) => c.afterCancelMs !== undefined && c.afterCancelMs > CANCEL_RELEASE_MS);
  if (lateRelease.length > 0)
    problems.push(
      `${lateRelease.length} cancelled completion calls held on for up to ${Math.max(...lateRelease.map((c) => c.afterCancelMs!)).toFixed(0)} ms`,
    );
  const slow = [...run.calls.filter((c) => c.afterCancelMs === undefined).map((c) => c.ms), ...run.explains.map((e) => e.ms)].filter(
    (ms) => ms > bound,
  );
  if (slow.length > 0) problems.push(`${slow.length} calls took up to ${Math.max(...slow).toFixed(0)} ms (bound ${bound.toFixed(0)} ms)`);
  if (run.row.task === 'completion' && run.calls.length < 3)
    problems.push(`only ${run.calls.length} completion calls while the fault held`);
  return problems;
}

function noticeChecks(run: RowRun): string[] {
  const { row, noticesDuring: shown } = run;
  const problems: string[] = [];
  if (shown.length !== row.notices)
    problems.push(`expected ${row.notices} notices while the fault held, got ${shown.length}: ${shown.map((n) => n.message).join(' | ')}`);
  const notice = shown[0];
  if (row.notices === 1 && notice) {
    if (notice.key !== row.noticeKey) problems.push(`notice key ${notice.key}, expected ${row.noticeKey}`);
    if (!/Codestral|Claude|Anthropic/.test(notice.message)) problems.push(`notice does not name the vendor: ${notice.message}`);
    if (!notice.actions?.length) problems.push('notice offers no action');
    if (row.noticeSays && !row.noticeSays.test(notice.message)) problems.push(`notice does not say ${row.noticeSays}: ${notice.message}`);
  }
  if (run.noticesAfter.length > 0) problems.push(`notices after the fault cleared: ${run.noticesAfter.map((n) => n.message).join(' | ')}`);
  return problems;
}

function ledgerChecks(run: RowRun): string[] {
  const { row, records } = run;
  const problems: string[] = [];
  const failures = records.filter((r) => r.outcome === 'error').length;
  if (row.outcome === 'error' && failures < Math.min(2, row.maxFailures ?? 2))
    problems.push(`only ${failures} failed requests: the fault should have been hit repeatedly`);
  if (row.maxFailures !== undefined && failures > row.maxFailures)
    problems.push(`${failures} failed requests, at most ${row.maxFailures} expected`);
  if (!records.some((r) => r.outcome === row.outcome && (row.errorKind === undefined || r.errorKind === row.errorKind))) {
    problems.push(`no ledger record ${row.outcome}${row.errorKind ? `/${row.errorKind}` : ''}; got ${outcomeSummary(records)}`);
  }
  if (run.completionRecords !== run.dispatched)
    problems.push(`${run.dispatched} completion requests sent but ${run.completionRecords} recorded`);
  if (row.outcome === 'ok' && row.fault?.kind === 'status' && (run.faultStatuses[String(row.fault.status)] ?? 0) === 0) {
    problems.push(`the simulator never answered ${row.fault.status}: nothing was retried`);
  }
  return problems;
}

function spendChecks(run: RowRun): string[] {
  const { reservedUsd, settledUsd, recordsUsd, persistedUsd } = run.spend;
  const problems: string[] = [];
  if (reservedUsd !== 0) problems.push(`$${reservedUsd} still reserved when idle`);
  if (Math.abs(settledUsd - recordsUsd) > USD_EPSILON) problems.push(`settled spend $${settledUsd} ≠ ledger costs $${recordsUsd}`);
  if (Math.abs(persistedUsd - recordsUsd) > USD_EPSILON) problems.push(`spend on disk $${persistedUsd} ≠ in memory $${recordsUsd}`);
  return problems;
}

function recoveryChecks(run: RowRun): string[] {
  const problems: string[] = [];
  if (run.recoveredAfterMs === undefined) problems.push('never recovered after the fault cleared');
  else if (run.row.maxRecoveryMs !== undefined && run.recoveredAfterMs > run.row.maxRecoveryMs)
    problems.push(`recovered after ${run.recoveredAfterMs} ms (bound ${run.row.maxRecoveryMs} ms)`);
  if (run.standingAfterRecovery && run.row.clearedOnRecovery !== false)
    problems.push(`notice ${run.row.noticeKey} still standing after recovery: the next occurrence would be swallowed`);
  return problems;
}

/** "error/rate_limit ×3, cancelled ×2". */
export function outcomeSummary(records: readonly LedgerRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    const key = `${r.outcome}${r.errorKind ? `/${r.errorKind}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
}

export function tableRow(run: RowRun, problems: string[]): Record<string, string | number> {
  const { row } = run;
  return {
    fault: row.name,
    expected: `${row.notices} notice${row.notices === 1 ? ` (${row.noticeKey})` : 's'}; ${row.outcome}${row.errorKind ? `/${row.errorKind}` : ''} — ${row.why}`,
    'user notices': run.noticesDuring.length + run.noticesAfter.length,
    'ledger outcome': outcomeSummary(run.records),
    recovered: run.recoveredAfterMs === undefined ? 'no' : `yes, ${(run.recoveredAfterMs / 1000).toFixed(1)} s`,
    'max lag ms': Math.round(run.maxLagMs),
    result: problems.length === 0 ? 'pass' : `FAIL (${problems.length})`,
  };
}
