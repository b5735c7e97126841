/**
 * `npm run bench -- <suite> [--json]`: runs bench/<suite>.ts, prints its table, and with --json
 * prints the suite's figures as one JSON object on the last line.
 */
import { join } from 'node:path';
import { printTable } from './table';
import type { BenchResult } from './table';

/** Each is bench/<name>.ts; the other files here are their shared pieces. */
const SUITES = ['completion', 'golden', 'syntax', 'router', 'ledger', 'redaction', 'soak', 'budgets', 'tour'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const suite = args.find((a) => !a.startsWith('--'));
  if (!suite || !SUITES.includes(suite)) {
    console.error(`usage: npm run bench -- <${SUITES.join('|')}> [--json]`);
    process.exit(2);
  }
  const mod = (await import(join(__dirname, `${suite}.ts`))) as { run(argv: string[]): Promise<BenchResult> };
  const result = await mod.run(args);
  printTable(suite, result);
  if (json) console.log(JSON.stringify(result.figures));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
