import * as vscode from 'vscode';
import { splitGitDiff } from '../../core/assist/diff';
import { enclosingBlock, type EditorSymbol } from '../../core/assist/enclosing';
import { ExplainStream } from '../../core/assist/explainStream';
import { findingsFromText, parseFindings } from '../../core/assist/findings';
import { buildExplainRequest, buildReviewRequest, type ReviewScope } from '../../core/assist/prompts';
import { runAssistReported, type AssistDeps, type AssistResult } from '../../core/assist/runAssist';
import type { Finding, LineRange, TargetFile } from '../../core/assist/types';
import type { Log } from '../../core/log';
import type { NoticeBoard } from '../../core/notices';
import { costOf, type PriceTable } from '../../core/router/pricing';
import { formatUsd } from '../../core/status/statusModel';
import { pathOf } from '../completion/documentView';
import type { Config } from '../config';
import { gitDiff } from './git';
import type { AssistPanel } from './panel';
import type { WorkspaceFiles } from './workspaceFiles';

export interface AssistCommandDeps extends AssistDeps {
  panel: AssistPanel;
  files: WorkspaceFiles;
  diagnostics: vscode.DiagnosticCollection;
  config: Config;
  log: Log;
  notices: NoticeBoard;
  prices(): PriceTable;
  firstModel(task: 'explain' | 'review'): string;
  excludedBy(path: string): string | undefined;
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
  const stream = new ExplainStream();
  const build = (model: string): ReturnType<typeof buildExplainRequest> =>
    buildExplainRequest({ model, target: file, ...(range ? { range } : {}), related, conventions, contextTokens: deps.config.get('assist.contextTokens', 12000), maxTokens: deps.config.get('explain.maxTokens', 1500) });
  await runInPanel(deps, 'explain', `Explain ${where}`, build, (delta) => {
    stream.append(delta);
    deps.panel.post({ type: 'delta', text: delta });
  }, (result) => {
    stream.finish(result.stopReason ?? 'end_turn');
    deps.panel.post({ type: 'done', text: stream.renderable(), footer: footer(deps, result) });
  });
}

/** Review of the selection, the file, or the Git working-tree/staged changes; findings become diagnostics. */
export async function reviewCommand(deps: AssistCommandDeps, kind?: ReviewKind): Promise<Finding[] | undefined> {
  const chosen = kind ?? (await pickReviewKind());
  if (!chosen) return undefined;
  const input = await reviewInput(deps, chosen);
  if (!input) return undefined;
  const [conventions] = await Promise.all([deps.files.conventions()]);
  let findings: Finding[] | undefined;
  const build = (model: string): ReturnType<typeof buildReviewRequest> =>
    buildReviewRequest({ model, ...input.input, related: input.related, conventions, contextTokens: deps.config.get('assist.contextTokens', 12000), maxTokens: deps.config.get('review.maxTokens', 3000) } as Parameters<typeof buildReviewRequest>[0]);
  const scope = build(deps.firstModel('review')).scope;
  await runInPanel(deps, 'review', `Review ${input.title}`, build, (delta) => deps.panel.post({ type: 'delta', text: delta }), (result) => {
    const parsed = result.toolInput !== undefined ? parseFindings(result.toolInput, scope) : findingsFromText(result.text, scope);
    findings = parsed.findings;
    showDiagnostics(deps.diagnostics, parsed.findings);
    const note = parsed.malformed ? '\n\n_Some findings could not be read and were left out._' : '';
    const summary = parsed.summary && !result.text.includes(parsed.summary) ? `${parsed.summary}\n\n` : '';
    deps.panel.post({ type: 'done', text: `${summary}${result.text}${note}`.trim() || `No findings.`, footer: footer(deps, result) });
    deps.panel.post({ type: 'findings', findings: parsed.findings });
  });
  return findings;
}

async function runInPanel(
  deps: AssistCommandDeps,
  task: 'explain' | 'review',
  title: string,
  build: Parameters<typeof runAssistReported>[1],
  onText: (delta: string) => void,
  onDone: (result: AssistResult) => void,
): Promise<void> {
  const controller = new AbortController();
  const model = deps.firstModel(task);
  deps.panel.begin(title, `${model} · streaming…`, () => controller.abort());
  let thinking = false;
  const onThinking = (): void => {
    if (!thinking) deps.panel.post({ type: 'phase', phase: 'thinking', subtitle: `${model} · thinking…` });
    thinking = true;
  };
  const onAnswer = (delta: string): void => {
    if (thinking) deps.panel.post({ type: 'phase', phase: 'streaming', subtitle: `${model} · streaming…` });
    thinking = false;
    onText(delta);
  };
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Tandem: ${task}…`, cancellable: true }, async (_progress, token) => {
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      onDone(await runAssistReported(task, build, model, deps, controller.signal, onAnswer, onThinking));
    } catch (err) {
      const message = controller.signal.aborted ? 'Cancelled.' : err instanceof Error ? err.message : String(err);
      deps.log.warn(`${task} failed: ${message}`);
      deps.panel.post({ type: 'error', message });
    } finally {
      sub.dispose();
    }
  });
}

function footer(deps: AssistCommandDeps, result: AssistResult): string {
  if (!result.route || !result.usage) return '';
  const u = result.usage;
  const prices = deps.prices();
  const cost = costOf(result.route.model, u, prices);
  const uncached = costOf(result.route.model, { ...u, inputTokens: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }, prices);
  const input = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const cached = input > 0 ? Math.round((100 * u.cacheReadTokens) / input) : 0;
  const saved = uncached - cost > 0 ? ` · cache saved ${formatUsd(uncached - cost)}` : '';
  return `${result.route.model} · ${input} in (${cached}% from cache) / ${u.outputTokens} out · ${formatUsd(cost)}${saved}`;
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
    void vscode.window.showWarningMessage('Tandem: explain and review are off in Restricted Mode.', 'Manage trust').then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
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
  const raw = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri).then((r) => r ?? [], () => []);
  const symbols: EditorSymbol[] = [];
  const walk = (list: vscode.DocumentSymbol[]): void => {
    for (const s of list) {
      if (!('range' in s)) continue;
      symbols.push({ name: s.name, startLine: s.range.start.line + 1, endLine: s.range.end.line + 1, kind: vscode.SymbolKind[s.kind] });
      walk(s.children ?? []);
    }
  };
  walk(raw);
  return enclosingBlock(doc.getText(), doc.offsetAt(editor.selection.active), doc.languageId, symbols);
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

type ReviewInputs = { title: string; related: Awaited<ReturnType<WorkspaceFiles['related']>>; input: { target?: TargetFile; scope: ReviewScope } };

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
  return { title: lines ? `${target.file.path}:${lines.startLine}-${lines.endLine}` : target.file.path, related, input: { target: target.file, scope } };
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
    if (deps.excludedBy(path) || (folder && path.startsWith('/'))) continue;
    files.push({ path, diff: f.diff, text: (await deps.files.read(path))?.text });
  }
  if (files.length === 0) {
    void vscode.window.showInformationMessage(`Tandem: no ${staged ? 'staged' : 'uncommitted'} changes to review.`);
    return undefined;
  }
  return { title: `${staged ? 'staged' : 'uncommitted'} changes (${files.length} file${files.length === 1 ? '' : 's'})`, related: [], input: { scope: { kind: 'changes', files } } };
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function showDiagnostics(collection: vscode.DiagnosticCollection, findings: Finding[]): void {
  collection.clear();
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const f of findings) {
    const range = new vscode.Range(f.line - 1, 0, (f.endLine ?? f.line) - 1, Number.MAX_SAFE_INTEGER);
    const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
    d.source = 'Tandem review';
    byFile.set(f.path, [...(byFile.get(f.path) ?? []), d]);
  }
  for (const [path, list] of byFile) collection.set(vscode.Uri.joinPath(folder.uri, path), list);
}
