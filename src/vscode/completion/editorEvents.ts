import * as vscode from 'vscode';
import type { WorkspaceContext } from '../../core/completion/context/gather';
import type { CompletionEngine } from '../../core/completion/engine';
import type { SuggestionLifecycle } from '../../core/completion/suggestionLifecycle';
import { pathOf } from './documentView';

/**
 * Feeds editor events to the completion core: keystrokes (typing rhythm), edited regions (recent-edits
 * context), and, for acceptance tracking with stable API only, the edits and cursor moves that tell
 * a partial accept or a dismissal (see SuggestionLifecycle).
 */
export function watchEditorEvents(engine: CompletionEngine, context: WorkspaceContext, lifecycle: SuggestionLifecycle): vscode.Disposable {
  let lastLine: number | undefined;

  const onChange = vscode.workspace.onDidChangeTextDocument((e) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || e.document !== editor.document || e.contentChanges.length === 0) return;
    engine.noteKeystroke();
    const path = pathOf(e.document.uri);
    for (const change of e.contentChanges) context.recentEdits.noteEdit(path, change.range.start.line, Date.now());
    lifecycle.edited(e.contentChanges.length === 1 ? e.contentChanges[0]!.text : '');
  });

  const onSelection = vscode.window.onDidChangeTextEditorSelection((e) => {
    const line = e.selections[0]?.active.line;
    if (lastLine !== undefined && line !== lastLine && e.kind !== vscode.TextEditorSelectionChangeKind.Command) lifecycle.cursorLeftLine();
    lastLine = line;
  });

  const onClose = vscode.workspace.onDidCloseTextDocument((d) => context.recentEdits.forget(pathOf(d.uri)));
  return vscode.Disposable.from(onChange, onSelection, onClose);
}
