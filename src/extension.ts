import * as vscode from 'vscode';
import { Ledger } from './core/ledger/ledger';
import { registerAssistCommands } from './vscode/assist/register';
import { registerServiceCommands } from './vscode/commands';
import { startCompletions } from './vscode/completion/wire';
import { Config } from './vscode/config';
import { Connections } from './vscode/connections';
import { Exclusions } from './vscode/exclusions';
import { liveRouter } from './vscode/liveRouter';
import { createLog, reportActivationFailure } from './vscode/log';
import { menuDeps, registerMenus } from './vscode/menus/register';
import { openWalkthroughOnce } from './vscode/menus/walkthrough';
import { createNoticeBoard } from './vscode/notices';
import { CompletionPause } from './vscode/pause';
import { Keys } from './vscode/secrets';
import { budgetLimits } from './vscode/settings';
import { StatusController } from './vscode/statusController';
import { startOtlpExport } from './vscode/telemetry/otlp';
import { TelemetryView } from './vscode/telemetry/panel';
import { testApi, type TandemApi } from './vscode/testApi';

export type { TandemApi } from './vscode/testApi';

/** Builds the services and wires them; every one is a Disposable in `context.subscriptions`. */
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
    const excludedBy = (path: string): string | undefined => exclusions.excludedBy(path);
    context.subscriptions.push(config, keys, connections, exclusions, pause);
    await keys.load();
    void exclusions.reload();

    const ledger = await Ledger.open({ dir: context.globalStorageUri.fsPath, retentionDays: config.number('ledger.retentionDays'), log });
    openLedger = ledger;
    const router = liveRouter(config, connections, ledger, log);
    const status = new StatusController({ config, pause, connections, router, ledger, notices });
    const completions = startCompletions({ router, ledger, connections, config, log, notices, excludedBy, status });
    const telemetry = new TelemetryView({
      extensionUri: context.extensionUri,
      ledger,
      log,
      dailyBudgetUsd: () => budgetLimits(config).dailyUsd ?? undefined,
    });
    const assist = registerAssistCommands(context, { router, connections, config, log, notices, excludedBy });

    context.subscriptions.push(
      router,
      status,
      completions.disposable,
      ...assist.disposables,
      telemetry,
      registerServiceCommands({ keys, pause, log, telemetry }),
      startOtlpExport(config, ledger, log, String(context.extension.packageJSON.version), router.prices),
      registerMenus(menuDeps(config, pause, ledger, router.prices)),
    );
    openWalkthroughOnce(context);
    const activationMs = Date.now() - started;
    log.info(`Tandem activated in ${activationMs} ms (completions: ${connections.connection('mistral').kind})`);
    const { engine, provider: inlineProvider } = completions;
    return testApi(context, {
      config,
      ledger,
      engine,
      inlineProvider,
      assistPanel: assist.panel,
      telemetry,
      statusBar: status.bar,
      activationMs,
    });
  } catch (err) {
    reportActivationFailure(log, err);
    throw err;
  }
}

/** The ledger is closed here, not in a Disposable, so VS Code waits for its last lines to reach the disk. */
let openLedger: Ledger | undefined;

export function deactivate(): Promise<void> | undefined {
  const ledger = openLedger;
  openLedger = undefined;
  return ledger?.close();
}
