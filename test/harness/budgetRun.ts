/**
 * Runs N budget windows (child processes, test/harness/budgetWindow.ts) on one ledger directory
 * against one simulator with faults and cancellations, then compares the ledger, the cap and the
 * simulator's vendor bill. Shared by the cross-window tests and the budgets bench.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startOfLocalDay } from '../../src/core/router/budgets';
import { Ledger } from '../../src/core/ledger/ledger';
import { DEFAULT_PRICES, costOf } from '../../src/core/router/pricing';
import { start } from '../../src/simulator/server';
import type { VendorBillSnapshot } from '../../src/simulator/vendorBill';

const run = promisify(execFile);
const WINDOW = join(__dirname, 'budgetWindow.ts');

export interface BudgetRunResult {
  capUsd: number;
  ledgerUsd: number;
  vendorUsd: number;
  /** Ledger spend over the cap, in US$ (0 when the cap held). */
  overshootUsd: number;
  vendorBillOverCap: number;
  /** |ledger − vendor bill| as a share of the cap. */
  ledgerVsVendorGap: number;
  records: number;
  outcomes: Record<string, number>;
}

export function vendorUsd(bill: VendorBillSnapshot): number {
  let sum = 0;
  for (const models of Object.values(bill)) {
    for (const [model, t] of Object.entries(models)) sum += costOf(model, t, DEFAULT_PRICES);
  }
  return sum;
}

export async function runWindows(opts: {
  windows: number;
  capUsd: number;
  requestsPerWindow: number;
  drift: number;
  seed: number;
}): Promise<BudgetRunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-budget-windows-'));
  const sim = await start({
    quiet: true,
    latency: { ttftMs: 40, tokensPerSec: 2000, jitterMs: 40 },
    tokenScale: { 'claude-': opts.drift },
  });
  sim.injectFault({ api: 'anthropic', kind: 'cut', afterTokens: 5, count: 3 });
  sim.injectFault({ api: 'anthropic', kind: 'status', status: 529, count: 3 });
  sim.injectFault({ api: 'anthropic', kind: 'status', status: 529, afterTokens: 0, count: 2 });
  try {
    const children = Array.from({ length: opts.windows }, (_, w) =>
      run(
        process.execPath,
        ['--import', 'tsx', WINDOW, dir, sim.url, String(opts.capUsd), String(opts.requestsPerWindow), String(opts.seed * 100 + w)],
        { timeout: 60_000 },
      ),
    );
    const outcomes: Record<string, number> = {};
    for (const { stdout } of await Promise.all(children)) {
      const line = stdout.trim().split('\n').at(-1) ?? '{}';
      for (const [k, v] of Object.entries((JSON.parse(line) as { outcomes: Record<string, number> }).outcomes))
        outcomes[k] = (outcomes[k] ?? 0) + v;
    }
    const ledger = await Ledger.open({ dir, watch: false });
    const ledgerUsd = ledger.spentSince(startOfLocalDay(Date.now()) - 86_400_000) + ledger.reservedSince(0);
    const records = ledger.records().length;
    await ledger.close();
    const vendor = vendorUsd(sim.bill());
    return {
      capUsd: opts.capUsd,
      ledgerUsd,
      vendorUsd: vendor,
      overshootUsd: Math.max(0, ledgerUsd - opts.capUsd),
      vendorBillOverCap: vendor / opts.capUsd,
      ledgerVsVendorGap: Math.abs(ledgerUsd - vendor) / opts.capUsd,
      records,
      outcomes,
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
