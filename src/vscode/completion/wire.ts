import * as vscode from 'vscode';
import { WorkspaceContext } from '../../core/completion/context/gather';
import type { CompletionEngine } from '../../core/completion/engine';
import { createRoutedEngine, warmUpCompletions } from '../../core/completion/routed';
import { SuggestionLifecycle } from '../../core/completion/suggestionLifecycle';
import type { LedgerSink } from '../../core/ledger/record';
import type { Log } from '../../core/log';
import type { NoticeBoard } from '../../core/notices';
import type { Router } from '../../core/router/router';
import type { Config } from '../config';
import type { Connections } from '../connections';
import { completionSettings } from '../settings';
import { disposeSharedSyntax, sharedSyntax } from '../syntax';
import { ACCEPT_COMMAND, TandemInlineProvider } from './inlineProvider';
import { watchEditorEvents } from './editorEvents';
import { workspaceSources } from './workspaceSources';

export interface CompletionDeps {
  router: Pick<Router, 'stream' | 'budgetState'>;
  ledger: LedgerSink;
  connections: Connections;
  config: Config;
  log: Log;
  notices: NoticeBoard;
  excludedBy(path: string): string | undefined;
  status: CompletionStatus;
}

/** What completions tell the status bar, and ask it (the StatusController). */
export interface CompletionStatus {
  /** Why completions are off (paused everywhere or for this language, disabled, key missing, budget spent). */
  disabledReason(languageId?: string): string | undefined;
  noteSkip(reason: string | undefined): void;
  noteStreaming(active: boolean): void;
  noteServed(latencyMs: number): void;
}

/** Builds the completion engine over the router and registers the inline provider and its events. */
export function startCompletions(deps: CompletionDeps): {
  engine: CompletionEngine;
  provider: TandemInlineProvider;
  disposable: vscode.Disposable;
} {
  const context = new WorkspaceContext(workspaceSources((p) => deps.excludedBy(p) !== undefined));
  const engine = createRoutedEngine({
    router: deps.router,
    codestral: () => deps.connections.codestral(),
    ledger: deps.ledger,
    context,
    settings: () => completionSettings(deps.config),
    log: deps.log,
    notices: deps.notices,
    onStreaming: (active) => deps.status.noteStreaming(active),
    rateLimits: deps.connections.rateLimits,
    cacheScope: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('\n'),
    syntax: (languageId, prefix, suffix, key) => sharedSyntax().cursorProbe(languageId, prefix, suffix, key),
  });
  const lifecycle = new SuggestionLifecycle(engine.acceptance);
  const provider = new TandemInlineProvider({
    engine,
    log: deps.log,
    disabledReason: (languageId) => deps.status.disabledReason(languageId),
    excludedBy: deps.excludedBy,
    onSkip: (reason) => deps.status.noteSkip(reason),
    onServed: (ms) => deps.status.noteServed(ms),
    lifecycle,
  });
  const disposable = vscode.Disposable.from(
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, provider),
    vscode.commands.registerCommand(ACCEPT_COMMAND, (id: string) => {
      lifecycle.accepted(id);
      markFirstAccept();
    }),
    watchEditorEvents(engine, context, lifecycle),
    { dispose: () => lifecycle.dispose() },
    prepareContextWhenEditorsChange(context),
    warmUpSoon(deps.log),
    { dispose: () => engine.dispose() },
    { dispose: disposeSharedSyntax },
  );
  return { engine, provider, disposable };
}

let accepted = false;

/** The walkthrough's "Accept a completion" step completes on this context key (`onContext:`). */
function markFirstAccept(): void {
  if (accepted) return;
  accepted = true;
  void vscode.commands.executeCommand('setContext', 'tandem.completionAccepted', true);
}

/** Once, a moment after activation: the first completion should not pay for cold code. */
function warmUpSoon(log: Log): vscode.Disposable {
  const timer = setTimeout(() => void warmUpCompletions(log), 1000);
  return { dispose: () => clearTimeout(timer) };
}

/** Index open editors for the similar-code search when tabs change, off the keystroke path. */
function prepareContextWhenEditorsChange(context: WorkspaceContext): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => context.prepare(), 500);
  };
  schedule();
  const subscription = vscode.window.tabGroups.onDidChangeTabs(schedule);
  return { dispose: () => (subscription.dispose(), timer && clearTimeout(timer)) };
}
