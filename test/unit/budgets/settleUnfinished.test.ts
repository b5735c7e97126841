import { strict as assert } from 'node:assert';
import { silentLog } from '../../../src/core/log';
import { createClaudeClient } from '../../../src/core/providers/claude';
import { createCodestralClient } from '../../../src/core/providers/codestral';
import { Budgets } from '../../../src/core/router/budgets';
import { costOf, DEFAULT_PRICES } from '../../../src/core/router/pricing';
import { Router, type RoutedRequest } from '../../../src/core/router/router';
import { inputTokenBound } from '../../../src/core/tokenBound';
import { start, type Simulator } from '../../../src/simulator/server';
import { FakeLedger } from '../router/fakes';

const SONNET = { provider: 'anthropic', model: 'claude-sonnet-5-5' } as const;
const CODESTRAL = { provider: 'mistral', model: 'codestral-latest' } as const;
const CODE = 'export function lineTotal(qty: number, price: number): number {\n  return qty * price;\n}\n'.repeat(20);

describe('budgets: an unfinished stream is recorded as the vendor bills it (real SDKs against the simulator)', () => {
  let sim: Simulator;
  beforeEach(
    async () =>
      (sim = await start({ quiet: true, latency: { ttftMs: 60, tokensPerSec: 200 }, tokenScale: { 'claude-': 2, codestral: 2 } })),
  );
  afterEach(async () => sim.close());

  function router(ledger: FakeLedger): Router {
    const routes = { explain: [SONNET], completion: [CODESTRAL] };
    return new Router({
      routes,
      prices: DEFAULT_PRICES,
      budgets: new Budgets({ spend: ledger, limits: { dailyUsd: 10 } }),
      ledger,
      log: silentLog,
    });
  }

  async function explain(ledger: FakeLedger, abortAfterText: boolean, abortAtMs?: number): Promise<void> {
    const abort = new AbortController();
    if (abortAtMs !== undefined) setTimeout(() => abort.abort(), abortAtMs);
    const client = createClaudeClient({ apiKey: 'k', baseUrl: sim.url, timeouts: { firstTokenMs: 20_000 } });
    const req: RoutedRequest = {
      task: 'explain',
      estimatedInputTokens: 10,
      inputBoundTokens: inputTokenBound(['You explain.', CODE]),
      maxOutputTokens: 400,
      signal: abort.signal,
    };
    const routed = router(ledger).stream(req, (t, s) =>
      client.stream(
        { model: t.model, system: [{ type: 'text', text: 'You explain.' }], messages: [{ role: 'user', content: CODE }], maxTokens: 400 },
        s,
      ),
    );
    try {
      for await (const e of routed.events) if (e.type === 'text' && abortAfterText) abort.abort();
    } catch {
      // cancelled
    }
    await billSettled();
  }

  /** The simulator bills when its handler ends, a moment after the client left. */
  async function billSettled(): Promise<void> {
    for (let i = 0; i < 40 && (Object.keys(sim.bill()).length === 0 || sim.stats().openStreams > 0); i++)
      await new Promise((r) => setTimeout(r, 25));
  }

  const billedUsd = (): number =>
    Object.values(sim.bill())
      .flatMap((m) => Object.entries(m))
      .reduce((sum, [model, t]) => sum + costOf(model, t, DEFAULT_PRICES), 0);

  it('Claude aborted mid-stream: input from message_start (drifted ×2), never less than the vendor billed', async () => {
    const ledger = new FakeLedger();
    await explain(ledger, true);
    const r = ledger.records[0]!;
    assert.equal(r.outcome, 'cancelled');
    const bill = sim.bill()['k']!['claude-sonnet-5-5']!;
    assert.equal(r.inputTokens, bill.inputTokens, 'input as message_start reported it');
    assert.ok(r.costUsd >= billedUsd() && r.costUsd > 0, `ledger ${r.costUsd} vs bill ${billedUsd()}`);
    assert.match(r.reason ?? '', /message_start/);
  });

  it('cancelled before the vendor answered: $0, no bill, and the record says so', async () => {
    const ledger = new FakeLedger();
    await explain(ledger, false, 10);
    const r = ledger.records[0]!;
    assert.equal(r.outcome, 'cancelled');
    assert.equal(r.costUsd, 0);
    assert.match(r.reason ?? '', /\$0: the vendor had not answered/);
    assert.deepEqual(sim.bill(), {});
  });

  it('Codestral aborted mid-stream (usage only on the last chunk): input at the prompt bound, at least the bill', async () => {
    const ledger = new FakeLedger();
    const client = createCodestralClient({ apiKey: 'k', baseUrl: sim.url, timeouts: { firstTokenMs: 20_000, totalMs: 30_000 } });
    const abort = new AbortController();
    const bound = inputTokenBound([CODE, '\n']);
    const routed = router(ledger).stream(
      { task: 'completion', estimatedInputTokens: 10, inputBoundTokens: bound, maxOutputTokens: 64, signal: abort.signal },
      (t, s) => client.stream({ model: t.model, prompt: CODE, suffix: '\n', maxTokens: 64, stop: [], temperature: 0 }, s),
    );
    try {
      for await (const e of routed.events) if (e.type === 'text') abort.abort();
    } catch {
      // cancelled
    }
    await billSettled();
    const r = ledger.records[0]!;
    assert.equal(r.inputTokens, bound);
    assert.ok(r.costUsd >= billedUsd() && billedUsd() > 0, `ledger ${r.costUsd} vs bill ${billedUsd()}`);
    assert.match(r.reason ?? '', /prompt's bound/);
  });
});
