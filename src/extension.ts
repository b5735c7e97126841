import * as vscode from 'vscode';
import type { CompletionEngine } from './core/completion/engine';
import { aggregate } from './core/ledger/aggregate';
import type { Aggregates } from './core/ledger/aggregateTypes';
import { Ledger } from './core/ledger/ledger';
import { Budgets, startOfLocalDay, startOfLocalMonth } from './core/router/budgets';
import { resolvePrices } from './core/router/pricing';
import { Router } from './core/router/router';
import { Breakers } from './core/router/breaker';
import type { Log } from './core/log';
import { resolveRoutes } from './core/router/routes';
import { LatencyWindow } from './core/status/latencyWindow';
import type { StatusInputs } from './core/status/statusModel';
import type { AssistPanel } from './vscode/assist/panel';
import { registerAssistCommands } from './vscode/assist/register';
import { startCompletions } from './vscode/completion/wire';
import { Config } from './vscode/config';
import { Connections } from './vscode/connections';
import { Exclusions } from './vscode/exclusions';
import { createLog } from './vscode/log';
import { createNoticeBoard } from './vscode/notices';
import { CompletionPause } from './vscode/pause';
import { Keys, promptForKey } from './vscode/secrets';
import { budgetLimits } from './vscode/settings';
import { TandemStatusBar } from './vscode/statusBar';
import { registerMenus } from './vscode/menus/register';
import { openWalkthroughOnce } from './vscode/menus/walkthrough';
import { startOtlpExport } from './vscode/telemetry/otlp';
import { TelemetryView } from './vscode/telemetry/panel';

/**
 * Test hooks into the wired services, returned from activate only when the extension host runs in
 * test mode (`ExtensionMode.Test`): any other extension could read a normal activation's exports.
 * The API keys are never part of it.
 */
export interface TandemApi {
  readonly config: Config;
  readonly ledger: Ledger;
  readonly engine: CompletionEngine;
  readonly inlineProvider: vscode.InlineCompletionItemProvider;
  readonly assistPanel: AssistPanel;
  readonly telemetry: TelemetryView;
  readonly statusBar: TandemStatusBar;
  readonly activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<TandemApi | undefined> {
  const started = Date.now();
  const log = createLog();
  context.subscriptions.push(log);
  try {
    const config = new Config();
    const keys = new Keys(context.secrets);
    const connections = new Connections(keys, config);
    const exclusions = new Exclusions(config, log);
    const pause = new CompletionPause(context.globalState);
    const notices = createNoticeBoard(log);
    context.subscriptions.push(config, keys, connections, exclusions, pause);
    await keys.load();
    void exclusions.reload();

    const ledger = await Ledger.open({ dir: context.globalStorageUri.fsPath, retentionDays: config.get('ledger.retentionDays', 90), log });
    openLedger = ledger;
    const budgets = new Budgets({ spend: ledger, book: ledger, limits: budgetLimits(config) });
    const router = liveRouter(config, connections, budgets, ledger, log);
    context.subscriptions.push(router, config.onDidChange('budget', () => budgets.setLimits(budgetLimits(config))));

    const latency = new LatencyWindow();
    let activity: StatusInputs['activity'] = 'idle';
    let fileSkip: string | undefined;
    const statusBar = new TandemStatusBar(() => statusInputs());
    const disabledReason = (languageId?: string): string | undefined => {
      if (!config.get('completions.enabled', true)) return 'disabled in settings';
      if (pause.paused) return 'paused';
      if (languageId && pause.pausedFor(languageId)) return `paused for ${languageId}`;
      if (connections.connection('mistral').kind === 'missing-key') {
        notices.raise({ key: 'auth:mistral', message: 'Codestral key missing — set it to get completions.', severity: 'warning', actions: ['Set Codestral key'] });
        return 'Codestral key missing';
      }
      return router.budgetState('completion').level === 'spent' ? 'budget spent' : undefined;
    };
    const completions = startCompletions({
      router, ledger, connections, config, log, notices, disabledReason,
      excludedBy: (p) => exclusions.excludedBy(p),
      onSkip: (reason) => {
        if (reason === fileSkip) return;
        fileSkip = reason;
        statusBar.refresh();
      },
      onServed: (ms) => {
        latency.note(ms);
        statusBar.refresh();
      },
      onStreaming: (active) => {
        activity = active ? 'streaming' : 'idle';
        statusBar.refresh();
      },
    });

    const telemetry = new TelemetryView({ extensionUri: context.extensionUri, ledger, log, dailyBudgetUsd: () => budgetLimits(config).dailyUsd ?? undefined });
    const assist = registerAssistCommands(context, { router, connections, config, log, notices, excludedBy: (p) => exclusions.excludedBy(p) });

    function statusInputs(): StatusInputs {
      const now = Date.now();
      const budget = router.budgetState();
      const today = todaySummary(ledger, now);
      return {
        activity, paused: pause.paused, keyMissing: connections.connection('mistral').kind === 'missing-key', fileSkipReason: fileSkip, budget,
        todaySpendUsd: ledger.spentSince(startOfLocalDay(now)), monthSpendUsd: ledger.spentSince(startOfLocalMonth(now)),
        dailyBudgetUsd: budgetLimits(config).dailyUsd ?? undefined, lastLatencyMs: latency.last, medianLatencyMs: latency.median,
        todayByModel: today.spendByModel, todayRequests: today.totals.requests, acceptanceRate: today.acceptance.shown ? today.acceptance.rate : undefined,
        simulator: connections.connection('mistral').kind === 'simulator',
        ...(connections.rateLimits.latest ? { codestralQuota: connections.rateLimits.latest } : {}),
        rateLimitedUntilMs: connections.rateLimits.pausedUntilMs(), now,
      };
    }

    context.subscriptions.push(
      statusBar,
      completions.disposable,
      ledger.onDidChange(() => statusBar.refresh()),
      connections.onDidChange(() => (notices.clear('auth:'), statusBar.refresh())),
      pause.onDidChange(() => statusBar.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => ((fileSkip = undefined), statusBar.refresh())),
      vscode.commands.registerCommand('tandem.setCodestralKey', () => promptForKey(keys, 'mistral')),
      vscode.commands.registerCommand('tandem.setAnthropicKey', () => promptForKey(keys, 'anthropic')),
      vscode.commands.registerCommand('tandem.toggleCompletions', () => pause.toggle()),
      vscode.commands.registerCommand('tandem.showLog', () => log.show()),
      ...assist.disposables,
      telemetry,
      vscode.commands.registerCommand('tandem.showTelemetry', () => telemetry.show()),
      startOtlpExport(config, ledger, log, String(context.extension.packageJSON.version)),
      registerMenus({
        config, pause,
        prices: () => resolvePrices(config.get('prices', {})),
        spent: (cap) => (cap === 'monthly' ? ledger.spentSince(startOfLocalMonth(Date.now())) : ledger.spentSince(startOfLocalDay(Date.now()))),
        menuInputs: () => ({ todaySpendUsd: ledger.spentSince(startOfLocalDay(Date.now())), dailyBudgetUsd: budgetLimits(config).dailyUsd ?? undefined }),
      }),
    );
    openWalkthroughOnce(context);
    const activationMs = Date.now() - started;
    log.info(`Tandem activated in ${activationMs} ms (completions: ${connections.connection('mistral').kind})`);
    if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
    return { config, ledger, engine: completions.engine, inlineProvider: completions.provider, assistPanel: assist.panel, telemetry, statusBar, activationMs };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(`Tandem failed to start: ${message}`, 'Open Log').then((choice) => {
      if (choice) log.show();
    });
    throw err;
  }
}

/** Today's aggregates for the status bar tooltip (only today's records are aggregated). */
function todaySummary(ledger: Ledger, now: number): Aggregates {
  const fromMs = startOfLocalDay(now);
  return aggregate(ledger.records().filter((r) => r.ts >= fromMs), { fromMs, toMs: now, bucket: 'hour' });
}

/**
 * The router, rebuilt when routes or prices change; budgets and circuit breakers carry over so open
 * circuits and in-flight reservations survive a settings edit. A provider's circuits close when its
 * key or endpoint changes: the fix should work at once, not after the cool-down.
 */
function liveRouter(config: Config, connections: Connections, budgets: Budgets, ledger: Ledger, log: Log): Pick<Router, 'stream' | 'budgetState'> & vscode.Disposable {
  const breakers = new Breakers();
  const build = (): Router => {
    const routes = resolveRoutes(config.get('routes', {}));
    if (routes.invalid.length) log.warn(`tandem.routes: ignored ${routes.invalid.join('; ')}`);
    return new Router({ routes: routes.table, prices: resolvePrices(config.get('prices', {})), budgets, breakers, ledger, log });
  };
  let current = build();
  const subscriptions = [
    config.onDidChange('routes', () => (current = build())),
    config.onDidChange('prices', () => (current = build())),
    connections.onDidChange((provider) => breakers.reset(provider)),
  ];
  return {
    stream: (req, invoke) => current.stream(req, invoke),
    budgetState: (task) => current.budgetState(task),
    dispose: () => subscriptions.forEach((d) => d.dispose()),
  };
}

/** The ledger is closed here, not in a Disposable, so VS Code waits for its last lines to reach the disk. */
let openLedger: Ledger | undefined;

export function deactivate(): Promise<void> | undefined {
  const ledger = openLedger;
  openLedger = undefined;
  return ledger?.close();
}
