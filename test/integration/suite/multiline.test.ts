import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { moveToEnd, openScratch, sim, tandem, waitFor } from './helpers';

/** Triggers a suggestion at the end of the document and accepts it; resolves the new text. */
async function acceptAtEnd(editor: vscode.TextEditor): Promise<string> {
  moveToEnd(editor);
  const before = editor.document.getText();
  await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
  await waitFor('a completion to be accepted', async () => {
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    return editor.document.getText() !== before || undefined;
  });
  return editor.document.getText();
}

describe('multi-line and next-line completions in the editor (simulator)', function () {
  // The first suggestion in a cold extension host on a loaded machine took 40 s in one run.
  this.timeout(120_000);

  before(async () => {
    await tandem();
    await sim('/_sim/faults', 'DELETE');
    await sim('/_sim/latency', 'POST', { ttftMs: 0, tokensPerSec: 0, jitterMs: 0 });
  });

  it('accepts a TypeScript body with a nested block whole (the return after the loop included)', async () => {
    const model =
      'export function total(xs: number[]): number {\n  let t = 0;\n  for (const x of xs) {\n    t += x;\n  }\n  return t;\n}\n\n';
    // A new function over other names: the simulator's model adapts `total`'s body (it never re-types it verbatim).
    const editor = await openScratch('body.ts', `${model}export function sum(ys: number[]): number {`);
    const text = await acceptAtEnd(editor);
    assert.ok(
      text.endsWith('export function sum(ys: number[]): number {\n  let t = 0;\n  for (const x of ys) {\n    t += x;\n  }\n  return t;\n}'),
      text,
    );
  });

  it('accepts a Python body with a nested block whole, without running into the next def', async () => {
    const model = 'def total(xs):\n    t = 0\n    for x in xs:\n        t += x\n    return t\n\n\ndef other():\n    pass\n\n\n';
    const editor = await openScratch('body.py', `${model}def sum_all(ys):`, 'python');
    const text = await acceptAtEnd(editor);
    assert.ok(text.endsWith('def sum_all(ys):\n    t = 0\n    for x in ys:\n        t += x\n    return t'), text);
  });

  it('shows a next-line suggestion at the end of a complete line', async () => {
    const model = "const a = {\n  port: 8080,\n  host: 'localhost',\n};\n\n";
    const editor = await openScratch('next.ts', `${model}const b = {\n  port: 8080,`);
    const text = await acceptAtEnd(editor);
    assert.ok(text.endsWith("const b = {\n  port: 8080,\n  host: 'localhost',\n};"), text);
  });
});
