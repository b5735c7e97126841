/**
 * The extension's core, composed as src/extension.ts and src/vscode/completion/wire.ts compose it,
 * in plain Node: CompletionEngine (createRoutedEngine: redaction, NoticeBoard reporting) over the
 * Router (default routes and prices, Budgets with caps, one Breakers instance) over the real Codestral
 * and Claude clients (official SDKs), the real Ledger in a temporary directory. Only the VS Code
 * surfaces are replaced: notices are collected instead of shown, connections are plain URLs.
 *
 * Time: every clock the product lets us inject (router, breakers, budgets, ledger, NoticeBoard) runs
 * `timeScale` times faster than wall time, and can jump ahead (`clock.advance`); the durations the
 * product measures on the wall clock (debounce, stream budget, transport timeouts) are scaled down by
 * the same factor, as bench/completion.ts does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExplainRequest } from '../../src/core/assist/prompt/prompts';
import { runAssistReported } from '../../src/core/assist/runAssist';
import type { TargetFile } from '../../src/core/assist/types';
import { WorkspaceContext } from '../../src/core/completion/context/gather';
import type { OpenDocument } from '../../src/core/completion/context/snippet';
import type { CompletionEngine } from '../../src/core/completion/engine';
import { createRoutedEngine } from '../../src/core/completion/routed';
import { DEFAULT_COMPLETION_SETTINGS, type CompletionSettings } from '../../src/core/completion/settings';
import { Ledger } from '../../src/core/ledger/ledger';
import type { Log } from '../../src/core/log';
import { NoticeBoard, type Notice } from '../../src/core/notices';
import { redactSecrets } from '../../src/core/privacy/redact';
import { CLAUDE_TIMEOUTS, createClaudeClient, type ClaudeClient } from '../../src/core/providers/claude';
import { RateLimitState } from '../../src/core/providers/rateLimit';
import { CODESTRAL_TIMEOUTS, createCodestralClient, type CodestralClient } from '../../src/core/providers/codestral';
import type { StreamTimeouts } from '../../src/core/providers/deadline';
import type { ProviderId } from '../../src/core/providers/errors';
import { sleep } from '../../src/core/router/backoff';
import { Breakers } from '../../src/core/router/breaker';
import { Budgets, DEFAULT_BUDGET_LIMITS } from '../../src/core/router/budgets';
import { resolvePrices } from '../../src/core/router/pricing';
import { Router } from '../../src/core/router/router';
import { chainFor, resolveRoutes } from '../../src/core/router/routes';

/** Product time running `scale` times faster than the wall clock, plus jumps. */
export class ScaledClock {
  private readonly origin = Date.now();
  private readonly t0 = performance.now();
  private offsetMs = 0;

  constructor(readonly scale: number) {}

  /** Epoch ms in product time. */
  readonly now = (): number => this.origin + (performance.now() - this.t0) * this.scale + this.offsetMs;

  /** The router's wait between attempts: `ms` of product time. */
  readonly sleep = (ms: number, signal: AbortSignal): Promise<void> => sleep(ms / this.scale, signal);

  /** Idle time passes at once (a breaker cools down, a quiet period ends). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Wall-clock ms for `ms` of product time. */
  real(ms: number): number {
    return ms / this.scale;
  }

  /** A client's timeouts in wall-clock time. */
  realTimeouts(t: StreamTimeouts): StreamTimeouts {
    return { firstTokenMs: this.real(t.firstTokenMs), totalMs: this.real(t.totalMs) };
  }
}

/** The log, kept in memory: the last lines explain a failed assertion. */
export class MemoryLog implements Log {
  readonly lines: string[] = [];
  warnings = 0;

  constructor(private readonly keep = 400) {}

  trace(): void {}
  debug(): void {}
  info(message: string): void {
    this.add('info', message);
  }
  warn(message: string): void {
    this.warnings++;
    this.add('warn', message);
  }
  error(message: string): void {
    this.add('error', message);
  }

  tail(n = 30): string {
    return this.lines.slice(-n).join('\n');
  }

  private add(level: string, message: string): void {
    this.lines.push(`${level}: ${message}`);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }
}

/** Endpoints per provider, like tandem.mistral.endpoint / tandem.anthropic.endpoint; clients rebuilt on change. */
export class HarnessConnections {
  private codestralClient: { url: string; client: CodestralClient } | undefined;
  /** As the extension's Connections: Codestral's quota and 429 pauses, read from every answer. */
  readonly rateLimits: RateLimitState;
  private claudeClient: { url: string; client: ClaudeClient } | undefined;

  constructor(
    private readonly urls: Record<ProviderId, string>,
    private readonly timeouts: Record<ProviderId, StreamTimeouts>,
    private readonly onChange: (provider: ProviderId) => void,
    private readonly apiKey = 'tandem-fault-suite',
    now: () => number = Date.now,
  ) {
    this.rateLimits = new RateLimitState(now);
  }

  codestral(): CodestralClient {
    const url = this.urls.mistral;
    if (this.codestralClient?.url !== url)
      this.codestralClient = {
        url,
        client: createCodestralClient({
          apiKey: this.apiKey,
          baseUrl: url,
          timeouts: this.timeouts.mistral,
          onHeaders: (h) => this.rateLimits.noteHeaders(h),
        }),
      };
    return this.codestralClient.client;
  }

  claude(): ClaudeClient {
    const url = this.urls.anthropic;
    if (this.claudeClient?.url !== url)
      this.claudeClient = { url, client: createClaudeClient({ apiKey: this.apiKey, baseUrl: url, timeouts: this.timeouts.anthropic }) };
    return this.claudeClient.client;
  }

  /** The user edits the endpoint setting. */
  point(provider: ProviderId, url: string): void {
    this.urls[provider] = url;
    this.onChange(provider);
  }
}

export interface CoreStackOptions {
  mistralUrl: string;
  anthropicUrl: string;
  /** Product time per wall-clock time (1 = real time). */
  timeScale?: number;
  /** tandem.budget.dailyUsd (default: the product default). */
  dailyUsd?: number | null;
  openEditors?: readonly OpenDocument[];
}

export interface ExplainOutcome {
  ok: boolean;
  text: string;
  error?: unknown;
}

export interface CoreStack {
  readonly clock: ScaledClock;
  readonly engine: CompletionEngine;
  readonly context: WorkspaceContext;
  readonly router: Router;
  readonly budgets: Budgets;
  readonly ledger: Ledger;
  readonly ledgerDir: string;
  readonly notices: NoticeBoard;
  /** Every notice that reached the user, in order. */
  readonly shown: Notice[];
  readonly connections: HarnessConnections;
  readonly log: MemoryLog;
  readonly settings: CompletionSettings;
  /** Tandem: Explain on `file`, as the command runs it (routed, redacted, reported once). */
  explain(file: TargetFile, signal?: AbortSignal): Promise<ExplainOutcome>;
  /** Resolves once no request holds a budget reservation and the ledger is on disk. */
  idle(timeoutMs?: number): Promise<void>;
  /** Deactivation: disposes what the extension's context.subscriptions would. */
  dispose(): Promise<void>;
}

/** Builds the core stack with a fresh ledger directory. */
export async function buildCoreStack(opts: CoreStackOptions): Promise<CoreStack> {
  const clock = new ScaledClock(opts.timeScale ?? 1);
  const log = new MemoryLog();
  const shown: Notice[] = [];
  const notices = new NoticeBoard((n) => shown.push(n), clock.now);
  const ledgerDir = await mkdtemp(join(tmpdir(), 'tandem-core-'));
  const ledger = await Ledger.open({ dir: ledgerDir, now: clock.now, log });
  const budgets = new Budgets({
    spend: ledger,
    book: ledger,
    limits: { ...DEFAULT_BUDGET_LIMITS, ...(opts.dailyUsd !== undefined ? { dailyUsd: opts.dailyUsd } : {}) },
    now: clock.now,
  });
  const routes = resolveRoutes({}).table;
  const breakers = new Breakers({ now: clock.now });
  const router = new Router({ routes, prices: resolvePrices({}), budgets, breakers, ledger, log, now: clock.now, sleep: clock.sleep });
  // As src/extension.ts: a changed key or endpoint clears the standing key problems and that provider's circuits.
  const timeouts = { mistral: clock.realTimeouts(CODESTRAL_TIMEOUTS), anthropic: clock.realTimeouts(CLAUDE_TIMEOUTS) };
  const connections = new HarnessConnections(
    { mistral: opts.mistralUrl, anthropic: opts.anthropicUrl },
    timeouts,
    (provider) => (notices.clear('auth:'), breakers.reset(provider)),
    undefined,
    clock.now,
  );
  const editors = opts.openEditors ?? [];
  const context = new WorkspaceContext({ openDocuments: () => editors, isExcluded: () => false });
  context.prepare();
  const settings = scaledSettings(clock);
  const engine = createRoutedEngine({
    router,
    codestral: () => connections.codestral(),
    ledger,
    context,
    settings: () => settings,
    log,
    notices,
    rateLimits: connections.rateLimits,
    cacheScope: () => 'core-stack',
  });
  const explain = (file: TargetFile, signal = new AbortController().signal): Promise<ExplainOutcome> =>
    runExplain(file, signal, { router, connections, notices, firstModel: chainFor(routes, 'explain')[0]!.model });
  return {
    clock,
    engine,
    context,
    router,
    budgets,
    ledger,
    ledgerDir,
    notices,
    shown,
    connections,
    log,
    settings,
    explain,
    idle: (timeoutMs = 5_000) => idle(budgets, ledger, timeoutMs),
    dispose: async () => {
      engine.dispose();
      await idle(budgets, ledger, 5_000).catch(() => undefined);
      await ledger.close();
      await rm(ledgerDir, { recursive: true, force: true });
    },
  };
}

/** The product's completion defaults with its wall-clock durations scaled to the clock. */
function scaledSettings(clock: ScaledClock): CompletionSettings {
  const d = DEFAULT_COMPLETION_SETTINGS;
  return {
    ...d,
    debounceMinMs: clock.real(d.debounceMinMs),
    debounceMaxMs: clock.real(d.debounceMaxMs),
    streamBudgetMs: clock.real(d.streamBudgetMs),
  };
}

interface ExplainDeps {
  router: Router;
  connections: HarnessConnections;
  notices: NoticeBoard;
  firstModel: string;
}

async function runExplain(file: TargetFile, signal: AbortSignal, deps: ExplainDeps): Promise<ExplainOutcome> {
  let text = '';
  const request = buildExplainRequest({ target: file, related: [], conventions: [], contextTokens: 12_000, maxTokens: 1_500 });
  const assistDeps = {
    router: deps.router,
    claude: () => deps.connections.claude(),
    redact: (t: string) => redactSecrets(t).text,
    notices: deps.notices,
  };
  try {
    await runAssistReported({
      task: 'explain',
      request,
      firstModel: deps.firstModel,
      deps: assistDeps,
      signal,
      onText: (delta) => (text += delta),
    });
    return { ok: true, text };
  } catch (error) {
    return { ok: false, text, error };
  }
}

async function idle(budgets: Budgets, ledger: Ledger, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (budgets.reservedUsd() > 0) {
    if (performance.now() > deadline)
      throw new Error(`requests still hold $${budgets.reservedUsd()} of reservations after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await ledger.flush();
}

/** Budgets against the ledger: nothing reserved once idle; settled spend = the records' costs = what is on disk. */
export async function spendCheck(
  stack: Pick<CoreStack, 'budgets' | 'ledger' | 'ledgerDir'>,
): Promise<{ reservedUsd: number; settledUsd: number; recordsUsd: number; persistedUsd: number }> {
  await stack.ledger.flush();
  const reopened = await Ledger.open({ dir: stack.ledgerDir, watch: false });
  const persistedUsd = reopened.spentSince(0);
  await reopened.close();
  return {
    reservedUsd: stack.budgets.reservedUsd(),
    settledUsd: stack.ledger.spentSince(0),
    recordsUsd: stack.ledger.records().reduce((sum, r) => sum + r.costUsd, 0),
    persistedUsd,
  };
}
