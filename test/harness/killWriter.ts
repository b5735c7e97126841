/** Runs test/harness/ledgerWriter.ts on a directory and SIGKILLs it mid-run; shared by the crash test and the budgets bench. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Ledger } from '../../src/core/ledger/ledger';

const WRITER = join(__dirname, 'ledgerWriter.ts');

/** Starts the writer, kills it with SIGKILL `afterMs` after it is ready, returns the lines it had reported. */
export function killMidRun(dir: string, seed: number, afterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      if (out === '' && d.toString().startsWith('ready')) setTimeout(() => child.kill('SIGKILL'), afterMs);
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', () => resolve(out.split('\n').filter((l) => l !== '' && l !== 'ready')));
  });
}

export interface KillAudit {
  settled: number;
  inFlightAtKill: number;
  /** Settled records missing after reopening. */
  lostSettled: number;
  /** Requests reserved but neither recorded, released, nor open as an intent. */
  unaccounted: number;
}

/** `kills` runs of the writer on one directory, then what a fresh ledger finds there. */
export async function killAndAudit(dir: string, kills: number): Promise<KillAudit> {
  const settled = new Set<string>();
  const released = new Set<string>();
  const reserved = new Set<string>();
  for (let kill = 0; kill < kills; kill++) {
    for (const line of await killMidRun(dir, kill + 1, 50 + ((kill * 37) % 200))) {
      const [kind, id] = line.split(' ') as [string, string];
      (kind === 'S' ? settled : kind === 'X' ? released : reserved).add(id);
    }
  }
  const ledger = await Ledger.open({ dir, watch: false });
  const ids = new Set(ledger.records().map((r) => r.id));
  const open = new Set(ledger.openReservations().map((i) => i.id));
  await ledger.close();
  return {
    settled: settled.size,
    inFlightAtKill: open.size,
    lostSettled: [...settled].filter((id) => !ids.has(id)).length,
    unaccounted: [...reserved].filter((id) => !ids.has(id) && !open.has(id) && !released.has(id)).length,
  };
}
