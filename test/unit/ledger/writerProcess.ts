/**
 * A second VS Code window, as far as the ledger can tell: `node --import tsx writerProcess.ts <dir> <prefix> <count> <nowMs>`.
 * Prints "ready" once the ledger is open, waits for "go" on stdin, writes, closes, exits.
 */
import { Ledger } from '../../../src/core/ledger/ledger';
import { writeInBursts } from './writeInBursts';

async function main(): Promise<void> {
  const [dir, prefix, count, nowMs] = process.argv.slice(2);
  const now = Number(nowMs);
  const ledger = await Ledger.open({ dir: dir!, now: () => now, flushDelayMs: 1, watch: false });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  await writeInBursts(ledger, prefix!, Number(count), now);
  await ledger.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
