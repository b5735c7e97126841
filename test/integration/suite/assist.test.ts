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
  return waitFor('the panel to finish', () => {
    const done = api.assistPanel.history.find((m) => m.type === 'done' || m.type === 'error');
    if (done?.type === 'error') throw new Error(`panel error: ${done.message}`);
    return done?.type === 'done' ? done : undefined;
  }, 20_000);
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
    assert.ok(api.assistPanel.history.some((m) => m.type === 'delta'), 'text streamed in deltas');
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
    const findings = await waitFor('a review of the changes', async () => {
      const found = (await vscode.commands.executeCommand('tandem.review', 'changes')) as Array<{ path: string; line: number }> | undefined;
      return found?.length ? found : undefined;
    }, 20_000);
    assert.ok(findings.some((f) => f.path === 'scratch/changed.ts' && f.line === 2), JSON.stringify(findings));
    assert.ok(findings.some((f) => f.path === 'scratch/changed.ts' && f.line === 3), JSON.stringify(findings));
    void api;
  });

  it('a malformed tool answer degrades to the summary, never an exception', async () => {
    const api = await tandem();
    await openScratch('malformed.ts', CODE);
    // The simulator emits invalid tool JSON when asked; the fault knob sets that header for us.
    await sim('/_sim/faults', 'POST', { api: 'anthropic', kind: 'malformed', count: 1 });
    await vscode.commands.executeCommand('tandem.review', 'file');
    const done = await waitFor('the panel to finish', () => api.assistPanel.history.find((m) => m.type === 'done' || m.type === 'error'), 20_000);
    assert.ok(done, 'the review ended with a message in the panel');
    await sim('/_sim/faults', 'DELETE');
  });
});
