import * as vscode from 'vscode';
import type { TandemApi } from '../../../src/extension';

export const EXTENSION_ID = 'tandem-dev.tandem';

export async function tandem(): Promise<TandemApi> {
  const ext = vscode.extensions.getExtension<TandemApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error('extension not found');
  const api = await ext.activate();
  if (!api) throw new Error('no test hooks: the extension host is not in test mode');
  return api;
}

export const SIM_URL = process.env.TANDEM_SIM_URL ?? '';

/** The simulator's admin knobs over HTTP (it runs in the test runner's process, not here). */
export async function sim(path: string, method: 'POST' | 'DELETE' | 'GET' = 'POST', body?: unknown): Promise<unknown> {
  const res = await fetch(`${SIM_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function simStats(): Promise<{
  requests: { mistral: number; anthropic: number };
  clientAborts: number;
  byStatus: Record<string, number>;
}> {
  return (await sim('/_sim/stats', 'GET')) as never;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A fresh untitled-free document in the fixture workspace, shown in an editor. */
export async function openScratch(name: string, text: string, languageId?: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'scratch', name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  if (languageId && doc.languageId !== languageId) await vscode.languages.setTextDocumentLanguage(doc, languageId);
  return vscode.window.showTextDocument(doc);
}

export async function typeText(editor: vscode.TextEditor, text: string, gapMs = 0): Promise<void> {
  for (const ch of text) {
    await vscode.commands.executeCommand('type', { text: ch });
    if (gapMs) await sleep(gapMs);
  }
  void editor;
}

export function moveToEnd(editor: vscode.TextEditor): void {
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
}
