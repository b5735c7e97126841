import { strict as assert } from 'node:assert';
import { followupRequest } from '../../../src/core/assist/prompt/conversation';
import { buildExplainRequest, buildReviewRequest } from '../../../src/core/assist/prompt/prompts';
import { runAssist, type AssistResult } from '../../../src/core/assist/runAssist';
import { createClaudeClient } from '../../../src/core/providers/claude';
import { THINKING_ALLOWANCE, type ThinkingChoice } from '../../../src/core/providers/claudeThinking';
import { Budgets } from '../../../src/core/router/budgets';
import { costOf, DEFAULT_PRICES, estimateCost } from '../../../src/core/router/pricing';
import { Router } from '../../../src/core/router/router';
import { resolveRoutes } from '../../../src/core/router/routes';
import { estimateTokens } from '../../../src/core/tokens';
import { start, type Simulator } from '../../../src/simulator/server';
import { MemoryLog } from '../../harness/coreStack';
import { FakeLedger } from '../router/fakes';

const CODE = [
  'export function lineTotal(qty: number, price: number): number {',
  '  return qty * price;',
  '}',
  '',
  'export const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);',
].join('\n');
const target = { path: 'src/total.ts', languageId: 'typescript', text: CODE };

/** Budgets that remember each reservation asked for. */
class WatchedBudgets extends Budgets {
  readonly asked: number[] = [];
  override tryReserve(task: string, estimateUsd: number): ReturnType<Budgets['tryReserve']> {
    this.asked.push(estimateUsd);
    return super.tryReserve(task, estimateUsd);
  }
}

/** Router → real Claude client (real SDK) → simulator, with the product's default routes and prices. */
function stack(
  sim: Simulator,
  routes: Record<string, string[]> = {},
): {
  ledger: FakeLedger;
  budgets: WatchedBudgets;
  ask: (task: 'explain' | 'review', choice?: ThinkingChoice, maxTokens?: number) => Promise<AssistResult & { phases: string[] }>;
} {
  const ledger = new FakeLedger();
  const budgets = new WatchedBudgets({ spend: ledger, limits: { requestUsd: null, dailyUsd: null, monthlyUsd: null } });
  const router = new Router({ routes: resolveRoutes(routes).table, prices: DEFAULT_PRICES, budgets, ledger, log: new MemoryLog() });
  const claude = createClaudeClient({ apiKey: 'k', baseUrl: sim.url });
  const ask = async (
    task: 'explain' | 'review',
    choice?: ThinkingChoice,
    maxTokens = task === 'explain' ? 1500 : 3000,
  ): Promise<AssistResult & { phases: string[] }> => {
    const common = { related: [], conventions: [], contextTokens: 12_000, maxTokens, target };
    const request = task === 'explain' ? buildExplainRequest(common) : buildReviewRequest({ ...common, scope: { kind: 'file' } });
    const phases: string[] = [];
    const deps = { router, claude: () => claude, redact: (t: string) => t, ...(choice ? { thinking: () => choice } : {}) };
    const first = resolveRoutes(routes).table[task]![0]!.model;
    const result = await runAssist({
      task,
      request,
      firstModel: first,
      deps,
      signal: new AbortController().signal,
      onText: () => phases[phases.length - 1] !== 'text' && phases.push('text'),
      onThinking: () => phases.push('thinking'),
    });
    return { ...result, phases };
  };
  return { ledger, budgets, ask };
}

describe('thinking through router → Claude client → simulator', () => {
  let sim: Simulator;
  let bigThinker: Simulator;
  before(async () => {
    sim = await start({ port: 0, quiet: true });
    bigThinker = await start({ port: 0, quiet: true, thinkingTokens: 2000 });
  });
  after(async () => {
    await sim.close();
    await bigThinker.close();
  });

  it("explain by default (Haiku 5.5, thinking off, effort low): no thinking, max_tokens and the reservation are the answer's own", async () => {
    const { ledger, budgets, ask } = stack(sim);
    const r = await ask('explain');
    assert.deepEqual(r.phases, ['text']);
    assert.equal(r.stopReason, 'end_turn');
    const rec = ledger.records[0]!;
    assert.equal(rec.model, 'claude-haiku-5-5');
    assert.equal(rec.thinkingTokens, undefined);
    assert.equal(rec.outputTokens, estimateTokens(r.text));
    const input = buildExplainRequest({
      related: [],
      conventions: [],
      contextTokens: 12_000,
      maxTokens: 1500,
      target,
    }).inputBoundTokens; // reservations use the bound on the prompt's tokens, not the estimate
    assert.equal(budgets.asked[0], estimateCost('claude-haiku-5-5', input, 1500, DEFAULT_PRICES));
  });

  it('review by default (Sonnet 5.5, adaptive, high): "thinking" before the answer, thinking tokens in the ledger, billed as output, reserved up front', async () => {
    const { ledger, budgets, ask } = stack(sim);
    const r = await ask('review');
    assert.equal(r.phases[0], 'thinking');
    assert.ok(r.toolInput, 'the review tool was called under tool_choice auto');
    const rec = ledger.records[0]!;
    assert.equal(rec.model, 'claude-sonnet-5-5');
    assert.ok((rec.thinkingTokens ?? 0) > 0);
    assert.ok(rec.outputTokens > rec.thinkingTokens!);
    assert.ok(rec.thinkingMs !== undefined && rec.thinkingMs >= 0);
    assert.equal(rec.costUsd, costOf('claude-sonnet-5-5', r.usage!, DEFAULT_PRICES));
    const withoutThinking = costOf(
      'claude-sonnet-5-5',
      { ...r.usage!, outputTokens: rec.outputTokens - rec.thinkingTokens! },
      DEFAULT_PRICES,
    );
    assert.ok(Math.abs(rec.costUsd - withoutThinking - (rec.thinkingTokens! * 10) / 1e6) < 1e-12, 'thinking billed at the output price');
    const input = buildReviewRequest({
      related: [],
      conventions: [],
      contextTokens: 12_000,
      maxTokens: 3000,
      target,
      scope: { kind: 'file' },
    }).inputBoundTokens;
    assert.equal(budgets.asked[0], estimateCost('claude-sonnet-5-5', input, 3000 + THINKING_ALLOWANCE.high, DEFAULT_PRICES));
  });

  it('a review follow-up sends the streamed thinking block back, signature intact, before the tool call it answers', async () => {
    const ledger = new FakeLedger();
    const budgets = new Budgets({ spend: ledger, limits: { requestUsd: null, dailyUsd: null, monthlyUsd: null } });
    const router = new Router({ routes: resolveRoutes({}).table, prices: DEFAULT_PRICES, budgets, ledger, log: new MemoryLog() });
    const claude = createClaudeClient({ apiKey: 'k', baseUrl: sim.url });
    const deps = { router, claude: () => claude, redact: (t: string) => t };
    const request = buildReviewRequest({
      related: [],
      conventions: [],
      contextTokens: 12_000,
      maxTokens: 3000,
      target,
      scope: { kind: 'file' },
    });
    const first = await runAssist({ task: 'review', request, firstModel: 'claude-sonnet-5-5', deps, signal: new AbortController().signal });
    assert.ok(first.toolUse, 'the review tool was called');
    assert.equal(first.thinking?.length, 1);
    const block = first.thinking![0]!;
    assert.ok(block.type === 'thinking' && block.signature.length > 20, 'the signature streamed in its signature_delta is kept');
    const turns = [{ text: first.text, toolUse: first.toolUse, thinking: first.thinking! }];
    const followup = followupRequest(request, turns, 'Which finding matters most?');
    const sentFirst = (followup.followups![0]!.content as unknown[])[0];
    const next = await runAssist({
      task: 'review',
      request: followup,
      firstModel: 'claude-sonnet-5-5',
      deps,
      signal: new AbortController().signal,
    });
    assert.deepEqual(sentFirst, block);
    assert.equal(next.stopReason, 'end_turn', 'answered (the simulator, like the API, refuses a tool call sent back without its thinking)');
    assert.deepEqual(
      ledger.records.map((r) => r.outcome),
      ['ok', 'ok'],
    );
  });

  it('an explanation capped at 1,500 tokens does not stop early when the model thinks 2,000 tokens: max_tokens gets the thinking allowance', async () => {
    const { ledger, ask } = stack(bigThinker);
    const r = await ask('explain', { thinking: 'adaptive', effort: 'medium' });
    assert.equal(r.stopReason, 'end_turn');
    assert.match(r.text, /lineTotal/);
    assert.equal(ledger.records[0]!.thinkingTokens, 2000);
    assert.equal(ledger.records[0]!.outputTokens, 2000 + estimateTokens(r.text));
  });

  it('the same model with thinking off at the default explain settings is not slowed or cut by thinking at all', async () => {
    const { ledger, ask } = stack(bigThinker);
    const r = await ask('explain');
    assert.equal(r.stopReason, 'end_turn');
    assert.equal(ledger.records[0]!.thinkingTokens, undefined);
  });

  it('"off" on Sonnet 5.5 is sent as between_tools, and xhigh is lowered to high there (both valid: no 400)', async () => {
    const { ledger, ask } = stack(bigThinker, { explain: ['anthropic/claude-sonnet-5-5'] });
    const r = await ask('explain', { thinking: 'off', effort: 'xhigh' });
    assert.deepEqual(r.phases, ['text']);
    assert.equal(ledger.records[0]!.outcome, 'ok');
  });

  it('every model and every setting combination Tandem can send is accepted by the simulator (no 400 from the per-model rules)', async () => {
    const models = [
      'claude-haiku-5-5',
      'claude-sonnet-5-5',
      'claude-opus-5-5',
      'claude-sonnet-5',
      'claude-opus-5',
      'claude-fable-5-1',
      'claude-mythos-5-2',
      'claude-opus-4-7',
      'claude-opus-4-8',
      'claude-sonnet-4-6',
      'claude-haiku-4-5',
    ];
    for (const model of models) {
      for (const thinking of ['off', 'adaptive'] as const) {
        for (const effort of ['medium', 'xhigh', 'max'] as const) {
          for (const task of ['explain', 'review'] as const) {
            const { ledger, ask } = stack(sim, { [task]: [`anthropic/${model}`] });
            await ask(task, { thinking, effort }, 200);
            assert.equal(ledger.records[0]!.outcome, 'ok', `${model} ${task} ${thinking}/${effort}`);
          }
        }
      }
    }
  });
});
