/**
 * One fault row: build the core stack, inject the fault, let the developer type (or explain) while
 * it holds, clear it, and let time pass until completions come back by themselves. Returns what
 * happened; faults.test.ts decides whether that is right.
 */
import type { CallResult } from '../../bench/typing';
import type { LedgerRecord } from '../../src/core/ledger/record';
import type { Notice } from '../../src/core/notices';
import type { Simulator } from '../../src/simulator/server';
import { buildCoreStack, spendCheck, type CoreStack } from '../harness/coreStack';
import { Developer } from '../harness/developer';
import { probeProcess } from '../harness/processProbe';
import type { FaultRow } from './rows';
import { CODE_FILE } from '../sim/helpers';

/** Typing bursts (or explain commands) while the fault holds: repeated failures, one notice. */
const ATTEMPTS_DURING_FAULT = 3;
/** Idle product time between recovery attempts, and how many attempts before giving up. */
const RECOVERY_STEP_MS = 5_000;
const RECOVERY_ATTEMPTS = 24;

export interface RowRun {
  row: FaultRow;
  /** Notices shown while the fault held, and after it cleared. */
  noticesDuring: Notice[];
  noticesAfter: Notice[];
  /** Router records written while the fault held. */
  records: LedgerRecord[];
  /** Statuses the simulator answered while the fault held, by code. */
  faultStatuses: Record<string, number>;
  /** Completion calls while the fault held (the typist's view). */
  calls: CallResult[];
  /** Explain commands while the fault held: ok? and wall ms each. */
  explains: Array<{ ok: boolean; ms: number }>;
  /** Product ms from clearing the fault to the first served answer; undefined = never. */
  recoveredAfterMs: number | undefined;
  standingAfterRecovery: boolean;
  maxLagMs: number;
  unhandled: unknown[];
  spend: Awaited<ReturnType<typeof spendCheck>>;
  /** Router completion records vs requests the engine sent, over the whole row. */
  completionRecords: number;
  dispatched: number;
  logTail: string;
}

export async function runRow(sim: Simulator, row: FaultRow, index: number, timeScale: number): Promise<RowRun> {
  const stack = await buildCoreStack({ mistralUrl: row.endpoint?.() ?? sim.url, anthropicUrl: sim.url, timeScale });
  const probe = probeProcess();
  try {
    const calls: CallResult[] = [];
    const developer = new Developer(stack, {
      fileIndex: index,
      label: `fault row ${index}`,
      seed: 1000 + index,
      onResult: (r) => calls.push(r),
    });
    const during = await whileFaultHolds(sim, stack, developer, row);
    const callsDuring = calls.slice();
    const recoveredAfterMs = await clearAndRecover(sim, stack, developer, row);
    await stack.idle();
    return {
      row,
      ...during,
      calls: callsDuring,
      noticesAfter: stack.shown.slice(during.noticesDuring.length),
      recoveredAfterMs,
      standingAfterRecovery: row.noticeKey !== undefined && stack.notices.isStanding(row.noticeKey),
      maxLagMs: probe.maxLagMs(),
      unhandled: [...probe.unhandled],
      spend: await spendCheck(stack),
      completionRecords: routerRecords(stack, 0).filter((r) => r.task === 'completion').length,
      dispatched: stack.engine.stats.network,
      logTail: stack.log.tail(),
    };
  } finally {
    probe.stop();
    sim.clearFaults();
    await stack.dispose();
  }
}

/** Injects the fault and types (or explains) while it holds; what the user and the ledger saw meanwhile. */
async function whileFaultHolds(
  sim: Simulator,
  stack: CoreStack,
  developer: Developer,
  row: FaultRow,
): Promise<Pick<RowRun, 'noticesDuring' | 'records' | 'faultStatuses' | 'explains'>> {
  const faultFrom = stack.clock.now();
  const statusesBefore = { ...sim.stats().byStatus };
  if (row.fault) sim.injectFault({ ...row.fault, api: row.task === 'explain' ? 'anthropic' : 'mistral' });
  const explains = row.task === 'explain' ? await explainRepeatedly(stack) : [];
  if (row.task === 'completion') for (let i = 0; i < ATTEMPTS_DURING_FAULT; i++) await developer.burst();
  await stack.idle(stack.clock.real(row.maxCallMs ?? 10_000) + 2_000);
  return {
    noticesDuring: [...stack.shown],
    records: routerRecords(stack, faultFrom),
    faultStatuses: countsSince(statusesBefore, sim.stats().byStatus),
    explains,
  };
}

/**
 * One clean completion and explanation before the rows, so loading and compiling the SDKs' modules
 * (done at activation in the extension host) is not counted as a fault's event-loop lag.
 */
export async function warmUp(sim: Simulator, timeScale: number): Promise<void> {
  const stack = await buildCoreStack({ mistralUrl: sim.url, anthropicUrl: sim.url, timeScale });
  try {
    const developer = new Developer(stack, { fileIndex: 0, label: 'warm-up', seed: 1 });
    await developer.burst();
    await stack.explain(EXPLAIN_TARGET);
    await stack.idle();
  } finally {
    await stack.dispose();
  }
}

async function explainRepeatedly(stack: CoreStack): Promise<Array<{ ok: boolean; ms: number }>> {
  const out: Array<{ ok: boolean; ms: number }> = [];
  for (let i = 0; i < ATTEMPTS_DURING_FAULT; i++) {
    const t0 = performance.now();
    const result = await stack.explain(EXPLAIN_TARGET);
    out.push({ ok: result.ok, ms: performance.now() - t0 });
  }
  return out;
}

/** Clears the fault (or points back at the simulator), then retries as a developer would until served. */
async function clearAndRecover(sim: Simulator, stack: CoreStack, developer: Developer, row: FaultRow): Promise<number | undefined> {
  sim.clearFaults();
  if (row.endpoint) stack.connections.point('mistral', sim.url);
  const clearedAt = stack.clock.now();
  for (let attempt = 0; attempt < RECOVERY_ATTEMPTS; attempt++) {
    const served = row.task === 'explain' ? (await stack.explain(EXPLAIN_TARGET)).ok : await servedGhostText(stack, developer);
    if (served) return stack.clock.now() - clearedAt;
    stack.clock.advance(RECOVERY_STEP_MS);
  }
  return undefined;
}

/**
 * Ghost text shown, and the newest request that went to Codestral succeeded (typed-through reuse may
 * serve the text itself: the product working as it should).
 */
async function servedGhostText(stack: CoreStack, developer: Developer): Promise<boolean> {
  const result = await developer.burst();
  await stack.idle();
  const latest = routerRecords(stack, 0)
    .filter((r) => r.task === 'completion')
    .at(-1);
  return (result?.suggestion?.text ?? '') !== '' && latest?.outcome === 'ok';
}

function countsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([status, n]) => [status, n - (before[status] ?? 0)]));
}

function routerRecords(stack: CoreStack, sinceMs: number): LedgerRecord[] {
  return stack.ledger.records().filter((r) => r.provider !== 'local' && r.ts >= sinceMs);
}

/** What Explain is asked about in the explain rows: the simulator tests' code file. */
const EXPLAIN_TARGET = { path: 'src/cart.ts', languageId: 'typescript', text: CODE_FILE };
