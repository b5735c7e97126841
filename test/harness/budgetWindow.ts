/**
 * One "VS Code window" for the cross-window budget tests and the budgets bench: a child process with
 * its own Ledger on a shared directory, Budgets on the ledger's book, a Router and the real Claude
 * client pointed at the simulator. It fires `count` explain requests at staggered times, cancels
 * some, and prints one JSON line with what it saw.
 *
 *   node --import tsx test/harness/budgetWindow.ts <ledgerDir> <simUrl> <dailyCapUsd> <count> <seed>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger } from '../../src/core/ledger/ledger';
import { silentLog } from '../../src/core/log';
import { createClaudeClient } from '../../src/core/providers/claude';
import { Budgets } from '../../src/core/router/budgets';
import { DEFAULT_PRICES } from '../../src/core/router/pricing';
import { Router } from '../../src/core/router/router';
import { inputTokenBound } from '../../src/core/tokenBound';
import { estimateTokens } from '../../src/core/tokens';

const FIXTURES = join(__dirname, '..', '..', 'bench', 'fixtures', 'typing');
const ADVERSARIAL = [
  'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkrLw=='.repeat(40),
  '日本語のテキストと中文字符'.repeat(60),
  '🙂🚀✨'.repeat(80),
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function promptTexts(): string[] {
  const files = readdirSync(FIXTURES).map((f) => readFileSync(join(FIXTURES, f), 'utf8').slice(0, 6000));
  return [...files, ...ADVERSARIAL];
}

async function main(): Promise<void> {
  const [dir, simUrl, cap, count, seed] = process.argv.slice(2);
  const random = mulberry32(Number(seed));
  const ledger = await Ledger.open({ dir: dir!, log: silentLog, watch: true });
  const budgets = new Budgets({ spend: ledger, book: ledger, limits: { requestUsd: null, dailyUsd: Number(cap), monthlyUsd: null } });
  const routes = {
    explain: [
      { provider: 'anthropic', model: 'claude-sonnet-5-5' },
      { provider: 'anthropic', model: 'claude-haiku-5-5' },
    ],
  } as const;
  const router = new Router({
    routes,
    prices: DEFAULT_PRICES,
    budgets,
    ledger,
    log: silentLog,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))),
  });
  const client = createClaudeClient({ apiKey: 'window-key', baseUrl: simUrl!, timeouts: { firstTokenMs: 8000, totalMs: 15000 } });
  const texts = promptTexts();
  const outcomes: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: Number(count) }, async () => {
      await new Promise((r) => setTimeout(r, random() * 300));
      const text = texts[Math.floor(random() * texts.length)]!;
      const abort = new AbortController();
      if (random() < 0.3) setTimeout(() => abort.abort(), random() * 120);
      const system = [{ type: 'text' as const, text: 'You explain code.' }];
      const question = `Explain:\n${text}`;
      const req = {
        task: 'explain',
        estimatedInputTokens: estimateTokens(system[0].text) + estimateTokens(question),
        inputBoundTokens: inputTokenBound([system[0].text, question]),
        maxOutputTokens: 64,
        signal: abort.signal,
      };
      const routed = router.stream(req, (target, signal) =>
        client.stream({ model: target.model, system, messages: [{ role: 'user', content: question }], maxTokens: 64 }, signal),
      );
      try {
        for await (const e of routed.events) void e;
        outcomes['ok'] = (outcomes['ok'] ?? 0) + 1;
      } catch (err) {
        const kind = (err as { kind?: string }).kind ?? (err as Error).name;
        outcomes[kind] = (outcomes[kind] ?? 0) + 1;
      }
    }),
  );
  await ledger.close();
  console.log(JSON.stringify({ outcomes }));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
