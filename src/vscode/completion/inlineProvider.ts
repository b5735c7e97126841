import * as vscode from 'vscode';
import type { CompletionEngine } from '../../core/completion/engine';
import { gateDocument, type GateVerdict } from '../../core/guards/documentGate';
import type { Log } from '../../core/log';
import type { SuggestionLifecycle } from '../../core/completion/suggestionLifecycle';
import { documentFacts, pathOf, toDocumentView } from './documentView';

export interface ProviderDeps {
  engine: CompletionEngine;
  log: Log;
  /** Why completions are off right now (paused everywhere or for this language, key missing, budget spent), if they are. */
  disabledReason(languageId?: string): string | undefined;
  /** Exclusion verdict for a workspace-relative path (globs and .tandemignore). */
  excludedBy(path: string): string | undefined;
  /** The file-level reason completions are skipped for the active document, for the status bar. */
  onSkip(reason: string | undefined): void;
  /** Keystroke (provider call) → items returned, for suggestions that reach the editor. */
  onServed(latencyMs: number): void;
  /** Acceptance tracking with stable API: each ask, and each suggestion handed to the editor. */
  lifecycle: Pick<SuggestionLifecycle, 'requested' | 'offered'>;
}

export const ACCEPT_COMMAND = 'tandem.completionAccepted';

/**
 * The thin adapter: return early when the document must not be served, map the cancellation token
 * to an AbortSignal, ask the core, map the result to an item. Nothing else lives here.
 */
export class TandemInlineProvider implements vscode.InlineCompletionItemProvider {
  constructor(private readonly deps: ProviderDeps) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const started = performance.now();
    this.deps.lifecycle.requested();
    if (this.deps.disabledReason(document.languageId)) return undefined;
    const verdict = this.gate(document, position);
    this.deps.onSkip(verdict.serve ? undefined : verdict.reason);
    if (!verdict.serve) return undefined;
    if (context.selectedCompletionInfo) return undefined; // the suggest widget is open; its item wins
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const trigger = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke ? 'manual' : 'auto';
      const suggestion = await this.deps.engine.complete({ doc: toDocumentView(document), cursor: position, trigger }, controller.signal);
      if (!suggestion || token.isCancellationRequested) return undefined;
      // A replace range covers the closers right of the cursor that the suggestion re-types (`)`, `");`).
      const end = position.translate(0, Math.min(suggestion.replace, document.lineAt(position.line).text.length - position.character));
      const item = new vscode.InlineCompletionItem(suggestion.text, new vscode.Range(position, end), {
        title: 'Tandem: completion accepted',
        command: ACCEPT_COMMAND,
        arguments: [suggestion.id],
      });
      this.deps.lifecycle.offered(suggestion.id);
      this.deps.onServed(performance.now() - started);
      return [item];
    } catch (err) {
      this.deps.log.error(`completion failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    } finally {
      subscription.dispose();
    }
  }

  private gate(document: vscode.TextDocument, position: vscode.Position): GateVerdict {
    // Multi-cursor: VS Code asks for the primary cursor; the item is applied at each cursor when the text matches.
    return gateDocument(documentFacts(document, position, this.deps.excludedBy(pathOf(document.uri))));
  }
}
