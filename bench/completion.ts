/**
 * `npm run bench -- completion [--json] [--quick]`: a simulated developer types real source files of five
 * languages (human-like gaps, pauses, typos fixed with backspace, accepting suggestions that match what
 * they meant to type) into a 10,000-line document with 20 open editors, against the vendor simulator
 * with latency injection — once with Tandem's pipeline and once with the baseline (fixed 350 ms
 * debounce, no reuse), same script and random seed, same run (what each accepts differs with what it
 * shows), then both again accepting nothing, on identical keystrokes — Tandem once more without
 * Mistral's prompt_cache_key, for the cost per completion with and without it. Then interleaved TTFT pairs:
 * Tandem vs a raw SDK call.
 * Time is scaled down (TIME_SCALE) for gaps, debounce and simulator latency alike, so ratios hold.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Mistral } from '@mistralai/mistralai';
import { WorkspaceContext } from '../src/core/completion/context/gather';
import type { OpenDocument } from '../src/core/completion/context/snippet';
import { CompletionEngine, type FimDispatch } from '../src/core/completion/engine';
import { warmUpCompletions } from '../src/core/completion/routed';
import { promptCacheKey } from '../src/core/completion/promptCacheKey';
import { DEFAULT_COMPLETION_SETTINGS, type CompletionSettings } from '../src/core/completion/settings';
import type { LedgerRecord, LedgerSink, SpendSource } from '../src/core/ledger/record';
import { silentLog } from '../src/core/log';
import { createCodestralClient } from '../src/core/providers/codestral';
import type { StreamEvent } from '../src/core/providers/types';
import { estimateTokens } from '../src/core/tokens';
import { Budgets } from '../src/core/router/budgets';
import { DEFAULT_PRICES } from '../src/core/router/pricing';
import { Router } from '../src/core/router/router';
import { DEFAULT_ROUTES } from '../src/core/router/routes';
import { startSimProcess, type SimProcess as Simulator } from './simProcess';
import { percentile, type BenchResult } from './table';
import { buildOpenEditors, fixtureFiles, FIXTURES, LANGUAGE, prng, Typist, typingDocument, type TypingDocument } from './typing';
import type { SyntaxProbe } from '../src/core/completion/prepare';
import { loadedSyntaxProbe } from '../src/tools/toolSyntax';

const TIME_SCALE = 4;

class MemoryLedger implements LedgerSink, SpendSource {
  readonly records: LedgerRecord[] = [];
  record(r: LedgerRecord): void {
    this.records.push(r);
  }
  updateCompletion(): void {}
  spentSince(): number {
    return 0;
  }
}

interface Policy {
  name: string;
  settings: CompletionSettings;
  alwaysRequest: boolean;
  /** Send Mistral's prompt_cache_key (per file, as the extension does). */
  cacheKey: boolean;
}

interface Session {
  typedChars: number;
  acceptedChars: number;
  accepted: number;
  stats: CompletionEngine['stats'];
  dispatchOverheads: number[];
  dispatchWork: number[];
  hitOverheads: number[];
  promptTokens: number[];
  /** Cost of every completion the vendor answered (router records with usage), US$. */
  completionCosts: number[];
  cachedTokens: number;
  /** Tokens streamed per request until the stream ended or the filters left it. */
  completionTokens: number[];
}

/** The tree-sitter probe, as the extension has it once grammars are loaded; `--no-parser` leaves it out. */
let syntax: SyntaxProbe | undefined;

export async function run(argv: string[]): Promise<BenchResult> {
  const quick = argv.includes('--quick');
  syntax = argv.includes('--no-parser') ? undefined : (await loadedSyntaxProbe(Object.values(LANGUAGE))).probe;
  const sim = await startSimProcess([
    '--quiet',
    '--corpus',
    FIXTURES,
    '--ttft-ms',
    String(160 / TIME_SCALE),
    '--tokens-per-sec',
    String(250 * TIME_SCALE),
    '--jitter-ms',
    String(20 / TIME_SCALE),
  ]);
  try {
    const files = fixtureFiles();
    const openEditors = buildOpenEditors(files);
    const scaled = (ms: number): number => ms / TIME_SCALE;
    const tandem: Policy = {
      name: 'Tandem (adaptive debounce + reuse)',
      alwaysRequest: false,
      cacheKey: true,
      settings: { ...DEFAULT_COMPLETION_SETTINGS, debounceMinMs: scaled(40), debounceMaxMs: scaled(250), streamBudgetMs: scaled(2500) },
    };
    const baseline: Policy = {
      name: 'Baseline (fixed 350 ms, no reuse)',
      alwaysRequest: true,
      cacheKey: true,
      settings: { ...DEFAULT_COMPLETION_SETTINGS, debounceMinMs: scaled(350), debounceMaxMs: scaled(350), streamBudgetMs: scaled(2500) },
    };
    // About 100 requests in the Tandem session, so its p95 is not one of the few worst samples.
    const maxChars = quick ? 90 : 1000;
    await warmUpCompletions(silentLog); // as the extension does after activation
    const ours = await typeFiles(tandem, files, openEditors, sim, { maxChars, accepts: true });
    const base = await typeFiles(baseline, files, openEditors, sim, { maxChars, accepts: true });
    // The same keystrokes for both (nothing accepted), so request counts compare with nothing else differing.
    const short = { maxChars: quick ? 60 : 220, accepts: false };
    // Without the prompt cache key first (it leaves nothing in the cache), then with it, on the same keystrokes.
    const noKey = await typeFiles({ ...tandem, cacheKey: false }, files, openEditors, sim, short);
    const same = {
      ours: await typeFiles(tandem, files, openEditors, sim, short),
      base: await typeFiles(baseline, files, openEditors, sim, short),
      noKey,
    };
    const ttft = await ttftPairs(sim, openEditors, quick ? 10 : 30);
    return report(ours, base, same, ttft);
  } finally {
    await sim.close();
  }
}

async function typeFiles(
  policy: Policy,
  files: string[],
  openEditors: OpenDocument[],
  sim: Simulator,
  typing: { maxChars: number; accepts: boolean },
): Promise<Session> {
  const ledger = new MemoryLedger();
  const promptTokens: number[] = [];
  const completionTokens: number[] = [];
  const client = createCodestralClient({ apiKey: 'bench', baseUrl: sim.url });
  const router = new Router({
    routes: DEFAULT_ROUTES,
    prices: DEFAULT_PRICES,
    budgets: new Budgets({ spend: ledger, limits: { requestUsd: null, dailyUsd: null, monthlyUsd: null } }),
    ledger,
    log: silentLog,
  });
  const dispatch: FimDispatch = (req, signal) => {
    const routed = router.stream(
      {
        task: 'completion',
        estimatedInputTokens: req.estimatedInputTokens,
        maxOutputTokens: req.maxTokens,
        signal,
        language: req.language,
      },
      (target, s) =>
        tap(
          client.stream(
            {
              model: target.model,
              prompt: req.prompt,
              suffix: req.suffix,
              maxTokens: req.maxTokens,
              stop: req.stop,
              temperature: req.temperature,
              ...(policy.cacheKey ? { promptCacheKey: promptCacheKey('bench-workspace', req.path) } : {}),
            },
            s,
          ),
          promptTokens,
          completionTokens,
        ),
    );
    return { recordId: routed.recordId, events: routed.events };
  };
  const session: Session = {
    typedChars: 0,
    acceptedChars: 0,
    accepted: 0,
    stats: { requests: 0, network: 0, cache: 0, typedThrough: 0, inflight: 0 },
    dispatchOverheads: [],
    dispatchWork: [],
    hitOverheads: [],
    promptTokens,
    completionCosts: [],
    cachedTokens: 0,
    completionTokens,
  };
  const context = new WorkspaceContext({ openDocuments: () => openEditors, isExcluded: () => false });
  const engine = new CompletionEngine({
    dispatch,
    context,
    ledger,
    settings: () => policy.settings,
    log: silentLog,
    alwaysRequest: policy.alwaysRequest,
    ...(syntax ? { syntax } : {}),
    onStreaming: (active) => {
      if (!active) return;
      session.dispatchOverheads.push(engine.stats.lastDispatchOverheadMs ?? NaN);
      session.dispatchWork.push(engine.stats.lastDispatchWorkMs ?? NaN);
    },
  });
  context.prepare(); // what the extension does when editors open, off the keystroke path
  const random = prng(42);
  for (const file of files) {
    const { doc, script } = typingDocument(file, files, typing.maxChars, '', 0.3);
    await typeScript(engine, doc, script, random, session, context, typing.accepts);
  }
  await sleep(200);
  engine.dispose();
  session.stats = { ...engine.stats };
  const answered = ledger.records.filter((r) => r.provider === 'mistral' && r.outputTokens + r.inputTokens + r.cacheReadTokens > 0);
  session.completionCosts = answered.map((r) => r.costUsd);
  session.cachedTokens = answered.reduce((sum, r) => sum + r.cacheReadTokens, 0);
  return session;
}

/** The typist types the script; cache and typed-through hits are timed from keystroke to items. */
async function typeScript(
  engine: CompletionEngine,
  doc: TypingDocument,
  script: string,
  random: () => number,
  session: Session,
  context: WorkspaceContext,
  accepts: boolean,
): Promise<void> {
  const typist = new Typist(engine, doc, {
    random,
    timeScale: TIME_SCALE,
    context,
    accepts,
    onResult: ({ suggestion, ms }) => {
      if (suggestion?.source === 'cache' || suggestion?.source === 'typed_through') session.hitOverheads.push(ms);
    },
  });
  await typist.type(script);
  typist.stop();
  session.typedChars += typist.typedChars;
  session.accepted += typist.accepted;
  session.acceptedChars += typist.acceptedChars;
}

async function* tap(events: AsyncIterable<StreamEvent>, promptTokens: number[], completionTokens: number[]): AsyncGenerator<StreamEvent> {
  let text = '';
  try {
    for await (const e of events) {
      if (e.type === 'done') promptTokens.push(e.usage.inputTokens + e.usage.cacheReadTokens);
      else if (e.type === 'text') text += e.text;
      yield e;
    }
  } finally {
    completionTokens.push(estimateTokens(text));
  }
}

/**
 * Interleaved pairs at the same simulator: Tandem's whole path (context, prompt, router, SDK) vs a raw
 * SDK stream of the very same prompt, alternating which goes first.
 */
async function ttftPairs(sim: Simulator, openEditors: OpenDocument[], pairs: number): Promise<{ raw: number[]; ours: number[] }> {
  await sim.setLatency({ ttftMs: 60, tokensPerSec: 400, jitterMs: 0 });
  const raw: number[] = [];
  const ours: number[] = [];
  const sdk = new Mistral({ apiKey: 'bench', serverURL: sim.url });
  const ledger = new MemoryLedger();
  const client = createCodestralClient({ apiKey: 'bench', baseUrl: sim.url });
  const router = new Router({
    routes: DEFAULT_ROUTES,
    prices: DEFAULT_PRICES,
    budgets: new Budgets({ spend: ledger, limits: { requestUsd: null, dailyUsd: null, monthlyUsd: null } }),
    ledger,
    log: silentLog,
  });
  let sent: { prompt: string; suffix: string; maxTokens: number; stop: string[] } | undefined;
  const dispatch: FimDispatch = (req, signal) => {
    sent = req;
    const routed = router.stream(
      { task: 'completion', estimatedInputTokens: req.estimatedInputTokens, maxOutputTokens: req.maxTokens, signal },
      (t, s) => client.stream({ ...req, model: t.model }, s),
    );
    return { recordId: routed.recordId, events: routed.events };
  };
  const engine = new CompletionEngine({
    dispatch,
    context: new WorkspaceContext({ openDocuments: () => openEditors, isExcluded: () => false }),
    ledger,
    settings: () => DEFAULT_COMPLETION_SETTINGS,
    log: silentLog,
    ...(syntax ? { syntax } : {}),
  });
  const files = fixtureFiles();
  const rawTtft = async (req: NonNullable<typeof sent>): Promise<number | undefined> => {
    const t0 = performance.now();
    const stream = await sdk.fim.stream({
      model: 'codestral-latest',
      prompt: req.prompt,
      suffix: req.suffix,
      maxTokens: req.maxTokens,
      stop: req.stop,
      temperature: 0.1,
    });
    for await (const chunk of stream) if (chunk.data.choices[0]?.delta.content) return performance.now() - t0;
    return undefined;
  };
  // Some spots get no text from the simulator's model (nothing to time): go on until `pairs` are timed.
  for (let i = 0; ours.length < pairs && i < 4 * pairs; i++) {
    const { doc } = typingDocument(files[i % files.length]!, files, 200, `variant ${i}`);
    const previous = sent;
    if (previous && i % 2 === 1) await rawTtft(previous); // alternate the order; this call only warms
    engine.stats.lastTtftMs = undefined;
    await engine.complete({ doc, cursor: doc.cursor, trigger: 'manual' }, new AbortController().signal);
    const mine = engine.stats.lastTtftMs;
    const theirs = sent ? await rawTtft(sent) : undefined;
    if (i >= 2 && mine !== undefined && theirs !== undefined) {
      ours.push(mine);
      raw.push(theirs);
    }
  }
  engine.dispose();
  return { raw, ours };
}

function report(
  ours: Session,
  base: Session,
  same: { ours: Session; base: Session; noKey: Session },
  ttft: { raw: number[]; ours: number[] },
): BenchResult {
  // Per 100 characters entered — typed keystrokes plus characters accepted with Tab. Per typed
  // keystroke alone would count good suggestions against a policy: accepting one means typing less.
  const per100 = (s: Session): number => (100 * s.stats.network) / (s.typedChars + s.acceptedChars);
  const per100Typed = (s: Session): number => (100 * s.stats.network) / s.typedChars;
  const served = (s: Session): number => s.stats.network + s.stats.cache + s.stats.typedThrough + s.stats.inflight;
  const row = (name: string, s: Session): Record<string, string | number> => ({
    policy: name,
    typedChars: s.typedChars,
    accepted: s.accepted,
    acceptedChars: s.acceptedChars,
    requests: s.stats.network,
    'requests/100 entered': per100(s),
    'requests/100 typed': per100Typed(s),
    cache: s.stats.cache,
    typedThrough: s.stats.typedThrough,
    inflight: s.stats.inflight,
  });
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const mean = (xs: number[]): number => sum(xs) / Math.max(1, xs.length);
  const figures = {
    requestsPer100Chars: per100(ours),
    baselineRequestsPer100Chars: per100(base),
    requestsPer100TypedChars: per100Typed(ours),
    baselineRequestsPer100TypedChars: per100Typed(base),
    sameKeystrokesRequestsPer100Chars: per100Typed(same.ours),
    sameKeystrokesBaselineRequestsPer100Chars: per100Typed(same.base),
    cacheHitRate: ours.stats.cache / Math.max(1, served(ours)),
    typedThroughHitRate: ours.stats.typedThrough / Math.max(1, served(ours)),
    dispatchOverheadMsP50: percentile(ours.dispatchOverheads, 50),
    dispatchOverheadMsP95: percentile(ours.dispatchOverheads, 95),
    cacheHitOverheadMsP95: percentile(ours.hitOverheads, 95),
    dispatchWorkMsP50: percentile(ours.dispatchWork, 50),
    dispatchWorkMsP95: percentile(ours.dispatchWork, 95),
    ttftRatio: percentile(ttft.ours, 50) / percentile(ttft.raw, 50),
    promptTokensMean: mean(ours.promptTokens),
    costPerCompletionUsd: mean(same.ours.completionCosts),
    costPerCompletionUsdNoCacheKey: mean(same.noKey.completionCosts),
    costPerCompletionRatio: mean(same.ours.completionCosts) / mean(same.noKey.completionCosts),
    codestralCacheReadFraction: same.ours.cachedTokens / Math.max(1, sum(same.ours.promptTokens)),
    completionTokensMean: mean(ours.completionTokens),
  };
  return {
    title: 'Completion engine: typing 5 languages into a 10,000-line file with 20 open editors (simulator, latency injected)',
    rows: [
      row('Tandem', ours),
      row('Baseline 350 ms, no reuse', base),
      row('Tandem, nothing accepted', same.ours),
      row('Baseline, nothing accepted', same.base),
      row('Tandem, nothing accepted, no prompt_cache_key', same.noKey),
    ],
    figures,
    notes: [
      `Dispatch overhead (keystroke → request dispatched, beyond the debounce wait: work inside the wait is hidden, past its end counted): p50 ${figures.dispatchOverheadMsP50.toFixed(2)} ms, p95 ${figures.dispatchOverheadMsP95.toFixed(2)} ms over ${ours.dispatchOverheads.length} requests.`,
      `All of Tandem's work per dispatched request (reuse checks, context, redaction, prompt, router, SDK request), inside the wait or not: p50 ${figures.dispatchWorkMsP50.toFixed(2)} ms, p95 ${figures.dispatchWorkMsP95.toFixed(2)} ms.`,
      `Cache/typed-through hit → items: p50 ${percentile(ours.hitOverheads, 50).toFixed(3)} ms, p95 ${figures.cacheHitOverheadMsP95.toFixed(3)} ms over ${ours.hitOverheads.length} hits.`,
      `TTFT median: Tandem ${percentile(ttft.ours, 50).toFixed(1)} ms vs raw SDK ${percentile(ttft.raw, 50).toFixed(1)} ms (${ttft.ours.length} interleaved pairs) → ratio ${figures.ttftRatio.toFixed(3)}.`,
      `Requests per 100 characters entered (typed keystrokes + characters accepted with Tab); per typed keystroke alone in the next column — it counts accepted suggestions against a policy.`,
      `Nothing accepted, identical keystrokes (${same.ours.typedChars} and ${same.base.typedChars} typed): ${figures.sameKeystrokesRequestsPer100Chars.toFixed(2)} vs ${figures.sameKeystrokesBaselineRequestsPer100Chars.toFixed(2)} requests per 100 characters.`,
      `Cost per answered completion on identical keystrokes (nothing accepted): with prompt_cache_key $${figures.costPerCompletionUsd.toExponential(3)} (${same.ours.completionCosts.length} answers, ${(100 * figures.codestralCacheReadFraction).toFixed(0)} % of prompt tokens read from the cache) vs without $${figures.costPerCompletionUsdNoCacheKey.toExponential(3)} (${same.noKey.completionCosts.length} answers) → ${figures.costPerCompletionRatio.toFixed(3)}×.`,
      `Prompt tokens per request (vendor usage): mean ${figures.promptTokensMean.toFixed(0)}. Time scaled 1/${TIME_SCALE} for typing gaps, debounce and simulator latency alike.`,
    ],
  };
}
