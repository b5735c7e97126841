/**
 * A window under load for the crash test: reserves, settles and releases requests through a real
 * Ledger and Budgets, printing `I <id>` once an intent is written, `S <id>` once its record is, and
 * `X <id>` once released — each line only after the call returned. The parent SIGKILLs it mid-run.
 *
 *   node --import tsx test/harness/ledgerWriter.ts <ledgerDir> <seed>
 */
import { writeSync } from 'node:fs';
import { Ledger } from '../../src/core/ledger/ledger';
import { silentLog } from '../../src/core/log';
import { Budgets } from '../../src/core/router/budgets';

async function main(): Promise<void> {
  const [dir, seedText] = process.argv.slice(2);
  let seed = Number(seedText);
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ledger = await Ledger.open({ dir: dir!, log: silentLog });
  const budgets = new Budgets({ spend: ledger, book: ledger, limits: { requestUsd: null, dailyUsd: 1e9, monthlyUsd: null } });
  const say = (line: string): void => void writeSync(1, `${line}\n`);
  say('ready');
  let n = 0;
  const one = async (): Promise<void> => {
    const id = `${process.pid}-${n++}`;
    const { reservation } = budgets.tryReserve('completion', 0.001, { id, provider: 'mistral', model: 'codestral-latest' });
    if (!reservation) return;
    say(`I ${id}`);
    await new Promise((r) => setTimeout(r, random() * 15));
    if (random() < 0.1) {
      reservation.release();
      return say(`X ${id}`);
    }
    ledger.record({
      id,
      ts: Date.now(),
      task: 'completion',
      provider: 'mistral',
      model: 'codestral-latest',
      decision: 'primary',
      inputTokens: 100,
      outputTokens: 10,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.0005,
      outcome: 'ok',
      completion: { source: 'network', shown: false },
    });
    reservation.settle(0.0005);
    say(`S ${id}`);
    ledger.updateCompletion(id, { shown: true });
  };
  for (;;) await Promise.all(Array.from({ length: 8 }, one));
}

void main();
