import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { LedgerRecord } from '../../../src/core/ledger/record';
import { moveToEnd, openScratch, sim, simStats, sleep, tandem, typeText, waitFor } from './helpers';

type Completion = NonNullable<LedgerRecord['completion']>;

const SOURCE = `export function add(a: number, b: number): number {
  return a + b;
}

export function sub(a: number, b: number): number {
  return a - b;
}

`;

describe('completions in the editor (simulator)', function () {
  this.timeout(60_000);

  before(async () => {
    await tandem();
    await sim('/_sim/faults', 'DELETE');
    await sim('/_sim/latency', 'POST', { ttftMs: 0, tokensPerSec: 0, jitterMs: 0 });
  });

  it('shows Codestral ghost text and Tab-accepts it into the document', async () => {
    const editor = await openScratch('accept.ts', SOURCE);
    moveToEnd(editor);
    await typeText(editor, 'export function mul(a: number, b: number): number {\n  return a ');
    const text = editor.document.getText();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor('a completion to be accepted', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.getText() !== text || undefined;
    });
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.match(line, /return a [-+*] b;/, `completed line: ${line}`);
  });

  it('tracks shown, Tab-accepted and word-accepted suggestions in the ledger with stable API only', async function () {
    this.timeout(180_000); // types ~100 characters one by one: slow on a loaded 2-core machine
    const api = await tandem();
    const count = async (pick: (c: Completion) => boolean): Promise<number> => {
      await api.ledger.flush();
      return api.ledger.records().filter((r) => r.task === 'completion' && r.completion && pick(r.completion)).length;
    };
    const editor = await openScratch('lifecycle.ts', SOURCE);
    moveToEnd(editor);
    const shown = await count((c) => c.shown);
    const accepted = await count((c) => c.acceptance === 'accepted');
    const partial = await count((c) => c.acceptance === 'partial');
    await typeText(editor, 'export function mul(a: number, b: number): number {\n  return a ');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor('a suggestion counted as shown', async () => (await count((c) => c.shown)) > shown || undefined);
    const text = editor.document.getText();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    assert.notEqual(editor.document.getText(), text, 'Tab inserted the suggestion');
    await waitFor('the Tab accept in the ledger', async () => (await count((c) => c.acceptance === 'accepted')) > accepted || undefined);

    await typeText(editor, '\n}\n\nexport function sub2(a: number, b: number): number {\n  ');
    await waitFor('a word accept', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await sleep(150);
      const before = editor.document.getText();
      await vscode.commands.executeCommand('editor.action.inlineSuggest.acceptNextWord');
      return editor.document.getText() !== before || undefined;
    });
    await waitFor(
      'the word accept in the ledger as partial',
      async () => (await count((c) => c.acceptance === 'partial')) > partial || undefined,
    );
  });

  it('records the accepted completion in the ledger with tokens and latency, never the code', async () => {
    const api = await tandem();
    await api.ledger.flush();
    const records = api.ledger.records().filter((r) => r.task === 'completion' && r.provider === 'mistral');
    assert.ok(records.length > 0, 'a network completion was recorded');
    const last = records[records.length - 1]!;
    assert.ok(last.inputTokens > 0 && last.outputTokens > 0, JSON.stringify(last));
    assert.equal(last.outcome, 'ok');
    assert.ok(!JSON.stringify(api.ledger.records()).includes('return a'), 'no code in the ledger');
  });

  it("VS Code's cancellation token ends the HTTP stream of a slow request", async () => {
    await sim('/_sim/latency', 'POST', { ttftMs: 3000, tokensPerSec: 0, jitterMs: 0 });
    try {
      const api = await tandem();
      const editor = await openScratch('cancel.py', 'def area(r):\n    return 3.14 * r * r\n\ndef volume(r):\n    ', 'python');
      const before = await simStats();
      const cancel = new vscode.CancellationTokenSource();
      const context = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
      const pending = Promise.resolve(
        api.inlineProvider.provideInlineCompletionItems(editor.document, new vscode.Position(4, 4), context, cancel.token),
      );
      await waitFor(
        'the slow request to reach the simulator',
        async () => (await simStats()).requests.mistral > before.requests.mistral || undefined,
      );
      const cancelledAt = Date.now();
      cancel.cancel();
      assert.equal(await pending, undefined, 'a cancelled request resolves with nothing');
      await waitFor('the HTTP stream to be aborted', async () => (await simStats()).clientAborts > before.clientAborts || undefined, 2000);
      assert.ok(Date.now() - cancelledAt < 2000, 'ended well before the 3 s first token');
    } finally {
      await sim('/_sim/latency', 'POST', { ttftMs: 0, tokensPerSec: 0, jitterMs: 0 });
    }
  });

  it('serves a repeated spot from the cache without a new request', async () => {
    const api = await tandem();
    const editor = await openScratch('cache.ts', SOURCE + 'export function div(a: number, b: number): number {\n  return a ');
    moveToEnd(editor);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor('a network suggestion', () => api.engine.stats.network > 0 || undefined);
    await sleep(300);
    const cacheHits = api.engine.stats.cache;
    await vscode.commands.executeCommand('editor.action.inlineSuggest.hide');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor('a cache hit', () => api.engine.stats.cache > cacheHits || undefined, 5000);
  });

  it('gives no completions in an excluded file (.env) and says why in the status bar', async () => {
    const api = await tandem();
    const requests = api.engine.stats.requests;
    const editor = await openScratch('.env', 'DATABASE_URL=postgres://app@localhost/app\nAPI_');
    moveToEnd(editor);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(
      'the status bar to explain',
      () => api.statusBar.view?.accessibilityLabel.includes('no completions for this file') || undefined,
      5000,
    );
    assert.equal(api.engine.stats.requests, requests, 'the engine was never asked');
  });

  it('a workspace setting adds exclusions but cannot re-include .env', async () => {
    const api = await tandem();
    const config = vscode.workspace.getConfiguration('tandem');
    await config.update('completions.exclude', ['!.env', '!*.env', '**/generated/**'], vscode.ConfigurationTarget.Workspace);
    try {
      const skipReason = async (name: string, text: string, reason: RegExp): Promise<string> => {
        const editor = await openScratch(name, text);
        moveToEnd(editor);
        // Exclusions reload asynchronously after the settings change: ask again until the reason shows.
        return waitFor(
          `the status bar to explain ${name}`,
          async () => {
            await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
            await sleep(100);
            const label = api.statusBar.view?.accessibilityLabel ?? '';
            return label.includes('no completions for this file') && reason.test(label) ? label : undefined;
          },
          5000,
        );
      };
      await skipReason('generated/client.ts', 'export const x = ', /"\*\*\/generated\/\*\*" \(workspace setting\)/);
      await skipReason('.env', 'TOKEN=', /"\.env" \(setting\)/);
    } finally {
      await config.update('completions.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
