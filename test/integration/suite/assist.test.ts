import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { openScratch, sim, tandem, waitFor } from './helpers';

const CODE = `export function parsePort(value: string): number {
  const port = Number(value);
  if (port == 0) {
    console.log('zero port');
  }
  try {
    return validate(port);
  } catch (e) {}
  return port;
}

function validate(port: number): number {
  if (port < 0 || port > 65535) throw new Error('out of range');
  return port;
}
`;

function panelDone(api: Awaited<ReturnType<typeof tandem>>): Promise<{ text?: string; footer?: string }> {
  return waitFor(
    'the panel to finish',
    () => {
      const done = api.assistPanel.history.find((m) => m.type === 'done' || m.type === 'error');
      if (done?.type === 'error') throw new Error(`panel error: ${done.message}`);
      return done?.type === 'done' ? done : undefined;
    },
    20_000,
  );
}

describe('explain and review (simulator)', function () {
  this.timeout(60_000);

  before(async () => {
    await tandem();
    await sim('/_sim/faults', 'DELETE');
    await sim('/_sim/latency', 'POST', { ttftMs: 0, tokensPerSec: 0, jitterMs: 0 });
  });

  it('explains the enclosing function (no selection) into the panel, streamed, with cost and cache in the footer', async () => {
    const api = await tandem();
    const editor = await openScratch('explain.ts', CODE);
    editor.selection = new vscode.Selection(12, 4, 12, 4); // inside validate()
    await vscode.commands.executeCommand('tandem.explain');
    const done = await panelDone(api);
    const start = api.assistPanel.history[0];
    assert.equal(start?.type === 'start' ? start.title : JSON.stringify(start), 'Explain scratch/explain.ts:12-15');
    assert.ok(
      api.assistPanel.history.some((m) => m.type === 'delta'),
      'text streamed in deltas',
    );
    assert.match(done.text ?? '', /validate/);
    assert.match(done.footer ?? '', /claude-.* · \d+ in \(\d+% from cache\) \/ \d+ out · \$/);
  });

  it('reviews the file: findings land in the Problems panel on the right lines with severity', async () => {
    const api = await tandem();
    const editor = await openScratch('review.ts', CODE);
    await vscode.commands.executeCommand('tandem.review', 'file');
    await panelDone(api);
    const diagnostics = await waitFor('diagnostics', () => {
      const list = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'Tandem review');
      return list.length ? list : undefined;
    });
    const at = (line: number): vscode.Diagnostic | undefined => diagnostics.find((d) => d.range.start.line === line - 1);
    assert.equal(at(3)?.severity, vscode.DiagnosticSeverity.Warning, 'loose equality on line 3');
    assert.match(at(3)!.message, /===/);
    assert.equal(at(4)?.severity, vscode.DiagnosticSeverity.Information, 'console.log on line 4');
    assert.ok(at(8), 'empty catch on line 8');
    assert.ok(api.assistPanel.history.some((m) => m.type === 'findings' && m.findings.length === diagnostics.length));
  });

  async function reviewFile(api: Awaited<ReturnType<typeof tandem>>, editor: vscode.TextEditor): Promise<vscode.Diagnostic[]> {
    const before = api.assistPanel.history.length;
    const findings = await vscode.commands.executeCommand('tandem.review', 'file');
    assert.ok(
      Array.isArray(findings),
      `review answered: ${JSON.stringify(api.assistPanel.history.slice(before).filter((m) => m.type !== 'delta'))}`,
    );
    return vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'Tandem review');
  }

  async function quickFixes(editor: vscode.TextEditor, line: number): Promise<vscode.CodeAction[]> {
    const range = new vscode.Range(line - 1, 0, line - 1, 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
    );
    return (actions ?? []).filter((a) => /Tandem/.test(a.title));
  }

  async function run(action: vscode.CodeAction): Promise<unknown> {
    return vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []));
  }

  it('a quick fix applies the suggested fix; re-review shows the finding gone', async () => {
    const api = await tandem();
    const editor = await openScratch('quickfix.ts', CODE);
    const diagnostics = await reviewFile(api, editor);
    assert.ok(diagnostics.some((d) => d.range.start.line === 2 && /===/.test(d.message)));
    const actions = await quickFixes(editor, 3);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Apply Tandem's fix", 'Fix all Tandem findings in this file'],
    );
    assert.equal(actions[0]!.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(await run(actions[0]!), 1);
    assert.equal(editor.document.lineAt(2).text, '  if (port === 0) {');
    assert.ok(
      !vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.range.start.line === 2),
      'the fixed finding leaves the Problems panel',
    );
    const again = await reviewFile(api, editor);
    assert.ok(!again.some((d) => /Loose equality/.test(d.message)), JSON.stringify(again.map((d) => d.message)));
    assert.ok(
      again.some((d) => /console\.log/.test(d.message)),
      'the other findings are still there',
    );
  });

  it('fix all applies every fix of the file at once; re-review finds nothing left', async () => {
    const api = await tandem();
    const editor = await openScratch('fixall.ts', CODE);
    await reviewFile(api, editor);
    const all = (await quickFixes(editor, 4)).find((a) => a.title === 'Fix all Tandem findings in this file');
    assert.ok(all);
    assert.equal(await run(all), 3);
    const text = editor.document.getText();
    assert.doesNotMatch(text, /console\.log|port == 0|\{\}/);
    assert.deepEqual(await reviewFile(api, editor), []);
  });

  it('a quick fix whose lines were edited after the review is refused, never applied to the new text', async () => {
    const api = await tandem();
    const editor = await openScratch('stale.ts', CODE);
    await reviewFile(api, editor);
    const action = (await quickFixes(editor, 3))[0]!;
    await editor.edit((e) => e.replace(new vscode.Range(2, 0, 2, editor.document.lineAt(2).text.length), '  if (port == 80) {'));
    const before = editor.document.getText();
    assert.equal(await run(action), 0);
    assert.equal(editor.document.getText(), before, 'nothing changed');
  });

  it('a refusal is shown as refused, keeps the earlier findings and is recorded as refused', async () => {
    const api = await tandem();
    const editor = await openScratch('refused.ts', CODE);
    const earlier = await reviewFile(api, editor);
    assert.ok(earlier.length > 0);
    await sim('/_sim/faults', 'POST', { api: 'anthropic', kind: 'refusal', afterTokens: 0, count: 1 });
    const result = await vscode.commands.executeCommand('tandem.review', 'file');
    assert.equal(result, undefined);
    const ends = api.assistPanel.history.filter((m) => ['done', 'error', 'cancelled', 'refused'].includes(m.type));
    assert.deepEqual(
      ends.map((m) => m.type),
      ['refused'],
    );
    const now = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'Tandem review');
    assert.deepEqual(
      now.map((d) => d.message),
      earlier.map((d) => d.message),
      'earlier findings kept',
    );
    await api.ledger.flush();
    const last = [...api.ledger.records()].reverse().find((r) => r.task === 'review');
    assert.equal(last?.outcome, 'refused');
  });

  it('a follow-up question streams into the same panel with its own footer', async () => {
    const api = await tandem();
    const editor = await openScratch('followup.ts', CODE);
    editor.selection = new vscode.Selection(12, 4, 12, 4);
    await vscode.commands.executeCommand('tandem.explain');
    await panelDone(api);
    const offered = await waitFor('the follow-up input', () =>
      api.assistPanel.history.find((m) => m.type === 'followupEnabled' && m.enabled),
    );
    assert.ok(offered);
    api.assistPanel.ask('What if the port is negative?');
    const done = await waitFor(
      'the follow-up answer',
      () => {
        const i = api.assistPanel.history.findIndex((m) => m.type === 'followup');
        const end = api.assistPanel.history.slice(i).find((m) => m.type === 'done' || m.type === 'error');
        return i >= 0 && end ? end : undefined;
      },
      20_000,
    );
    assert.equal(done.type, 'done');
    assert.match(
      done.type === 'done' ? (done.footer ?? '') : '',
      /\d+ in \(\d+% from cache\) \/ \d+ out · \$/,
      'each turn has its own cache share and cost',
    );
    assert.ok(api.assistPanel.history.filter((m) => m.type === 'done').length === 2, 'two turns in one panel');
  });

  it('reviews the working-tree changes of the Git repository, findings on the changed lines', async () => {
    const api = await tandem();
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
    const editor = await openScratch('changed.ts', 'export const a = 1;\n');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'changed.ts');
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'export function b(x: any) {\n  debugger;\n  return x;\n}\n'));
    await editor.document.save();
    const findings = await waitFor(
      'a review of the changes',
      async () => {
        const found = (await vscode.commands.executeCommand('tandem.review', 'changes')) as
          Array<{ path: string; line: number }> | undefined;
        return found?.length ? found : undefined;
      },
      20_000,
    );
    assert.ok(
      findings.some((f) => f.path === 'scratch/changed.ts' && f.line === 2),
      JSON.stringify(findings),
    );
    assert.ok(
      findings.some((f) => f.path === 'scratch/changed.ts' && f.line === 3),
      JSON.stringify(findings),
    );
    void api;
  });

  it('a malformed tool answer degrades to the summary, never an exception', async () => {
    const api = await tandem();
    await openScratch('malformed.ts', CODE);
    // The simulator emits invalid tool JSON when asked; the fault knob sets that header for us.
    await sim('/_sim/faults', 'POST', { api: 'anthropic', kind: 'malformed', count: 1 });
    await vscode.commands.executeCommand('tandem.review', 'file');
    const done = await waitFor(
      'the panel to finish',
      () => api.assistPanel.history.find((m) => m.type === 'done' || m.type === 'error'),
      20_000,
    );
    assert.ok(done, 'the review ended with a message in the panel');
    await sim('/_sim/faults', 'DELETE');
  });
});
