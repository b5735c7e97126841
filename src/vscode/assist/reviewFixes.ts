import * as vscode from 'vscode';
import { needsPreview, planFixes } from '../../core/assist/findings/fixes';
import type { Finding } from '../../core/assist/types';
import type { Log } from '../../core/log';

export const APPLY_FIX_COMMAND = 'tandem.applyReviewFix';
export const FIX_ALL_COMMAND = 'tandem.fixAllReviewFindings';
const SOURCE = 'Tandem review';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

interface Entry {
  id: number;
  finding: Finding;
  diagnostic: vscode.Diagnostic;
}

/**
 * The review's diagnostics and the fixes behind them: "Apply Tandem's fix" and "Fix all Tandem
 * findings in this file" as quick fixes. A fix is applied only where the lines still hash as
 * reviewed (or moved unchanged); otherwise it is refused with a message. Multi-line fixes open the
 * refactor preview (a diff) before anything changes.
 */
export class ReviewFixes implements vscode.Disposable {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
  private readonly byUri = new Map<string, Entry[]>();
  private nextId = 1;

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly log: Log,
  ) {}

  /** Replaces every Tandem diagnostic with these findings (paths relative to the first folder). */
  show(findings: readonly Finding[]): void {
    this.clear();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    for (const finding of findings) {
      const uri = vscode.Uri.joinPath(folder.uri, finding.path).toString();
      const d = new vscode.Diagnostic(
        new vscode.Range(finding.line - 1, 0, (finding.endLine ?? finding.line) - 1, Number.MAX_SAFE_INTEGER),
        finding.message,
        SEVERITY[finding.severity],
      );
      d.source = SOURCE;
      this.byUri.set(uri, [...(this.byUri.get(uri) ?? []), { id: this.nextId++, finding, diagnostic: d }]);
    }
    this.publish();
  }

  clear(): void {
    this.byUri.clear();
    this.collection.clear();
  }

  /** The quick fixes for the diagnostics VS Code asks about (the CodeActionProvider's answer). */
  actionsFor(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entries = this.byUri.get(document.uri.toString()) ?? [];
    const asked = context.diagnostics.filter((d) => d.source === SOURCE);
    const actions = entries
      .filter((e) => e.finding.fix && asked.some((d) => d.message === e.diagnostic.message && d.range.isEqual(e.diagnostic.range)))
      .map((e) =>
        this.action(
          `Apply Tandem's fix${needsPreview(e.finding.fix!) ? ' (preview)…' : ''}`,
          [e.diagnostic],
          [document.uri.toString(), [e.id]],
          !needsPreview(e.finding.fix!),
        ),
      );
    const fixable = entries.filter((e) => e.finding.fix);
    if (actions.length > 0 && fixable.length > 1) {
      actions.push(
        this.action(
          'Fix all Tandem findings in this file',
          fixable.map((e) => e.diagnostic),
          [document.uri.toString(), fixable.map((e) => e.id)],
          false,
        ),
      );
    }
    return actions;
  }

  /** Applies the fixes with these ids (all fixable ones of the file when omitted); resolves to how many were applied. */
  async apply(uriText: string, ids?: readonly number[]): Promise<number> {
    const uri = vscode.Uri.parse(uriText);
    const chosen = (this.byUri.get(uriText) ?? []).filter((e) => e.finding.fix && (!ids || ids.includes(e.id)));
    if (chosen.length === 0) {
      void vscode.window.showInformationMessage('Tandem: no fix to apply here any more — run the review again.');
      return 0;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const plan = planFixes(
      doc.getText(),
      chosen.map((e) => e.finding),
      doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    );
    if (plan.refused.length > 0) this.reportRefused(plan.refused.length, chosen.length);
    if (plan.edits.length === 0) return 0;
    const preview = plan.edits.some((e) => needsPreview(e.finding.fix!));
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits) {
      const range = new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end));
      edit.replace(uri, range, e.insert, { needsConfirmation: preview, label: `Tandem's fix: ${e.finding.message}` });
    }
    if (!(await vscode.workspace.applyEdit(edit))) return 0;
    const applied = new Set(plan.edits.map((e) => e.finding));
    this.byUri.set(
      uriText,
      (this.byUri.get(uriText) ?? []).filter((e) => !applied.has(e.finding)),
    );
    this.publish();
    this.log.info(`review: applied ${applied.size} fix(es) in ${uri.path}`);
    return applied.size;
  }

  private reportRefused(refused: number, asked: number): void {
    const which = asked === 1 ? 'This fix was' : `${refused} of ${asked} fixes were`;
    void vscode.window.showWarningMessage(
      `Tandem: ${which} not applied — the lines changed since the review, so the fix could land on the wrong code. Run the review again for a fresh fix.`,
    );
  }

  private action(title: string, diagnostics: vscode.Diagnostic[], args: [string, number[]], preferred: boolean): vscode.CodeAction {
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = diagnostics;
    action.isPreferred = preferred;
    action.command = { command: APPLY_FIX_COMMAND, title, arguments: args };
    return action;
  }

  private publish(): void {
    this.collection.clear();
    for (const [uri, entries] of this.byUri)
      if (entries.length > 0)
        this.collection.set(
          vscode.Uri.parse(uri),
          entries.map((e) => e.diagnostic),
        );
  }

  dispose(): void {
    this.byUri.clear();
  }
}

/** The provider and the commands, each a registered Disposable. */
export function registerReviewFixes(fixes: ReviewFixes): vscode.Disposable[] {
  return [
    fixes,
    vscode.languages.registerCodeActionsProvider(
      { scheme: 'file' },
      { provideCodeActions: (doc, _range, context) => fixes.actionsFor(doc, context) },
      ReviewFixes.metadata,
    ),
    vscode.commands.registerCommand(APPLY_FIX_COMMAND, (uri: string, ids?: number[]) => fixes.apply(uri, ids)),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, (uri?: string) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      return target ? fixes.apply(target) : Promise.resolve(0);
    }),
  ];
}
