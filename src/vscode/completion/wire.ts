import * as vscode from 'vscode';
import { WorkspaceContext } from '../../core/completion/context/gather';
import { CompletionEngine, type FimDispatch } from '../../core/completion/engine';
import { noticeForError } from '../../core/errorNotices';
import type { LedgerSink } from '../../core/ledger/record';
import type { Log } from '../../core/log';
import type { NoticeBoard } from '../../core/notices';
import { containsPlaceholder, redactSecrets } from '../../core/privacy/redact';
import { ProviderError } from '../../core/providers/errors';
import type { Router } from '../../core/router/router';
import type { Config } from '../config';
import type { Connections } from '../connections';
import { completionSettings } from '../settings';
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
  /** Why completions are off everywhere (paused, disabled, key missing, budget spent). */
  disabledReason(): string | undefined;
  excludedBy(path: string): string | undefined;
  onSkip(reason: string | undefined): void;
  onStreaming(active: boolean): void;
  onServed(latencyMs: number): void;
}

/** Builds the completion engine over the router and registers the inline provider and its events. */
export function startCompletions(deps: CompletionDeps): { engine: CompletionEngine; provider: TandemInlineProvider; disposable: vscode.Disposable } {
  const context = new WorkspaceContext(workspaceSources((p) => deps.excludedBy(p) !== undefined));
  const engine = new CompletionEngine({
    dispatch: routedDispatch(deps),
    context,
    ledger: deps.ledger,
    settings: () => completionSettings(deps.config),
    log: deps.log,
    redact: (text) => redactSecrets(text).text,
    mustNotShow: containsPlaceholder,
    onError: (err) => reportError(deps, err),
    onStreaming: deps.onStreaming,
  });
  const provider = new TandemInlineProvider({ engine, log: deps.log, disabledReason: deps.disabledReason, excludedBy: deps.excludedBy, onSkip: deps.onSkip, onServed: deps.onServed });
  const disposable = vscode.Disposable.from(
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, provider),
    vscode.commands.registerCommand(ACCEPT_COMMAND, (id: string) => engine.acceptance.accepted(id)),
    watchEditorEvents(engine, context),
    prepareContextWhenEditorsChange(context),
    { dispose: () => engine.dispose() },
  );
  return { engine, provider, disposable };
}

function routedDispatch(deps: CompletionDeps): FimDispatch {
  return (req, signal) => {
    const routed = deps.router.stream({ task: 'completion', estimatedInputTokens: req.estimatedInputTokens, maxOutputTokens: req.maxTokens, signal, language: req.language, completion: { source: 'network', shown: false } }, (target, routeSignal) => {
      const client = deps.connections.codestral();
      if (!client) throw new ProviderError('auth', 'Codestral key missing — run "Tandem: Set Codestral API Key".', 'mistral');
      return client.stream({ model: target.model, prompt: req.prompt, suffix: req.suffix, maxTokens: req.maxTokens, stop: req.stop, temperature: req.temperature }, routeSignal);
    });
    return { recordId: routed.recordId, events: succeedOnce(routed.events, () => deps.notices.clear('outage:mistral')) };
  };
}

/** Clears a standing outage notice as soon as a completion streams again. */
async function* succeedOnce<T>(events: AsyncIterable<T>, onFirst: () => void): AsyncGenerator<T> {
  let first = true;
  for await (const e of events) {
    if (first) {
      first = false;
      onFirst();
    }
    yield e;
  }
}

function reportError(deps: CompletionDeps, err: unknown): void {
  const mapped = noticeForError(err);
  deps.log.warn(`completion failed: ${err instanceof Error ? err.message : String(err)}`);
  if (mapped) deps.notices.raise(mapped.notice, { transient: mapped.transient });
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
