import * as vscode from 'vscode';
import type { AssistRouter } from '../../core/assist/runAssist';
import type { Log } from '../../core/log';
import type { NoticeBoard } from '../../core/notices';
import { redactSecrets } from '../../core/privacy/redact';
import type { Config } from '../config';
import type { Connections } from '../connections';
import type { LiveRouter } from '../liveRouter';
import { assistSettings } from '../settings';
import { explainCommand, reviewCommand, type AssistCommandDeps, type ReviewKind } from './commands';
import { AssistPanel } from './panel';
import { registerReviewFixes, ReviewFixes } from './reviewFixes';
import { WorkspaceFiles } from './workspaceFiles';

export interface AssistWiring {
  router: AssistRouter & Pick<LiveRouter, 'prices' | 'firstModel'>;
  connections: Connections;
  config: Config;
  log: Log;
  notices: NoticeBoard;
  excludedBy(path: string): string | undefined;
}

/** The explain and review commands, their panel, their diagnostics and the review's quick fixes. */
export function registerAssistCommands(
  context: vscode.ExtensionContext,
  w: AssistWiring,
): { panel: AssistPanel; disposables: vscode.Disposable[] } {
  const panel = new AssistPanel(context.extensionUri);
  const diagnostics = vscode.languages.createDiagnosticCollection('tandem-review');
  const fixes = new ReviewFixes(diagnostics, w.log);
  const deps: AssistCommandDeps = {
    router: w.router,
    claude: () => w.connections.claude(),
    redact: (text) => redactSecrets(text).text,
    thinking: (task) => assistSettings(w.config, task).thinking,
    panel,
    files: new WorkspaceFiles(w.excludedBy),
    fixes,
    config: w.config,
    log: w.log,
    notices: w.notices,
    prices: () => w.router.prices(),
    firstModel: (task) => w.router.firstModel(task),
    excludedBy: w.excludedBy,
  };
  const disposables = [
    panel,
    diagnostics,
    vscode.commands.registerCommand('tandem.explain', () => explainCommand(deps)),
    vscode.commands.registerCommand('tandem.review', (kind?: ReviewKind) => reviewCommand(deps, kind)),
    vscode.commands.registerCommand('tandem.clearReview', () => fixes.clear()),
    ...registerReviewFixes(fixes),
  ];
  return { panel, disposables };
}
