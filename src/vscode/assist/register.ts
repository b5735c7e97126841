import * as vscode from 'vscode';
import type { AssistRouter } from '../../core/assist/runAssist';
import type { Log } from '../../core/log';
import type { NoticeBoard } from '../../core/notices';
import { redactSecrets } from '../../core/privacy/redact';
import { DEFAULT_THINKING, thinkingChoice } from '../../core/providers/claudeThinking';
import { resolvePrices } from '../../core/router/pricing';
import { chainFor, resolveRoutes } from '../../core/router/routes';
import type { Config } from '../config';
import type { Connections } from '../connections';
import { explainCommand, reviewCommand, type AssistCommandDeps, type ReviewKind } from './commands';
import { AssistPanel } from './panel';
import { registerReviewFixes, ReviewFixes } from './reviewFixes';
import { WorkspaceFiles } from './workspaceFiles';

export interface AssistWiring {
  router: AssistRouter;
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
    thinking: (task) =>
      thinkingChoice(
        w.config.get(`${task}.thinking`, DEFAULT_THINKING[task].thinking),
        w.config.get(`${task}.effort`, DEFAULT_THINKING[task].effort),
        DEFAULT_THINKING[task],
      ),
    panel,
    files: new WorkspaceFiles(w.excludedBy),
    fixes,
    config: w.config,
    log: w.log,
    notices: w.notices,
    prices: () => resolvePrices(w.config.get('prices', {})),
    firstModel: (task) => chainFor(resolveRoutes(w.config.get('routes', {})).table, task)[0]?.model ?? 'claude-sonnet-5-5',
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
