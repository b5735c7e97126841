/**
 * `npm run replay -- cases.jsonl` (or stdin): one JSON line per case, {"prefix","suffix","language","path","raw"},
 * prints one line per case, {"completion","replace"}: the text the user would see after Tandem's stream filters
 * and post-processing, and how many characters right of the cursor it replaces (0: an insertion). For debugging a bad completion from a log, and scoring the pipeline on recorded cases.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { replayCase, type ReplayCase } from '../core/completion/replay';
import { containsPlaceholder } from '../core/privacy/redact';
import { loadedSyntaxProbe } from './toolSyntax';

async function main(): Promise<void> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const input = file ? createReadStream(file, 'utf8') : process.stdin;
  let lineNo = 0;
  let failed = 0;
  const lines: string[] = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) lines.push(line);
  const cases = lines.map((line) => {
    try {
      return line.trim() ? parseCase(JSON.parse(line) as unknown) : undefined;
    } catch (err) {
      return err as Error;
    }
  });
  // The parser as the extension has it once a grammar is loaded: every language's grammar first.
  const { probe, service } = await loadedSyntaxProbe(cases.flatMap((c) => (c && !(c instanceof Error) ? [c.language] : [])));
  for (const c of cases) {
    lineNo++;
    if (c === undefined) continue;
    try {
      if (c instanceof Error) throw c;
      process.stdout.write(`${JSON.stringify(replayCase(c, containsPlaceholder, 'filtered', probe))}\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`${JSON.stringify({ error: `line ${lineNo}: ${(err as Error).message}` })}\n`);
    }
  }
  service.dispose();
  if (failed) process.exitCode = 1;
}

function parseCase(value: unknown): ReplayCase {
  if (typeof value !== 'object' || value === null) throw new Error('expected a JSON object');
  const v = value as Record<string, unknown>;
  for (const field of ['prefix', 'suffix', 'raw'] as const) {
    if (typeof v[field] !== 'string') throw new Error(`"${field}" must be a string`);
  }
  return {
    prefix: v.prefix as string,
    suffix: v.suffix as string,
    raw: v.raw as string,
    language: typeof v.language === 'string' ? v.language : 'plaintext',
    path: typeof v.path === 'string' ? v.path : undefined,
    truncated: v.truncated === true,
  };
}

void main();
