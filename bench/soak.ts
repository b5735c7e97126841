/**
 * `npm run bench -- soak [--json] [--quick] [--trace-leaks]`: the developer types for several simulated minutes into
 * the core as the extension composes it (test/harness/coreStack.ts, 20 open editors) while faults are
 * switched on and off at the vendor simulator (its own process, so its memory is not ours): a 429
 * burst, 529s, cut streams, stalled connections, malformed SSE, clean stretches between; an explain
 * every 20 s, given up after 30 s as a developer would. Reports heap growth after warm-up (forced GC),
 * requests issued, notices that reached the user, and the timers, sockets, watchers and process
 * listeners still alive once the stack is disposed (deactivation) and the simulator closed.
 * Time is scaled down (TIME_SCALE) for typing, debounce, latency and every product clock alike.
 * `--quick`: phases a third as long (shorter than a breaker's cool-down: no recovery shown).
 * `--trace-leaks`: prints where each timer/socket still alive after disposal was created.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TargetFile } from '../src/core/assist/types';
import type { LedgerRecord } from '../src/core/ledger/record';
import type { FaultSpec } from '../src/simulator/server';
import { buildCoreStack, spendCheck, type CoreStack, type ExplainOutcome } from '../test/harness/coreStack';
import { Developer } from '../test/harness/developer';
import { activeResources, grownSince, HandleTracker, processListeners, probeProcess } from '../test/harness/processProbe';
import { startSimProcess, type SimProcess } from './simProcess';
import type { BenchResult } from './table';
import { buildOpenEditors, fixtureFiles, FIXTURES } from './typing';

const TIME_SCALE = 4;
const MB = 1024 * 1024;
/** Characters typed between checks of the phase clock. */
const CHUNK_CHARS = 16;
const EXPLAIN_EVERY_MS = 20_000;
const EXPLAIN_GIVE_UP_MS = 30_000;
/** How long closing sockets and firing timers may take to go after disposal, wall ms. */
const SETTLE_WALL_MS = 2_000;

interface Phase {
  name: string;
  /** Product time. */
  ms: number;
  fault?: FaultSpec;
}

const PHASES: readonly Phase[] = [
  { name: 'warm-up (clean)', ms: 40_000 },
  { name: '429 burst', ms: 45_000, fault: { api: 'any', kind: 'status', status: 429, count: 40, retryAfterSec: 1 } },
  { name: '529 overloaded', ms: 45_000, fault: { api: 'any', kind: 'status', status: 529, count: Infinity } },
  { name: 'clean', ms: 30_000 },
  { name: 'cut streams', ms: 40_000, fault: { api: 'any', kind: 'cut', afterTokens: 2, count: Infinity } },
  { name: 'stalled connections', ms: 45_000, fault: { api: 'any', kind: 'stall', count: Infinity } },
  { name: 'malformed SSE', ms: 30_000, fault: { api: 'any', kind: 'malformed', afterTokens: 1, count: Infinity } },
  { name: 'clean (recovery)', ms: 45_000 },
];

interface PhaseWindow {
  phase: Phase;
  from: number;
  to: number;
  keystrokes: number;
  notices: number;
  /** Longest event-loop delay while typing through the phase, ms. */
  maxLagMs: number;
  unhandled: number;
  /** Completions served without a request (typed-through, cache, in flight). */
  servedLocally: number;
  /** Heap used after GC at the end of the phase, MB. */
  heapMB: number;
}

interface Heap {
  warmMB: number;
  endMB: number;
  disposedMB: number;
}

export async function run(argv: string[]): Promise<BenchResult> {
  const phases = argv.includes('--quick') ? PHASES.map((p) => ({ ...p, ms: p.ms / 3 })) : PHASES;
  const gc = exposeGc();
  const baseline = { resources: activeResources(), listeners: processListeners() };
  const tracker = new HandleTracker(argv.includes('--trace-leaks'));
  tracker.start();
  const sim = await startSimProcess([
    '--quiet',
    '--corpus',
    FIXTURES,
    '--ttft-ms',
    String(150 / TIME_SCALE),
    '--tokens-per-sec',
    String(250 * TIME_SCALE),
    '--jitter-ms',
    String(40 / TIME_SCALE),
  ]);
  const stack = await buildCoreStack({
    mistralUrl: sim.url,
    anthropicUrl: sim.url,
    timeScale: TIME_SCALE,
    openEditors: buildOpenEditors(fixtureFiles()),
  });
  const soak = await soakThrough(stack, sim, phases, gc);
  const spend = await spendCheck(stack);
  const records = stack.ledger.records().filter((r) => r.provider !== 'local');
  const surfaced = stack.notices.shown;
  await stack.dispose();
  await sim.close();
  const leaks = await leftovers(baseline, tracker);
  tracker.stop();
  if (argv.includes('--trace-leaks')) for (const where of tracker.aliveStacks()) console.error(`still alive: ${where}\n`);
  const heap: Heap = { ...soak.heap, disposedMB: heapMB(gc) };
  return report({ windows: soak.windows, records, surfaced, heap, leaks, spend, explains: soak.explains });
}

/** Types through every phase; the heap is measured after the warm-up and at the end (after GC). */
async function soakThrough(
  stack: CoreStack,
  sim: SimProcess,
  phases: readonly Phase[],
  gc: () => void,
): Promise<{ windows: PhaseWindow[]; heap: Omit<Heap, 'disposedMB'>; explains: ExplainOutcome[] }> {
  const developer = new Developer(stack, { fileIndex: 0, label: 'soak', seed: 7 });
  const target = explainTarget();
  const explains: Array<Promise<ExplainOutcome>> = [];
  const windows: PhaseWindow[] = [];
  for (const phase of phases) {
    const typed = await runPhase(stack, sim, developer, phase, () => explains.push(explainGivingUp(stack, target)));
    windows.push({ ...typed, heapMB: heapMB(gc) });
  }
  developer.stop();
  await sim.clearFaults();
  const explained = await Promise.all(explains);
  await stack.idle(30_000);
  return { windows, heap: { warmMB: windows[0]!.heapMB, endMB: heapMB(gc) }, explains: explained };
}

/** One phase: its fault on, typing and an explain every EXPLAIN_EVERY_MS until the phase's time is up. */
async function runPhase(
  stack: CoreStack,
  sim: SimProcess,
  developer: Developer,
  phase: Phase,
  explain: () => void,
): Promise<Omit<PhaseWindow, 'heapMB'>> {
  await sim.clearFaults();
  if (phase.fault) await sim.injectFault(phase.fault);
  const probe = probeProcess();
  const from = stack.clock.now();
  const [typedBefore, noticesBefore, localBefore] = [developer.typedChars, stack.notices.shown, servedLocally(stack)];
  let nextExplain = from;
  while (stack.clock.now() < from + phase.ms) {
    if (stack.clock.now() >= nextExplain) {
      explain();
      nextExplain += EXPLAIN_EVERY_MS;
    }
    await developer.type(CHUNK_CHARS);
  }
  probe.stop();
  return {
    phase,
    from,
    to: stack.clock.now(),
    keystrokes: developer.typedChars - typedBefore,
    notices: stack.notices.shown - noticesBefore,
    maxLagMs: probe.maxLagMs(),
    unhandled: probe.unhandled.length,
    servedLocally: servedLocally(stack) - localBefore,
  };
}

function servedLocally(stack: CoreStack): number {
  const s = stack.engine.stats;
  return s.typedThrough + s.cache + s.inflight;
}

/** Explain, cancelled by the developer if no answer came within EXPLAIN_GIVE_UP_MS. */
function explainGivingUp(stack: CoreStack, target: TargetFile): Promise<ExplainOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), stack.clock.real(EXPLAIN_GIVE_UP_MS));
  return stack.explain(target, controller.signal).finally(() => clearTimeout(timer));
}

function explainTarget(): TargetFile {
  return { path: 'src/cart.ts', languageId: 'typescript', text: readFileSync(join(FIXTURES, 'cart.ts'), 'utf8') };
}

interface Leaks {
  handles: ReturnType<typeof grownSince>;
  unrefd: ReturnType<typeof grownSince>;
  listeners: ReturnType<typeof grownSince>;
}

/**
 * What the disposed stack left behind: resources keeping the process alive (against the baseline
 * taken before the simulator and stack were built), unref'd timers/watchers created since, and
 * process listeners. Closing sockets and firing timers get SETTLE_WALL_MS to go.
 */
async function leftovers(
  baseline: { resources: Map<string, number>; listeners: Map<string, number> },
  tracker: HandleTracker,
): Promise<Leaks> {
  const deadline = performance.now() + SETTLE_WALL_MS;
  const measure = (): Leaks => ({
    handles: grownSince(baseline.resources, activeResources()),
    unrefd: grownSince(new Map(), tracker.alive()),
    listeners: grownSince(baseline.listeners, processListeners()),
  });
  let leaks = measure();
  while (leaks.handles.count + leaks.unrefd.count > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setImmediate(r)); // destroy hooks of timers that just fired are emitted after them
    leaks = measure();
  }
  return leaks;
}

/** `global.gc` without a command-line flag (bench/index.ts runs under tsx). */
function exposeGc(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

function heapMB(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / MB;
}

interface SoakOutcome {
  windows: PhaseWindow[];
  records: LedgerRecord[];
  surfaced: number;
  heap: Heap;
  leaks: Leaks;
  spend: Awaited<ReturnType<typeof spendCheck>>;
  explains: ExplainOutcome[];
}

function report(o: SoakOutcome): BenchResult {
  const productMs = o.windows.reduce((sum, w) => sum + (w.to - w.from), 0);
  const failed = o.records.filter((r) => r.outcome === 'error').length;
  const figures = {
    heapGrowthMB: o.heap.endMB - o.heap.warmMB,
    requests: o.records.length,
    errorsSurfaced: o.surfaced,
    leakedHandles: o.leaks.handles.count + o.leaks.unrefd.count,
    leakedListeners: o.leaks.listeners.count,
  };
  return {
    title: `Soak: ${(productMs / 60_000).toFixed(1)} simulated minutes of typing with faults switched on and off (core stack, simulator process, time ×${TIME_SCALE})`,
    rows: o.windows.map((w) => phaseRow(w, o.records)),
    figures,
    notes: [
      `Heap used after GC: ${o.heap.warmMB.toFixed(1)} MB after warm-up → ${o.heap.endMB.toFixed(1)} MB at the end (${signed(figures.heapGrowthMB)} MB) → ${o.heap.disposedMB.toFixed(1)} MB after disposal.`,
      `Requests: ${figures.requests} (${failed} failed, ${o.explains.filter((e) => e.ok).length}/${o.explains.length} explains answered); notices shown to the user: ${figures.errorsSurfaced}.`,
      `After disposal: ${describeLeaks('resources keeping the process alive', o.leaks.handles)}; ${describeLeaks("unref'd timers/sockets/watchers", o.leaks.unrefd)}; ${describeLeaks('process listeners', o.leaks.listeners)}.`,
      `Budgets: $${o.spend.reservedUsd} reserved when idle; settled $${o.spend.settledUsd.toFixed(6)}, ledger records $${o.spend.recordsUsd.toFixed(6)}, on disk $${o.spend.persistedUsd.toFixed(6)}.`,
      `Event loop while typing: longest delay ${Math.max(...o.windows.map((w) => w.maxLagMs)).toFixed(0)} ms; unhandled rejections: ${o.windows.reduce((n, w) => n + w.unhandled, 0)}.`,
    ],
  };
}

function phaseRow(w: PhaseWindow, records: readonly LedgerRecord[]): Record<string, string | number> {
  const mine = records.filter((r) => r.ts >= w.from && r.ts < w.to);
  const count = (task: string, outcome: string): number => mine.filter((r) => r.task === task && r.outcome === outcome).length;
  return {
    phase: w.phase.name,
    'sim s': Math.round((w.to - w.from) / 1000),
    keystrokes: w.keystrokes,
    'served locally': w.servedLocally,
    'completion requests': mine.filter((r) => r.task === 'completion').length,
    ok: count('completion', 'ok'),
    failed: count('completion', 'error'),
    cancelled: count('completion', 'cancelled'),
    'explains ok/failed/cancelled': `${count('explain', 'ok')}/${count('explain', 'error')}/${count('explain', 'cancelled')}`,
    'notices shown': w.notices,
    'max lag ms': Math.round(w.maxLagMs),
    'heap MB': w.heapMB.toFixed(1),
  };
}

function describeLeaks(what: string, leak: ReturnType<typeof grownSince>): string {
  return `${leak.count} ${what}${leak.count > 0 ? ` (${leak.list.join(', ')})` : ''}`;
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;
}
