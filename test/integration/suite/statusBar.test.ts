import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openScratch, sim, sleep, tandem, waitFor } from './helpers';

async function setBudget(dailyUsd: number | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('tandem').update('budget.dailyUsd', dailyUsd, vscode.ConfigurationTarget.Global);
}

describe('status bar states and the telemetry view', function () {
  this.timeout(60_000);

  after(async () => {
    await setBudget(undefined);
    await sim('/_sim/latency', 'POST', { ttftMs: 0, tokensPerSec: 0, jitterMs: 0 });
  });

  it("idle: names Tandem, today's spend, the offline demo; the click opens telemetry", async () => {
    const api = await tandem();
    await openScratch('idle.ts', 'export const idle = true;\n');
    await waitFor('an idle view', () => api.statusBar.view?.accessibilityLabel.includes('ready') || undefined);
    const view = api.statusBar.view!;
    assert.match(view.text, /^\$\(sparkle\) Tandem \$/);
    assert.match(view.accessibilityLabel, /^Tandem: ready \(offline demo\)/);
    assert.equal(view.command, 'tandem.statusMenu');
    assert.match(view.tooltipMarkdown, /\| Spend \|/);
  });

  it('streaming while a completion is in flight', async () => {
    const api = await tandem();
    await sim('/_sim/latency', 'POST', { ttftMs: 1500, tokensPerSec: 0, jitterMs: 0 });
    const editor = await openScratch(
      'streaming.ts',
      'export function add(a: number, b: number) {\n  return a + b;\n}\n\nexport function sub(a: number, b: number) {\n  return ',
    );
    const cancel = new vscode.CancellationTokenSource();
    const context = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
    const pending = Promise.resolve(
      api.inlineProvider.provideInlineCompletionItems(editor.document, new vscode.Position(5, 9), context, cancel.token),
    );
    await waitFor('the streaming state', () => api.statusBar.view?.text.startsWith('$(loading~spin)') || undefined, 3000);
    await pending;
    await waitFor('back to idle', () => api.statusBar.view?.text.startsWith('$(sparkle)') || undefined, 3000);
  });

  it('paused, and resumed, by the command', async () => {
    const api = await tandem();
    await vscode.commands.executeCommand('tandem.toggleCompletions');
    await waitFor('the paused state', () => api.statusBar.view?.text.includes('paused') || undefined);
    assert.equal(api.statusBar.view?.command, 'tandem.toggleCompletions');
    await vscode.commands.executeCommand('tandem.toggleCompletions');
    await waitFor('resumed', () => !api.statusBar.view?.text.includes('paused') || undefined);
  });

  it('budget near (warning colour) and spent (error colour, completions stop and say why)', async () => {
    const api = await tandem();
    const spent = api.ledger.spentSince(new Date(new Date().setHours(0, 0, 0, 0)).getTime());
    assert.ok(spent > 0, 'earlier tests spent something today');
    await setBudget(spent / 0.85);
    await waitFor('the near state', () => (api.statusBar.view?.level === 'warning' ? true : (api.statusBar.render(), undefined)));
    assert.match(api.statusBar.view!.accessibilityLabel, /budget nearly spent/);
    await setBudget(spent / 2);
    await waitFor('the spent state', () => (api.statusBar.view?.level === 'error' ? true : (api.statusBar.render(), undefined)));
    assert.match(api.statusBar.view!.accessibilityLabel, /Daily budget .* spent/);
    assert.match(api.statusBar.view!.accessibilityLabel, /tandem\.budget\.dailyUsd/);
    const requests = api.engine.stats.requests;
    const editor = await openScratch('budget.ts', 'export const x = ');
    const context = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
    const items = await api.inlineProvider.provideInlineCompletionItems(
      editor.document,
      new vscode.Position(0, 17),
      context,
      new vscode.CancellationTokenSource().token,
    );
    assert.equal(items, undefined, 'no completion once the budget is spent');
    assert.equal(api.engine.stats.requests, requests, 'and no request');
    await setBudget(undefined);
    await sleep(100);
  });

  it("the telemetry view opens and receives today's aggregates by postMessage", async () => {
    const api = await tandem();
    await vscode.commands.executeCommand('tandem.showTelemetry');
    const data = await waitFor('aggregates sent to the page', () => api.telemetry.lastSent, 15_000);
    assert.ok(data.totals.requests > 0);
    assert.ok(
      Object.keys(data.spendByModel).some((m) => m.startsWith('codestral')),
      JSON.stringify(data.spendByModel),
    );
  });
});
