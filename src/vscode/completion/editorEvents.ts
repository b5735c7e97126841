import * as vscode from 'vscode';
import type { WorkspaceContext } from '../../core/completion/context/gather';
import type { CompletionEngine } from '../../core/completion/engine';
import { pathOf } from './documentView';

/**
 * Feeds editor events to the completion core: keystrokes (typing rhythm), edited regions (recent-edits
 * context), partial accepts (word/line accept inserts the start of the shown suggestion) and
 * dismissals (the cursor left the line).
 */
export function watchEditorEvents(engine: CompletionEngine, context: WorkspaceContext): vscode.Disposable {
  let partial: { id: string; taken: number } | undefined;
  let lastLine: number | undefined;

  const onChange = vscode.workspace.onDidChangeTextDocument((e) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || e.document !== editor.document || e.contentChanges.length === 0) return;
    engine.noteKeystroke();
    const path = pathOf(e.document.uri);
    for (const change of e.contentChanges) context.recentEdits.noteEdit(path, change.range.start.line, Date.now());
    const inserted = e.contentChanges.length === 1 ? e.contentChanges[0]!.text : '';
    const shown = engine.acceptance.lastShown();
    if (!shown || inserted.length < 2) return;
    const taken = partial?.id === shown.id ? partial.taken : 0;
    if (shown.text.startsWith(inserted, taken)) {
      partial = { id: shown.id, taken: taken + inserted.length };
      engine.acceptance.partiallyAccepted(shown.id, partial.taken);
    }
  });

  const onSelection = vscode.window.onDidChangeTextEditorSelection((e) => {
    const line = e.selections[0]?.active.line;
    if (lastLine !== undefined && line !== lastLine && e.kind !== vscode.TextEditorSelectionChangeKind.Command) {
      const shown = engine.acceptance.lastShown();
      if (shown && partial?.id !== shown.id) engine.acceptance.dismissed(shown.id);
    }
    lastLine = line;
  });

  const onClose = vscode.workspace.onDidCloseTextDocument((d) => context.recentEdits.forget(pathOf(d.uri)));
  return vscode.Disposable.from(onChange, onSelection, onClose);
}
