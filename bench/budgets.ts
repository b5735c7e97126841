/**
 * Budgets bench: 1, 2 and 4 windows (child processes on one ledger directory) against the simulator
 * with faults, cancellations and token drift ×1 / ×2, side by side: overshoot of the cap by the
 * ledger, the vendor's bill against the cap, ledger vs bill; SIGKILLed writers; how often the input
 * bound refuses a request that would have fit; the synchronous cost of the ledger's durable writes.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Ledger } from '../src/core/ledger/ledger';
import { Budgets } from '../src/core/router/budgets';
import { DEFAULT_PRICES, estimateCost } from '../src/core/router/pricing';
import { inputTokenBound } from '../src/core/tokenBound';
import { tokenCounter } from '../src/simulator/vendorBill';
import { runWindows } from '../test/harness/budgetRun';
import { promptTexts } from '../test/harness/budgetWindow';
import { killAndAudit } from '../test/harness/killWriter';
import { percentile, type BenchResult } from './table';

const CAP_USD = 0.008;
const MODEL = 'claude-sonnet-5-5';
const MAX_TOKENS = 1500;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) sourceFiles(join(dir, e.name), out);
    else if (e.name.endsWith('.ts')) out.push(readFileSync(join(dir, e.name), 'utf8'));
  }
  return out;
}

/**
 * Share of refusals that would have fit: for each prompt and each headroom h on a grid up to twice
 * its reserved cost, refused when the reservation (bound + max_tokens) exceeds h, would have fit
 * when the cost the vendor bills (its token count at `drift`, full max_tokens) does not.
 */
function refusedThatWouldFit(texts: readonly string[], drift: number): number {
  const count = tokenCounter({ 'claude-': drift }, MODEL);
  let refused = 0;
  let wouldFit = 0;
  for (const text of texts) {
    const reserved = estimateCost(MODEL, inputTokenBound(['You explain code.', text]), MAX_TOKENS, DEFAULT_PRICES);
    const actual = estimateCost(MODEL, count('You explain code.') + count(text), MAX_TOKENS, DEFAULT_PRICES);
    for (let step = 1; step <= 200; step++) {
      const headroom = (step / 100) * reserved;
      if (reserved <= headroom) continue;
      refused++;
      if (actual <= headroom) wouldFit++;
    }
  }
  return refused === 0 ? 0 : wouldFit / refused;
}

async function hotPath(): Promise<{ recordP95: number; admitP95: number; fsyncP95: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-budgets-hot-'));
  const ledger = await Ledger.open({ dir, watch: false });
  const budgets = new Budgets({ spend: ledger, book: ledger, limits: { requestUsd: null, dailyUsd: 1e9, monthlyUsd: null } });
  const record: number[] = [];
  const admit: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const id = `hot-${i}`;
    let t0 = performance.now();
    const { reservation } = budgets.tryReserve('completion', 0.001, { id, provider: 'mistral', model: 'codestral-latest' });
    admit.push(performance.now() - t0);
    t0 = performance.now();
    ledger.record({
      id,
      ts: Date.now(),
      task: 'completion',
      provider: 'mistral',
      model: 'codestral-latest',
      decision: 'primary',
      inputTokens: 3000,
      outputTokens: 40,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.0009,
      outcome: 'ok',
    });
    reservation?.settle(0.0009);
    record.push(performance.now() - t0);
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  await ledger.close();
  // The policy not taken, side by side: the same line with an fdatasync each.
  const fd = openSync(join(dir, 'fsync-probe'), 'a');
  const fsync: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    writeSync(fd, `${JSON.stringify({ i, pad: 'x'.repeat(200) })}\n`);
    fdatasyncSync(fd);
    fsync.push(performance.now() - t0);
  }
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  return { recordP95: percentile(record, 95), admitP95: percentile(admit, 95), fsyncP95: percentile(fsync, 95) };
}

export async function run(argv: string[]): Promise<BenchResult> {
  const quick = argv.includes('--quick');
  const rows: BenchResult['rows'] = [];
  const figures: Record<string, number> = {};
  let overshoot = 0;
  let billOverCap = 0;
  let gap = 0;
  for (const drift of [1, 2]) {
    for (const windows of [1, 2, 4]) {
      const r = await runWindows({ windows, capUsd: CAP_USD, requestsPerWindow: quick ? 8 : 16, drift, seed: windows * 10 + drift });
      rows.push({
        scenario: `${windows} window${windows > 1 ? 's' : ''}, drift ×${drift}`,
        capUsd: r.capUsd,
        ledgerUsd: Number(r.ledgerUsd.toFixed(5)),
        vendorUsd: Number(r.vendorUsd.toFixed(5)),
        overshootUsd: r.overshootUsd,
        vendorBillOverCap: r.vendorBillOverCap,
        ledgerVsVendorGap: r.ledgerVsVendorGap,
        refused: r.outcomes['BudgetRefusedError'] ?? 0,
        requests: r.records,
      });
      figures[`overshootUsd_w${windows}_x${drift}`] = r.overshootUsd;
      figures[`vendorBillOverCap_w${windows}_x${drift}`] = Number(r.vendorBillOverCap.toFixed(4));
      figures[`ledgerVsVendorGap_w${windows}_x${drift}`] = Number(r.ledgerVsVendorGap.toFixed(4));
      overshoot = Math.max(overshoot, r.overshootUsd);
      billOverCap = Math.max(billOverCap, r.vendorBillOverCap);
      gap = Math.max(gap, r.ledgerVsVendorGap);
    }
  }
  const killDir = mkdtempSync(join(tmpdir(), 'tandem-budgets-kill-'));
  const audit = await killAndAudit(killDir, quick ? 3 : 10);
  rmSync(killDir, { recursive: true, force: true });
  const code = [...promptTexts().slice(0, 5), ...sourceFiles(join(__dirname, '..', 'src')).slice(0, 80)];
  const adversarial = promptTexts().slice(5);
  const hot = await hotPath();
  const share = (v: number): number => Number(v.toFixed(4));
  Object.assign(figures, {
    overshootUsd: overshoot,
    vendorBillOverCap: Number(billOverCap.toFixed(4)),
    ledgerVsVendorGap: Number(gap.toFixed(4)),
    lostAtKill: audit.lostSettled + audit.unaccounted,
    refusedThatWouldFit: share(refusedThatWouldFit([...code, ...adversarial], 1)),
    refusedThatWouldFitCode: share(refusedThatWouldFit(code, 1)),
    refusedThatWouldFitAdversarial: share(refusedThatWouldFit(adversarial, 1)),
    refusedThatWouldFitDrift2: share(refusedThatWouldFit([...code, ...adversarial], 2)),
    hotPathWriteMsP95: Number(hot.recordP95.toFixed(4)),
    admitMsP95: Number(hot.admitP95.toFixed(4)),
    fsyncPerWriteMsP95: Number(hot.fsyncP95.toFixed(4)),
  });
  return {
    title: `Budgets: cap $${CAP_USD}, Sonnet then Haiku, faults (cut, 529, 529 mid-stream) and 30 % cancellations`,
    rows,
    figures,
    notes: [
      `SIGKILL: ${audit.settled} settled, ${audit.inFlightAtKill} in flight at a kill, ${audit.lostSettled} settled lost, ${audit.unaccounted} unaccounted.`,
      `refusedThatWouldFit (share of refusals): all ${figures['refusedThatWouldFit']}, code ${figures['refusedThatWouldFitCode']}, base64/CJK/emoji ${figures['refusedThatWouldFitAdversarial']}, all at drift ×2 ${figures['refusedThatWouldFitDrift2']}.`,
      `hot path p95: record() ${figures['hotPathWriteMsP95']} ms, admission ${figures['admitMsP95']} ms; with an fdatasync per write it would be ${figures['fsyncPerWriteMsP95']} ms.`,
    ],
  };
}
