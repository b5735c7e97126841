import * as vscode from 'vscode';
import { splitGitDiff } from '../../core/assist/prompt/diff';
import { enclosingBlock, type EditorSymbol } from '../../core/assist/blocks/enclosing';
import { findingsFromText, parseFindings } from '../../core/assist/findings/findings';
import { sealFixes } from '../../core/assist/findings/fixes';
import { buildExplainRequest, buildReviewRequest, type ReviewScope } from '../../core/assist/prompt/prompts';
import type { Finding, LineRange, TargetFile } from '../../core/assist/types';
import { pathOf } from '../completion/documentView';
import { assistSettings, type AssistSettings } from '../settings';
import { sharedSyntax } from '../syntax';
import { gitDiff } from './git';
import type { AssistCommandDeps } from './deps';
import type { WorkspaceFiles } from './workspaceFiles';
import { converse, footer } from './turns';

export type { AssistCommandDeps } from './deps';

function pick({ contextTokens, maxTokens }: AssistSettings): { contextTokens: number; maxTokens: number } {
  return { contextTokens, maxTokens };
}

export type ReviewKind = 'selection' | 'file' | 'changes' | 'staged';

/** Explain: the selection, or the enclosing function/class when nothing is selected; streamed into the panel. */
export async function explainCommand(deps: AssistCommandDeps): Promise<void> {
  const target = await activeTarget(deps);
  if (!target) return;
  const { editor, file } = target;
  const range = selectedLines(editor) ?? (await enclosingRange(editor));
  const [related, conventions] = await Promise.all([deps.files.related(file.path, file.text, file.languageId), deps.files.conventions()]);
  const where = range ? `${file.path}:${range.startLine}-${range.endLine}` : file.path;
  const request = buildExplainRequest({
    target: file,
    ...(range ? { range } : {}),
    related,
    conventions,
    ...pick(assistSettings(deps.config, 'explain')),
  });
  await converse(deps, 'explain', `Explain ${where}`, request, (result, session, stream) => {
    stream.finish(result.stopReason ?? 'end_turn');
    session.post({ type: 'done', text: stream.renderable(), footer: footer(deps, result) });
  });
}

/** Review of the selection, the file, or the Git working-tree/staged changes; findings become diagnostics with quick fixes. */
export async function reviewCommand(deps: AssistCommandDeps, kind?: ReviewKind): Promise<Finding[] | undefined> {
  const chosen = kind ?? (await pickReviewKind());
  if (!chosen) return undefined;
  const input = await reviewInput(deps, chosen);
  if (!input) return undefined;
  const [conventions] = await Promise.all([deps.files.conventions()]);
  let findings: Finding[] | undefined;
  const request = buildReviewRequest({
    ...input.input,
    related: input.related,
    conventions,
    ...pick(assistSettings(deps.config, 'review')),
  } as Parameters<typeof buildReviewRequest>[0]);
  const scope = request.scope;
  await converse(deps, 'review', `Review ${input.title}`, request, (result, session) => {
    const parsed = result.toolInput !== undefined ? parseFindings(result.toolInput, scope) : findingsFromText(result.text, scope);
    findings = sealFixes(parsed.findings, (path) => input.texts.get(path), deps.redact);
    deps.fixes.show(findings);
    const note = parsed.malformed ? '\n\n_Some findings could not be read and were left out._' : '';
    const summary = parsed.summary && !result.text.includes(parsed.summary) ? `${parsed.summary}\n\n` : '';
    session.post({ type: 'done', text: `${summary}${result.text}${note}`.trim() || `No findings.`, footer: footer(deps, result) });
    session.post({ type: 'findings', findings });
  });
  return findings;
}

async function activeTarget(deps: AssistCommandDeps): Promise<{ editor: vscode.TextEditor; file: TargetFile } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Tandem: open a file first.');
    return undefined;
  }
  const path = pathOf(editor.document.uri);
  const excluded = deps.excludedBy(path);
  if (excluded) {
    void vscode.window.showWarningMessage(`Tandem does not send ${path} anywhere: it is excluded (${excluded}).`);
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window
      .showWarningMessage('Tandem: explain and review are off in Restricted Mode.', 'Manage trust')
      .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
    return undefined;
  }
  return { editor, file: { path, text: editor.document.getText(), languageId: editor.document.languageId } };
}

/** 1-based lines of a non-empty selection (a selection ending at column 0 does not include that line). */
function selectedLines(editor: vscode.TextEditor): LineRange | undefined {
  const s = editor.selection;
  if (s.isEmpty) return undefined;
  const end = s.end.character === 0 && s.end.line > s.start.line ? s.end.line - 1 : s.end.line;
  return { startLine: s.start.line + 1, endLine: end + 1 };
}

async function enclosingRange(editor: vscode.TextEditor): Promise<LineRange | undefined> {
  const doc = editor.document;
  const raw = await vscode.commands
    .executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri)
    .then(
      (r) => r ?? [],
      () => [],
    );
  const symbols: EditorSymbol[] = [];
  const walk = (list: vscode.DocumentSymbol[]): void => {
    for (const s of list) {
      if (!('range' in s)) continue;
      symbols.push({ name: s.name, startLine: s.range.start.line + 1, endLine: s.range.end.line + 1, kind: vscode.SymbolKind[s.kind] });
      walk(s.children ?? []);
    }
  };
  walk(raw);
  const text = doc.getText();
  const fromSyntax = symbols.length
    ? undefined
    : await sharedSyntax()
        .enclosingDeclaration(doc.languageId, text, editor.selection.active.line + 1, doc.uri.toString())
        .catch(() => 'no-grammar' as const);
  return enclosingBlock(text, doc.offsetAt(editor.selection.active), doc.languageId, symbols, fromSyntax);
}

async function pickReviewKind(): Promise<ReviewKind | undefined> {
  const hasSelection = !(vscode.window.activeTextEditor?.selection.isEmpty ?? true);
  const items: Array<vscode.QuickPickItem & { scope: ReviewKind }> = [
    ...(hasSelection ? [{ label: '$(selection) Selection', scope: 'selection' as const }] : []),
    { label: '$(file) Current file', scope: 'file' },
    { label: '$(git-compare) Working-tree changes', description: 'git diff', scope: 'changes' },
    { label: '$(git-commit) Staged changes', description: 'git diff --cached', scope: 'staged' },
  ];
  return (await vscode.window.showQuickPick(items, { title: 'Tandem: review what?' }))?.scope;
}

type ReviewInputs = {
  title: string;
  related: Awaited<ReturnType<WorkspaceFiles['related']>>;
  input: { target?: TargetFile; scope: ReviewScope };
  /** Each reviewed file's text as sent, to seal the fixes against. */
  texts: Map<string, string>;
};

async function reviewInput(deps: AssistCommandDeps, kind: ReviewKind): Promise<ReviewInputs | undefined> {
  if (kind === 'changes' || kind === 'staged') return changesInput(deps, kind === 'staged');
  const target = await activeTarget(deps);
  if (!target) return undefined;
  const related = await deps.files.related(target.file.path, target.file.text, target.file.languageId);
  const lines = kind === 'selection' ? selectedLines(target.editor) : undefined;
  if (kind === 'selection' && !lines) {
    void vscode.window.showInformationMessage('Tandem: select the code to review first.');
    return undefined;
  }
  const scope: ReviewScope = lines ? { kind: 'selection', ...lines } : { kind: 'file' };
  return {
    title: lines ? `${target.file.path}:${lines.startLine}-${lines.endLine}` : target.file.path,
    related,
    input: { target: target.file, scope },
    texts: new Map([[target.file.path, target.file.text]]),
  };
}

async function changesInput(deps: AssistCommandDeps, staged: boolean): Promise<ReviewInputs | undefined> {
  const result = await gitDiff(staged);
  if ('error' in result) {
    void vscode.window.showWarningMessage(`Tandem: cannot review changes — ${result.error}.`);
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  const files = [];
  for (const f of splitGitDiff(result.diff)) {
    const path = pathOf(vscode.Uri.joinPath(result.root, f.path));
    const oldPath = f.oldPath === undefined ? undefined : pathOf(vscode.Uri.joinPath(result.root, f.oldPath));
    // A rename shows the old file's lines too: either side excluded keeps the file out.
    if (deps.excludedBy(path) || (oldPath !== undefined && deps.excludedBy(oldPath)) || (folder && path.startsWith('/'))) continue;
    files.push({ path, diff: f.diff, text: (await deps.files.read(path))?.text });
  }
  if (files.length === 0) {
    void vscode.window.showInformationMessage(`Tandem: no ${staged ? 'staged' : 'uncommitted'} changes to review.`);
    return undefined;
  }
  // Staged review: the file on disk may differ from the staged text the diff numbers, so no fixes there.
  const texts = new Map(staged ? [] : files.flatMap((f) => (f.text !== undefined ? [[f.path, f.text] as const] : [])));
  return {
    title: `${staged ? 'staged' : 'uncommitted'} changes (${files.length} file${files.length === 1 ? '' : 's'})`,
    related: [],
    input: { scope: { kind: 'changes', files } },
    texts,
  };
}
