import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { statusMenu } from '../../../src/core/status/statusMenu';
import { openScratch, sim, tandem, waitFor } from './helpers';

describe('status menu and pickers (extension host)', function () {
  this.timeout(60_000);

  it('every status-menu entry runs a registered command', async () => {
    await tandem();
    const registered = new Set(await vscode.commands.getCommands(true));
    const entries = statusMenu({ paused: false, language: 'typescript', languagePaused: false, todaySpendUsd: 0, hasSelection: false });
    for (const entry of entries) assert.ok(registered.has(entry.command), entry.command);
  });

  it('pauses completions for one language only, and resumes them', async () => {
    const api = await tandem();
    const editor = await openScratch('menu-pause.ts', 'export const a = 1;\n');
    await vscode.commands.executeCommand('tandem.toggleCompletionsForLanguage', 'typescript');
    try {
      const requests = api.engine.stats.requests;
      const context = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
      const items = await api.inlineProvider.provideInlineCompletionItems(
        editor.document,
        new vscode.Position(1, 0),
        context,
        new vscode.CancellationTokenSource().token,
      );
      assert.equal(items, undefined);
      assert.equal(api.engine.stats.requests, requests, 'the engine was not asked for a paused language');
    } finally {
      await vscode.commands.executeCommand('tandem.toggleCompletionsForLanguage', 'typescript');
    }
  });

  it('a route chosen in settings is used by the next request without a reload', async () => {
    const api = await tandem();
    await sim('/_sim/faults', 'DELETE');
    const config = vscode.workspace.getConfiguration('tandem');
    await config.update('routes', { explain: ['anthropic/claude-sonnet-5-5'] }, vscode.ConfigurationTarget.Global);
    try {
      await openScratch('menu-route.ts', 'export function twice(n: number): number {\n  return n * 2;\n}\n');
      const before = api.ledger.records().length;
      await vscode.commands.executeCommand('tandem.explain');
      const record = await waitFor(
        'the explain record',
        async () => {
          await api.ledger.flush();
          return api.ledger
            .records()
            .slice(before)
            .find((r) => r.task === 'explain');
        },
        30_000,
      );
      assert.equal(record.model, 'claude-sonnet-5-5');
    } finally {
      await config.update('routes', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
