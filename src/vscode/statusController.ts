import * as vscode from 'vscode';
import type { Ledger } from '../core/ledger/ledger';
import type { Notice, NoticeBoard } from '../core/notices';
import type { Router } from '../core/router/router';
import { startOfLocalDay, startOfLocalMonth } from '../core/router/budgets';
import { LatencyWindow } from '../core/status/latencyWindow';
import type { StatusInputs } from '../core/status/statusModel';
import { todaySummary } from '../core/status/todaySummary';
import type { Config } from './config';
import type { Connections } from './connections';
import type { CompletionStatus } from './completion/wire';
import type { CompletionPause } from './pause';
import { budgetLimits } from './settings';
import { TandemStatusBar } from './statusBar';

export interface StatusDeps {
  config: Config;
  pause: CompletionPause;
  connections: Connections;
  router: Pick<Router, 'budgetState'>;
  ledger: Ledger;
  notices: NoticeBoard;
}

const KEY_MISSING_NOTICE: Notice = {
  key: 'auth:mistral',
  message: 'Codestral key missing — set it to get completions.',
  severity: 'warning',
  actions: ['setCodestralKey'],
};

/**
 * What the status bar shows and why completions are off: the activity, the active file's skip reason
 * and the latency of served completions, plus the queries over settings, pause, key and budget.
 * Auth notices are cleared and the missing-key notice raised when a connection changes.
 */
export class StatusController implements vscode.Disposable, CompletionStatus {
  readonly bar: TandemStatusBar;
  private activity: StatusInputs['activity'] = 'idle';
  private fileSkip: string | undefined;
  private readonly latency = new LatencyWindow();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: StatusDeps) {
    this.bar = new TandemStatusBar(() => this.inputs());
    this.subscriptions = [
      deps.ledger.onDidChange(() => this.bar.refresh()),
      deps.connections.onDidChange(() => this.connectionChanged()),
      deps.pause.onDidChange(() => this.bar.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.noteSkip(undefined)),
    ];
    this.raiseIfKeyMissing();
  }

  /** Why completions are off (disabled, paused everywhere or for this language, key missing, budget spent). A pure query. */
  disabledReason(languageId?: string): string | undefined {
    const { config, pause, router } = this.deps;
    if (!config.get<boolean>('completions.enabled')) return 'disabled in settings';
    if (pause.paused) return 'paused';
    if (languageId && pause.pausedFor(languageId)) return `paused for ${languageId}`;
    if (this.keyMissing()) return 'Codestral key missing';
    return router.budgetState('completion').level === 'spent' ? 'budget spent' : undefined;
  }

  /** Why the active file gets no completions (undefined: it gets them). */
  noteSkip(reason: string | undefined): void {
    if (reason === this.fileSkip) return;
    this.fileSkip = reason;
    this.bar.refresh();
  }

  noteServed(latencyMs: number): void {
    this.latency.note(latencyMs);
    this.bar.refresh();
  }

  noteStreaming(active: boolean): void {
    this.activity = active ? 'streaming' : 'idle';
    this.bar.refresh();
  }

  inputs(): StatusInputs {
    const { connections, ledger, pause } = this.deps;
    const now = Date.now();
    const today = todaySummary(ledger.records(), now);
    return {
      activity: this.activity,
      paused: pause.paused,
      keyMissing: this.keyMissing(),
      fileSkipReason: this.fileSkip,
      budget: this.deps.router.budgetState(),
      todaySpendUsd: ledger.spentSince(startOfLocalDay(now)),
      monthSpendUsd: ledger.spentSince(startOfLocalMonth(now)),
      dailyBudgetUsd: budgetLimits(this.deps.config).dailyUsd ?? undefined,
      lastLatencyMs: this.latency.last,
      medianLatencyMs: this.latency.median,
      todayByModel: today.spendByModel,
      todayRequests: today.totals.requests,
      acceptanceRate: today.acceptance.shown ? today.acceptance.rate : undefined,
      simulator: connections.connection('mistral').kind === 'simulator',
      ...(connections.rateLimits.latest ? { codestralQuota: connections.rateLimits.latest } : {}),
      rateLimitedUntilMs: connections.rateLimits.pausedUntilMs(),
      now,
    };
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.bar.dispose();
  }

  private keyMissing(): boolean {
    return this.deps.connections.connection('mistral').kind === 'missing-key';
  }

  private connectionChanged(): void {
    this.deps.notices.clear('auth:');
    this.raiseIfKeyMissing();
    this.bar.refresh();
  }

  /** Told once per connection state, and only while completions would otherwise run. */
  private raiseIfKeyMissing(): void {
    const { config, pause, notices } = this.deps;
    if (this.keyMissing() && config.get<boolean>('completions.enabled') && !pause.paused) notices.raise(KEY_MISSING_NOTICE);
  }
}
